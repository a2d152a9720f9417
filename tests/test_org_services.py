"""The rules of the org services, called directly (no request)."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.db import IntegrityError, transaction

from fangzhi.accounts.roles import Role
from fangzhi.core.errors import Forbidden, ServiceError
from fangzhi.org import services
from fangzhi.org.models import MembershipChange, SeatTerm, Unit

from .factories import UserFactory

D = dt.date


@pytest.mark.django_db
def test_second_current_head_refused_by_service_and_database(world):
    other_head = UserFactory(role=Role.UNIT_HEAD, unit=world.unit_a)
    with pytest.raises(ServiceError):
        services.seat_appoint(
            by=world.office_admin, unit=world.unit_a, seat="head", holder=other_head
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        SeatTerm.objects.create(
            unit=world.unit_a, seat="head", holder=other_head, start_on=D(2024, 1, 1)
        )
    assert world.unit_a.seat_terms.filter(seat="head", end_on__isnull=True).count() == 1


@pytest.mark.django_db
def test_replace_keeps_history_and_disables_leaver(world):
    newcomer = UserFactory(role=Role.UNIT_LIAISON, unit=world.unit_a)
    old = world.terms.liaison_a2
    new = services.seat_replace(
        by=world.unit_liaison, term=old, new_holder=newcomer, on=D(2025, 3, 1), reason="调岗"
    )
    old.refresh_from_db()
    assert old.end_on == D(2025, 3, 1) and old.end_reason == "调岗"
    assert new.replaces == old and new.start_on == D(2025, 3, 1) and new.end_on is None
    old.holder.refresh_from_db()
    assert old.holder.is_active is False
    entry = LogEntry.objects.get_for_object(new).first()
    assert entry is not None and entry.actor == world.unit_liaison


@pytest.mark.django_db
def test_unit_people_cannot_touch_another_unit(world):
    newcomer = UserFactory(role=Role.UNIT_LIAISON, unit=world.unit_b)
    with pytest.raises(Forbidden):
        services.seat_replace(
            by=world.unit_liaison, term=world.terms.liaison_b, new_holder=newcomer
        )
    for role in ("office_editor", "reviewer"):
        with pytest.raises(Forbidden):
            services.seat_end(by=getattr(world, role), term=world.terms.liaison_b)
    assert world.terms.liaison_b.end_on is None


@pytest.mark.django_db
def test_holder_must_be_of_the_unit_and_role(world):
    with pytest.raises(ServiceError):
        services.seat_replace(
            by=world.office_admin, term=world.terms.liaison_a, new_holder=world.liaison_b
        )
    with pytest.raises(ServiceError):  # a head cannot fill a liaison seat
        services.seat_replace(
            by=world.office_admin, term=world.terms.liaison_a, new_holder=world.unit_head
        )
    world.terms.liaison_a.refresh_from_db()
    assert world.terms.liaison_a.end_on is None


@pytest.mark.django_db
def test_end_before_start_refused(world):
    with pytest.raises(ServiceError):
        services.seat_end(by=world.office_admin, term=world.terms.liaison_a, end_on=D(2022, 12, 31))
    with pytest.raises(IntegrityError), transaction.atomic():
        SeatTerm.objects.filter(pk=world.terms.liaison_a.pk).update(end_on=D(2000, 1, 1))


@pytest.mark.django_db
def test_retired_unit_refuses_new_liaison_and_keeps_history(world):
    services.unit_retire(
        by=world.office_admin,
        unit=world.unit_b,
        retired_on=D(2025, 6, 30),
        document_number="巴南地志委〔2025〕3号",
        reason="机构改革",
    )
    unit = Unit.objects.get(pk=world.unit_b.pk)
    assert unit.status == Unit.Status.RETIRED
    assert not unit.seat_terms.filter(end_on__isnull=True).exists()
    newcomer = UserFactory(role=Role.UNIT_LIAISON, unit=unit)
    with pytest.raises(ServiceError):
        services.seat_appoint(by=world.office_admin, unit=unit, seat="liaison", holder=newcomer)
    services.unit_reinstate(
        by=world.office_admin, unit=unit, effective_on=D(2026, 1, 1), document_number="〔2026〕1号"
    )
    actions = list(
        unit.membership_changes.order_by("effective_on").values_list("action", flat=True)
    )
    assert actions == [MembershipChange.Action.RETIRE, MembershipChange.Action.REINSTATE]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["", "   ", "名" * 101, "坏\x07名"])
def test_bad_unit_names_change_nothing(world, name):
    before = Unit.objects.count()
    with pytest.raises(ServiceError):
        services.unit_add(
            by=world.office_admin,
            name=name,
            category="department",
            joined_on=D(2024, 1, 1),
            document_number="〔2024〕1号",
        )
    assert Unit.objects.count() == before


@pytest.mark.django_db
def test_only_office_admin_adds_units(world):
    for role in ("office_editor", "unit_liaison", "unit_head", "reviewer"):
        with pytest.raises(Forbidden):
            services.unit_add(
                by=getattr(world, role),
                name="新单位",
                category="department",
                joined_on=D(2024, 1, 1),
                document_number="〔2024〕1号",
            )
    unit = services.unit_add(
        by=world.office_admin,
        name="区档案馆",
        category="department",
        joined_on=D(2024, 1, 1),
        document_number="〔2024〕1号",
    )
    assert unit.membership_changes.get().action == MembershipChange.Action.JOIN


@pytest.mark.django_db
def test_new_chair_ends_old_chair(world):
    c = world.committee
    first = services.committee_post_assign(
        by=world.office_admin, committee=c, post="chair", person_name="甲", start_on=D(2023, 1, 1)
    )
    second = services.committee_post_assign(
        by=world.office_admin, committee=c, post="chair", person_name="乙", start_on=D(2025, 5, 1)
    )
    first.refresh_from_db()
    assert first.end_on == D(2025, 5, 1) and second.end_on is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field,value",
    [("short_name", "简" * 51), ("address", "址" * 201), ("phone", "1" * 33), ("phone", "023\x00")],
)
def test_over_long_optional_fields_are_refused_not_cut(world, field, value):
    before = Unit.objects.count()
    with pytest.raises(ServiceError) as exc:
        services.unit_add(
            by=world.office_admin,
            name="区审计局",
            category="department",
            joined_on=D(2024, 1, 1),
            document_number="〔2024〕1号",
            **{field: value},
        )
    assert exc.value.field == field
    assert Unit.objects.count() == before
