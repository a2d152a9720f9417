"""Pages: the works (志书、年鉴) — list, open, describe, the fixed lower limit (下限),
next year's yearbook. Series applications and progress have their own modules and are
routed from here so that ``works/urls.py`` keeps joining four lists."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from fangzhi.accounts.roles import UNIT_ROLES, Role, role_of
from fangzhi.core.errors import Forbidden, ServiceError
from fangzhi.core.views import FangzhiDetailView, FangzhiListView, ServiceFormView, visible_object

from .. import services
from ..filters import WorkFilter
from ..forms.works import LowerLimitChangeForm, WorkCreateForm, WorkEditForm, YearbookNextForm
from ..models import ReviewDecision, Work
from ..pipelines import pipeline_for
from ..services.common import can_run_work, is_admin
from . import applications, progress

DONE_STATUSES = (Work.Status.APPROVED, Work.Status.PUBLISHED, Work.Status.FILED)


def can_create_works(user: Any) -> bool:
    return role_of(user) == Role.OFFICE_ADMIN or (
        role_of(user) in UNIT_ROLES and user.unit_id is not None
    )


def can_edit_work(user: Any, work: Work) -> bool:
    """What ``services.work_update`` accepts: the office admin, or the unit that compiles
    a work named after itself."""
    return can_run_work(user, work) and (is_admin(user) or work.is_unit_named)


def optional_url(name: str, pk: int) -> str | None:
    """Pages built in another part of the app may not be routed yet: link only if they are."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return None


def review_chain(work: Work) -> list[dict[str, Any]]:
    """The work's pipeline with each step's state: done, current (waiting), or to come."""
    steps = pipeline_for(work)
    current = services.current_step(work)
    rows = []
    for index, step in enumerate(steps):
        if work.status in DONE_STATUSES or (current is not None and index < work.step_index):
            state = "done"
        elif current is not None and index == work.step_index:
            state = "current"
        else:
            state = "pending"
        rows.append({"number": index + 1, "step": step, "state": state})
    return rows


class WorkListView(FangzhiListView):
    model = Work
    template_name = "works/work_list.html"
    partial_template_name = "works/work_list_table.html"
    filterset_class = WorkFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("compiler")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["can_create"] = can_create_works(self.request.user)
        ctx["can_see_applications"] = applications.can_list_applications(self.request.user)
        ctx["can_see_progress"] = progress.can_see_progress(self.request.user)
        return ctx


class WorkDetailView(FangzhiDetailView):
    model = Work
    template_name = "works/work_detail.html"
    context_object_name = "work"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("compiler", "based_on", "created_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        work, user = self.object, self.request.user
        ctx["chain"] = review_chain(work)
        ctx["current_step"] = services.current_step(work)
        ctx["decisions"] = (
            ReviewDecision.objects.visible_to(user)
            .filter(work=work)
            .select_related("recorded_by")
            .order_by("-recorded_at", "-id")[:10]
        )
        ctx["limit_changes"] = work.lower_limit_changes.select_related("changed_by")
        ctx["can_edit"] = can_edit_work(user, work)
        ctx["can_fix_limit"] = (
            is_admin(user)
            and work.kind == Work.Kind.DISTRICT
            and not work.lower_limit_fixed
            and work.lower_limit is not None
        )
        ctx["can_change_limit"] = is_admin(user) and work.lower_limit_fixed
        ctx["can_start_next"] = is_admin(user) and work.kind == Work.Kind.YEARBOOK
        ctx["can_see_progress"] = progress.can_see_progress(user)
        ctx["review_url"] = optional_url("works:work_review", work.pk)
        ctx["publication_url"] = optional_url("works:work_publication", work.pk)
        ctx["credits_url"] = optional_url("works:work_credits", work.pk)
        return ctx


class _WorkForm(ServiceFormView):
    """A form acting on one work the user may see; ``allowed`` says who gets in."""

    template_name = "works/work_form.html"
    heading: Any = ""

    def allowed(self, user: Any, work: Work) -> bool:
        raise NotImplementedError

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.work = visible_object(Work, request.user, kwargs["pk"])
            if not self.allowed(request.user, self.work):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["heading"] = self.heading
        ctx["work"] = self.work
        ctx["cancel_url"] = reverse("works:work_detail", args=[self.work.pk])
        return ctx

    def get_success_url(self) -> str:
        return reverse("works:work_detail", args=[self.work.pk])


class WorkCreateView(ServiceFormView):
    form_class = WorkCreateForm
    template_name = "works/work_form.html"
    success_message = _("The work has been opened.")

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not can_create_works(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["heading"] = _("Open a work")
        ctx["cancel_url"] = reverse("works:work_list")
        return ctx

    def perform(self, form: Any) -> Work:
        return services.work_create(by=self.request.user, **form.cleaned_data)

    def get_success_url(self) -> str:
        return reverse("works:work_detail", args=[self.result.pk])


class WorkEditView(_WorkForm):
    form_class = WorkEditForm
    heading = _("Edit the work")
    success_message = _("Saved.")

    def allowed(self, user: Any, work: Work) -> bool:
        return can_edit_work(user, work)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["work"] = self.work
        w = self.work
        kwargs["initial"] = {
            "title": w.title,
            "upper_limit": w.upper_limit,
            "lower_limit": w.lower_limit,
            "planned_start": w.planned_start,
            "planned_finish": w.planned_finish,
            "notes": w.notes,
        }
        return kwargs

    def perform(self, form: Any) -> Work:
        changes = dict(form.cleaned_data)
        if self.work.lower_limit_fixed:
            changes.pop("lower_limit")  # disabled: the service keeps it locked
        return services.work_update(by=self.request.user, work=self.work, **changes)


class WorkLowerLimitFixView(LoginRequiredMixin, View):
    """Fix a district gazetteer's lower limit (POST only, from the work's page)."""

    def post(self, request: Any, pk: int) -> Any:
        work = visible_object(Work, request.user, pk)
        try:
            services.work_lower_limit_fix(by=request.user, work=work)
        except Forbidden as exc:
            raise PermissionDenied(str(exc)) from exc
        except ServiceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The lower limit is now fixed."))
        return HttpResponseRedirect(reverse("works:work_detail", args=[work.pk]))


class WorkLowerLimitChangeView(_WorkForm):
    form_class = LowerLimitChangeForm
    template_name = "works/work_lower_limit_change.html"
    heading = _("Change the fixed lower limit")
    success_message = _("The lower limit has been changed; the change is kept in its history.")

    def allowed(self, user: Any, work: Work) -> bool:
        return is_admin(user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["limit_changes"] = self.work.lower_limit_changes.select_related("changed_by")
        return ctx

    def perform(self, form: Any) -> Any:
        return services.work_lower_limit_change(
            by=self.request.user, work=self.work, **form.cleaned_data
        )


class YearbookNextView(_WorkForm):
    form_class = YearbookNextForm
    heading = _("Start next year's yearbook from this one")
    success_message = _("Next year's yearbook has been opened with this outline.")

    def allowed(self, user: Any, work: Work) -> bool:
        if work.kind != Work.Kind.YEARBOOK:
            raise Http404
        return is_admin(user)

    def get_initial(self) -> dict[str, Any]:
        year = (self.work.year or 0) + 1
        return {
            "year": year,
            "title": self.work.title.replace(str(self.work.year), str(year)),
        }

    def perform(self, form: Any) -> Work:
        d = form.cleaned_data
        return services.yearbook_start_from(
            by=self.request.user, previous=self.work, year=d["year"], title=d["title"]
        )

    def get_success_url(self) -> str:
        return reverse("works:work_detail", args=[self.result.pk])


urls = [
    path("", WorkListView.as_view(), name="work_list"),
    path("new/", WorkCreateView.as_view(), name="work_create"),
    path("<int:pk>/", WorkDetailView.as_view(), name="work_detail"),
    path("<int:pk>/edit/", WorkEditView.as_view(), name="work_edit"),
    path("<int:pk>/lower-limit/fix/", WorkLowerLimitFixView.as_view(), name="work_lower_limit_fix"),
    path(
        "<int:pk>/lower-limit/change/",
        WorkLowerLimitChangeView.as_view(),
        name="work_lower_limit_change",
    ),
    path("<int:pk>/next-yearbook/", YearbookNextView.as_view(), name="yearbook_next"),
    *progress.urls,
    *applications.urls,
]
