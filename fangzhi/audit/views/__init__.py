"""Audit pages: office admins read and export; nothing here changes an entry.

Every view answers GET (and HEAD) only: the trail has no form that writes, and a POST,
PUT or DELETE is refused with 405 before anything is looked up.
"""

from __future__ import annotations

import tempfile
from typing import Any

from auditlog.models import LogEntry
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.generic import DetailView, ListView, View

from fangzhi.core.views.errors import bad_request

from ..exports import XLSX_CONTENT_TYPE, csv_stream, write_xlsx
from ..filters import filtered_entries
from ..selectors import ChangeFormatter, may_read_audit


class AuditAccessMixin(LoginRequiredMixin):
    """Anonymous visitors go to the login page; signed-in non-admins get 403."""

    http_method_names = ["get", "head"]

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not may_read_audit(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AuditLogView(AuditAccessMixin, ListView):
    """The trail, newest first, filtered; with htmx only the results are re-rendered."""

    template_name = "audit/log.html"
    partial_template_name = "audit/_log_table.html"
    paginate_by = 50

    def get_queryset(self) -> Any:
        self.filterset = filtered_entries(self.request.GET)
        return self.filterset.qs if self.filterset.is_valid() else LogEntry.objects.none()

    def get_template_names(self) -> list[str]:
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            return [self.partial_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        formatter = ChangeFormatter()
        ctx["filter"] = self.filterset
        ctx["rows"] = [(e, formatter.lines(e)) for e in ctx["object_list"]]
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("format", None)
        ctx["query_string"] = query.urlencode()
        return ctx


class AuditEntryView(AuditAccessMixin, DetailView):
    template_name = "audit/entry.html"
    context_object_name = "entry"

    def get_object(self, queryset: Any = None) -> LogEntry:
        # Office admins see every entry, so a missing id is honestly a 404.
        entry = (
            LogEntry.objects.select_related("actor", "actor__unit", "content_type")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if entry is None:
            raise Http404
        return entry

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["changes"] = ChangeFormatter().lines(self.object)
        return ctx


class AuditExportView(AuditAccessMixin, View):
    """``?format=csv`` (streamed, the default) or ``?format=xlsx``, with the page's filters."""

    def get(self, request: Any) -> HttpResponse:
        filterset = filtered_entries(request.GET)
        export_format = request.GET.get("format", "csv")
        if not filterset.is_valid() or export_format not in ("csv", "xlsx"):
            return bad_request(request)
        entries = filterset.qs.iterator(chunk_size=1000)
        filename = f"audit-{timezone.localdate():%Y%m%d}.{export_format}"
        if export_format == "xlsx":
            # Written row by row to a temporary file, then streamed from it: the workbook
            # is never held in memory whole.
            handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
            write_xlsx(entries, handle)
            handle.seek(0)
            return FileResponse(
                handle, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
            )
        response = StreamingHttpResponse(
            csv_stream(entries), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
