"""Who may do what in the annual returns, and shared checks."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fangzhi.accounts.roles import OFFICE_ROLES, UNIT_ROLES, Role, role_of
from fangzhi.core.errors import Forbidden

from ..models import Submission


def require(allowed: bool) -> None:
    if not allowed:
        raise Forbidden(_("You do not have permission to do this."))


def is_admin(user: Any) -> bool:
    return role_of(user) == Role.OFFICE_ADMIN


def is_office(user: Any) -> bool:
    return role_of(user) in OFFICE_ROLES


def in_unit(user: Any, unit_id: int | None) -> bool:
    return role_of(user) in UNIT_ROLES and unit_id is not None and user.unit_id == unit_id


def can_fill(user: Any, submission: Submission) -> bool:
    """The reporting unit's liaison and head fill in their return; the office admin may
    help (a unit without a liaison, a correction after a phone call)."""
    return in_unit(user, submission.unit_id) or is_admin(user)
