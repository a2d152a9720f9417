"""API for applications to the national and city 名志/特志 series (申报) and their
documents. Every write calls ``fangzhi.works.services.applications``; a document leaves
only through ``application-documents/{id}/download/``, after ``visible_to``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from fangzhi.works import services
from fangzhi.works.models import ApplicationDocument, SeriesApplication
from fangzhi.works.services.common import is_admin, require

from .. import filters
from ..serializers import applications as sa
from ..viewsets import ReadOnlyVisibleViewSet, VisibleViewSet
from .works import SEES_SOME_ROWS

# The decision as the API names it (the status it leads to) → the service's action.
DECISION_ACTIONS = {
    SeriesApplication.Status.ACCEPTED: "accept",
    SeriesApplication.Status.REJECTED: "reject",
}


class SeriesApplicationViewSet(VisibleViewSet):
    """Applications for the 名志/特志 series: a unit applies for itself (the office admin
    for anyone), files documents, submits or withdraws; the office admin records the
    decision with its document."""

    model = SeriesApplication
    permission_classes = SEES_SOME_ROWS
    serializer_class = sa.SeriesApplicationSerializer
    filterset_class = filters.ApplicationFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("applicant")

    def get_serializer_class(self) -> Any:
        if self.action == "list":
            return sa.SeriesApplicationSerializer
        return sa.SeriesApplicationDetailSerializer

    def respond(self, application: SeriesApplication, code: int = status.HTTP_200_OK) -> Response:
        fresh = SeriesApplication.objects.select_related("applicant").get(pk=application.pk)
        return Response(sa.SeriesApplicationDetailSerializer(fresh).data, status=code)

    @extend_schema(
        request=sa.ApplicationCreateSerializer,
        responses={201: sa.SeriesApplicationDetailSerializer},
    )
    def create(self, request: Request) -> Response:
        """Open a draft application."""
        d = self.validated(sa.ApplicationCreateSerializer)
        application = services.application_create(by=request.user, **d)
        return self.respond(application, status.HTTP_201_CREATED)

    @extend_schema(
        request=sa.ApplicationUpdateSerializer, responses=sa.SeriesApplicationDetailSerializer
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        """Change the title or notes of a draft."""
        application = self.get_object()
        d = self.validated(sa.ApplicationUpdateSerializer, partial=True)
        services.application_update(
            by=request.user,
            application=application,
            title=d.get("title", application.title),
            notes=d.get("notes", application.notes),
        )
        return self.respond(application)

    def change_status(self, action_name: str, **kwargs: Any) -> Response:
        application = self.get_object()
        services.application_update_status(
            by=self.request.user, application=application, action=action_name, **kwargs
        )
        return self.respond(application)

    @extend_schema(request=None, responses=sa.SeriesApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        """Submit a draft; it needs at least one document."""
        return self.change_status("submit")

    @extend_schema(request=None, responses=sa.SeriesApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        """Withdraw an application before the decision."""
        return self.change_status("withdraw")

    @extend_schema(
        request=sa.ApplicationDecisionSerializer, responses=sa.SeriesApplicationDetailSerializer
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        """Record the deciding body's answer to a submitted application (office admin)."""
        application = self.get_object()
        # Decided outside the system: only the office admin records it, and nobody else
        # learns from validation messages what the body should have held.
        require(is_admin(request.user))
        d = self.validated(sa.ApplicationDecisionSerializer)
        services.application_update_status(
            by=request.user,
            application=application,
            action=DECISION_ACTIONS[d["decision"]],
            document_number=d["document_number"],
            decided_on=d["decided_on"],
        )
        return self.respond(application)

    @extend_schema(
        request={"multipart/form-data": sa.ApplicationDocumentUploadSerializer},
        responses={201: sa.ApplicationDocumentSerializer},
        description="File a document (申报材料) with an application that is not yet decided. "
        "An empty or oversized file is refused and nothing is stored.",
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def documents(self, request: Request, pk: str) -> Response:
        application = self.get_object()
        d = self.validated(sa.ApplicationDocumentUploadSerializer)
        upload = d["file"]
        document = services.application_document_add(
            by=request.user,
            application=application,
            title=d["title"],
            file_name=upload.name or "",
            # One byte past the limit: the service refuses it by size without the whole
            # file ever being held in memory.
            data=upload.read(settings.MAX_UPLOAD_BYTES + 1),
            content_type=upload.content_type or "application/octet-stream",
        )
        return Response(
            sa.ApplicationDocumentSerializer(document).data, status=status.HTTP_201_CREATED
        )


class ApplicationDocumentViewSet(ReadOnlyVisibleViewSet):
    """Documents filed with series applications: never changed or removed; filed through
    ``series-applications/{id}/documents/``."""

    model = ApplicationDocument
    permission_classes = SEES_SOME_ROWS
    serializer_class = sa.ApplicationDocumentSerializer
    filterset_class = filters.ApplicationDocumentFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("uploaded_by", "file")

    @extend_schema(request=None, responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str) -> FileResponse:
        """The stored file as an attachment, with the name it was filed under."""
        document = self.get_object()
        stored = document.file
        response = FileResponse(
            default_storage.open(stored.path, "rb"),
            as_attachment=True,
            filename=document.file_name,
            content_type=stored.content_type or "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
