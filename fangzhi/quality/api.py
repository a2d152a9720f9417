"""API of the quality checks: check runs with their marks, marks (dismiss), dismissals
(withdraw), the office's lists (no delete: deactivate) and ``quality-check/`` to check a
text without storing anything. The same permissions as the pages: runs and marks follow
their version's node; dismissing and the lists are the office's."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from fangzhi.api.filters import visible_choices
from fangzhi.api.schema import FangzhiAutoSchema
from fangzhi.api.serializers import StrictSerializer, label
from fangzhi.api.viewsets import VisibleViewSet, VisibleViewSetMixin
from fangzhi.core.querysets import VIEW
from fangzhi.works.models import ManuscriptVersion, OutlineNode

from . import services
from .models import CheckerTerm, CheckMark, CheckRun, Dismissal

# --- serializers ---------------------------------------------------------------------------


class CheckMarkSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(source="run.version_id", read_only=True)
    node = serializers.IntegerField(source="run.version.node_id", read_only=True)
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = CheckMark
        fields = [
            "id",
            "run",
            "version",
            "node",
            "rule",
            "category",
            "severity",
            "start",
            "end",
            "excerpt",
            "message",
            "suggestion",
            "fingerprint",
            "is_open",
            "dismissed_by",
        ]
        read_only_fields = fields


class CheckRunSerializer(serializers.ModelSerializer):
    node = serializers.IntegerField(source="version.node_id", read_only=True)

    class Meta:
        model = CheckRun
        fields = [
            "id",
            "version",
            "node",
            "status",
            "characters",
            "mark_count",
            "error_rate",
            "rule_counts",
            "ruleset",
            "checked_at",
        ]
        read_only_fields = fields


class CheckRunDetailSerializer(CheckRunSerializer):
    marks = CheckMarkSerializer(many=True, read_only=True)

    class Meta(CheckRunSerializer.Meta):
        fields = [*CheckRunSerializer.Meta.fields, "marks"]
        read_only_fields = fields


class DismissalSerializer(serializers.ModelSerializer):
    by_name = serializers.CharField(source="by.__str__", read_only=True)

    class Meta:
        model = Dismissal
        fields = [
            "id",
            "node",
            "version",
            "rule",
            "fingerprint",
            "excerpt",
            "reason",
            "by",
            "by_name",
            "at",
            "withdrawn",
            "withdrawn_by",
            "withdrawn_at",
        ]
        read_only_fields = fields


class CheckerTermSerializer(serializers.ModelSerializer):
    class Meta:
        model = CheckerTerm
        fields = [
            "id",
            "kind",
            "term",
            "other",
            "valid_from",
            "valid_to",
            "note",
            "active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


def _text(field: str, **kwargs: Any) -> Any:
    return serializers.CharField(
        label=label(CheckerTerm, field), allow_blank=True, required=False, default="", **kwargs
    )


def _year(field: str) -> Any:
    return serializers.IntegerField(
        required=False, allow_null=True, label=label(CheckerTerm, field)
    )


class CheckerTermCreateSerializer(StrictSerializer):
    kind = serializers.ChoiceField(CheckerTerm.Kind.choices, label=label(CheckerTerm, "kind"))
    term = serializers.CharField(label=label(CheckerTerm, "term"), allow_blank=True)
    other = _text("other")
    valid_from = _year("valid_from")
    valid_to = _year("valid_to")
    note = _text("note")


class CheckerTermUpdateSerializer(StrictSerializer):
    term = serializers.CharField(label=label(CheckerTerm, "term"), allow_blank=True)
    other = serializers.CharField(label=label(CheckerTerm, "other"), allow_blank=True)
    valid_from = _year("valid_from")
    valid_to = _year("valid_to")
    note = serializers.CharField(label=label(CheckerTerm, "note"), allow_blank=True)
    active = serializers.BooleanField(label=label(CheckerTerm, "active"))


class DismissSerializer(StrictSerializer):
    reason = serializers.CharField(label=label(Dismissal, "reason"), allow_blank=True)


class TextCheckSerializer(StrictSerializer):
    text = serializers.CharField(label=_("text"), allow_blank=True, trim_whitespace=False)
    rules = serializers.ListField(
        child=serializers.CharField(max_length=20), required=False, label=_("rules")
    )


class MarkOutSerializer(serializers.Serializer):
    """One mark of a checked text (offsets into the text, end exclusive)."""

    rule = serializers.CharField()
    category = serializers.CharField()
    severity = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    excerpt = serializers.CharField()
    message = serializers.CharField()
    suggestion = serializers.CharField()


# --- filters -------------------------------------------------------------------------------


class CheckRunFilter(django_filters.FilterSet):
    version = django_filters.ModelChoiceFilter(
        queryset=visible_choices(ManuscriptVersion), label=label(CheckRun, "version")
    )
    node = django_filters.ModelChoiceFilter(
        field_name="version__node",
        queryset=visible_choices(OutlineNode),
        label=label(ManuscriptVersion, "node"),
    )

    class Meta:
        model = CheckRun
        fields = ["version", "node", "status"]


class CheckMarkFilter(django_filters.FilterSet):
    version = django_filters.ModelChoiceFilter(
        field_name="run__version",
        queryset=visible_choices(ManuscriptVersion),
        label=label(CheckRun, "version"),
    )
    node = django_filters.ModelChoiceFilter(
        field_name="run__version__node",
        queryset=visible_choices(OutlineNode),
        label=label(ManuscriptVersion, "node"),
    )
    rule = django_filters.CharFilter(method="by_rule", label=label(CheckMark, "rule"))
    open = django_filters.BooleanFilter(
        field_name="dismissed_by", lookup_expr="isnull", label=_("open")
    )

    class Meta:
        model = CheckMark
        fields = ["version", "node", "rule", "open"]

    def by_rule(self, queryset: Any, name: str, value: str) -> Any:
        # R04 matches its variants R04.1, R04.2 …
        return queryset.filter(rule=value) | queryset.filter(rule__startswith=f"{value}.")


class DismissalFilter(django_filters.FilterSet):
    node = django_filters.ModelChoiceFilter(
        queryset=visible_choices(OutlineNode), label=label(Dismissal, "node")
    )

    class Meta:
        model = Dismissal
        fields = ["node", "rule", "withdrawn"]


class CheckerTermFilter(django_filters.FilterSet):
    class Meta:
        model = CheckerTerm
        fields = ["kind", "active"]


# --- viewsets ------------------------------------------------------------------------------


class SeesSomeRows(BasePermission):
    """Refused (403) when the role sees no row of the model at all, as on the pages."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return view.model.visibility(request.user, VIEW) is not None


class CheckRunViewSet(VisibleViewSet):
    """The checker's reading of each manuscript version; the detail lists its marks."""

    model = CheckRun
    filterset_class = CheckRunFilter

    def get_queryset(self) -> Any:
        qs = super().get_queryset().select_related("version")
        if self.action == "retrieve":
            qs = qs.prefetch_related("marks__run__version")
        return qs

    def get_serializer_class(self) -> Any:
        return CheckRunDetailSerializer if self.action == "retrieve" else CheckRunSerializer

    @extend_schema(request=None, responses={202: CheckRunSerializer})
    @action(detail=True, methods=["post"], url_path="check-again")
    def check_again(self, request: Request, pk: str) -> Response:
        """Check the run's version again (the office's lists may have changed)."""
        run = services.version_check_start(by=request.user, version=self.get_object().version)
        run.refresh_from_db()
        return Response(CheckRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class CheckMarkViewSet(VisibleViewSet):
    """Marks of the versions the user sees; the office's editors dismiss them."""

    model = CheckMark
    serializer_class = CheckMarkSerializer
    filterset_class = CheckMarkFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("run__version")

    @extend_schema(request=DismissSerializer, responses={201: DismissalSerializer})
    @action(detail=True, methods=["post"])
    def dismiss(self, request: Request, pk: str) -> Response:
        """Dismiss the mark with a reason; it does not come back on later versions."""
        mark = self.get_object()
        d = self.validated(DismissSerializer)
        dismissal = services.mark_dismiss(by=request.user, mark=mark, reason=d["reason"])
        return Response(DismissalSerializer(dismissal).data, status=status.HTTP_201_CREATED)


class DismissalViewSet(VisibleViewSet):
    """Dismissed marks of the nodes the user sees; withdrawn, never deleted."""

    model = Dismissal
    serializer_class = DismissalSerializer
    filterset_class = DismissalFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("by")

    @extend_schema(request=None, responses=DismissalSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        dismissal = services.dismissal_withdraw(by=request.user, dismissal=self.get_object())
        return Response(DismissalSerializer(dismissal).data)


class CheckerTermViewSet(VisibleViewSet):
    """The office's lists the checker reads. Entries are deactivated, never deleted."""

    model = CheckerTerm
    serializer_class = CheckerTermSerializer
    filterset_class = CheckerTermFilter
    permission_classes = [IsAuthenticated, SeesSomeRows]

    @extend_schema(request=CheckerTermCreateSerializer, responses={201: CheckerTermSerializer})
    def create(self, request: Request) -> Response:
        entry = services.term_add(by=request.user, **self.validated(CheckerTermCreateSerializer))
        return Response(CheckerTermSerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CheckerTermUpdateSerializer, responses=CheckerTermSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        entry = self.get_object()
        d = self.validated(CheckerTermUpdateSerializer, partial=True)
        return Response(
            CheckerTermSerializer(services.term_update(by=request.user, entry=entry, **d)).data
        )

    @extend_schema(request=None, responses=CheckerTermSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, pk: str) -> Response:
        entry = services.term_deactivate(by=request.user, entry=self.get_object())
        return Response(CheckerTermSerializer(entry).data)


class TextCheckViewSet(viewsets.GenericViewSet):
    """Check a text and get its marks; nothing is stored. For any signed-in person."""

    queryset = CheckMark.objects.none()  # nothing is read or stored; for the schema only
    serializer_class = TextCheckSerializer
    schema = FangzhiAutoSchema()
    permission_classes = [IsAuthenticated]
    validated = VisibleViewSetMixin.validated

    @extend_schema(request=TextCheckSerializer, responses=MarkOutSerializer(many=True))
    def create(self, request: Request) -> Response:
        d = self.validated(TextCheckSerializer)
        marks = services.text_check(by=request.user, text=d["text"], rules=d.get("rules"))
        return Response(marks)
