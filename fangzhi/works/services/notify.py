"""Who hears of what happens to a work: the unit's current seat holders, the office."""

from __future__ import annotations

from typing import Any

from fangzhi.accounts.models import User
from fangzhi.accounts.roles import Role
from fangzhi.core.notify import notify
from fangzhi.org.models import SeatTerm, Unit


def unit_people(unit: Unit) -> list[Any]:
    """The unit's current head and liaisons (一把手 and 联络员)."""
    terms = SeatTerm.objects.current().filter(unit=unit, holder__is_active=True)
    return [term.holder for term in terms.select_related("holder")]


def notify_unit(*, unit: Unit | None, event_key: str, title: str, body: str, url: str) -> int:
    if unit is None:
        return 0
    return sum(
        notify(recipient=person, event_key=event_key, title=title, body=body, url=url)
        for person in unit_people(unit)
    )


def notify_office_admins(*, event_key: str, title: str, body: str, url: str) -> int:
    admins = User.objects.filter(role=Role.OFFICE_ADMIN, is_active=True)
    return sum(
        notify(recipient=person, event_key=event_key, title=title, body=body, url=url)
        for person in admins
    )
