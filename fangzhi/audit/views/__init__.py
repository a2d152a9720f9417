"""Audit pages: office admins read and export; nothing here changes an entry."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.generic import DetailView, ListView, View

from ..exports import csv_stream, xlsx_bytes
from ..filters import AuditFilterForm
from ..selectors import change_lines, may_read_audit


class AuditAccessMixin(LoginRequiredMixin):
    http_method_names = ["get", "head", "options"]

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not may_read_audit(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AuditLogView(AuditAccessMixin, ListView):
    template_name = "audit/log.html"
    paginate_by = 50

    def get_queryset(self) -> Any:
        self.form = AuditFilterForm(self.request.GET or None)
        if not self.request.GET:
            self.form = AuditFilterForm({})
        return self.form.entries()

    def get_template_names(self) -> list[str]:
        if getattr(self.request, "htmx", False):
            return ["audit/_log_table.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.form
        ctx["rows"] = [(e, change_lines(e)) for e in ctx["object_list"]]
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx["query_string"] = query.urlencode()
        return ctx


class AuditEntryView(AuditAccessMixin, DetailView):
    template_name = "audit/entry.html"
    context_object_name = "entry"

    def get_object(self, queryset: Any = None) -> LogEntry:
        entry = (
            LogEntry.objects.select_related("actor", "content_type")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if entry is None:
            raise Http404
        return entry

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["changes"] = change_lines(self.object)
        return ctx


class AuditExportView(AuditAccessMixin, View):
    def get(self, request: Any) -> HttpResponse:
        form = AuditFilterForm(request.GET)
        entries = form.entries().iterator(chunk_size=1000)
        stamp = timezone.localdate().strftime("%Y%m%d")
        if request.GET.get("format") == "xlsx":
            response = HttpResponse(
                xlsx_bytes(entries),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.xlsx"'
            return response
        streaming = StreamingHttpResponse(
            csv_stream(entries), content_type="text/csv; charset=utf-8"
        )
        streaming["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
        return streaming
