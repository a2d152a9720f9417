"""Works (志书、年鉴): what is compiled, by whom, over which years, and where it stands.

三.三 of the source document: the kinds of work, the district gazetteer's lower time
limit (下限) that may not be changed at will, one yearbook a year.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fangzhi.accounts.roles import OFFICE_ROLES, UNIT_ROLES, Role, role_of
from fangzhi.core.querysets import CHANGE, VisibleQuerySet, through


class Work(models.Model):
    class Kind(models.TextChoices):
        DISTRICT = "district", _("District gazetteer")  # 区志
        YEARBOOK = "yearbook", _("Yearbook")  # 年鉴
        TOWN = "town", _("Town or street gazetteer")  # 镇街志
        DEPARTMENT = "department", _("Department gazetteer")  # 部门志
        INDUSTRY = "industry", _("Industry gazetteer")  # 行业志
        VILLAGE = "village", _("Village or community gazetteer")  # 村(社区)志
        ENTERPRISE = "enterprise", _("Enterprise gazetteer")  # 企业志

    class Status(models.TextChoices):
        COMPILING = "compiling", _("Compiling")  # 编纂中
        IN_REVIEW = "in_review", _("In review")  # 审查中
        RETURNED = "returned", _("Returned for revision")  # 退回修改
        APPROVED = "approved", _("Approved for publication")  # 可公开出版
        PUBLISHED = "published", _("Published")  # 已出版
        FILED = "filed", _("Published and filed")  # 已备案

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    compiler = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        related_name="compiled_works",
        verbose_name=_("compiling unit"),  # 编纂单位: holds the copyright
    )
    year = models.PositiveSmallIntegerField(_("yearbook year"), null=True, blank=True)
    upper_limit = models.PositiveSmallIntegerField(_("upper limit (year)"), null=True, blank=True)
    lower_limit = models.PositiveSmallIntegerField(_("lower limit (year)"), null=True, blank=True)
    lower_limit_fixed = models.BooleanField(_("lower limit fixed"), default=False)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_finish = models.DateField(_("planned finish"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.COMPILING
    )
    # Index of the pipeline step the work waits at (see ``pipelines.py``).
    step_index = models.PositiveSmallIntegerField(_("review step"), default=0)
    review_round = models.PositiveSmallIntegerField(_("review round"), default=0)
    based_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started from"),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("work")
        verbose_name_plural = _("works")
        ordering = ["-created_at", "-id"]
        constraints = [
            # 三.三: one yearbook a year (per compiler).
            models.UniqueConstraint(
                fields=["compiler", "year"],
                condition=Q(kind="yearbook"),
                name="one_yearbook_per_year_per_compiler",
            ),
            models.CheckConstraint(
                condition=~Q(kind="yearbook") | Q(year__isnull=False),
                name="yearbook_has_year",
            ),
            models.CheckConstraint(
                condition=Q(upper_limit__isnull=True)
                | Q(lower_limit__isnull=True)
                | Q(lower_limit__gte=F("upper_limit")),
                name="work_limits_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_unit_named(self) -> bool:
        """Named after a town, street, unit or enterprise: the compiling unit reviews first."""
        return self.kind in UNIT_NAMED_KINDS

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        role = role_of(user)
        if role in OFFICE_ROLES:
            return Q()
        if role in UNIT_ROLES and user.unit_id:
            if action == CHANGE:
                # A unit runs the works it compiles itself (镇街志, 部门志 …).
                return Q(compiler_id=user.unit_id) & Q(kind__in=UNIT_NAMED_KINDS)
            from .outline import OutlineNode

            assigned = OutlineNode.objects.filter(unit_id=user.unit_id).values("work_id")
            return Q(compiler_id=user.unit_id) | Q(pk__in=assigned)
        if role == Role.REVIEWER and action != CHANGE:
            from .outline import NodeReviewer

            mine = NodeReviewer.objects.filter(reviewer=user, ended_at__isnull=True)
            return Q(pk__in=mine.values("node__work_id"))
        return None


UNIT_NAMED_KINDS = frozenset(
    {
        Work.Kind.TOWN,
        Work.Kind.DEPARTMENT,
        Work.Kind.INDUSTRY,
        Work.Kind.VILLAGE,
        Work.Kind.ENTERPRISE,
    }
)


class LowerLimitChange(models.Model):
    """A fixed lower limit (下限) changed on the strength of an approving decision."""

    work = models.ForeignKey(
        Work, on_delete=models.PROTECT, related_name="lower_limit_changes", verbose_name=_("work")
    )
    old_value = models.PositiveSmallIntegerField(_("old lower limit"), null=True)
    new_value = models.PositiveSmallIntegerField(_("new lower limit"))
    document_number = models.CharField(_("approving document"), max_length=100)
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("lower limit change")
        verbose_name_plural = _("lower limit changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.work} {self.old_value}→{self.new_value}"

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        return _via_work(user, action)


def _via_work(user: Any, action: str) -> Q | None:
    """Rows that belong to a work: visible where the work is; recorded once, never edited."""
    return None if action == CHANGE else through(Work, "work", user, action)


class SeriesApplication(models.Model):
    """An application for the national or city "famous" or "special" gazetteer series."""

    class Series(models.TextChoices):
        NATIONAL_FAMOUS = "national_famous", _("National famous gazetteers (名志)")
        NATIONAL_SPECIAL = "national_special", _("National special gazetteers (特志)")
        CITY_FAMOUS = "city_famous", _("City famous gazetteers (名志)")
        CITY_SPECIAL = "city_special", _("City special gazetteers (特志)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted into the series")
        REJECTED = "rejected", _("Not accepted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    series = models.CharField(_("series"), max_length=20, choices=Series.choices)
    title = models.CharField(_("title"), max_length=200)
    applicant = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("applicant")
    )
    work = models.ForeignKey(
        Work,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="series_applications",
        verbose_name=_("work"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    document_number = models.CharField(_("decision document"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("series application")
        verbose_name_plural = _("series applications")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        role = role_of(user)
        if role == Role.OFFICE_ADMIN:
            return Q()
        if role == Role.OFFICE_EDITOR:
            return Q() if action != CHANGE else None
        if role in UNIT_ROLES and user.unit_id:
            return Q(applicant_id=user.unit_id)
        return None


class ApplicationDocument(models.Model):
    """A document filed with a series application (申报材料)."""

    application = models.ForeignKey(
        SeriesApplication,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("application"),
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        return None if action == CHANGE else through(SeriesApplication, "application", user, action)
