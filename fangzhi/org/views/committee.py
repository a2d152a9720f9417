"""The committee page and the office admin's decisions about posts and member units."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from fangzhi.core.querysets import CHANGE
from fangzhi.core.views import ServiceFormView, visible_object

from .. import services
from ..forms import CommitteePostForm, DecisionForm, EndForm, UnitAddForm
from ..models import Committee, CommitteePost, MembershipChange, Unit


class CommitteeView(LoginRequiredMixin, TemplateView):
    template_name = "org/committee.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        committee = Committee.objects.visible_to(user).order_by("pk").first()
        if committee is None and Committee.visibility(user, "view") is None:
            raise PermissionDenied
        ctx["committee"] = committee
        ctx["can_manage"] = services.can_manage_membership(user)
        if committee is not None:
            posts = CommitteePost.objects.visible_to(user).filter(committee=committee)
            ctx["current_posts"] = posts.filter(end_on__isnull=True)
            ctx["past_posts"] = posts.filter(end_on__isnull=False).order_by("-end_on")
            ctx["counts"] = Unit.objects.visible_to(user).aggregate(
                active=Count("pk", filter=Q(status=Unit.Status.ACTIVE)),
                retired=Count("pk", filter=Q(status=Unit.Status.RETIRED)),
            )
            ctx["units"] = Unit.objects.visible_to(user)
            ctx["changes"] = MembershipChange.objects.visible_to(user).select_related(
                "unit", "recorded_by"
            )
        return ctx


class _OfficeAdminForm(ServiceFormView):
    template_name = "org/form.html"
    heading: Any = ""

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not services.can_manage_membership(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["heading"] = self.heading
        ctx["cancel_url"] = reverse("org:committee")
        return ctx

    def get_success_url(self) -> str:
        return reverse("org:committee")


class UnitAddView(_OfficeAdminForm):
    form_class = UnitAddForm
    heading = _("Add a member unit")
    success_message = _("The member unit has been added.")

    def perform(self, form: Any) -> Any:
        return services.unit_add(by=self.request.user, **form.cleaned_data)

    def get_success_url(self) -> str:
        return reverse("org:unit_detail", args=[self.result.pk])


class _UnitDecisionView(_OfficeAdminForm):
    form_class = DecisionForm

    def unit(self) -> Unit:
        return visible_object(Unit, self.request.user, self.kwargs["pk"], CHANGE)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["subject"] = self.unit()
        return ctx

    def get_success_url(self) -> str:
        return reverse("org:unit_detail", args=[self.kwargs["pk"]])


class UnitRetireView(_UnitDecisionView):
    heading = _("Retire a member unit")
    success_message = _("The unit has been retired; its records are kept.")

    def perform(self, form: Any) -> Any:
        d = form.cleaned_data
        return services.unit_retire(
            by=self.request.user,
            unit=self.unit(),
            retired_on=d["effective_on"],
            document_number=d["document_number"],
            reason=d["reason"],
        )


class UnitReinstateView(_UnitDecisionView):
    heading = _("Reinstate a member unit")
    success_message = _("The unit is a member again.")

    def perform(self, form: Any) -> Any:
        d = form.cleaned_data
        return services.unit_reinstate(
            by=self.request.user,
            unit=self.unit(),
            effective_on=d["effective_on"],
            document_number=d["document_number"],
            reason=d["reason"],
        )


class CommitteePostAssignView(_OfficeAdminForm):
    form_class = CommitteePostForm
    heading = _("Appoint to a committee post")
    success_message = _("Saved.")

    def perform(self, form: Any) -> Any:
        return services.committee_post_assign(
            by=self.request.user, committee=services.committee_get(), **form.cleaned_data
        )


class CommitteePostEndView(_OfficeAdminForm):
    form_class = EndForm
    heading = _("End a committee post")
    success_message = _("Saved.")

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        del form.fields["reason"]
        return form

    def perform(self, form: Any) -> Any:
        post = visible_object(CommitteePost, self.request.user, self.kwargs["pk"], CHANGE)
        return services.committee_post_end(
            by=self.request.user, post=post, end_on=form.cleaned_data["end_on"]
        )
