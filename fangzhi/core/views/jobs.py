"""Job pages: a list, and a detail page that polls its own progress with htmx."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from fangzhi.accounts.roles import Role, role_of
from fangzhi.core.jobs import job_start
from fangzhi.core.models import Job

from .base import FangzhiDetailView, FangzhiListView


class JobListView(FangzhiListView):
    model = Job
    template_name = "core/job_list.html"


class JobDetailView(FangzhiDetailView):
    model = Job
    template_name = "core/job_detail.html"

    def get_template_names(self) -> list[str]:
        if getattr(self.request, "htmx", False):
            return ["core/_job_progress.html"]
        return [self.template_name]


class SystemCheckStartView(LoginRequiredMixin, View):
    def post(self, request: Any) -> Any:
        if role_of(request.user) != Role.OFFICE_ADMIN:
            raise PermissionDenied
        job = job_start(by=request.user, kind="system_check", title=_("System check"))
        messages.success(request, _("The job has been queued."))
        return redirect("core:job_detail", pk=job.pk)
