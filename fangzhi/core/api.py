"""Jobs over the API: people read their own jobs (office admins read all) and poll them;
office admins start a system check. Registered by ``fangzhi.api.urls`` as ``/api/jobs/``.

Jobs are never edited or deleted over the API: the worker alone writes their progress.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from fangzhi.api.viewsets import VisibleViewSet

from .jobs import system_check_start
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
    """List and retrieve through ``Job.objects.visible_to``; POST starts a system check."""

    model = Job
    serializer_class = JobSerializer
    filterset_fields = ["status", "kind"]

    @extend_schema(
        request=None,
        responses={201: JobSerializer},
        description="Start a system check job (office administrators). Poll the returned "
        "job until its status is `done` or `failed`.",
    )
    def create(self, request: Request) -> Response:
        job = system_check_start(by=request.user)
        return Response(JobSerializer(job).data, status=status.HTTP_201_CREATED)
