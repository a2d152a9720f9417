"""Serializers for the committee, member units, membership changes and seats."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fangzhi.accounts.models import User
from fangzhi.org.models import Committee, CommitteePost, MembershipChange, SeatTerm, Unit

from .base import StrictSerializer, VisiblePK, label
from .people import NewPersonSerializer, PersonBriefSerializer

# --- seats ------------------------------------------------------------------------------------


class SeatTermSerializer(serializers.ModelSerializer):
    holder = PersonBriefSerializer(read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = SeatTerm
        fields = [
            "id",
            "unit",
            "unit_name",
            "seat",
            "holder",
            "start_on",
            "end_on",
            "end_reason",
            "replaces",
            "appointed_by",
            "is_current",
            "created_at",
        ]
        read_only_fields = fields


class SeatAppointSerializer(StrictSerializer):
    unit = VisiblePK(Unit, label=label(SeatTerm, "unit"))
    seat = serializers.ChoiceField(choices=SeatTerm.Seat.choices, label=label(SeatTerm, "seat"))
    holder = VisiblePK(User, label=label(SeatTerm, "holder"))
    start_on = serializers.DateField(required=False, label=label(SeatTerm, "start_on"))


class SeatReplaceSerializer(StrictSerializer):
    new_holder = VisiblePK(User, required=False, label=_("successor"))
    new_person = NewPersonSerializer(required=False, label=_("new person"))
    on = serializers.DateField(required=False, label=_("handover date"))
    reason = serializers.CharField(
        max_length=200,
        required=False,
        default="",
        allow_blank=True,
        label=label(SeatTerm, "end_reason"),
    )
    disable_leaver = serializers.BooleanField(
        required=False, default=True, label=_("disable the leaver's account")
    )

    def validate(self, attrs: dict) -> dict:
        if bool(attrs.get("new_holder")) == bool(attrs.get("new_person")):
            raise serializers.ValidationError(
                _("Give exactly one of new_holder (an existing person) or new_person."),
                code="one_successor",
            )
        return attrs


class SeatReplacedSerializer(serializers.Serializer):
    term = SeatTermSerializer()
    temporary_password = serializers.CharField(
        allow_null=True, help_text="Only when new_person created an account; shown once."
    )


class SeatEndSerializer(StrictSerializer):
    end_on = serializers.DateField(required=False, label=label(SeatTerm, "end_on"))
    reason = serializers.CharField(
        max_length=200,
        required=False,
        default="",
        allow_blank=True,
        label=label(SeatTerm, "end_reason"),
    )


# --- member units -----------------------------------------------------------------------------


class UnitSerializer(serializers.ModelSerializer):
    current_terms = serializers.SerializerMethodField()

    class Meta:
        model = Unit
        fields = [
            "id",
            "name",
            "short_name",
            "category",
            "status",
            "joined_on",
            "retired_on",
            "address",
            "phone",
            "sort_order",
            "current_terms",
        ]
        read_only_fields = fields

    @extend_schema_field(SeatTermSerializer(many=True))
    def get_current_terms(self, unit: Unit) -> list[dict]:
        """The current head and liaisons (prefetched as ``open_terms`` in lists)."""
        terms = getattr(unit, "open_terms", None)
        if terms is None:
            terms = list(unit.current_terms())
        return SeatTermSerializer(terms, many=True).data  # type: ignore[return-value]


def _text(model: type, field: str, max_length: int, **kwargs: object) -> serializers.CharField:
    """A text input; blank is let through so that the service says what is missing."""
    kwargs.setdefault("allow_blank", True)
    return serializers.CharField(max_length=max_length, label=label(model, field), **kwargs)


class UnitCreateSerializer(StrictSerializer):
    name = _text(Unit, "name", 300)
    short_name = _text(Unit, "short_name", 50, required=False, default="")
    category = serializers.ChoiceField(choices=Unit.Category.choices, label=label(Unit, "category"))
    joined_on = serializers.DateField(label=label(Unit, "joined_on"))
    document_number = _text(MembershipChange, "document_number", 200)
    address = _text(Unit, "address", 200, required=False, default="")
    phone = _text(Unit, "phone", 32, required=False, default="")
    reason = serializers.CharField(
        required=False, default="", allow_blank=True, label=label(MembershipChange, "reason")
    )


class UnitUpdateSerializer(StrictSerializer):
    name = _text(Unit, "name", 300, required=False)
    short_name = _text(Unit, "short_name", 50, required=False)
    category = serializers.ChoiceField(
        choices=Unit.Category.choices, required=False, label=label(Unit, "category")
    )
    address = _text(Unit, "address", 200, required=False)
    phone = _text(Unit, "phone", 32, required=False)
    sort_order = serializers.IntegerField(
        min_value=0, max_value=2**31 - 1, required=False, label=label(Unit, "sort_order")
    )


class DecisionSerializer(StrictSerializer):
    """A committee decision on membership: its date and document (文号)."""

    effective_on = serializers.DateField(label=label(MembershipChange, "effective_on"))
    document_number = _text(MembershipChange, "document_number", 200)
    reason = serializers.CharField(
        required=False, default="", allow_blank=True, label=label(MembershipChange, "reason")
    )


class MembershipChangeSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = MembershipChange
        fields = [
            "id",
            "unit",
            "unit_name",
            "action",
            "effective_on",
            "document_number",
            "reason",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields


# --- committee --------------------------------------------------------------------------------


class CommitteePostSerializer(serializers.ModelSerializer):
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = CommitteePost
        fields = [
            "id",
            "post",
            "person_name",
            "position",
            "start_on",
            "end_on",
            "document_number",
            "is_current",
        ]
        read_only_fields = fields


class CommitteePostCreateSerializer(StrictSerializer):
    post = serializers.ChoiceField(
        choices=CommitteePost.Post.choices, label=label(CommitteePost, "post")
    )
    person_name = _text(CommitteePost, "person_name", 200)
    position = _text(CommitteePost, "position", 100, required=False, default="")
    start_on = serializers.DateField(label=label(CommitteePost, "start_on"))
    document_number = _text(CommitteePost, "document_number", 100, required=False, default="")


class PostEndSerializer(StrictSerializer):
    end_on = serializers.DateField(label=label(CommitteePost, "end_on"))


class CommitteeSerializer(serializers.ModelSerializer):
    current_posts = serializers.SerializerMethodField()

    class Meta:
        model = Committee
        fields = [
            "id",
            "name",
            "district",
            "office_name",
            "established_on",
            "document_number",
            "current_posts",
        ]
        read_only_fields = fields

    @extend_schema_field(CommitteePostSerializer(many=True))
    def get_current_posts(self, committee: Committee) -> list[dict]:
        posts = committee.posts.filter(end_on__isnull=True)
        return CommitteePostSerializer(posts, many=True).data  # type: ignore[return-value]
