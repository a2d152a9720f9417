"""API for the annual returns (资料年报, 三.六): campaigns, the units' returns per
category, their entries and the versions their heads signed off.

Read for a unit's own, full for the office: every row comes through ``visible_to``
(another unit's return, entry or version answers 403 whether or not it exists), and every
write calls a returns service, which says who may act. Files: entries arrive as JSON or
as multipart with their attachment, statistics tables as a multipart ``.xlsx``; an
attachment and an archive package (归档) leave only through the checked downloads here.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from fangzhi.accounts.roles import OFFICE_ROLES, role_of
from fangzhi.core.api import JobSerializer
from fangzhi.core.models import Job, StoredFile
from fangzhi.org.models import Unit
from fangzhi.returns import services
from fangzhi.returns.models import (
    Campaign,
    Entry,
    Submission,
    SubmissionVersion,
    YearbookMapping,
)
from fangzhi.returns.services.package import can_package

from .. import filters
from ..serializers import returns as rs
from ..viewsets import ReadOnlyVisibleViewSet, VisibleViewSet
from .works import SEES_SOME_ROWS, created, read_upload

ZIP_TYPE = "application/zip"
MULTIPART = [MultiPartParser, FormParser]
JSON_OR_MULTIPART = [JSONParser, MultiPartParser, FormParser]


def accepted(job: Job) -> Response:
    """A job started: poll ``/api/jobs/{id}/`` until it is ``done`` or ``failed``."""
    return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


def send_file(stored: StoredFile, filename: str, content_type: str) -> FileResponse:
    """A stored file as an attachment that the browser does not sniff into something else."""
    response = FileResponse(
        default_storage.open(stored.path, "rb"),
        as_attachment=True,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def is_multipart(request: Request) -> bool:
    return (request.content_type or "").startswith("multipart/")


# --- campaigns --------------------------------------------------------------------------------


class CampaignViewSet(VisibleViewSet):
    """Campaigns (one a year, with that year's yearbook): the office admin opens, sets the
    reporting units, maps categories to the yearbook's outline and generates its draft;
    a unit's people see the campaigns they report in."""

    model = Campaign
    permission_classes = SEES_SOME_ROWS
    serializer_class = rs.CampaignSerializer
    filterset_class = filters.CampaignFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("yearbook")

    def get_serializer_class(self) -> Any:
        return rs.CampaignSerializer if self.action == "list" else rs.CampaignDetailSerializer

    def respond(self, campaign: Campaign, code: int = status.HTTP_200_OK) -> Response:
        fresh = Campaign.objects.select_related("yearbook").get(pk=campaign.pk)
        context = self.get_serializer_context()
        return Response(rs.CampaignDetailSerializer(fresh, context=context).data, status=code)

    @extend_schema(
        request=rs.CampaignCreateSerializer, responses={201: rs.CampaignDetailSerializer}
    )
    def create(self, request: Request) -> Response:
        """Open a year's returns; the reporting units default to the yearbook's
        contributing units (三.六)."""
        d = dict(self.validated(rs.CampaignCreateSerializer))
        if "units" not in d:
            d["units"] = None
        campaign = services.campaign_open(by=request.user, **d)
        return self.respond(campaign, status.HTTP_201_CREATED)

    @extend_schema(request=rs.CampaignUpdateSerializer, responses=rs.CampaignDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        campaign = self.get_object()
        d = self.validated(rs.CampaignUpdateSerializer, partial=True)
        return self.respond(services.campaign_update(by=request.user, campaign=campaign, **d))

    @extend_schema(request=rs.CampaignUnitsSerializer, responses=rs.CampaignDetailSerializer)
    @action(detail=True, methods=["post"])
    def units(self, request: Request, pk: str) -> Response:
        """Set the reporting units (承报单位)."""
        campaign = self.get_object()
        d = self.validated(rs.CampaignUnitsSerializer)
        return self.respond(services.campaign_units_set(by=request.user, campaign=campaign, **d))

    @extend_schema(request=None, responses=rs.CampaignDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        campaign = self.get_object()
        return self.respond(services.campaign_close(by=request.user, campaign=campaign))

    @extend_schema(request=rs.CampaignNextSerializer, responses={201: rs.CampaignDetailSerializer})
    @action(detail=True, methods=["post"])
    def next(self, request: Request, pk: str) -> Response:
        """Open next year's campaign with this one's set-up: reporting units, instructions
        and the mapping to the next yearbook's outline (matched by node titles)."""
        previous = self.get_object()
        d = self.validated(rs.CampaignNextSerializer)
        campaign = services.campaign_next(by=request.user, previous=previous, **d)
        return self.respond(campaign, status.HTTP_201_CREATED)

    @extend_schema(request=rs.MappingInputSerializer, responses={201: rs.MappingSerializer})
    @action(detail=True, methods=["post"])
    def mappings(self, request: Request, pk: str) -> Response:
        """Send a category's accepted entries (of one unit, or of every unit) to a node of
        the yearbook; it replaces the mapping for that category and unit."""
        campaign = self.get_object()
        d = self.validated(rs.MappingInputSerializer)
        mapping = services.mapping_set(by=request.user, campaign=campaign, **d)
        return created(rs.MappingSerializer(mapping).data)

    @extend_schema(
        request=None,
        responses={202: JobSerializer},
        description="Generate the yearbook's draft from the accepted returns in the "
        "background: one new manuscript version per mapped node, each keeping its source "
        "entries. Poll the job at `/api/jobs/{id}/`.",
    )
    @action(detail=True, methods=["post"])
    def draft(self, request: Request, pk: str) -> Response:
        campaign = self.get_object()
        return accepted(services.draft_start(by=request.user, campaign=campaign))

    @extend_schema(request=None, responses=rs.BoardSerializer)
    @action(detail=True, methods=["get"])
    def board(self, request: Request, pk: str) -> Response:
        """The office's progress board: each reporting unit × the seven categories, with
        not started / draft / submitted / returned / accepted and overdue flags."""
        if role_of(request.user) not in OFFICE_ROLES:
            raise PermissionDenied
        campaign = self.get_object()
        return Response(rs.BoardSerializer(board_rows(campaign)).data)


def board_rows(campaign: Campaign) -> dict[str, Any]:
    """The pages' progress board (``returns.selectors.board``) as plain values."""
    from fangzhi.returns.selectors import board

    result = board(campaign)
    rows = [
        {
            "unit": row.unit.pk,
            "unit_name": row.unit.name,
            "done": row.done,
            "overdue": row.overdue,
            "cells": [
                {
                    "category": cell.category,
                    "submission": cell.pk,
                    "status": cell.status,
                    "status_label": cell.status_label,
                    "overdue": cell.overdue,
                }
                for cell in row.cells
            ],
        }
        for row in result.rows
    ]
    categories = [{"code": code, "label": text} for code, text in result.categories]
    return {"campaign": campaign, "categories": categories, "rows": rows}


class MappingViewSet(VisibleViewSet):
    """The mapping of categories (and units) to the yearbook's outline nodes, for the
    office; set through ``returns-campaigns/{id}/mappings/``, taken off here."""

    model = YearbookMapping
    permission_classes = SEES_SOME_ROWS
    serializer_class = rs.MappingSerializer
    filterset_class = filters.MappingFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("unit", "node").order_by("campaign", "id")

    @extend_schema(request=None, responses=rs.MappingSerializer)
    @action(detail=True, methods=["post"])
    def remove(self, request: Request, pk: str) -> Response:
        """The mapping stops; the row stays, inactive."""
        mapping = services.mapping_remove(by=request.user, mapping=self.get_object())
        return Response(rs.MappingSerializer(mapping).data)


# --- submissions ------------------------------------------------------------------------------


class SubmissionViewSet(VisibleViewSet):
    """The returns (one per unit and category): the liaison fills them in, the head signs
    off (签发), the office returns them with reasons or accepts them. A unit's people see
    their own unit's returns only."""

    model = Submission
    permission_classes = SEES_SOME_ROWS
    serializer_class = rs.SubmissionSerializer
    filterset_class = filters.SubmissionFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("campaign", "unit")

    def get_serializer_class(self) -> Any:
        return rs.SubmissionSerializer if self.action == "list" else rs.SubmissionDetailSerializer

    def respond(self, submission: Submission, code: int = status.HTTP_200_OK) -> Response:
        fresh = Submission.objects.select_related("campaign", "unit").get(pk=submission.pk)
        return Response(rs.SubmissionDetailSerializer(fresh).data, status=code)

    @extend_schema(
        request=rs.SubmissionSignOffSerializer, responses={201: rs.SubmissionVersionSerializer}
    )
    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request: Request, pk: str) -> Response:
        """签发: the unit head submits the return, answering for its truth, accuracy and
        completeness; the entries are frozen as a new version."""
        submission = self.get_object()
        d = self.validated(rs.SubmissionSignOffSerializer)
        version = services.submission_sign_off(by=request.user, submission=submission, **d)
        return created(rs.SubmissionVersionSerializer(version).data)

    @extend_schema(request=rs.ReturnInputSerializer, responses=rs.SubmissionDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str) -> Response:
        """Send the return back to the unit with the reasons, which the unit reads."""
        submission = self.get_object()
        d = self.validated(rs.ReturnInputSerializer)
        return self.respond(services.submission_return(by=request.user, submission=submission, **d))

    @extend_schema(request=None, responses=rs.SubmissionDetailSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        submission = self.get_object()
        return self.respond(services.submission_accept(by=request.user, submission=submission))

    @extend_schema(
        request={"multipart/form-data": rs.TableUploadSerializer},
        responses={201: rs.TablesUploadedSerializer},
        description="Statistics tables from an .xlsx, kept as tables (one entry per table) "
        "with the workbook. Formulas keep the values Excel saved; a macro-enabled, "
        "encrypted, damaged or oversized workbook is refused and nothing is stored; 409 "
        "if the return changed since `base_revision`.",
    )
    @action(detail=True, methods=["post"], parser_classes=MULTIPART)
    def tables(self, request: Request, pk: str) -> Response:
        submission = self.get_object()
        d = self.validated(rs.TableUploadSerializer)
        upload = d["file"]
        entries, warnings = services.table_upload(
            by=request.user,
            submission=submission,
            data=read_upload(upload, settings.MAX_UPLOAD_BYTES),
            filename=upload.name or "",
            base_revision=d["base_revision"],
        )
        body = {"entries": entries, "warnings": warnings}
        return created(rs.TablesUploadedSerializer(body).data)

    @extend_schema(
        methods=["POST"],
        request=rs.PackageInputSerializer,
        responses={202: JobSerializer},
        description="Build a unit's year of returns as an archive package (归档) in the "
        "background: a ZIP with the forms, every attachment and a SHA-256 manifest. Poll "
        "the job, then GET this address with `?job=`.",
    )
    @extend_schema(
        methods=["GET"],
        request=None,
        parameters=[
            OpenApiParameter("job", int, required=True, description="The finished package job.")
        ],
        responses={(200, ZIP_TYPE): OpenApiTypes.BINARY},
        description="Download a finished package: for the office and the unit's own people.",
    )
    @action(detail=False, methods=["get", "post"])
    def package(self, request: Request) -> Any:
        if request.method == "GET":
            return self.package_download(request)
        d = self.validated(rs.PackageInputSerializer)
        unit = d.get("unit")
        if unit is None:
            if request.user.unit is None:
                raise ValidationError({"unit": [_("Choose the unit.")]})
            unit = request.user.unit
        return accepted(services.package_start(by=request.user, campaign=d["campaign"], unit=unit))

    def package_download(self, request: Request) -> FileResponse:
        query = rs.PackageQuerySerializer(data=request.query_params)
        try:
            query.is_valid(raise_exception=True)
        except ValidationError as exc:
            exc.serializer = query  # type: ignore[attr-defined]  # the field's label in 400s
            raise
        job = Job.objects.filter(pk=query.validated_data["job"], kind="returns_package").first()
        unit = Unit.objects.filter(pk=(job.params or {}).get("unit")).first() if job else None
        if job is None or unit is None or not can_package(request.user, unit):
            # Another unit's package reads like one that does not exist.
            if role_of(request.user) in OFFICE_ROLES:
                raise NotFound
            raise PermissionDenied
        if job.status != Job.Status.DONE or not (job.result or {}).get("file"):
            raise NotFound(_("The package is not ready yet."))
        stored = StoredFile.objects.get(sha256=job.result["file"])
        return send_file(stored, job.result.get("name") or "returns.zip", ZIP_TYPE)


# --- entries ----------------------------------------------------------------------------------


class EntryViewSet(VisibleViewSet):
    """The entries of the returns. Send JSON, or multipart/form-data to attach a file
    (checked by its content, not its name). Every change names the return's
    ``base_revision``; a stale one is refused (409) and nothing is overwritten. Entries
    are withdrawn, never deleted."""

    model = Entry
    permission_classes = SEES_SOME_ROWS
    serializer_class = rs.EntrySerializer
    filterset_class = filters.EntryFilter
    parser_classes = JSON_OR_MULTIPART
    entry_being_changed: Entry | None = None

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("submission", "file", "created_by")

    def respond(self, entry: Entry, warnings: list[str], code: int) -> Response:
        fresh = Entry.objects.select_related("submission", "file", "created_by").get(pk=entry.pk)
        fresh.warnings = [str(w) for w in warnings]
        return Response(rs.EntrySavedSerializer(fresh).data, status=code)

    def entry_input(self, json_class: type, upload_class: type, **kwargs: Any) -> tuple:
        d = dict(
            self.validated(upload_class if is_multipart(self.request) else json_class, **kwargs)
        )
        upload = d.pop("file", None)
        if upload is not None:
            upload = (read_upload(upload, settings.MAX_UPLOAD_BYTES), upload.name or "")
        return d, upload

    @extend_schema(
        request={
            "application/json": rs.EntryCreateSerializer,
            "multipart/form-data": rs.EntryCreateUploadSerializer,
        },
        responses={201: rs.EntrySavedSerializer},
    )
    def create(self, request: Request) -> Response:
        d, upload = self.entry_input(rs.EntryCreateSerializer, rs.EntryCreateUploadSerializer)
        submission = d.pop("submission")
        base_revision = d.pop("base_revision")
        entry, warnings = services.entry_save(
            by=request.user,
            submission=submission,
            data=d,
            base_revision=base_revision,
            upload=upload,
        )
        return self.respond(entry, warnings, status.HTTP_201_CREATED)

    @extend_schema(
        request={
            "application/json": rs.EntryUpdateSerializer,
            "multipart/form-data": rs.EntryUpdateUploadSerializer,
        },
        responses=rs.EntrySavedSerializer,
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        entry = self.get_object()
        self.entry_being_changed = entry  # the input serializer checks its category's fields
        d, upload = self.entry_input(
            rs.EntryUpdateSerializer, rs.EntryUpdateUploadSerializer, partial=True
        )
        base_revision = d.pop("base_revision")
        data = {**current_values(entry), **d}
        entry, warnings = services.entry_save(
            by=request.user,
            submission=entry.submission,
            data=data,
            base_revision=base_revision,
            entry=entry,
            upload=upload,
        )
        return self.respond(entry, warnings, status.HTTP_200_OK)

    @extend_schema(request=rs.BaseRevisionSerializer, responses=rs.EntrySerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        """Take the entry out of its return; it is kept, marked withdrawn."""
        entry = self.get_object()
        d = self.validated(rs.BaseRevisionSerializer)
        entry = services.entry_withdraw(by=request.user, entry=entry, **d)
        return Response(rs.EntrySerializer(entry).data)

    @extend_schema(request=None, responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def file(self, request: Request, pk: str) -> FileResponse:
        """The attachment, with the name it was filed under."""
        entry = self.get_object()
        if entry.file_id is None:
            raise NotFound(_("This entry has no file."))
        return send_file(entry.file, entry.file_name or f"{entry.pk}", entry.content_type)


def current_values(entry: Entry) -> dict[str, Any]:
    """The entry's form as it stands, so that a PATCH changes only what it names (the
    service reads a whole form)."""
    names = rs.category_fields(entry.category) - {"date", "file"}
    values = {name: getattr(entry, name) for name in names}
    values["date"] = rs.entry_date_text(entry) or ""
    return values


# --- signed-off versions ----------------------------------------------------------------------


class SubmissionVersionViewSet(ReadOnlyVisibleViewSet):
    """Every version a unit head signed off, with its entries as they were: never changed."""

    model = SubmissionVersion
    permission_classes = SEES_SOME_ROWS
    serializer_class = rs.SubmissionVersionSerializer
    filterset_class = filters.SubmissionVersionFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("signed_by")

    def get_serializer_class(self) -> Any:
        if self.action == "list":
            return rs.SubmissionVersionSerializer
        return rs.SubmissionVersionDetailSerializer
