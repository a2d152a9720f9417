"""API for the committee, member units and seats. Writes call the org services."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fangzhi.org import services
from fangzhi.org.filters import UnitFilter
from fangzhi.org.models import Committee, CommitteePost, MembershipChange, SeatTerm, Unit
from fangzhi.org.views.units import CURRENT_TERMS

from .. import serializers as s
from ..filters import MembershipChangeFilter, SeatFilter
from ..viewsets import ReadOnlyVisibleViewSet, VisibleViewSet


class CommitteeViewSet(ReadOnlyVisibleViewSet):
    model = Committee
    serializer_class = s.CommitteeSerializer


class CommitteePostViewSet(VisibleViewSet):
    model = CommitteePost
    serializer_class = s.CommitteePostSerializer
    filterset_fields = ["post"]

    @extend_schema(
        request=s.CommitteePostCreateSerializer, responses={201: s.CommitteePostSerializer}
    )
    def create(self, request: Request) -> Response:
        data = self.validated(s.CommitteePostCreateSerializer)
        post = services.committee_post_assign(
            by=request.user, committee=services.committee_get(), **data
        )
        return Response(s.CommitteePostSerializer(post).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PostEndSerializer, responses=s.CommitteePostSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str) -> Response:
        post = self.get_object()
        data = self.validated(s.PostEndSerializer)
        post = services.committee_post_end(by=request.user, post=post, end_on=data["end_on"])
        return Response(s.CommitteePostSerializer(post).data)


class UnitViewSet(VisibleViewSet):
    model = Unit
    serializer_class = s.UnitSerializer
    filterset_class = UnitFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related(CURRENT_TERMS)

    @extend_schema(request=s.UnitCreateSerializer, responses={201: s.UnitSerializer})
    def create(self, request: Request) -> Response:
        unit = services.unit_add(by=request.user, **self.validated(s.UnitCreateSerializer))
        return Response(s.UnitSerializer(unit).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.UnitUpdateSerializer, responses=s.UnitSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        unit = self.get_object()
        unit = services.unit_update(
            by=request.user, unit=unit, **self.validated(s.UnitUpdateSerializer, partial=True)
        )
        return Response(s.UnitSerializer(unit).data)

    @extend_schema(request=s.DecisionSerializer, responses=s.UnitSerializer)
    @action(detail=True, methods=["post"])
    def retire(self, request: Request, pk: str) -> Response:
        unit = self.get_object()
        d = self.validated(s.DecisionSerializer)
        unit = services.unit_retire(
            by=request.user,
            unit=unit,
            retired_on=d["effective_on"],
            document_number=d["document_number"],
            reason=d["reason"],
        )
        return Response(s.UnitSerializer(unit).data)

    @extend_schema(request=s.DecisionSerializer, responses=s.UnitSerializer)
    @action(detail=True, methods=["post"])
    def reinstate(self, request: Request, pk: str) -> Response:
        unit = self.get_object()
        d = self.validated(s.DecisionSerializer)
        unit = services.unit_reinstate(
            by=request.user,
            unit=unit,
            effective_on=d["effective_on"],
            document_number=d["document_number"],
            reason=d["reason"],
        )
        return Response(s.UnitSerializer(unit).data)


class MembershipChangeViewSet(ReadOnlyVisibleViewSet):
    model = MembershipChange
    serializer_class = s.MembershipChangeSerializer
    filterset_class = MembershipChangeFilter


class SeatViewSet(VisibleViewSet):
    model = SeatTerm
    serializer_class = s.SeatTermSerializer
    filterset_class = SeatFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("holder", "unit")

    @extend_schema(request=s.SeatAppointSerializer, responses={201: s.SeatTermSerializer})
    def create(self, request: Request) -> Response:
        d = self.validated(s.SeatAppointSerializer)
        term = services.seat_appoint(
            by=request.user,
            unit=d["unit"],
            seat=d["seat"],
            holder=d["holder"],
            start_on=d.get("start_on"),
        )
        return Response(s.SeatTermSerializer(term).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.SeatReplaceSerializer, responses=s.SeatReplacedSerializer)
    @action(detail=True, methods=["post"])
    def replace(self, request: Request, pk: str) -> Response:
        """自行替补: end the term and start the successor's, creating their account if asked."""
        term = self.get_object()
        d = self.validated(s.SeatReplaceSerializer)
        common = {"on": d.get("on"), "reason": d["reason"], "disable_leaver": d["disable_leaver"]}
        password = None
        with transaction.atomic():
            if d.get("new_person"):
                new_term, _person, password = services.seat_replace_with_new_person(
                    by=request.user, term=term, **d["new_person"], **common
                )
            else:
                new_term = services.seat_replace(
                    by=request.user, term=term, new_holder=d["new_holder"], **common
                )
        body = {"term": s.SeatTermSerializer(new_term).data, "temporary_password": password}
        return Response(body)

    @extend_schema(request=s.SeatEndSerializer, responses=s.SeatTermSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str) -> Response:
        term = self.get_object()
        d = self.validated(s.SeatEndSerializer)
        term = services.seat_end(
            by=request.user, term=term, end_on=d.get("end_on"), reason=d["reason"]
        )
        return Response(s.SeatTermSerializer(term).data)
