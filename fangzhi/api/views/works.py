"""API for compilation: works, outline nodes, manuscript versions, comments, review
decisions, credits, reviewer assignments and the user's notifications. Every write calls
a works service. Series applications are in ``applications.py``.

Attachments and files: a manuscript arrives as a multipart ``.docx`` upload, a review
decision may carry its document as a multipart ``attachment``; downloads (a version or
the outline as Word, the outline as Excel) answer the file itself.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from fangzhi.core.models import Notification
from fangzhi.core.notify import notification_read
from fangzhi.core.querysets import CHANGE, VIEW
from fangzhi.core.views import attachment
from fangzhi.works import services
from fangzhi.works.models import (
    Comment,
    Credit,
    ManuscriptVersion,
    NodeReviewer,
    OutlineNode,
    ReviewDecision,
    Work,
)
from fangzhi.works.services.manuscripts import DOCX_TYPE
from fangzhi.works.services.reviews import ATTACHMENT_MAX

from .. import filters
from ..serializers import VisiblePK
from ..serializers import works as ws
from ..viewsets import ReadOnlyVisibleViewSet, VisibleViewSet

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def read_upload(upload: Any, limit: int) -> bytes:
    """At most ``limit + 1`` bytes, so the service refuses an oversized file by its size
    without the whole of it ever being held in memory."""
    return upload.read(limit + 1)


def created(data: Any) -> Response:
    return Response(data, status=status.HTTP_201_CREATED)


class SeesSomeRows(BasePermission):
    """A role that may see no row of the viewset's model at all is refused (403), as its
    pages are, rather than shown an empty list."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return view.model.visibility(request.user, VIEW) is not None


SEES_SOME_ROWS = [*api_settings.DEFAULT_PERMISSION_CLASSES, SeesSomeRows]


# --- works ------------------------------------------------------------------------------------


class WorkViewSet(VisibleViewSet):
    """Works (志书、年鉴): their description, review chain, publication and credits."""

    model = Work
    serializer_class = ws.WorkSerializer
    filterset_class = filters.WorkFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("compiler")

    def get_serializer_class(self) -> Any:
        return ws.WorkSerializer if self.action == "list" else ws.WorkDetailSerializer

    def respond(self, work: Work, code: int = status.HTTP_200_OK) -> Response:
        work = Work.objects.select_related("compiler").get(pk=work.pk)
        return Response(ws.WorkDetailSerializer(work).data, status=code)

    @extend_schema(request=ws.WorkCreateSerializer, responses={201: ws.WorkDetailSerializer})
    def create(self, request: Request) -> Response:
        work = services.work_create(by=request.user, **self.validated(ws.WorkCreateSerializer))
        return self.respond(work, status.HTTP_201_CREATED)

    @extend_schema(request=ws.WorkUpdateSerializer, responses=ws.WorkDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        work = self.get_object()
        d = self.validated(ws.WorkUpdateSerializer, partial=True)
        return self.respond(services.work_update(by=request.user, work=work, **d))

    @extend_schema(request=None, responses=ws.WorkDetailSerializer)
    @action(detail=True, methods=["post"], url_path="fix-lower-limit")
    def fix_lower_limit(self, request: Request, pk: str) -> Response:
        """Fix a district gazetteer's lower limit (下限): from now on it is locked."""
        work = self.get_object()
        return self.respond(services.work_lower_limit_fix(by=request.user, work=work))

    @extend_schema(request=ws.LowerLimitChangeInputSerializer, responses=ws.WorkDetailSerializer)
    @action(detail=True, methods=["post"], url_path="change-lower-limit")
    def change_lower_limit(self, request: Request, pk: str) -> Response:
        """Change a fixed lower limit by an approving decision; kept in the history."""
        work = self.get_object()
        d = self.validated(ws.LowerLimitChangeInputSerializer)
        services.work_lower_limit_change(by=request.user, work=work, **d)
        return self.respond(work)

    @extend_schema(request=ws.NextYearbookSerializer, responses={201: ws.WorkDetailSerializer})
    @action(detail=True, methods=["post"], url_path="next-yearbook")
    def next_yearbook(self, request: Request, pk: str) -> Response:
        """Open the next yearbook with this yearbook's outline."""
        previous = self.get_object()
        d = self.validated(ws.NextYearbookSerializer)
        work = services.yearbook_start_from(by=request.user, previous=previous, **d)
        return self.respond(work, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ws.WorkDetailSerializer)
    @action(detail=True, methods=["post"], url_path="submit-for-review")
    def submit_for_review(self, request: Request, pk: str) -> Response:
        work = self.get_object()
        return self.respond(services.work_submit_for_review(by=request.user, work=work))

    @extend_schema(
        request={
            "application/json": ws.ReviewStepSerializer,
            "multipart/form-data": ws.ReviewStepUploadSerializer,
        },
        responses={201: ws.ReviewDecisionSerializer},
        description="Record the decision of the step the work waits at (three.four: in order, "
        "once per round). Send multipart/form-data to attach the decision document.",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="review-steps",
        parser_classes=[JSONParser, MultiPartParser, FormParser],
    )
    def review_steps(self, request: Request, pk: str) -> Response:
        work = self.get_object()
        multipart = not (request.content_type or "").startswith("application/json")
        d = dict(
            self.validated(ws.ReviewStepUploadSerializer if multipart else ws.ReviewStepSerializer)
        )
        upload = d.pop("attachment", None)
        if upload is not None:
            d.update(
                attachment=read_upload(upload, ATTACHMENT_MAX),
                attachment_name=upload.name or "",
                attachment_type=upload.content_type or "application/octet-stream",
            )
        decision = services.review_step_record(by=request.user, work=work, **d)
        return created(ws.ReviewDecisionSerializer(decision).data)

    @extend_schema(methods=["GET"], request=None, responses=ws.PublicationSerializer)
    @extend_schema(
        methods=["POST"],
        request=ws.PublicationInputSerializer,
        responses={201: ws.PublicationSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def publication(self, request: Request, pk: str) -> Response:
        """The publication record (404 until the work is published); POST records it,
        only after the work's last review step has passed."""
        work = self.get_object()
        if request.method == "GET":
            publication = getattr(work, "publication", None)
            if publication is None:
                raise NotFound(_("The work has not been published yet."))
            return Response(ws.PublicationSerializer(publication).data)
        d = self.validated(ws.PublicationInputSerializer)
        publication = services.publication_record(by=request.user, work=work, **d)
        return created(ws.PublicationSerializer(publication).data)

    @extend_schema(request=ws.FilingInputSerializer, responses={201: ws.FilingSerializer})
    @action(detail=True, methods=["post"])
    def filing(self, request: Request, pk: str) -> Response:
        """Receive the filing (备案) of a published work named after a unit."""
        work = self.get_object()
        d = self.validated(ws.FilingInputSerializer)
        return created(
            ws.FilingSerializer(services.filing_record(by=request.user, work=work, **d)).data
        )

    def credits_body(self, work: Work, **extra: Any) -> dict[str, Any]:
        credits = work.credits.filter(withdrawn=False).order_by("sort_order", "id")
        return {
            "copyright_holder": ws.UnitBriefSerializer(work.compiler).data,
            "credits": ws.CreditSerializer(credits, many=True).data,
            **extra,
        }

    @extend_schema(methods=["GET"], request=None, responses=ws.CreditsSerializer)
    @extend_schema(
        methods=["POST"],
        request=ws.CreditInputSerializer,
        responses={201: ws.CreditDetailSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def credits(self, request: Request, pk: str) -> Response:
        """署名: the compiling unit holds the copyright; contributors with their roles.
        POST names one more contributor (office admin)."""
        if request.method == "GET":
            return Response(self.credits_body(self.get_object()))
        if Credit.visibility(request.user, CHANGE) is None:
            raise PermissionDenied  # before the body is read, as for any write
        work = self.get_object()
        d = self.validated(ws.CreditInputSerializer)
        credit = services.credit_add(by=request.user, work=work, **d)
        return created(ws.CreditDetailSerializer(credit).data)

    @extend_schema(request=None, responses=ws.CreditsGeneratedSerializer)
    @action(detail=True, methods=["post"], url_path="credits/generate", url_name="credits-generate")
    def credits_generate(self, request: Request, pk: str) -> Response:
        """Credit everyone the records show worked on the work; existing credits stay."""
        work = self.get_object()
        added = services.credits_generate(by=request.user, work=work)
        return Response(self.credits_body(work, added=added))

    @extend_schema(request=None, responses=ws.OutlineRowSerializer(many=True))
    @action(detail=True, methods=["get"])
    def outline(self, request: Request, pk: str) -> Response:
        """The outline in reading order, numbered, limited to the nodes the user sees."""
        return Response(self.outline_body(self.get_object()))

    def outline_body(self, work: Work) -> list[dict[str, Any]]:
        rows = services.outline_rows(work, self.request.user)
        body = [
            {
                "id": row["pk"],
                "depth": row["depth"],
                "number": row["number"],
                "level_label": row["level_label"],
                "title": row["title"],
                "unit": row["unit"],
                "deadline": row["deadline"],
                "expected_length": row["expected_length"],
                "state": row["node"].state,
                "state_label": row["state"],
            }
            for row in rows
        ]
        return ws.OutlineRowSerializer(body, many=True).data

    @extend_schema(
        request={"multipart/form-data": ws.OutlineImportSerializer},
        responses={201: ws.OutlineImportedSerializer},
        description="Import an outline from a Word file: headings 1–4 become 篇, 章, 节 and "
        "目, appended under `parent` or at the top level. All or nothing: a damaged, "
        "encrypted, macro-carrying, oversized or non-Word file adds no node.",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="outline/import",
        url_name="outline-import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def outline_import(self, request: Request, pk: str) -> Response:
        work = self.get_object()
        d = self.validated(ws.OutlineImportSerializer)
        count = services.outline_import_docx(
            by=request.user,
            work=work,
            data=read_upload(d["file"], settings.MAX_UPLOAD_BYTES),
            parent=d.get("parent"),
        )
        return created({"imported": count, "outline": self.outline_body(work)})

    @extend_schema(request=None, responses={(200, DOCX_TYPE): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="outline/docx", url_name="outline-docx")
    def outline_docx(self, request: Request, pk: str) -> HttpResponse:
        """The outline as a Word file (headings by level)."""
        from fangzhi.works.docx_io import outline_to_docx

        work = self.get_object()
        data = outline_to_docx(work.title, services.outline_rows(work, request.user))
        return attachment(data, f"{work.title}（篇目）.docx", DOCX_TYPE)

    @extend_schema(request=None, responses={(200, XLSX_TYPE): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="outline/xlsx", url_name="outline-xlsx")
    def outline_xlsx(self, request: Request, pk: str) -> HttpResponse:
        """The outline as a spreadsheet: one row per node with unit, deadline and state."""
        from fangzhi.works.docx_io import outline_to_xlsx

        work = self.get_object()
        data = outline_to_xlsx(work.title, services.outline_rows(work, request.user))
        return attachment(data, f"{work.title}（篇目）.xlsx", XLSX_TYPE)


# --- outline nodes ----------------------------------------------------------------------------


class OutlineNodeViewSet(VisibleViewSet):
    """The outline (篇目): nodes, their assignment to units and their manuscripts' way."""

    model = OutlineNode
    serializer_class = ws.OutlineNodeSerializer
    filterset_class = filters.OutlineNodeFilter

    def get_queryset(self) -> Any:
        # The parent's id, only when the user may see the parent.
        parents = OutlineNode.objects.visible_to(self.request.user).filter(
            path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - OutlineNode.steplen)
        )
        return (
            super()
            .get_queryset()
            .select_related("work", "unit")
            .annotate(parent_id=Subquery(parents.values("pk")[:1]))
            .order_by("work_id", "path")
        )

    def get_serializer_class(self) -> Any:
        return ws.OutlineNodeSerializer if self.action == "list" else ws.OutlineNodeDetailSerializer

    def respond(self, node: OutlineNode, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().filter(pk=node.pk).first()
        if fresh is None:  # e.g. the unit was taken off the node: answer what changed
            fresh = OutlineNode.objects.select_related("work", "unit").get(pk=node.pk)
            fresh.parent_id = None
        return Response(ws.OutlineNodeDetailSerializer(fresh).data, status=code)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self.respond(self.get_object())

    @extend_schema(request=ws.NodeCreateSerializer, responses={201: ws.OutlineNodeDetailSerializer})
    def create(self, request: Request) -> Response:
        node = services.node_add(by=request.user, **self.validated(ws.NodeCreateSerializer))
        return self.respond(node, status.HTTP_201_CREATED)

    @extend_schema(request=ws.NodeUpdateSerializer, responses=ws.OutlineNodeDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        node = self.get_object()
        d = self.validated(ws.NodeUpdateSerializer, partial=True)
        return self.respond(services.node_update(by=request.user, node=node, **d))

    @extend_schema(request=ws.NodeMoveSerializer, responses=ws.OutlineNodeDetailSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str) -> Response:
        """Move the node and its subtree relative to another node of the same work."""
        node = self.get_object()
        d = self.validated(ws.NodeMoveSerializer)
        return self.respond(services.node_move(by=request.user, node=node, **d))

    @extend_schema(request=ws.NodeShiftSerializer, responses=ws.OutlineNodeDetailSerializer)
    @action(detail=True, methods=["post"])
    def shift(self, request: Request, pk: str) -> Response:
        """Keyboard moves: up, down, indent (under the previous sibling), outdent."""
        node = self.get_object()
        d = self.validated(ws.NodeShiftSerializer)
        return self.respond(services.node_shift(by=request.user, node=node, **d))

    @extend_schema(request=ws.NodeAssignSerializer, responses=ws.OutlineNodeDetailSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str) -> Response:
        """Assign the node to a member unit (承编单位) with a deadline, or take it back."""
        node = self.get_object()
        d = self.validated(ws.NodeAssignSerializer)
        return self.respond(services.node_assign(by=request.user, node=node, **d))

    @extend_schema(request=ws.ReasonSerializer, responses=ws.OutlineNodeDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        """Take the node and its subtree out of the outline; nothing is deleted."""
        node = self.get_object()
        d = self.validated(ws.ReasonSerializer)
        return self.respond(services.node_withdraw(by=request.user, node=node, **d))

    @extend_schema(request=None, responses=ws.OutlineNodeDetailSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request: Request, pk: str) -> Response:
        node = self.get_object()
        return self.respond(services.node_restore(by=request.user, node=node))

    @extend_schema(request=ws.ReviewerAssignSerializer, responses={201: ws.NodeReviewerSerializer})
    @action(detail=True, methods=["post"])
    def reviewers(self, request: Request, pk: str) -> Response:
        """Ask an outside reviewer to read and comment on the node's manuscript."""
        node = self.get_object()
        d = self.validated(ws.ReviewerAssignSerializer)
        assignment = services.reviewer_assign(by=request.user, node=node, **d)
        return created(ws.NodeReviewerSerializer(assignment).data)

    @extend_schema(request=ws.SignOffInputSerializer, responses={201: ws.SignOffSerializer})
    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request: Request, pk: str) -> Response:
        """签发: the unit head submits the latest version, answering for its truth,
        accuracy and completeness."""
        node = self.get_object()
        d = self.validated(ws.SignOffInputSerializer)
        signoff = services.node_sign_off(by=request.user, node=node, **d)
        return created(ws.SignOffSerializer(signoff).data)

    @extend_schema(request=None, responses=ws.OutlineNodeDetailSerializer)
    @action(detail=True, methods=["post"], url_path="start-review")
    def start_review(self, request: Request, pk: str) -> Response:
        node = self.get_object()
        return self.respond(services.node_review_start(by=request.user, node=node))

    @extend_schema(request=ws.ReturnSerializer, responses=ws.OutlineNodeDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str) -> Response:
        """Send the node back to its unit with the reasons, which the unit reads."""
        node = self.get_object()
        d = self.validated(ws.ReturnSerializer)
        return self.respond(services.node_return(by=request.user, node=node, **d))

    @extend_schema(request=None, responses=ws.OutlineNodeDetailSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        node = self.get_object()
        return self.respond(services.node_accept(by=request.user, node=node))

    @extend_schema(
        request={"multipart/form-data": ws.UploadSerializer},
        responses={201: ws.VersionDetailSerializer},
        description="Import a .docx (Word or WPS) as the node's next version. A damaged, "
        "encrypted, macro-carrying or oversized file is refused and nothing is stored; "
        "409 if someone saved since `base_revision`.",
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def upload(self, request: Request, pk: str) -> Response:
        node = self.get_object()
        d = self.validated(ws.UploadSerializer)
        upload = d["file"]
        version = services.version_upload(
            by=request.user,
            node=node,
            data=read_upload(upload, settings.MAX_UPLOAD_BYTES),
            filename=upload.name or "",
            base_revision=d["base_revision"],
        )
        return created(ws.VersionDetailSerializer(version).data)

    @extend_schema(
        request=ws.SaveHtmlSerializer,
        responses={201: ws.VersionDetailSerializer},
        description="Save text edited in the browser as the next version (sanitised); 409 "
        "if someone saved since `base_revision`.",
    )
    @action(detail=True, methods=["post"])
    def save(self, request: Request, pk: str) -> Response:
        node = self.get_object()
        d = self.validated(ws.SaveHtmlSerializer)
        version = services.version_save_html(by=request.user, node=node, **d)
        return created(ws.VersionDetailSerializer(version).data)


# --- manuscript versions ----------------------------------------------------------------------


class CompareQuerySerializer(serializers.Serializer):
    """``?with=<id>``: a version the user can see (``with`` is a Python keyword)."""

    def get_fields(self) -> dict[str, Any]:
        return {"with": VisiblePK(ManuscriptVersion, label=_("compare with"))}


class ManuscriptVersionViewSet(ReadOnlyVisibleViewSet):
    """Every saved version of a node's manuscript: written once, never changed."""

    model = ManuscriptVersion
    serializer_class = ws.VersionSerializer
    filterset_class = filters.VersionFilter

    def get_queryset(self) -> Any:
        return (
            super().get_queryset().select_related("author").order_by("node_id", F("number").desc())
        )

    def get_serializer_class(self) -> Any:
        return ws.VersionSerializer if self.action == "list" else ws.VersionDetailSerializer

    @extend_schema(request=None, responses={(200, DOCX_TYPE): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def docx(self, request: Request, pk: str) -> HttpResponse:
        """The version as a Word file."""
        version = self.get_object()
        data = services.version_export_docx(version)
        return attachment(data, f"{version.node.title}（第{version.number}稿）.docx", DOCX_TYPE)

    @extend_schema(
        request=None,
        parameters=[
            OpenApiParameter(
                "with", int, required=True, description="The other version of the same node."
            )
        ],
        responses=ws.CompareSerializer,
    )
    @action(detail=True, methods=["get"])
    def compare(self, request: Request, pk: str) -> Response:
        """Side by side, character by character, older version on the left."""
        version = self.get_object()
        query = CompareQuerySerializer(data=request.query_params, context={"request": request})
        try:
            query.is_valid(raise_exception=True)
        except ValidationError as exc:
            exc.serializer = query  # type: ignore[attr-defined]  # the field's label in 400s
            raise
        old, new = sorted([version, query.validated_data["with"]], key=lambda v: v.number)
        result = services.versions_compare(old, new)
        body = {
            "old": ws.VersionBriefSerializer(old).data,
            "new": ws.VersionBriefSerializer(new).data,
            **result,
        }
        return Response(ws.CompareSerializer(body).data)


# --- comments, review decisions, notifications ------------------------------------------------


class CommentViewSet(VisibleViewSet):
    """Remarks on passages of a version; resolved, never deleted."""

    model = Comment
    serializer_class = ws.CommentSerializer
    filterset_class = filters.CommentFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("author", "version")

    @extend_schema(request=ws.CommentCreateSerializer, responses={201: ws.CommentSerializer})
    def create(self, request: Request) -> Response:
        comment = services.comment_add(
            by=request.user, **self.validated(ws.CommentCreateSerializer)
        )
        return created(ws.CommentSerializer(comment).data)

    @extend_schema(request=ws.CommentResolveSerializer, responses=ws.CommentSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, pk: str) -> Response:
        comment = self.get_object()
        d = self.validated(ws.CommentResolveSerializer)
        return Response(
            ws.CommentSerializer(
                services.comment_resolve(by=request.user, comment=comment, **d)
            ).data
        )


class ReviewDecisionViewSet(ReadOnlyVisibleViewSet):
    """Decisions of the works' review steps; recorded through ``works/{id}/review-steps/``."""

    model = ReviewDecision
    serializer_class = ws.ReviewDecisionSerializer
    filterset_class = filters.ReviewDecisionFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("recorded_by")


class CreditViewSet(VisibleViewSet):
    """Credits (署名) of every work the user sees, withdrawn ones included (marked);
    added through ``works/{id}/credits/``, withdrawn here, never deleted."""

    model = Credit
    serializer_class = ws.CreditDetailSerializer
    filterset_class = filters.CreditFilter

    @extend_schema(request=None, responses=ws.CreditDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        """Take a contributor off the credits; the row stays, marked withdrawn."""
        credit = services.credit_withdraw(by=request.user, credit=self.get_object())
        return Response(ws.CreditDetailSerializer(credit).data)


class NodeReviewerViewSet(VisibleViewSet):
    """Outside reviewers asked to read nodes: the office sees every assignment, a reviewer
    their own. Assigned through ``outline-nodes/{id}/reviewers/``."""

    model = NodeReviewer
    serializer_class = ws.NodeReviewerSerializer
    permission_classes = SEES_SOME_ROWS
    filterset_class = filters.NodeReviewerFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("node", "reviewer").order_by("-assigned_at")

    @extend_schema(request=None, responses=ws.NodeReviewerSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str) -> Response:
        """The reviewer no longer reads the node (and no longer sees it)."""
        assignment = services.reviewer_end(by=request.user, assignment=self.get_object())
        return Response(ws.NodeReviewerSerializer(assignment).data)


class NotificationViewSet(VisibleViewSet):
    """The user's own notifications (assignments, returns, comments, reminders)."""

    model = Notification
    serializer_class = ws.NotificationSerializer
    filterset_class = filters.NotificationFilter

    @extend_schema(request=None, responses=ws.NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str) -> Response:
        notification = notification_read(by=request.user, notification=self.get_object())
        return Response(ws.NotificationSerializer(notification).data)
