"""The office's lists the checker reads (evaluative words, abbreviations, names with
their validity, fixed terms): list, add, edit, deactivate, Excel export and import.
Office staff only; everyone else gets 403."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from openpyxl import Workbook

from fangzhi.core.errors import Forbidden, ServiceError
from fangzhi.core.querysets import CHANGE
from fangzhi.core.views import FangzhiListView, ServiceFormView, visible_object
from fangzhi.text.cells import safe_cell

from .. import services
from ..forms import TermEditForm, TermFilterForm, TermForm, TermImportForm
from ..models import CheckerTerm

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class OfficeOnly(LoginRequiredMixin):
    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not services.can_edit_terms(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class TermListView(OfficeOnly, FangzhiListView):
    model = CheckerTerm
    template_name = "quality/term_list.html"
    paginate_by = 50

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        self.filter_form = TermFilterForm(self.request.GET or None)
        if self.filter_form.is_valid():
            d = self.filter_form.cleaned_data
            if d["kind"]:
                qs = qs.filter(kind=d["kind"])
            if d["q"]:
                qs = qs.filter(Q(term__contains=d["q"]) | Q(other__contains=d["q"]))
            if not d["inactive"]:
                qs = qs.filter(active=True)
        else:
            qs = qs.filter(active=True)
        return qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["filter_form"] = self.filter_form
        ctx["import_form"] = TermImportForm()
        return ctx


class TermAddView(OfficeOnly, ServiceFormView):
    form_class = TermForm
    template_name = "quality/term_form.html"
    success_message = gettext_lazy("The entry has been added.")

    def perform(self, form: Any) -> Any:
        return services.term_add(by=self.request.user, **form.cleaned_data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "heading": _("Add an entry")}

    def get_success_url(self) -> str:
        return reverse("quality:terms") + f"?kind={self.result.kind}"


class TermEditView(OfficeOnly, ServiceFormView):
    form_class = TermEditForm
    template_name = "quality/term_form.html"
    success_message = gettext_lazy("The entry has been saved.")

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and services.can_edit_terms(request.user):
            self.entry = visible_object(CheckerTerm, request.user, kwargs["pk"], CHANGE)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        e = self.entry
        return {
            "term": e.term,
            "other": e.other,
            "valid_from": e.valid_from,
            "valid_to": e.valid_to,
            "note": e.note,
            "active": e.active,
        }

    def perform(self, form: Any) -> Any:
        return services.term_update(by=self.request.user, entry=self.entry, **form.cleaned_data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["heading"] = _("Edit “%(term)s”") % {"term": self.entry.term}
        ctx["entry"] = self.entry
        return ctx

    def get_success_url(self) -> str:
        return reverse("quality:terms") + f"?kind={self.entry.kind}"


class TermDeactivateView(OfficeOnly, View):
    def post(self, request: Any, pk: int) -> HttpResponse:
        entry = visible_object(CheckerTerm, request.user, pk, CHANGE)
        try:
            services.term_deactivate(by=request.user, entry=entry)
        except Forbidden as exc:
            raise PermissionDenied(str(exc)) from exc
        except ServiceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("“%(term)s” is no longer checked.") % {"term": entry.term})
        return redirect(reverse("quality:terms") + f"?kind={entry.kind}")


HEADER = ["list", "term", "other form", "valid from", "valid to", "note", "active"]


class TermExportView(OfficeOnly, View):
    def get(self, request: Any) -> HttpResponse:
        book = Workbook()
        sheet = book.active
        sheet.title = "checker"
        sheet.append(HEADER)
        for e in CheckerTerm.objects.visible_to(request.user).order_by("kind", "term"):
            sheet.append(
                [
                    e.kind,
                    safe_cell(e.term),
                    safe_cell(e.other),
                    e.valid_from,
                    e.valid_to,
                    safe_cell(e.note),
                    1 if e.active else 0,
                ]
            )
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, "checker-lists.xlsx")
        return response


class TermImportView(OfficeOnly, View):
    def post(self, request: Any) -> HttpResponse:
        form = TermImportForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Choose an Excel file (.xlsx) to import."))
            return redirect("quality:terms")
        try:
            added, changed = services.terms_import(
                by=request.user, data=form.cleaned_data["file"].read(10 * 1024 * 1024 + 1)
            )
        except Forbidden as exc:
            raise PermissionDenied(str(exc)) from exc
        except ServiceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Imported: %(added)d added, %(changed)d changed.")
                % {"added": added, "changed": changed},
            )
        return redirect("quality:terms")


urls = [
    path("terms/", TermListView.as_view(), name="terms"),
    path("terms/add/", TermAddView.as_view(), name="term_add"),
    path("terms/<int:pk>/edit/", TermEditView.as_view(), name="term_edit"),
    path("terms/<int:pk>/deactivate/", TermDeactivateView.as_view(), name="term_deactivate"),
    path("terms/export.xlsx", TermExportView.as_view(), name="terms_export"),
    path("terms/import/", TermImportView.as_view(), name="terms_import"),
]
