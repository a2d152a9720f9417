"""The audit trail over the API: read-only (GET), for office administrators only.

Registered by ``fangzhi.api.urls`` as ``/api/audit/``. The filters are the page's
(``filters.AuditFilter``): actor, unit, content_type, action, date_from, date_to.
There is no write method: POST, PUT, PATCH and DELETE answer 405 to an office admin
and 403 to everyone else (permissions are checked first).
"""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, serializers, viewsets
from rest_framework.request import Request

from fangzhi.api.schema import FangzhiAutoSchema

from .filters import AuditFilter
from .selectors import ChangeFormatter, may_read_audit


class IsAuditReader(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return may_read_audit(request.user)


class ActorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The field's name as people read it.")
    old = serializers.CharField(help_text="The value before, as text (empty: none).")
    new = serializers.CharField(help_text="The value after, as text (empty: none).")


class LogEntrySerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    action_display = serializers.CharField(source="get_action_display")
    content_type = serializers.SerializerMethodField()
    model = serializers.SerializerMethodField()
    changes = serializers.SerializerMethodField()

    class Meta:
        model = LogEntry
        fields = [
            "id",
            "timestamp",
            "actor",
            "action",
            "action_display",
            "content_type",
            "model",
            "object_pk",
            "object_repr",
            "changes",
            "remote_addr",
        ]
        read_only_fields = fields

    @extend_schema_field(ActorSerializer(allow_null=True))
    def get_actor(self, entry: LogEntry) -> dict | None:
        if entry.actor is None:  # a change made by the system (a migration, a command)
            return None
        return {"id": entry.actor.pk, "name": entry.actor.full_name or entry.actor.username}

    @extend_schema_field(serializers.CharField(help_text="app_label.model, e.g. org.unit"))
    def get_content_type(self, entry: LogEntry) -> str:
        return f"{entry.content_type.app_label}.{entry.content_type.model}"

    @extend_schema_field(serializers.CharField(help_text="The kind of record, as people say it."))
    def get_model(self, entry: LogEntry) -> str:
        model = entry.content_type.model_class()
        return str(model._meta.verbose_name) if model else entry.content_type.model

    @extend_schema_field(ChangeSerializer(many=True))
    def get_changes(self, entry: LogEntry) -> list[dict]:
        formatter = self.context.setdefault("formatter", ChangeFormatter())
        return [{"field": f, "old": old, "new": new} for f, old, new in formatter.lines(entry)]


@extend_schema_view(
    list=extend_schema(description="Audit entries, newest first (office administrators)."),
    retrieve=extend_schema(description="One audit entry (office administrators)."),
)
class LogEntryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = LogEntry.objects.all()
    serializer_class = LogEntrySerializer
    permission_classes = [permissions.IsAuthenticated, IsAuditReader]
    filter_backends = [DjangoFilterBackend]
    filterset_class = AuditFilter
    schema = FangzhiAutoSchema()

    def get_queryset(self) -> Any:
        return LogEntry.objects.select_related("actor", "content_type").order_by(
            "-timestamp", "-pk"
        )
