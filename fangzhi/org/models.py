"""The compilation committee (编纂委员会), its member units (成员单位) and their seats.

三.一 and 四 of the source document: the committee adds and retires member units; each
unit has a head responsible in person (一把手) and liaisons, and names a replacement
itself when a person leaves. Nothing here is ever deleted: units are retired, seat terms
are ended, and every change is in the audit trail.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fangzhi.accounts.roles import OFFICE_ROLES, UNIT_ROLES, Role, role_of
from fangzhi.core.querysets import CHANGE, VisibleQuerySet, through


class Committee(models.Model):
    """The district's compilation committee; its office sits in the gazetteer office."""

    name = models.CharField(_("name"), max_length=100)
    district = models.CharField(_("district"), max_length=50)
    office_name = models.CharField(_("committee office"), max_length=100)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    document_number = models.CharField(_("decision document"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("compilation committee")
        verbose_name_plural = _("compilation committees")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        role = role_of(user)
        if action == CHANGE:
            return Q() if role == Role.OFFICE_ADMIN else None
        # Outside reviewers see only what they are assigned, not the committee.
        return Q() if role in OFFICE_ROLES | UNIT_ROLES else None


class CommitteePost(models.Model):
    """Who held a post of the committee (chair, vice-chair, office director) and when."""

    class Post(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")
        OFFICE_DIRECTOR = "office_director", _("Office director")
        MEMBER = "member", _("Member")

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="posts", verbose_name=_("committee")
    )
    post = models.CharField(_("post"), max_length=20, choices=Post.choices)
    person_name = models.CharField(_("name"), max_length=64)
    position = models.CharField(_("position"), max_length=100, blank=True)
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("until"), null=True, blank=True)
    document_number = models.CharField(_("decision document"), max_length=100, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee post")
        verbose_name_plural = _("committee posts")
        ordering = ["post", "-start_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="committee_post_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(post="chair", end_on__isnull=True),
                name="one_current_chair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_post_display()} {self.person_name}"

    @property
    def is_current(self) -> bool:
        return self.end_on is None

    visibility = Committee.visibility


class UnitQuerySet(VisibleQuerySet):
    def active(self) -> UnitQuerySet:
        return self.filter(status=Unit.Status.ACTIVE)


class Unit(models.Model):
    """A member unit of the committee (成员单位); never deleted, only retired."""

    class Category(models.TextChoices):
        PARTY = "party", _("Party organ")
        CONGRESS = "congress", _("People's congress")
        GOVERNMENT = "government", _("Government")
        CPPCC = "cppcc", _("CPPCC")
        STREET = "street", _("Street")
        TOWN = "town", _("Town")
        DEPARTMENT = "department", _("Department")
        OFFICE = "office", _("Gazetteer office")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Current member")
        RETIRED = "retired", _("Retired")

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="units", verbose_name=_("committee")
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    joined_on = models.DateField(_("member since"))
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("member unit")
        verbose_name_plural = _("member units")
        ordering = ["sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="active", retired_on__isnull=True)
                | Q(status="retired", retired_on__isnull=False),
                name="unit_retired_on_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        role = role_of(user)
        if role == Role.OFFICE_ADMIN:
            return Q()
        if role == Role.OFFICE_EDITOR:
            return Q() if action != CHANGE else None
        if role in UNIT_ROLES and user.unit_id:
            return Q(pk=user.unit_id)
        return None

    def current_terms(self) -> models.QuerySet[SeatTerm]:
        return self.seat_terms.filter(end_on__isnull=True).select_related("holder")


class MembershipChange(models.Model):
    """A committee decision that added, retired or reinstated a member unit."""

    class Action(models.TextChoices):
        JOIN = "join", _("Added to the committee")
        RETIRE = "retire", _("Retired from the committee")
        REINSTATE = "reinstate", _("Reinstated")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="membership_changes", verbose_name=_("unit")
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    effective_on = models.DateField(_("effective on"))
    document_number = models.CharField(_("decision document"), max_length=100)
    reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership change")
        verbose_name_plural = _("membership changes")
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_action_display()} {self.effective_on}"

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        if action == CHANGE:
            return None  # decisions are recorded once, never edited
        return through(Unit, "unit", user, action)


class SeatTermQuerySet(VisibleQuerySet):
    def current(self) -> SeatTermQuerySet:
        return self.filter(end_on__isnull=True)


class SeatTerm(models.Model):
    """One person holding one seat of a unit (head or liaison) from a date to a date.

    The open term (``end_on`` empty) is the current holder; ended terms are the history.
    """

    class Seat(models.TextChoices):
        HEAD = "head", _("Responsible head")
        LIAISON = "liaison", _("Liaison")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="seat_terms", verbose_name=_("unit")
    )
    seat = models.CharField(_("seat"), max_length=10, choices=Seat.choices)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="seat_terms",
        verbose_name=_("holder"),
    )
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.CharField(_("reason for leaving"), max_length=200, blank=True)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("appointed by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = SeatTermQuerySet.as_manager()

    class Meta:
        verbose_name = _("seat term")
        verbose_name_plural = _("seat terms")
        ordering = ["unit", "seat", "-start_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="seat_term_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(seat="head", end_on__isnull=True),
                name="one_current_head_per_unit",
            ),
            models.UniqueConstraint(
                fields=["unit", "seat", "holder"],
                condition=Q(end_on__isnull=True),
                name="one_open_term_per_holder_and_seat",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_seat_display()} {self.holder}"

    @property
    def is_current(self) -> bool:
        return self.end_on is None

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        role = role_of(user)
        if role == Role.OFFICE_ADMIN:
            return Q()
        if role == Role.OFFICE_EDITOR:
            return Q() if action != CHANGE else None
        if role in UNIT_ROLES and user.unit_id:
            # 自行替补: the unit's own people name their replacements.
            return Q(unit_id=user.unit_id)
        return None


__all__ = ["Committee", "CommitteePost", "MembershipChange", "SeatTerm", "Unit", "OFFICE_ROLES"]
