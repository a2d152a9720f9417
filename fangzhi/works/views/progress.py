"""Pages: progress of the assignments (assigned, submitted, in review, returned, accepted;
overdue highlighted), per work and per unit across works."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.views.generic import TemplateView

from fangzhi.accounts.roles import OFFICE_ROLES, UNIT_ROLES, role_of
from fangzhi.core.views import visible_object

from .. import selectors
from ..models import OutlineNode, Work


def can_see_progress(user: Any) -> bool:
    """The office sees every unit; a unit's people see their own unit."""
    role = role_of(user)
    return role in OFFICE_ROLES or (role in UNIT_ROLES and user.unit_id is not None)


class _ProgressView(LoginRequiredMixin, TemplateView):
    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not can_see_progress(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def nodes(self) -> Any:
        nodes = OutlineNode.objects.visible_to(self.request.user)
        if role_of(self.request.user) in UNIT_ROLES:
            nodes = nodes.filter(unit_id=self.request.user.unit_id)
        return nodes

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["states"] = [(str(s), s.label) for s in selectors.PROGRESS_STATES]
        return ctx


class ProgressView(_ProgressView):
    """Across works: per unit (the office sees all units) and per work."""

    template_name = "works/progress.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        nodes = self.nodes()
        ctx["by_unit"] = selectors.progress(nodes, ("unit", "unit__name"))
        ctx["by_work"] = selectors.progress(nodes, ("work", "work__title"))
        ctx["totals"] = selectors.totals(ctx["by_unit"])
        ctx["is_office"] = role_of(self.request.user) in OFFICE_ROLES
        return ctx


class WorkProgressView(_ProgressView):
    """One work: per unit assigned."""

    template_name = "works/progress_work.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        work = visible_object(Work, self.request.user, self.kwargs["pk"])
        nodes = OutlineNode.objects.visible_to(self.request.user).filter(work=work)
        rows = selectors.progress(nodes, ("unit", "unit__name"))
        ctx.update(work=work, by_unit=rows, totals=selectors.totals(rows))
        return ctx


urls = [
    path("progress/", ProgressView.as_view(), name="progress"),
    path("<int:pk>/progress/", WorkProgressView.as_view(), name="work_progress"),
]
