"""The dashboard: for each role, what waits for that person."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "core/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from fangzhi.core.selectors import dashboard_for

        ctx = super().get_context_data(**kwargs)
        ctx.update(dashboard_for(self.request.user))
        return ctx
