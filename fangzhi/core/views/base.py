"""Base views: every page that shows records reaches them through ``visible_to``.

``VisibleMixin`` is the one place pages get their querysets and objects; a record the
user may not see answers 403 whether or not it exists, so ids of other units' records
leak nothing. ``ServiceFormView`` turns a ``ServiceError`` into a form error.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.views.generic import DetailView, FormView, ListView

from fangzhi.core.errors import Forbidden, ServiceError
from fangzhi.core.querysets import VIEW


def sees_everything(model: Any, user: Any, action: str) -> bool:
    q = model.visibility(user, action)
    return isinstance(q, Q) and not q.children


def visible_object(model: Any, user: Any, pk: Any, action: str = VIEW) -> Any:
    """The object if the user may reach it; 404 only for those who may see every row."""
    obj = model.objects.visible_to(user, action).filter(pk=pk).first()
    if obj is not None:
        return obj
    if sees_everything(model, user, action):
        raise Http404
    raise PermissionDenied


class VisibleMixin(LoginRequiredMixin):
    model: Any = None
    action = VIEW

    def get_queryset(self) -> Any:
        return self.model.objects.visible_to(self.request.user, self.action)

    def get_object(self, queryset: Any = None) -> Any:
        pk = self.kwargs.get(self.pk_url_kwarg if hasattr(self, "pk_url_kwarg") else "pk")
        try:
            pk = int(pk)
        except (TypeError, ValueError):
            raise Http404 from None
        return visible_object(self.model, self.request.user, pk, self.action)


class FangzhiListView(VisibleMixin, ListView):
    """A filtered, paged list; with htmx, only the results part is re-rendered."""

    paginate_by = 25
    filterset_class: Any = None
    partial_template_name: str | None = None

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        self.filterset = None
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(
                self.request.GET, queryset=qs, request=self.request
            )
            qs = self.filterset.qs if self.filterset.is_valid() else qs.none()
        return qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.filterset
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx["query_string"] = query.urlencode()
        return ctx

    def get_template_names(self) -> list[str]:
        if getattr(self.request, "htmx", False) and self.partial_template_name:
            return [self.partial_template_name]
        return super().get_template_names()


class FangzhiDetailView(VisibleMixin, DetailView):
    pass


class ServiceFormView(LoginRequiredMixin, FormView):
    """A form whose ``perform(form)`` calls a service; rule errors become form errors."""

    success_message = ""

    def perform(self, form: Any) -> Any:  # pragma: no cover - subclasses implement
        raise NotImplementedError

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            self.result = self.perform(form)
        except Forbidden as exc:
            raise PermissionDenied(str(exc)) from exc
        except ServiceError as exc:
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, str(exc))
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return super().form_valid(form)
