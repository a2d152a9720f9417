"""Annual returns campaigns (资料年报, 三.六): one a year, run with that year's yearbook.

The office opens the campaign; the yearbook's contributing units are its reporting units
(承报单位); each files its year's material in seven categories.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fangzhi.accounts.roles import OFFICE_ROLES, UNIT_ROLES, Role, role_of
from fangzhi.core.querysets import CHANGE, VisibleQuerySet


class Category(models.TextChoices):
    # The seven categories of 三.六, named as the document names them.
    OVERVIEW = "overview", pgettext_lazy("returns category", "Overview")  # 概况资料
    CHRONICLE = "chronicle", pgettext_lazy("returns category", "Chronicle of events")  # 大事记资料
    TOPIC = "topic", pgettext_lazy("returns category", "Special topics")  # 专题资料
    PEOPLE = "people", pgettext_lazy("returns category", "People")  # 人物资料
    DOCUMENTS = "documents", pgettext_lazy("returns category", "Documents")  # 文献资料
    MEDIA = "media", pgettext_lazy("returns category", "Pictures, audio and video")  # 图片音像资料
    OTHER = "other", pgettext_lazy("returns category", "Other material worth keeping")  # 其他


class Campaign(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    yearbook = models.ForeignKey(
        "works.Work",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
        verbose_name=_("yearbook"),
    )
    due_on = models.DateField(_("due date"))
    instructions = models.TextField(_("instructions"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual returns campaign")
        verbose_name_plural = _("annual returns campaigns")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(_("Annual returns %(year)d") % {"year": self.year})

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        role = role_of(user)
        if role == Role.OFFICE_ADMIN:
            return Q()
        if role == Role.OFFICE_EDITOR:
            return Q() if action != CHANGE else None
        if role in UNIT_ROLES and user.unit_id and action != CHANGE:
            mine = ReportingUnit.objects.filter(unit_id=user.unit_id, active=True)
            return Q(pk__in=mine.values("campaign_id"))
        return None


class ReportingUnit(models.Model):
    """A unit that reports in a campaign (承报单位); removed units are deactivated, not deleted."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="reporting_units")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(_("reports"), default=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting unit")
        verbose_name_plural = _("reporting units")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="one_reporting_row_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} {self.unit}"

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        role = role_of(user)
        if role in OFFICE_ROLES:
            return Q() if action != CHANGE or role == Role.OFFICE_ADMIN else None
        if role in UNIT_ROLES and user.unit_id and action != CHANGE:
            return Q(unit_id=user.unit_id)
        return None


class YearbookMapping(models.Model):
    """Which outline node of the yearbook a category's entries go to (from one unit, or
    from every unit when ``unit`` is empty): the 大事记 node takes every unit's chronicle."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="mappings")
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    node = models.ForeignKey(
        "works.OutlineNode", on_delete=models.PROTECT, related_name="+", verbose_name=_("node")
    )
    active = models.BooleanField(default=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("yearbook mapping")
        verbose_name_plural = _("yearbook mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "category", "unit"],
                condition=Q(active=True),
                name="one_active_mapping_per_category_and_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} → {self.node}"

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        role = role_of(user)
        if role == Role.OFFICE_ADMIN:
            return Q()
        if role == Role.OFFICE_EDITOR and action != CHANGE:
            return Q()
        return None
