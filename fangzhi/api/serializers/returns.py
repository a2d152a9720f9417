"""Serializers for the annual returns (资料年报): campaigns, submissions, entries and
signed-off versions.

Output serializers are read-only; input serializers check shape only (types, ids the user
can see, which fields a category's form has). The returns services judge the rest: dates
in the campaign's year, 生不立传, a file's kind by its content, stale revisions, who may
sign off, return or accept.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.fields import empty

from fangzhi.org.models import Unit
from fangzhi.returns.models import (
    Campaign,
    Category,
    Entry,
    ReportingUnit,
    Submission,
    SubmissionEvent,
    SubmissionVersion,
    YearbookMapping,
)
from fangzhi.works.models import OutlineNode, Work

from .base import StrictSerializer, VisiblePK, label


def _text(model: type, field: str, max_length: int | None = None, **kwargs: Any) -> Any:
    """A text input; blank is let through so that the service says what is missing."""
    kwargs.setdefault("allow_blank", True)
    kwargs.setdefault("required", False)
    if max_length is not None:
        kwargs["max_length"] = max_length
    return serializers.CharField(label=label(model, field), **kwargs)


class FormBoolean(serializers.BooleanField):
    """A tick box that, left out of a multipart form, counts as not sent (DRF reads it as
    ``False``), so a field the category does not have is not invented."""

    default_empty_html = empty


def _base_revision() -> Any:
    return serializers.IntegerField(
        min_value=0,
        label=_("base revision"),
        help_text="The return's `revision` the user started from; 409 if it changed since.",
    )


# --- campaigns --------------------------------------------------------------------------------


class CampaignSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    yearbook_title = serializers.CharField(source="yearbook.title", read_only=True, default=None)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "year",
            "yearbook",
            "yearbook_title",
            "due_on",
            "instructions",
            "status",
            "status_label",
            "based_on",
            "created_at",
        ]
        read_only_fields = fields


class ReportingUnitSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = ReportingUnit
        fields = ["id", "unit", "unit_name", "active"]
        read_only_fields = fields


class MappingSerializer(serializers.ModelSerializer):
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True, default=None)
    node_title = serializers.CharField(source="node.title", read_only=True)

    class Meta:
        model = YearbookMapping
        fields = [
            "id",
            "campaign",
            "category",
            "category_label",
            "unit",
            "unit_name",
            "node",
            "node_title",
            "active",
        ]
        read_only_fields = fields


class StatusCountSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Submission.Status.choices)
    status_label = serializers.CharField()
    count = serializers.IntegerField()


class CampaignDetailSerializer(CampaignSerializer):
    """A campaign with its reporting units, its mapping to the yearbook's outline and how
    many returns stand in each status — all limited to what the user may see (a unit's
    people see their own unit's row and returns, and no mapping)."""

    reporting_units = serializers.SerializerMethodField()
    mappings = serializers.SerializerMethodField()
    counts = serializers.SerializerMethodField()

    class Meta(CampaignSerializer.Meta):
        fields = [*CampaignSerializer.Meta.fields, "reporting_units", "mappings", "counts"]
        read_only_fields = fields

    def _user(self) -> Any:
        request = self.context.get("request")
        return getattr(request, "user", None)

    @extend_schema_field(ReportingUnitSerializer(many=True))
    def get_reporting_units(self, campaign: Campaign) -> list[dict]:
        rows = (
            ReportingUnit.objects.visible_to(self._user())
            .filter(campaign=campaign, active=True)
            .select_related("unit")
            .order_by("unit__sort_order", "unit_id")
        )
        return ReportingUnitSerializer(rows, many=True).data

    @extend_schema_field(MappingSerializer(many=True))
    def get_mappings(self, campaign: Campaign) -> list[dict]:
        rows = (
            YearbookMapping.objects.visible_to(self._user())
            .filter(campaign=campaign, active=True)
            .select_related("unit", "node")
            .order_by("category", "id")
        )
        return MappingSerializer(rows, many=True).data

    @extend_schema_field(StatusCountSerializer(many=True))
    def get_counts(self, campaign: Campaign) -> list[dict]:
        """Returns of the active reporting units, by status (every status, zeros too)."""
        active = campaign.reporting_units.filter(active=True).values("unit_id")
        statuses = list(
            Submission.objects.visible_to(self._user())
            .filter(campaign=campaign, unit_id__in=active)
            .values_list("status", flat=True)
        )
        return [
            {"status": value, "status_label": str(text), "count": statuses.count(value)}
            for value, text in Submission.Status.choices
        ]


class CampaignCreateSerializer(StrictSerializer):
    year = serializers.IntegerField(label=label(Campaign, "year"))
    yearbook = VisiblePK(
        Work,
        required=False,
        allow_null=True,
        label=label(Campaign, "yearbook"),
        help_text="That year's yearbook; its contributing units become the reporting units.",
    )
    due_on = serializers.DateField(label=label(Campaign, "due_on"))
    instructions = _text(Campaign, "instructions", default="")
    units = serializers.ListField(
        child=VisiblePK(Unit),
        required=False,
        allow_empty=True,
        max_length=1000,
        label=_("reporting units"),
        help_text="Leave out to take the yearbook's contributing units (承编单位).",
    )


class CampaignUpdateSerializer(StrictSerializer):
    due_on = serializers.DateField(required=False, label=label(Campaign, "due_on"))
    instructions = _text(Campaign, "instructions")


class CampaignUnitsSerializer(StrictSerializer):
    units = serializers.ListField(
        child=VisiblePK(Unit),
        allow_empty=True,
        max_length=1000,
        label=_("reporting units"),
        help_text="The complete set: new units are added, units left out stop reporting "
        "(what they filed stays).",
    )


class CampaignNextSerializer(StrictSerializer):
    due_on = serializers.DateField(
        required=False,
        allow_null=True,
        label=label(Campaign, "due_on"),
        help_text="Empty: last year's due date a year on.",
    )
    yearbook = VisiblePK(
        Work,
        required=False,
        allow_null=True,
        label=label(Campaign, "yearbook"),
        help_text="Empty: the same compiler's yearbook of the next year, if there is one.",
    )


class MappingInputSerializer(StrictSerializer):
    category = serializers.ChoiceField(
        choices=Category.choices, label=label(YearbookMapping, "category")
    )
    node = VisiblePK(OutlineNode, label=label(YearbookMapping, "node"))
    unit = VisiblePK(
        Unit,
        required=False,
        allow_null=True,
        label=_("unit"),
        help_text="Empty: the category's entries of every unit.",
    )


class BoardCellSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=Category.choices)
    submission = serializers.IntegerField(allow_null=True)
    status = serializers.ChoiceField(choices=Submission.Status.choices)
    status_label = serializers.CharField()
    overdue = serializers.BooleanField()


class BoardRowSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    done = serializers.IntegerField(help_text="Categories signed off (submitted or accepted).")
    overdue = serializers.IntegerField(help_text="Categories overdue.")
    cells = BoardCellSerializer(many=True)


class CategorySerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=Category.choices)
    label = serializers.CharField()


class BoardSerializer(serializers.Serializer):
    """The office's progress board: reporting units × the seven categories."""

    campaign = CampaignSerializer()
    categories = CategorySerializer(many=True)
    rows = BoardRowSerializer(many=True)


# --- submissions ------------------------------------------------------------------------------


class SubmissionSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="campaign.year", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    due_on = serializers.DateField(source="campaign.due_on", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = [
            "id",
            "campaign",
            "year",
            "unit",
            "unit_name",
            "category",
            "category_label",
            "status",
            "status_label",
            "revision",
            "due_on",
            "overdue",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_overdue(self, submission: Submission) -> bool:
        """Past the campaign's due date and not signed off (a returned one is owed again)."""
        from fangzhi.returns.selectors import is_overdue

        return is_overdue(submission.status, submission.campaign.due_on)


class SubmissionEventSerializer(serializers.ModelSerializer):
    action_label = serializers.CharField(source="get_action_display", read_only=True)
    by_name = serializers.CharField(source="by.__str__", read_only=True)

    class Meta:
        model = SubmissionEvent
        fields = ["id", "action", "action_label", "reason", "version", "by", "by_name", "at"]
        read_only_fields = fields


class SubmissionVersionSerializer(serializers.ModelSerializer):
    signed_by_name = serializers.CharField(source="signed_by.__str__", read_only=True)
    entries = serializers.SerializerMethodField()

    class Meta:
        model = SubmissionVersion
        fields = [
            "id",
            "submission",
            "number",
            "statement",
            "signed_by",
            "signed_by_name",
            "signed_at",
            "entries",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField())
    def get_entries(self, version: SubmissionVersion) -> int:
        """How many entries were signed off."""
        return len(version.snapshot or [])


class SubmissionVersionDetailSerializer(SubmissionVersionSerializer):
    """A signed-off version with its entries exactly as they were signed off."""

    snapshot = serializers.JSONField(read_only=True, help_text="The entries as signed off.")

    class Meta(SubmissionVersionSerializer.Meta):
        fields = [*SubmissionVersionSerializer.Meta.fields, "snapshot"]
        read_only_fields = fields


class SubmissionDetailSerializer(SubmissionSerializer):
    """A return with its history (a return's reasons are there) and every signed-off
    version (kept for ever)."""

    entry_count = serializers.SerializerMethodField()
    is_editable = serializers.BooleanField(read_only=True)
    events = SubmissionEventSerializer(many=True, read_only=True)
    versions = SubmissionVersionSerializer(many=True, read_only=True)

    class Meta(SubmissionSerializer.Meta):
        fields = [
            *SubmissionSerializer.Meta.fields,
            "is_editable",
            "entry_count",
            "events",
            "versions",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField())
    def get_entry_count(self, submission: Submission) -> int:
        """Entries not withdrawn."""
        return submission.entries.filter(withdrawn=False).count()


class SubmissionSignOffSerializer(StrictSerializer):
    statement = _text(
        SubmissionVersion,
        "statement",
        default="",
        help_text="Empty: the standard statement that the unit answers for the truth, "
        "accuracy and completeness of what it submits.",
    )


class ReturnInputSerializer(StrictSerializer):
    reason = serializers.CharField(allow_blank=True, label=label(SubmissionEvent, "reason"))


class TableUploadSerializer(StrictSerializer):
    file = serializers.FileField(label=_("Excel workbook (.xlsx)"))
    base_revision = _base_revision()


class PackageInputSerializer(StrictSerializer):
    campaign = VisiblePK(Campaign, label=_("campaign"))
    unit = VisiblePK(
        Unit,
        required=False,
        allow_null=True,
        label=_("unit"),
        help_text="Empty: the user's own unit (required for the office).",
    )


class PackageQuerySerializer(serializers.Serializer):
    job = serializers.IntegerField(min_value=1, label=_("job"))


# --- entries ----------------------------------------------------------------------------------

COMMON_FIELDS = ("title", "text", "source", "date", "backfilled", "place", "file")
# The fields each category's form has besides the common ones (entries.py, 三.六).
CATEGORY_FIELDS: dict[str, tuple[str, ...]] = {
    Category.OVERVIEW: ("fields",),
    Category.CHRONICLE: (),
    Category.TOPIC: ("author",),
    Category.PEOPLE: (
        "name",
        "sex",
        "born",
        "died",
        "native_place",
        "posts",
        "honours",
        "is_biography",
    ),
    Category.DOCUMENTS: ("issuer", "document_number"),
    Category.MEDIA: ("author", "rights"),
    Category.OTHER: ("author",),
}


def category_fields(category: str) -> set[str]:
    return {*COMMON_FIELDS, *CATEGORY_FIELDS.get(category, ())}


class EntrySerializer(serializers.ModelSerializer):
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    unit = serializers.IntegerField(source="submission.unit_id", read_only=True)
    campaign = serializers.IntegerField(source="submission.campaign_id", read_only=True)
    date = serializers.SerializerMethodField()
    sex_label = serializers.CharField(source="get_sex_display", read_only=True)
    has_file = serializers.SerializerMethodField()
    file_size = serializers.IntegerField(source="file.size", read_only=True, default=None)
    file_sha256 = serializers.CharField(source="file.sha256", read_only=True, default=None)
    created_by_name = serializers.CharField(source="created_by.__str__", read_only=True)
    fields = serializers.SerializerMethodField(method_name="figures_object")

    class Meta:
        model = Entry
        fields = [
            "id",
            "submission",
            "campaign",
            "unit",
            "category",
            "category_label",
            "title",
            "text",
            "date",
            "date_year",
            "date_month",
            "date_day",
            "date_season",
            "date_precision",
            "backfilled",
            "place",
            "source",
            "name",
            "sex",
            "sex_label",
            "born",
            "died",
            "native_place",
            "posts",
            "honours",
            "is_biography",
            "issuer",
            "document_number",
            "author",
            "rights",
            "fields",
            "table",
            "has_file",
            "file_name",
            "content_type",
            "file_size",
            "file_sha256",
            "withdrawn",
            "created_by",
            "created_by_name",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_date(self, entry: Entry) -> str | None:
        """The date as precise as it is known, in the form the API accepts back."""
        return entry_date_text(entry)

    @extend_schema_field(serializers.BooleanField())
    @extend_schema_field({"type": "object", "additionalProperties": {"type": "string"}})
    def figures_object(self, entry: Entry) -> dict[str, str]:
        """The overview's figures as label → value, in the order they were entered."""
        return dict(entry.figures)

    def get_has_file(self, entry: Entry) -> bool:
        """The attachment is downloaded from ``returns-entries/{id}/file/``."""
        return entry.file_id is not None


class EntrySavedSerializer(EntrySerializer):
    warnings = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Saved, but worth a look: e.g. a chronicle entry with the same date and "
        "text is already in the return.",
    )

    class Meta(EntrySerializer.Meta):
        fields = [*EntrySerializer.Meta.fields, "warnings"]
        read_only_fields = fields


class TablesUploadedSerializer(serializers.Serializer):
    entries = EntrySerializer(many=True, help_text="One entry per table of the workbook.")
    warnings = serializers.ListField(child=serializers.CharField())


def entry_date_text(entry: Entry) -> str | None:
    """``2025-03-05``, ``2025-03``, ``2025`` or ``2025年春``: the date as the entry forms
    and ``fangzhi.text.dates.parse_fuzzy_date`` read it."""
    if not entry.date_year:
        return None
    precision = entry.date_precision
    if precision == "day":
        return f"{entry.date_year:04d}-{entry.date_month:02d}-{entry.date_day:02d}"
    if precision == "month":
        return f"{entry.date_year:04d}-{entry.date_month:02d}"
    if precision == "season":
        return f"{entry.date_year}年{'春夏秋冬'[(entry.date_season or 1) - 1]}"
    return f"{entry.date_year:04d}"


class EntryFieldsMixin(serializers.Serializer):
    """The fields of the seven categories' forms; a field the entry's category does not
    have is refused (400, ``not_for_category``)."""

    title = _text(Entry, "title", 200)
    text = _text(Entry, "text", trim_whitespace=False)
    date = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=40,
        label=_("date"),
        help_text="As precise as known: 2025-03-05, 2025-03, 2025年春, 2025 (also 2025年3月5日).",
    )
    backfilled = FormBoolean(required=False, label=label(Entry, "backfilled"))
    place = _text(Entry, "place", 200)
    source = _text(Entry, "source", 300)
    name = _text(Entry, "name", 64)
    sex = serializers.ChoiceField(
        choices=[("", "")] + list(Entry.Sex.choices), required=False, label=label(Entry, "sex")
    )
    born = _text(Entry, "born", 20)
    died = _text(Entry, "died", 20)
    native_place = _text(Entry, "native_place", 100)
    posts = _text(Entry, "posts")
    honours = _text(Entry, "honours")
    is_biography = FormBoolean(
        required=False,
        label=label(Entry, "is_biography"),
        help_text="生不立传: a biography only of the deceased; the living go in lists.",
    )
    issuer = _text(Entry, "issuer", 200)
    document_number = _text(Entry, "document_number", 100)
    author = _text(Entry, "author", 100)
    rights = _text(Entry, "rights", 200)
    fields = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=500),
        required=False,
        label=label(Entry, "fields"),
        help_text="概况资料: structured figures as label → value.",
    )

    def category_of(self, attrs: dict[str, Any]) -> str | None:
        entry = getattr(self.context.get("view"), "entry_being_changed", None)
        if entry is not None:
            return entry.category
        submission = attrs.get("submission")
        return submission.category if submission is not None else None

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        category = self.category_of(attrs)
        if category is not None:
            allowed = category_fields(category) | {"submission", "base_revision"}
            foreign = sorted(set(attrs) - allowed)
            if foreign:
                raise serializers.ValidationError(
                    {
                        name: [
                            ErrorDetail(
                                str(_("This category's entries have no such field.")),
                                code="not_for_category",
                            )
                        ]
                        for name in foreign
                    }
                )
        return attrs


class EntryCreateSerializer(EntryFieldsMixin, StrictSerializer):
    """A new entry (JSON). Fields per category: every entry has title, text, source,
    date (with ``backfilled`` for an earlier year's event) and place; 概况资料 adds
    ``fields``; 专题资料, 图片音像资料 and other material ``author`` (and media
    ``rights``); 人物资料 the person's fields; 文献资料 issuer and document number."""

    submission = VisiblePK(Submission, label=label(Entry, "submission"))
    base_revision = _base_revision()


class EntryCreateUploadSerializer(EntryCreateSerializer):
    """The same as a multipart form, with the attachment; ``fields`` as a JSON string."""

    fields = serializers.JSONField(
        binary=True, required=False, label=label(Entry, "fields"), help_text="A JSON object."
    )
    file = serializers.FileField(required=False, label=_("file"))


class EntryUpdateSerializer(EntryFieldsMixin, StrictSerializer):
    """The fields to change (JSON); the others keep their values."""

    base_revision = _base_revision()


class EntryUpdateUploadSerializer(EntryUpdateSerializer):
    fields = serializers.JSONField(
        binary=True, required=False, label=label(Entry, "fields"), help_text="A JSON object."
    )
    file = serializers.FileField(required=False, label=_("file"), help_text="A new attachment.")


class BaseRevisionSerializer(StrictSerializer):
    base_revision = _base_revision()
