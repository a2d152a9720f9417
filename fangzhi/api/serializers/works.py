"""Serializers for works, outlines, manuscripts, comments, reviews and notifications.

Output serializers are read-only; input serializers check shape only (types, required
fields, ids the user can see). The works services judge everything else: the order of
review steps, the fixed lower limit, one yearbook a year, who may act.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fangzhi.accounts.models import User
from fangzhi.core.models import Notification
from fangzhi.org.models import Unit
from fangzhi.works.models import (
    Comment,
    Credit,
    Filing,
    LowerLimitChange,
    ManuscriptVersion,
    NodeEvent,
    NodeReviewer,
    OutlineNode,
    Publication,
    ReviewDecision,
    SignOff,
    Work,
)
from fangzhi.works.pipelines import pipeline_for
from fangzhi.works.services import current_step, filing_due, filing_overdue
from fangzhi.works.services.common import today
from fangzhi.works.services.outline import POSITIONS

from ..filters import OWING_STATES
from .base import StrictSerializer, VisiblePK, label


def _text(model: type, field: str, max_length: int | None = None, **kwargs: Any) -> Any:
    """A text input; blank is let through so that the service says what is missing."""
    kwargs.setdefault("allow_blank", True)
    if max_length is not None:
        kwargs["max_length"] = max_length
    return serializers.CharField(label=label(model, field), **kwargs)


def _optional_int(model: type, field: str) -> Any:
    return serializers.IntegerField(required=False, allow_null=True, label=label(model, field))


def _optional_date(model: type, field: str) -> Any:
    return serializers.DateField(required=False, allow_null=True, label=label(model, field))


# --- review decisions, publication, filing, credits -------------------------------------------


class ReviewDecisionSerializer(serializers.ModelSerializer):
    step_label = serializers.CharField(read_only=True)
    recorded_by_name = serializers.CharField(source="recorded_by.__str__", read_only=True)

    class Meta:
        model = ReviewDecision
        fields = [
            "id",
            "work",
            "step",
            "step_label",
            "step_index",
            "round",
            "decision",
            "reasons",
            "document_number",
            "decided_on",
            "attachment_name",
            "recorded_by",
            "recorded_by_name",
            "recorded_at",
        ]
        read_only_fields = fields


class ReviewStepSerializer(StrictSerializer):
    """One step's decision (JSON); the work must wait at ``step``."""

    step = serializers.CharField(max_length=40, label=label(ReviewDecision, "step"))
    decision = serializers.ChoiceField(
        choices=ReviewDecision.Decision.choices, label=label(ReviewDecision, "decision")
    )
    reasons = _text(ReviewDecision, "reasons", required=False, default="")
    document_number = _text(ReviewDecision, "document_number", 100, required=False, default="")
    decided_on = serializers.DateField(label=label(ReviewDecision, "decided_on"))


class ReviewStepUploadSerializer(ReviewStepSerializer):
    """The same as a multipart form, optionally with the decision document attached."""

    attachment = serializers.FileField(required=False, label=label(ReviewDecision, "attachment"))


class PublicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Publication
        fields = [
            "id",
            "work",
            "publisher",
            "isbn",
            "published_on",
            "print_run",
            "copies_deposited",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields


class PublicationInputSerializer(StrictSerializer):
    publisher = _text(Publication, "publisher", 100)
    published_on = serializers.DateField(label=label(Publication, "published_on"))
    isbn = _text(Publication, "isbn", 40, required=False, default="")
    print_run = _optional_int(Publication, "print_run")
    copies_deposited = _optional_int(Publication, "copies_deposited")


class FilingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Filing
        fields = ["id", "work", "filed_on", "document_number", "notes", "received_by"]
        read_only_fields = fields


class FilingInputSerializer(StrictSerializer):
    filed_on = serializers.DateField(label=label(Filing, "filed_on"))
    document_number = _text(Filing, "document_number", 100, required=False, default="")
    notes = _text(Filing, "notes", required=False, default="")


class CreditSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Credit
        fields = ["id", "role", "role_label", "name", "unit_name", "person", "source"]
        read_only_fields = fields


class CreditDetailSerializer(CreditSerializer):
    """A credit as a record of its own: its work, its place in the list, and whether it
    has been withdrawn (withdrawn credits stay, marked)."""

    class Meta(CreditSerializer.Meta):
        fields = [*CreditSerializer.Meta.fields, "work", "sort_order", "withdrawn"]
        read_only_fields = fields


class CreditInputSerializer(StrictSerializer):
    """One contributor to name in the work (署名)."""

    role = serializers.ChoiceField(choices=Credit.Role.choices, label=label(Credit, "role"))
    name = _text(Credit, "name", 64)
    unit_name = _text(Credit, "unit_name", 100, required=False, default="")
    person = VisiblePK(
        User,
        required=False,
        allow_null=True,
        label=label(Credit, "person"),
        help_text="The contributor's account, if they have one.",
    )


class UnitBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name"]
        read_only_fields = fields


class CreditsSerializer(serializers.Serializer):
    """署名: the compiling unit holds the copyright; every contributor with their role."""

    copyright_holder = UnitBriefSerializer()
    credits = CreditSerializer(many=True)


class CreditsGeneratedSerializer(CreditsSerializer):
    added = serializers.IntegerField(help_text="How many credits the records added.")


class LowerLimitChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = LowerLimitChange
        fields = ["id", "old_value", "new_value", "document_number", "reason", "changed_at"]
        read_only_fields = fields


# --- works ------------------------------------------------------------------------------------


class WorkSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    compiler_name = serializers.CharField(source="compiler.name", read_only=True)

    class Meta:
        model = Work
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "compiler",
            "compiler_name",
            "year",
            "upper_limit",
            "lower_limit",
            "lower_limit_fixed",
            "planned_start",
            "planned_finish",
            "status",
            "status_label",
            "review_round",
            "based_on",
            "notes",
            "created_at",
        ]
        read_only_fields = fields


class StepSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    actor = serializers.ChoiceField(
        choices=["office", "compiler_head", "external"],
        help_text="Who takes it: the office, the compiling unit's head, or an office admin "
        "recording a decision made outside the system.",
    )
    needs_document = serializers.BooleanField()
    state = serializers.ChoiceField(
        choices=["passed", "current", "returned", "pending"], required=False
    )


def _step(step: Any, state: str | None = None) -> dict[str, Any]:
    row = {
        "code": step.code,
        "label": str(step.label),
        "actor": step.actor,
        "needs_document": step.needs_document,
    }
    if state is not None:
        row["state"] = state
    return row


class WorkDetailSerializer(WorkSerializer):
    """A work with where it stands in its review chain, publication and filing."""

    current_step = serializers.SerializerMethodField()
    pipeline = serializers.SerializerMethodField()
    decisions = ReviewDecisionSerializer(many=True, read_only=True)
    publication = serializers.SerializerMethodField()
    filing = serializers.SerializerMethodField()
    filing_due = serializers.SerializerMethodField()
    filing_overdue = serializers.SerializerMethodField()
    lower_limit_changes = LowerLimitChangeSerializer(many=True, read_only=True)

    class Meta(WorkSerializer.Meta):
        fields = [
            *WorkSerializer.Meta.fields,
            "current_step",
            "pipeline",
            "decisions",
            "publication",
            "filing",
            "filing_due",
            "filing_overdue",
            "lower_limit_changes",
        ]
        read_only_fields = fields

    @extend_schema_field(StepSerializer(allow_null=True))
    def get_current_step(self, work: Work) -> dict | None:
        step = current_step(work)
        return _step(step) if step else None

    @extend_schema_field(StepSerializer(many=True))
    def get_pipeline(self, work: Work) -> list[dict]:
        done = work.status in (Work.Status.APPROVED, Work.Status.PUBLISHED, Work.Status.FILED)
        rows = []
        for index, step in enumerate(pipeline_for(work)):
            if done or index < work.step_index:
                state = "passed"
            elif index == work.step_index and work.status == Work.Status.IN_REVIEW:
                state = "current"
            elif index == work.step_index and work.status == Work.Status.RETURNED:
                state = "returned"
            else:
                state = "pending"
            rows.append(_step(step, state))
        return rows

    @extend_schema_field(PublicationSerializer(allow_null=True))
    def get_publication(self, work: Work) -> dict | None:
        publication = getattr(work, "publication", None)
        return PublicationSerializer(publication).data if publication else None

    @extend_schema_field(FilingSerializer(allow_null=True))
    def get_filing(self, work: Work) -> dict | None:
        filing = getattr(work, "filing", None)
        return FilingSerializer(filing).data if filing else None

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_filing_due(self, work: Work) -> Any:
        """Works named after a town, street, unit or enterprise: the last day to file."""
        return filing_due(work)

    @extend_schema_field(serializers.BooleanField())
    def get_filing_overdue(self, work: Work) -> bool:
        return filing_overdue(work)


class WorkCreateSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=Work.Kind.choices, label=label(Work, "kind"))
    title = _text(Work, "title", 200)
    compiler = VisiblePK(Unit, label=label(Work, "compiler"))
    year = _optional_int(Work, "year")
    upper_limit = _optional_int(Work, "upper_limit")
    lower_limit = _optional_int(Work, "lower_limit")
    planned_start = _optional_date(Work, "planned_start")
    planned_finish = _optional_date(Work, "planned_finish")
    notes = _text(Work, "notes", required=False, default="")


class WorkUpdateSerializer(StrictSerializer):
    title = _text(Work, "title", 200, required=False)
    upper_limit = _optional_int(Work, "upper_limit")
    lower_limit = _optional_int(Work, "lower_limit")
    planned_start = _optional_date(Work, "planned_start")
    planned_finish = _optional_date(Work, "planned_finish")
    notes = _text(Work, "notes", required=False)


class LowerLimitChangeInputSerializer(StrictSerializer):
    """A fixed lower limit (下限) changed by an approving decision (文号)."""

    new_value = serializers.IntegerField(label=label(LowerLimitChange, "new_value"))
    document_number = _text(LowerLimitChange, "document_number", 100)
    reason = _text(LowerLimitChange, "reason", required=False, default="")


class NextYearbookSerializer(StrictSerializer):
    year = serializers.IntegerField(label=label(Work, "year"))
    title = _text(
        Work,
        "title",
        200,
        required=False,
        default="",
        help_text="Empty: last year's title with the year replaced.",
    )


class OutlineRowSerializer(serializers.Serializer):
    """One row of the outline in reading order, numbered 1, 1.1, 1.1.1 …"""

    id = serializers.IntegerField()
    depth = serializers.IntegerField()
    number = serializers.CharField()
    level_label = serializers.CharField()
    title = serializers.CharField()
    unit = serializers.CharField(help_text="The assigned unit's name, or empty.")
    deadline = serializers.DateField(allow_null=True)
    expected_length = serializers.IntegerField(allow_null=True)
    state = serializers.ChoiceField(choices=OutlineNode.State.choices)
    state_label = serializers.CharField()


class OutlineImportedSerializer(serializers.Serializer):
    imported = serializers.IntegerField(help_text="How many nodes the Word file added.")
    outline = OutlineRowSerializer(many=True, help_text="The outline after the import.")


# --- outline nodes ----------------------------------------------------------------------------


class OutlineNodeSerializer(serializers.ModelSerializer):
    work_title = serializers.CharField(source="work.title", read_only=True)
    parent = serializers.IntegerField(
        source="parent_id",
        read_only=True,
        allow_null=True,
        help_text="The parent node, if the user may see it.",
    )
    level_label = serializers.CharField(read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True, default=None)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = OutlineNode
        fields = [
            "id",
            "work",
            "work_title",
            "parent",
            "depth",
            "level_label",
            "title",
            "unit",
            "unit_name",
            "deadline",
            "expected_length",
            "quality_standard",
            "notes",
            "state",
            "state_label",
            "withdrawn",
            "revision",
            "overdue",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_overdue(self, node: OutlineNode) -> bool:
        """Past its deadline while the unit still owes the manuscript."""
        return bool(
            node.deadline
            and not node.withdrawn
            and node.state in OWING_STATES
            and node.deadline < today()
        )


class NodeEventSerializer(serializers.ModelSerializer):
    action_label = serializers.CharField(source="get_action_display", read_only=True)
    by_name = serializers.CharField(source="by.__str__", read_only=True)

    class Meta:
        model = NodeEvent
        fields = ["id", "action", "action_label", "reason", "version", "by", "by_name", "at"]
        read_only_fields = fields


class VersionBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = ManuscriptVersion
        fields = ["id", "number", "created_at"]
        read_only_fields = fields


class OutlineNodeDetailSerializer(OutlineNodeSerializer):
    """A node with its latest version and its history (a return's reasons are there)."""

    latest_version = serializers.SerializerMethodField()
    events = NodeEventSerializer(many=True, read_only=True)

    class Meta(OutlineNodeSerializer.Meta):
        fields = [*OutlineNodeSerializer.Meta.fields, "latest_version", "events"]
        read_only_fields = fields

    @extend_schema_field(VersionBriefSerializer(allow_null=True))
    def get_latest_version(self, node: OutlineNode) -> dict | None:
        latest = node.versions.order_by("-number").first()
        return VersionBriefSerializer(latest).data if latest else None


class NodeCreateSerializer(StrictSerializer):
    work = VisiblePK(Work, label=label(OutlineNode, "work"))
    parent = VisiblePK(
        OutlineNode,
        required=False,
        allow_null=True,
        label=_("parent node"),
        help_text="Empty: a node at the top level of the outline.",
    )
    title = _text(OutlineNode, "title", 200)
    quality_standard = _text(OutlineNode, "quality_standard", required=False, default="")
    notes = _text(OutlineNode, "notes", required=False, default="")
    expected_length = _optional_int(OutlineNode, "expected_length")


class NodeUpdateSerializer(StrictSerializer):
    title = _text(OutlineNode, "title", 200, required=False)
    quality_standard = _text(OutlineNode, "quality_standard", required=False)
    notes = _text(OutlineNode, "notes", required=False)
    expected_length = _optional_int(OutlineNode, "expected_length")


class NodeMoveSerializer(StrictSerializer):
    target = VisiblePK(OutlineNode, label=_("target node"))
    position = serializers.ChoiceField(
        choices=POSITIONS,
        label=_("position"),
        help_text="first-child/last-child of the target, or left/right of it.",
    )


class NodeShiftSerializer(StrictSerializer):
    direction = serializers.ChoiceField(
        choices=["up", "down", "indent", "outdent"], label=_("direction")
    )


class NodeAssignSerializer(StrictSerializer):
    unit = VisiblePK(
        Unit,
        allow_null=True,
        label=label(OutlineNode, "unit"),
        help_text="null takes the assignment back.",
    )
    deadline = _optional_date(OutlineNode, "deadline")
    expected_length = _optional_int(OutlineNode, "expected_length")


class ReasonSerializer(StrictSerializer):
    reason = _text(NodeEvent, "reason", required=False, default="")


class ReturnSerializer(StrictSerializer):
    reason = _text(NodeEvent, "reason")


class ReviewerAssignSerializer(StrictSerializer):
    reviewer = VisiblePK(User, label=label(NodeReviewer, "reviewer"))


class NodeReviewerSerializer(serializers.ModelSerializer):
    reviewer_name = serializers.CharField(source="reviewer.__str__", read_only=True)
    node_title = serializers.CharField(source="node.title", read_only=True)
    work = serializers.IntegerField(source="node.work_id", read_only=True)
    is_current = serializers.SerializerMethodField()

    class Meta:
        model = NodeReviewer
        fields = [
            "id",
            "node",
            "node_title",
            "work",
            "reviewer",
            "reviewer_name",
            "assigned_at",
            "ended_at",
            "is_current",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_is_current(self, assignment: NodeReviewer) -> bool:
        """Still asked to read the node (not ended)."""
        return assignment.ended_at is None


class OutlineImportSerializer(StrictSerializer):
    file = serializers.FileField(label=_("Word file (.docx)"))
    parent = VisiblePK(
        OutlineNode,
        required=False,
        allow_null=True,
        label=_("parent node"),
        help_text="Empty: the imported headings go to the top level of the outline.",
    )


class SignOffInputSerializer(StrictSerializer):
    version = VisiblePK(
        ManuscriptVersion,
        required=False,
        allow_null=True,
        label=label(SignOff, "version"),
        help_text="Empty: the latest version (only the latest can be signed off).",
    )
    statement = _text(
        SignOff,
        "statement",
        required=False,
        default="",
        help_text="Empty: the standard statement that the unit answers for truth, accuracy "
        "and completeness.",
    )


class SignOffSerializer(serializers.ModelSerializer):
    class Meta:
        model = SignOff
        fields = ["id", "node", "version", "unit", "signed_by", "signed_at", "statement"]
        read_only_fields = fields


class UploadSerializer(StrictSerializer):
    file = serializers.FileField(label=_("Word file (.docx)"))
    base_revision = serializers.IntegerField(
        min_value=0,
        label=_("base revision"),
        help_text="The node's `revision` the user started from; 409 if someone saved since.",
    )


class SaveHtmlSerializer(StrictSerializer):
    html = serializers.CharField(
        allow_blank=True, trim_whitespace=False, label=label(ManuscriptVersion, "html")
    )
    base_revision = serializers.IntegerField(
        min_value=0,
        label=_("base revision"),
        help_text="The node's `revision` the user started from; 409 if someone saved since.",
    )
    note = _text(ManuscriptVersion, "note", 200, required=False, default="")


# --- manuscript versions and comments ---------------------------------------------------------


class VersionSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.__str__", read_only=True)

    class Meta:
        model = ManuscriptVersion
        fields = [
            "id",
            "node",
            "number",
            "source",
            "source_name",
            "char_count",
            "warnings",
            "note",
            "based_on",
            "author",
            "author_name",
            "created_at",
        ]
        read_only_fields = fields


class VersionDetailSerializer(VersionSerializer):
    class Meta(VersionSerializer.Meta):
        fields = [*VersionSerializer.Meta.fields, "html", "text"]
        read_only_fields = fields


class CompareRowSerializer(serializers.Serializer):
    old = serializers.CharField(help_text="Escaped text; deletions in <del>.")
    new = serializers.CharField(help_text="Escaped text; insertions in <ins>.")
    changed = serializers.BooleanField()


class CompareStatsSerializer(serializers.Serializer):
    inserted = serializers.IntegerField()
    deleted = serializers.IntegerField()


class CompareSerializer(serializers.Serializer):
    old = VersionBriefSerializer()
    new = VersionBriefSerializer()
    rows = CompareRowSerializer(many=True)
    stats = CompareStatsSerializer()


class CommentSerializer(serializers.ModelSerializer):
    node = serializers.IntegerField(source="version.node_id", read_only=True)
    author_name = serializers.CharField(source="author.__str__", read_only=True)
    is_resolved = serializers.BooleanField(read_only=True)

    class Meta:
        model = Comment
        fields = [
            "id",
            "version",
            "node",
            "quote",
            "start",
            "end",
            "body",
            "author",
            "author_name",
            "created_at",
            "is_resolved",
            "resolved_at",
            "resolved_by",
            "resolution",
        ]
        read_only_fields = fields


class CommentCreateSerializer(StrictSerializer):
    version = VisiblePK(ManuscriptVersion, label=label(Comment, "version"))
    body = _text(Comment, "body")
    quote = _text(Comment, "quote", required=False, default="")
    start = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, label=label(Comment, "start")
    )
    end = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, label=label(Comment, "end")
    )


class CommentResolveSerializer(StrictSerializer):
    resolution = _text(Comment, "resolution", required=False, default="")


# --- notifications ----------------------------------------------------------------------------


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "created_at", "read_at", "is_read"]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_is_read(self, notification: Notification) -> bool:
        return notification.read_at is not None
