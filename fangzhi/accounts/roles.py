"""The roles of the requirements, and the predicates every permission is built from.

The public has no account: an anonymous request is the ``public`` role.
"""

from __future__ import annotations

from typing import Any

import rules
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICE_ADMIN = "office_admin", _("Office administrator")
    OFFICE_EDITOR = "office_editor", _("Office editor")
    UNIT_LIAISON = "unit_liaison", _("Unit liaison")
    UNIT_HEAD = "unit_head", _("Unit head")
    REVIEWER = "reviewer", _("Reviewer")


OFFICE_ROLES = frozenset({Role.OFFICE_ADMIN, Role.OFFICE_EDITOR})
UNIT_ROLES = frozenset({Role.UNIT_LIAISON, Role.UNIT_HEAD})


def role_of(user: Any) -> str:
    """The user's role code, ``public`` for anonymous or inactive users."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return "public"
    return user.role


@rules.predicate
def is_office_admin(user: Any) -> bool:
    return role_of(user) == Role.OFFICE_ADMIN


@rules.predicate
def is_office_staff(user: Any) -> bool:
    return role_of(user) in OFFICE_ROLES


@rules.predicate
def is_unit_member(user: Any) -> bool:
    return role_of(user) in UNIT_ROLES and user.unit_id is not None


@rules.predicate
def is_unit_head(user: Any) -> bool:
    return role_of(user) == Role.UNIT_HEAD and user.unit_id is not None


@rules.predicate
def is_reviewer(user: Any) -> bool:
    return role_of(user) == Role.REVIEWER


def unit_id_of(obj: Any) -> int | None:
    """The member unit an object belongs to (``unit_id`` or the object itself)."""
    if obj is None:
        return None
    if obj.__class__.__name__ == "Unit":
        return obj.pk
    return getattr(obj, "unit_id", None)


@rules.predicate
def belongs_to_own_unit(user: Any, obj: Any) -> bool:
    return is_unit_member(user) and obj is not None and unit_id_of(obj) == user.unit_id
