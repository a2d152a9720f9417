"""Jobs over the API: read your own (office admins read all); admins start a system check."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from fangzhi.accounts.roles import Role, role_of
from fangzhi.api.viewsets import VisibleViewSet

from .jobs import job_start
from .models import Job


class JobSerializer(serializers.ModelSerializer):
    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "title",
            "status",
            "progress",
            "log",
            "result",
            "created_by",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class JobViewSet(VisibleViewSet):
    model = Job
    serializer_class = JobSerializer
    filterset_fields = ["status", "kind"]

    @extend_schema(
        request=None,
        responses={201: JobSerializer},
        description="Start a system check job (office administrators).",
    )
    def create(self, request: Request) -> Response:
        if role_of(request.user) != Role.OFFICE_ADMIN:
            raise PermissionDenied
        job = job_start(by=request.user, kind="system_check", title="System check")
        return Response(JobSerializer(job).data, status=status.HTTP_201_CREATED)
