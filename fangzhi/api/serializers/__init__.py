"""Serializers validate shape only; the services enforce the rules of the work."""

from __future__ import annotations

from rest_framework import serializers

from fangzhi.accounts.models import User
from fangzhi.accounts.roles import Role
from fangzhi.org.models import Committee, CommitteePost, MembershipChange, SeatTerm, Unit


class VisiblePK(serializers.PrimaryKeyRelatedField):
    """An id that must name a row the requesting user can see: others read as unknown,
    so a unit's people cannot probe which ids exist elsewhere."""

    def __init__(self, model: type, **kwargs: object) -> None:
        self.model = model
        super().__init__(queryset=model.objects.all(), **kwargs)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        request = self.context.get("request")
        return self.model.objects.visible_to(getattr(request, "user", None))


class PersonBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "full_name"]


class PersonSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True, default=None)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "role",
            "unit",
            "unit_name",
            "phone",
            "email",
            "title",
            "is_active",
        ]
        read_only_fields = fields


class PersonCreateSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    full_name = serializers.CharField(max_length=200, allow_blank=True)
    role = serializers.ChoiceField(choices=Role.choices)
    unit = VisiblePK(Unit, allow_null=True, required=False)
    phone = serializers.CharField(max_length=32, required=False, default="", allow_blank=True)
    email = serializers.EmailField(required=False, default="", allow_blank=True)
    title = serializers.CharField(max_length=64, required=False, default="", allow_blank=True)


class PersonCreatedSerializer(PersonSerializer):
    temporary_password = serializers.CharField(read_only=True)

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "temporary_password"]
        read_only_fields = fields


class PersonUpdateSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    role = serializers.ChoiceField(choices=Role.choices, required=False)
    unit = VisiblePK(Unit, allow_null=True, required=False)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    title = serializers.CharField(max_length=64, required=False, allow_blank=True)


class SetActiveSerializer(serializers.Serializer):
    active = serializers.BooleanField()


class TemporaryPasswordSerializer(serializers.Serializer):
    temporary_password = serializers.CharField()


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


class SeatAppointSerializer(serializers.Serializer):
    unit = VisiblePK(Unit)
    seat = serializers.ChoiceField(choices=SeatTerm.Seat.choices)
    holder = VisiblePK(User)
    start_on = serializers.DateField(required=False)


class NewPersonSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    full_name = serializers.CharField(max_length=200, allow_blank=True)
    phone = serializers.CharField(max_length=32, required=False, default="", allow_blank=True)
    email = serializers.EmailField(required=False, default="", allow_blank=True)


class SeatReplaceSerializer(serializers.Serializer):
    new_holder = VisiblePK(User, required=False)
    new_person = NewPersonSerializer(required=False)
    on = serializers.DateField(required=False)
    reason = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    disable_leaver = serializers.BooleanField(required=False, default=True)

    def validate(self, attrs: dict) -> dict:
        if bool(attrs.get("new_holder")) == bool(attrs.get("new_person")):
            raise serializers.ValidationError(
                "Give exactly one of new_holder (an existing person) or new_person."
            )
        return attrs


class SeatReplacedSerializer(serializers.Serializer):
    term = SeatTermSerializer()
    temporary_password = serializers.CharField(allow_null=True)


class SeatEndSerializer(serializers.Serializer):
    end_on = serializers.DateField(required=False)
    reason = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


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

    def get_current_terms(self, unit: Unit) -> list[dict]:
        terms = getattr(unit, "open_terms", None)
        if terms is None:
            terms = list(unit.current_terms())
        return SeatTermSerializer(terms, many=True).data  # type: ignore[return-value]


class UnitCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=300, allow_blank=True)
    short_name = serializers.CharField(max_length=50, required=False, default="", allow_blank=True)
    category = serializers.ChoiceField(choices=Unit.Category.choices)
    joined_on = serializers.DateField()
    document_number = serializers.CharField(max_length=200, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    phone = serializers.CharField(max_length=32, required=False, default="", allow_blank=True)
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class UnitUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=300, required=False, allow_blank=True)
    short_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    category = serializers.ChoiceField(choices=Unit.Category.choices, required=False)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    sort_order = serializers.IntegerField(min_value=0, required=False)


class DecisionSerializer(serializers.Serializer):
    effective_on = serializers.DateField()
    document_number = serializers.CharField(max_length=200, allow_blank=True)
    reason = serializers.CharField(required=False, default="", allow_blank=True)


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


class CommitteePostCreateSerializer(serializers.Serializer):
    post = serializers.ChoiceField(choices=CommitteePost.Post.choices)
    person_name = serializers.CharField(max_length=200, allow_blank=True)
    position = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    start_on = serializers.DateField()
    document_number = serializers.CharField(
        max_length=100, required=False, default="", allow_blank=True
    )


class PostEndSerializer(serializers.Serializer):
    end_on = serializers.DateField()


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

    def get_current_posts(self, committee: Committee) -> list[dict]:
        posts = committee.posts.filter(end_on__isnull=True)
        return CommitteePostSerializer(posts, many=True).data  # type: ignore[return-value]
