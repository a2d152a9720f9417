"""POST-only actions of a node page's quality panel: dismiss a mark, withdraw a
dismissal, check a version again. Each reaches its record through ``visible_object``,
refuses people the service would refuse before reading the form (403), and goes back to
the node page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View

from fangzhi.core.errors import Forbidden, ServiceError
from fangzhi.core.views import visible_object
from fangzhi.works.models import ManuscriptVersion

from .. import services
from ..forms import DismissForm
from ..models import CheckMark, Dismissal


def node_quality_url(node_id: int) -> str:
    return reverse("works:node_detail", args=[node_id]) + "#quality"


def _service(request: Any, call: Any, success: str) -> None:
    try:
        call()
    except Forbidden as exc:
        raise PermissionDenied(str(exc)) from exc
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)


class MarkDismissView(LoginRequiredMixin, View):
    def post(self, request: Any, pk: int) -> HttpResponse:
        mark = visible_object(CheckMark, request.user, pk)
        if not services.can_dismiss(request.user):
            raise PermissionDenied
        node_id = mark.run.version.node_id
        form = DismissForm(request.POST)
        if not form.is_valid():
            messages.error(
                request,
                _("The mark was not dismissed: %(errors)s")
                % {"errors": " ".join(e for errs in form.errors.values() for e in errs)},
            )
            return redirect(node_quality_url(node_id))
        _service(
            request,
            lambda: services.mark_dismiss(
                by=request.user, mark=mark, reason=form.cleaned_data["reason"]
            ),
            _("The mark has been dismissed; it will not come back on later versions."),
        )
        return redirect(node_quality_url(node_id))


class DismissalWithdrawView(LoginRequiredMixin, View):
    def post(self, request: Any, pk: int) -> HttpResponse:
        dismissal = visible_object(Dismissal, request.user, pk)
        if not services.can_dismiss(request.user):
            raise PermissionDenied
        _service(
            request,
            lambda: services.dismissal_withdraw(by=request.user, dismissal=dismissal),
            _("The dismissal has been withdrawn; the mark counts again."),
        )
        return redirect(node_quality_url(dismissal.node_id))


class VersionCheckView(LoginRequiredMixin, View):
    def post(self, request: Any, pk: int) -> HttpResponse:
        version = visible_object(ManuscriptVersion, request.user, pk)
        if not services.can_recheck(request.user, version):
            raise PermissionDenied
        _service(
            request,
            lambda: services.version_check_start(by=request.user, version=version),
            _("The version is being checked again."),
        )
        return redirect(node_quality_url(version.node_id))


urls = [
    path("marks/<int:pk>/dismiss/", MarkDismissView.as_view(), name="mark_dismiss"),
    path(
        "dismissals/<int:pk>/withdraw/",
        DismissalWithdrawView.as_view(),
        name="dismissal_withdraw",
    ),
    path("versions/<int:pk>/check/", VersionCheckView.as_view(), name="version_check"),
]
