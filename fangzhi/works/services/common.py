"""What the works services share: who may do what, and value checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from fangzhi.accounts.roles import OFFICE_ROLES, UNIT_ROLES, Role, role_of
from fangzhi.core.errors import Forbidden, ServiceError

from ..models import OutlineNode, Work


def require(allowed: bool) -> None:
    if not allowed:
        raise Forbidden(_("You do not have permission to do this."))


def today() -> dt.date:
    return timezone.localdate()


def is_office(user: Any) -> bool:
    return role_of(user) in OFFICE_ROLES


def is_admin(user: Any) -> bool:
    return role_of(user) == Role.OFFICE_ADMIN


def in_unit(user: Any, unit_id: int | None) -> bool:
    return role_of(user) in UNIT_ROLES and unit_id is not None and user.unit_id == unit_id


def can_run_work(user: Any, work: Work) -> bool:
    """Edit the work's outline and assignments: the office, or the unit that compiles a
    work named after itself (镇街志、部门志 …)."""
    return is_office(user) or (work.is_unit_named and in_unit(user, work.compiler_id))


def can_write_manuscript(user: Any, node: OutlineNode) -> bool:
    """Save a version: the office's editors, or the people of the unit the node is
    assigned to (承编单位)."""
    return is_office(user) or in_unit(user, node.unit_id)


def clean_text(value: Any, *, field: str, label: Any, max_length: int, required: bool) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if not value:
        if required:
            raise ServiceError(_("%(label)s may not be empty.") % {"label": label}, field=field)
        return ""
    if len(value) > max_length:
        raise ServiceError(
            _("%(label)s may be at most %(max)d characters.") % {"label": label, "max": max_length},
            field=field,
        )
    if any(ord(c) < 32 and c not in "\n\r\t" for c in value):
        raise ServiceError(
            _("%(label)s contains control characters.") % {"label": label}, field=field
        )
    return value


def clean_year(value: Any, *, field: str, label: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise ServiceError(_("%(label)s must be a year.") % {"label": label}, field=field) from None
    if not 1 <= year <= 2999:
        raise ServiceError(
            _("%(label)s must be a year between 1 and 2999.") % {"label": label}, field=field
        )
    return year
