"""Shared fixtures: one person per role, two member units (ours and theirs)."""

from types import SimpleNamespace

import pytest

from fangzhi.accounts.roles import Role
from fangzhi.org.models import SeatTerm

from .factories import CommitteeFactory, SeatTermFactory, UnitFactory, UserFactory

ROLES = [r.value for r in Role] + ["public"]


@pytest.fixture
def committee(db):
    return CommitteeFactory()


@pytest.fixture
def world(db, committee):
    """Unit A with a head and two liaisons, unit B with a head and a liaison, plus
    an office admin, an office editor and a reviewer."""
    unit_a = UnitFactory(committee=committee, name="区委办公室")
    unit_b = UnitFactory(committee=committee, name="鱼洞街道")
    head_a = UserFactory(username="head_a", role=Role.UNIT_HEAD, unit=unit_a)
    liaison_a = UserFactory(username="liaison_a", role=Role.UNIT_LIAISON, unit=unit_a)
    liaison_a2 = UserFactory(username="liaison_a2", role=Role.UNIT_LIAISON, unit=unit_a)
    head_b = UserFactory(username="head_b", role=Role.UNIT_HEAD, unit=unit_b)
    liaison_b = UserFactory(username="liaison_b", role=Role.UNIT_LIAISON, unit=unit_b)
    terms = SimpleNamespace(
        head_a=SeatTermFactory(unit=unit_a, seat=SeatTerm.Seat.HEAD, holder=head_a),
        liaison_a=SeatTermFactory(unit=unit_a, holder=liaison_a),
        liaison_a2=SeatTermFactory(unit=unit_a, holder=liaison_a2),
        head_b=SeatTermFactory(unit=unit_b, seat=SeatTerm.Seat.HEAD, holder=head_b),
        liaison_b=SeatTermFactory(unit=unit_b, holder=liaison_b),
    )
    return SimpleNamespace(
        committee=committee,
        unit_a=unit_a,
        unit_b=unit_b,
        office_admin=UserFactory(username="admin", role=Role.OFFICE_ADMIN),
        office_editor=UserFactory(username="editor", role=Role.OFFICE_EDITOR),
        reviewer=UserFactory(username="reviewer", role=Role.REVIEWER),
        unit_head=head_a,
        unit_liaison=liaison_a,
        liaison_a2=liaison_a2,
        head_b=head_b,
        liaison_b=liaison_b,
        terms=terms,
    )


def user_for(world, role):
    """The fixture person acting in a role (``None`` for the anonymous public)."""
    return None if role == "public" else getattr(world, role)


@pytest.fixture
def client_for(client, world):
    """``client_for(role)``: a test client signed in as that role's person."""

    def make(role):
        from django.test import Client

        c = Client()
        user = user_for(world, role)
        if user is not None:
            c.force_login(user)
        return c

    return make
