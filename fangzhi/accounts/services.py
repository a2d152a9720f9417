"""Services for people and their accounts. Accounts are disabled, never deleted."""

from __future__ import annotations

import re
import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fangzhi.audit.context import acting
from fangzhi.core.errors import Forbidden, ServiceError

from .models import User
from .roles import OFFICE_ROLES, UNIT_ROLES, Role, role_of

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.@+-]{3,150}$")


def can_create_person(by: Any, *, role: str, unit: Any) -> bool:
    """The office admin creates anyone; a unit's people create accounts for their own unit."""
    actor = role_of(by)
    if actor == Role.OFFICE_ADMIN:
        return True
    return actor in UNIT_ROLES and role in UNIT_ROLES and unit is not None and unit.pk == by.unit_id


def creatable_roles(by: Any) -> list[str]:
    """The roles ``by`` may create accounts for (empty: may create none)."""
    actor = role_of(by)
    if actor == Role.OFFICE_ADMIN:
        return list(Role.values)
    if actor in UNIT_ROLES:
        return [Role.UNIT_LIAISON, Role.UNIT_HEAD]
    return []


def _clean_full_name(value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(_("Full name may not be empty."), field="full_name")
    if len(value) > 64:
        raise ServiceError(_("Full name may be at most 64 characters."), field="full_name")
    if any(ord(c) < 32 for c in value):
        raise ServiceError(_("Full name contains control characters."), field="full_name")
    return value


def temporary_password() -> str:
    return secrets.token_urlsafe(12)


def person_create(
    *,
    by: Any,
    username: str,
    full_name: str,
    role: str,
    unit: Any = None,
    email: str = "",
    phone: str = "",
    title: str = "",
    password: str | None = None,
) -> tuple[User, str]:
    """Create an account; returns it with its initial password, to be changed at first login."""
    if role not in Role.values:
        raise ServiceError(_("Unknown role."), field="role")
    if not can_create_person(by, role=role, unit=unit):
        raise Forbidden(_("You do not have permission to do this."))
    username = (username or "").strip()
    if not USERNAME_RE.match(username):
        raise ServiceError(
            _("User name: 3–150 letters, digits or the characters . @ + - _"), field="username"
        )
    if User.objects.filter(username__iexact=username).exists():
        raise ServiceError(_("This user name is already taken."), field="username")
    full_name = _clean_full_name(full_name)
    if role in UNIT_ROLES and unit is None:
        raise ServiceError(_("A unit liaison or head must belong to a unit."), field="unit")
    if role in OFFICE_ROLES or role == Role.REVIEWER:
        unit = None if role == Role.REVIEWER else unit
    if unit is not None and not unit.is_active:
        raise ServiceError(_("A retired unit cannot be given new people."), field="unit")
    if len(phone) > 32 or len(title) > 64 or len(email) > 254:
        raise ServiceError(_("A field is too long."))
    initial = password or temporary_password()
    user = User(
        username=username,
        full_name=full_name,
        role=role,
        unit=unit,
        email=email.strip(),
        phone=phone.strip(),
        title=title.strip(),
        must_change_password=password is None,
    )
    try:
        validate_password(initial, user)
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages), field="password") from exc
    user.set_password(initial)
    with acting(by), transaction.atomic():
        user.save()
    return user, initial


def person_update(*, by: Any, person: User, **fields: Any) -> User:
    """Office admins change anything but the password; people change their own contact data."""
    own_fields = {"full_name", "email", "phone", "title"}
    admin_fields = own_fields | {"role", "unit"}
    if role_of(by) == Role.OFFICE_ADMIN:
        allowed = admin_fields
    elif getattr(by, "pk", None) == person.pk:
        allowed = own_fields
    else:
        raise Forbidden(_("You do not have permission to do this."))
    unknown = set(fields) - allowed
    if unknown:
        raise Forbidden(_("You may not change these fields: %s") % ", ".join(sorted(unknown)))
    if "full_name" in fields:
        fields["full_name"] = _clean_full_name(fields["full_name"])
    role = fields.get("role", person.role)
    unit = fields.get("unit", person.unit)
    if role in UNIT_ROLES and unit is None:
        raise ServiceError(_("A unit liaison or head must belong to a unit."), field="unit")
    if (
        ("role" in fields or "unit" in fields)
        and person.seat_terms.filter(end_on__isnull=True).exists()
        and (role != person.role or unit != person.unit)
    ):
        raise ServiceError(
            _("This person holds a seat; end or replace the seat before changing role or unit."),
            field="role",
        )
    with acting(by), transaction.atomic():
        for key, value in fields.items():
            setattr(person, key, value)
        person.save()
    return person


def person_reset_password(*, by: Any, person: User) -> str:
    """An office admin sets a new temporary password that must be changed at next login."""
    if role_of(by) != Role.OFFICE_ADMIN:
        raise Forbidden(_("Only an office administrator can reset passwords."))
    password = temporary_password()
    with acting(by), transaction.atomic():
        person.set_password(password)
        person.must_change_password = True
        person.save(update_fields=["password", "must_change_password"])
    return password


def person_set_active(*, by: Any, person: User, active: bool) -> User:
    if role_of(by) != Role.OFFICE_ADMIN:
        raise Forbidden(_("You do not have permission to do this."))
    if person.pk == getattr(by, "pk", None) and not active:
        raise ServiceError(_("You cannot disable your own account."))
    with acting(by), transaction.atomic():
        person.is_active = active
        person.save(update_fields=["is_active"])
    return person
