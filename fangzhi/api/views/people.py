"""API for people and their accounts. Writes call the accounts services."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from fangzhi.accounts import services
from fangzhi.accounts.models import User

from .. import serializers as s
from ..filters import PersonFilter
from ..viewsets import VisibleViewSet


class PersonViewSet(VisibleViewSet):
    model = User
    serializer_class = s.PersonSerializer
    filterset_class = PersonFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("unit")

    @extend_schema(request=s.PersonCreateSerializer, responses={201: s.PersonCreatedSerializer})
    def create(self, request: Request) -> Response:
        if not services.creatable_roles(request.user):
            raise PermissionDenied  # before validation, so ids reveal nothing
        d = self.validated(s.PersonCreateSerializer)
        person, password = services.person_create(by=request.user, **d)
        body = dict(s.PersonSerializer(person).data, temporary_password=password)
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PersonUpdateSerializer, responses=s.PersonSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        person = self.get_object()
        d = self.validated(s.PersonUpdateSerializer, partial=True)
        person = services.person_update(by=request.user, person=person, **d)
        return Response(s.PersonSerializer(person).data)

    @extend_schema(request=None, responses=s.TemporaryPasswordSerializer)
    @action(detail=True, methods=["post"], url_path="reset-password")
    def reset_password(self, request: Request, pk: str) -> Response:
        person = self.get_object()
        password = services.person_reset_password(by=request.user, person=person)
        return Response({"temporary_password": password})

    @extend_schema(request=s.SetActiveSerializer, responses=s.PersonSerializer)
    @action(detail=True, methods=["post"], url_path="set-active")
    def set_active(self, request: Request, pk: str) -> Response:
        person = self.get_object()
        d = self.validated(s.SetActiveSerializer)
        person = services.person_set_active(by=request.user, person=person, active=d["active"])
        return Response(s.PersonSerializer(person).data)
