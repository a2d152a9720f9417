"""Pages: applications for the national and city 名志/特志 series and their documents.

Documents leave only through ``ApplicationDocumentDownloadView``, which checks that the
user sees the application; the file store has no public address.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from fangzhi.accounts.roles import OFFICE_ROLES, UNIT_ROLES, Role, role_of
from fangzhi.core.errors import Forbidden, ServiceError
from fangzhi.core.views import FangzhiDetailView, FangzhiListView, ServiceFormView, visible_object

from .. import services
from ..filters import ApplicationFilter
from ..forms.works import (
    ApplicationCreateForm,
    ApplicationDecisionForm,
    ApplicationDocumentForm,
    ApplicationEditForm,
)
from ..models import ApplicationDocument, SeriesApplication
from ..services.applications import OPEN_STATUSES, can_manage_application


def can_list_applications(user: Any) -> bool:
    role = role_of(user)
    return role in OFFICE_ROLES or (role in UNIT_ROLES and user.unit_id is not None)


def can_apply(user: Any) -> bool:
    role = role_of(user)
    return role == Role.OFFICE_ADMIN or (role in UNIT_ROLES and user.unit_id is not None)


class ApplicationListView(FangzhiListView):
    model = SeriesApplication
    template_name = "works/application_list.html"
    partial_template_name = "works/application_list_table.html"
    filterset_class = ApplicationFilter

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not can_list_applications(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("applicant", "work")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["can_apply"] = can_apply(self.request.user)
        return ctx


class ApplicationDetailView(FangzhiDetailView):
    model = SeriesApplication
    template_name = "works/application_detail.html"
    context_object_name = "application"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("applicant", "work", "created_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        app, user = self.object, self.request.user
        manage = can_manage_application(user, app)
        ctx["documents"] = app.documents.select_related("uploaded_by", "file")
        ctx["can_edit"] = manage and app.status == SeriesApplication.Status.DRAFT
        ctx["can_add_document"] = manage and app.status in OPEN_STATUSES
        ctx["can_submit"] = manage and app.status == SeriesApplication.Status.DRAFT
        ctx["can_withdraw"] = manage and app.status in OPEN_STATUSES
        ctx["can_decide"] = (
            role_of(user) == Role.OFFICE_ADMIN and app.status == SeriesApplication.Status.SUBMITTED
        )
        return ctx


class ApplicationCreateView(ServiceFormView):
    form_class = ApplicationCreateForm
    template_name = "works/application_form.html"
    success_message = _("The application has been opened as a draft.")

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not can_apply(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["heading"] = _("Apply for a series")
        ctx["cancel_url"] = reverse("works:application_list")
        return ctx

    def perform(self, form: Any) -> SeriesApplication:
        return services.application_create(by=self.request.user, **form.cleaned_data)

    def get_success_url(self) -> str:
        return reverse("works:application_detail", args=[self.result.pk])


class _ApplicationForm(ServiceFormView):
    """A form on one application its applicant (or the office admin) manages."""

    template_name = "works/application_form.html"
    heading: Any = ""

    def allowed(self, user: Any, application: SeriesApplication) -> bool:
        return can_manage_application(user, application)

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.application = visible_object(SeriesApplication, request.user, kwargs["pk"])
            if not self.allowed(request.user, self.application):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["heading"] = self.heading
        ctx["application"] = self.application
        ctx["cancel_url"] = reverse("works:application_detail", args=[self.application.pk])
        return ctx

    def get_success_url(self) -> str:
        return reverse("works:application_detail", args=[self.application.pk])


class ApplicationEditView(_ApplicationForm):
    form_class = ApplicationEditForm
    heading = _("Edit the application")
    success_message = _("Saved.")

    def get_initial(self) -> dict[str, Any]:
        return {"title": self.application.title, "notes": self.application.notes}

    def perform(self, form: Any) -> Any:
        return services.application_update(
            by=self.request.user, application=self.application, **form.cleaned_data
        )


class ApplicationDecideView(_ApplicationForm):
    form_class = ApplicationDecisionForm
    heading = _("Record the decision")
    success_message = _("The decision has been recorded.")

    def allowed(self, user: Any, application: SeriesApplication) -> bool:
        return role_of(user) == Role.OFFICE_ADMIN

    def perform(self, form: Any) -> Any:
        return services.application_update_status(
            by=self.request.user, application=self.application, **form.cleaned_data
        )


class ApplicationDocumentAddView(_ApplicationForm):
    form_class = ApplicationDocumentForm
    heading = _("Add a document")
    success_message = _("The document has been added.")

    def perform(self, form: Any) -> Any:
        upload = form.cleaned_data["file"]
        # Read one byte past the limit: enough to refuse an oversized file without
        # holding all of it.
        data = upload.read(settings.MAX_UPLOAD_BYTES + 1)
        return services.application_document_add(
            by=self.request.user,
            application=self.application,
            title=form.cleaned_data["title"],
            file_name=upload.name,
            data=data,
            content_type=getattr(upload, "content_type", "") or "application/octet-stream",
        )


class ApplicationStatusView(LoginRequiredMixin, View):
    """Submit or withdraw an application (POST only, from its page)."""

    ACTIONS = {
        "submit": _("The application has been submitted."),
        "withdraw": _("The application has been withdrawn."),
    }

    def post(self, request: Any, pk: int) -> Any:
        application = visible_object(SeriesApplication, request.user, pk)
        action = request.POST.get("action", "")
        if action not in self.ACTIONS:
            messages.error(request, _("Unknown action."))
        else:
            try:
                services.application_update_status(
                    by=request.user, application=application, action=action
                )
            except Forbidden as exc:
                raise PermissionDenied(str(exc)) from exc
            except ServiceError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, self.ACTIONS[action])
        return HttpResponseRedirect(reverse("works:application_detail", args=[application.pk]))


class ApplicationDocumentDownloadView(LoginRequiredMixin, View):
    """The stored file, as an attachment, only to those who see the application."""

    def get(self, request: Any, pk: int) -> FileResponse:
        document = visible_object(ApplicationDocument, request.user, pk)
        stored = document.file
        response = FileResponse(
            default_storage.open(stored.path, "rb"),
            as_attachment=True,
            filename=document.file_name,  # RFC 5987 filename* for non-ASCII names
            content_type=stored.content_type or "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


urls = [
    path("applications/", ApplicationListView.as_view(), name="application_list"),
    path("applications/new/", ApplicationCreateView.as_view(), name="application_create"),
    path("applications/<int:pk>/", ApplicationDetailView.as_view(), name="application_detail"),
    path("applications/<int:pk>/edit/", ApplicationEditView.as_view(), name="application_edit"),
    path(
        "applications/<int:pk>/status/",
        ApplicationStatusView.as_view(),
        name="application_status",
    ),
    path(
        "applications/<int:pk>/decide/",
        ApplicationDecideView.as_view(),
        name="application_decide",
    ),
    path(
        "applications/<int:pk>/documents/add/",
        ApplicationDocumentAddView.as_view(),
        name="application_document_add",
    ),
    path(
        "applications/documents/<int:pk>/",
        ApplicationDocumentDownloadView.as_view(),
        name="application_document",
    ),
]
