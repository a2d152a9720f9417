"""Review and approval (审查验收、批准), publication (出版) and filing (备案) of a work.

三.四: each kind of work passes exactly the steps the source document orders (see
``pipelines.py``); every decision keeps who, when and the document (文号).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fangzhi.accounts.roles import Role as UserRole
from fangzhi.accounts.roles import role_of
from fangzhi.core.querysets import CHANGE, VisibleQuerySet

from .works import Work, _via_work


class ReviewDecision(models.Model):
    """One step's decision for a work: passed, or returned with reasons."""

    class Decision(models.TextChoices):
        PASS = "pass", _("Passed")
        RETURN = "return", _("Returned with reasons")

    work = models.ForeignKey(
        Work, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("work")
    )
    step = models.CharField(_("step"), max_length=40)
    step_index = models.PositiveSmallIntegerField(_("step number"))
    round = models.PositiveSmallIntegerField(_("review round"))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reasons = models.TextField(_("reasons"), blank=True)
    document_number = models.CharField(_("document"), max_length=100, blank=True)
    decided_on = models.DateField(_("decided on"))
    attachment = models.ForeignKey(
        "core.StoredFile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attachment"),
    )
    attachment_name = models.CharField(_("attachment name"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        ordering = ["work", "recorded_at", "id"]
        constraints = [
            # A step is decided once per round: recording it twice is refused.
            models.UniqueConstraint(
                fields=["work", "round", "step_index"], name="one_decision_per_step_and_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.work} {self.step} {self.decision}"

    @property
    def step_label(self) -> Any:
        from ..pipelines import step_label

        return step_label(self.step)

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        return _via_work(user, action)


class Publication(models.Model):
    """How a work was published: publisher, ISBN, date, print run, copies deposited."""

    work = models.OneToOneField(
        Work, on_delete=models.PROTECT, related_name="publication", verbose_name=_("work")
    )
    publisher = models.CharField(_("publisher"), max_length=100)
    isbn = models.CharField(_("ISBN"), max_length=13, blank=True)
    published_on = models.DateField(_("publication date"))
    print_run = models.PositiveIntegerField(_("print run"), null=True, blank=True)
    copies_deposited = models.PositiveIntegerField(_("copies deposited"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication record")
        verbose_name_plural = _("publication records")

    def __str__(self) -> str:
        return f"{self.work} ({self.publisher})"

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        return _via_work(user, action)


class Filing(models.Model):
    """Filing (备案) of a published unit-named work with the gazetteer office."""

    work = models.OneToOneField(
        Work, on_delete=models.PROTECT, related_name="filing", verbose_name=_("work")
    )
    filed_on = models.DateField(_("filed on"))
    document_number = models.CharField(_("document"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("received by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("filing")
        verbose_name_plural = _("filings")

    def __str__(self) -> str:
        return f"{self.work} {self.filed_on}"

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        return _via_work(user, action)


class Credit(models.Model):
    """A contributor named in the work (署名): the compiling unit holds the copyright."""

    class Role(models.TextChoices):
        CHIEF_EDITOR = "chief_editor", _("Chief editor")  # 主编
        DEPUTY_EDITOR = "deputy_editor", _("Deputy chief editor")  # 副主编
        EDITOR = "editor", _("Editor")  # 编辑
        WRITER = "writer", _("Writer")  # 撰稿
        REVIEWER = "reviewer", pgettext_lazy("credit", "Reviewer")  # 审稿
        PROOFREADER = "proofreader", _("Proofreader")  # 校对
        PHOTOGRAPHER = "photographer", _("Photographer")  # 摄影
        CONTRIBUTOR = "contributor", _("Material supplied by")  # 资料提供

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by the office")
        RECORD = "record", _("From the work's records")

    work = models.ForeignKey(
        Work, on_delete=models.PROTECT, related_name="credits", verbose_name=_("work")
    )
    role = models.CharField(_("role"), max_length=15, choices=Role.choices)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=64)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    unit_name = models.CharField(_("unit"), max_length=100, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("credit")
        verbose_name_plural = _("credits")
        ordering = ["work", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["work", "role", "name", "unit_name"],
                condition=Q(withdrawn=False),
                name="one_current_credit_per_person_and_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name}"

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        if action == CHANGE:
            return Q() if role_of(user) == UserRole.OFFICE_ADMIN else None
        return _via_work(user, action)
