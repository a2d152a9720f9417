"""The audit trail over the API: read-only, for office administrators only."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets
from rest_framework.request import Request

from .filters import AuditFilterForm
from .selectors import change_lines, may_read_audit


class IsAuditReader(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return may_read_audit(request.user)


class LogEntrySerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    action = serializers.CharField(source="get_action_display")
    content_type = serializers.CharField(source="content_type.model")
    changes = serializers.SerializerMethodField()

    class Meta:
        model = LogEntry
        fields = [
            "id",
            "timestamp",
            "actor",
            "action",
            "content_type",
            "object_pk",
            "object_repr",
            "changes",
            "remote_addr",
        ]
        read_only_fields = fields

    def get_actor(self, entry: LogEntry) -> dict | None:
        if entry.actor is None:
            return None
        return {"id": entry.actor.pk, "name": entry.actor.full_name or entry.actor.username}

    def get_changes(self, entry: LogEntry) -> list[dict]:
        return [{"field": f, "old": old, "new": new} for f, old, new in change_lines(entry)]


FILTERS = [
    OpenApiParameter("actor", int),
    OpenApiParameter("unit", int),
    OpenApiParameter("content_type", int),
    OpenApiParameter("action", int),
    OpenApiParameter("date_from", str, description="YYYY-MM-DD, local date"),
    OpenApiParameter("date_to", str, description="YYYY-MM-DD, local date, inclusive"),
]


@extend_schema_view(list=extend_schema(parameters=FILTERS))
class LogEntryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = LogEntrySerializer
    permission_classes = [permissions.IsAuthenticated, IsAuditReader]
    filter_backends: list = []

    def get_queryset(self) -> Any:
        form = AuditFilterForm(self.request.query_params)
        return form.entries()
