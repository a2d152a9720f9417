"""People with accounts. Every staff member, liaison, head and reviewer is a ``User``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MinLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fangzhi.core.querysets import CHANGE, VisibleQuerySet

from .roles import OFFICE_ROLES, UNIT_ROLES, Role, role_of


class UserQuerySet(VisibleQuerySet):
    pass


class FangzhiUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=64, validators=[MinLengthValidator(1)])
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("member unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    title = models.CharField(_("post"), max_length=64, blank=True)
    must_change_password = models.BooleanField(_("must change password"), default=False)

    objects = FangzhiUserManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "username"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=["unit_liaison", "unit_head"]) | Q(unit__isnull=False),
                name="unit_role_needs_unit",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def role_code(self) -> str:
        return role_of(self)

    @property
    def is_office_staff(self) -> bool:
        return role_of(self) in OFFICE_ROLES

    @property
    def is_office_admin(self) -> bool:
        return role_of(self) == Role.OFFICE_ADMIN

    @property
    def is_unit_member(self) -> bool:
        return role_of(self) in UNIT_ROLES

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        role = role_of(user)
        if role == Role.OFFICE_ADMIN:
            return Q()
        if action == CHANGE:
            # Only the office admin manages accounts; anyone may change their own profile.
            return Q(pk=user.pk) if role != "public" else None
        if role == Role.OFFICE_EDITOR:
            return Q()
        if role in UNIT_ROLES:
            return Q(unit_id=user.unit_id) | Q(pk=user.pk)
        if role == Role.REVIEWER:
            return Q(pk=user.pk)
        return None
