"""Check runs, marks, dismissals and the office's lists (精品意识).

A ``CheckRun`` is the checker's reading of one manuscript version; its ``CheckMark``s say
where and why. An editor's ``Dismissal`` is remembered for the node by the mark's rule and
fingerprint (the excerpt with a few characters either side), so the same mark does not
come back on the next version although its offsets moved. Dismissals are never deleted:
they are withdrawn. ``CheckerTerm`` rows are the office's lists the checker reads
(evaluative words, abbreviations, names with their validity, fixed terms).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fangzhi.accounts.roles import OFFICE_ROLES, role_of
from fangzhi.core.querysets import CHANGE, VisibleQuerySet
from fangzhi.works.models import ManuscriptVersion, OutlineNode
from fangzhi.works.models.outline import via_node


def _office_only(user: Any) -> Q | None:
    return Q() if role_of(user) in OFFICE_ROLES else None


class Severity(models.TextChoices):
    ERROR = "error", _("Error")
    WARNING = "warning", _("Warning")
    NOTICE = "notice", _("Notice")


class CheckRun(models.Model):
    """The checker's reading of one version: its marks, counts and error rate (差错率)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    version = models.OneToOneField(
        ManuscriptVersion,
        on_delete=models.PROTECT,
        related_name="check_run",
        verbose_name=_("version"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    characters = models.PositiveIntegerField(_("characters"), default=0)
    # Open marks only: a dismissed mark is an editor's decision that it is not an error.
    mark_count = models.PositiveIntegerField(_("marks"), default=0)
    error_rate = models.FloatField(_("error rate per 10,000 characters"), default=0.0)
    # Open marks per rule, grouped by the rule id before the dot (R04.1 counts as R04).
    rule_counts = models.JSONField(_("marks per rule"), default=dict, blank=True)
    ruleset = models.CharField(_("rule set"), max_length=100, blank=True)
    error = models.TextField(_("error"), blank=True)
    job = models.ForeignKey(
        "core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("check run")
        verbose_name_plural = _("check runs")
        ordering = ["-version__node", "-version__number"]

    def __str__(self) -> str:
        return f"{self.version} {self.status}"

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        # "change" is asking for the version to be checked again: whoever may change the
        # node (the service narrows it to the office and the node's unit).
        return via_node(user, action, field="version__node")


class Dismissal(models.Model):
    """An editor's decision that a mark is not an error, with the reason; it holds for
    every later version of the node until withdrawn. Never deleted."""

    node = models.ForeignKey(
        OutlineNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("node")
    )
    version = models.ForeignKey(
        ManuscriptVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dismissed on version"),
    )
    rule = models.CharField(_("rule"), max_length=20)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    excerpt = models.CharField(_("excerpt"), max_length=200)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("dismissal")
        verbose_name_plural = _("dismissals")
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["node", "rule", "fingerprint"],
                condition=Q(withdrawn=False),
                name="one_standing_dismissal_per_mark",
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.excerpt}"

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        if action == CHANGE:
            return _office_only(user)
        return via_node(user, action)


class CheckMark(models.Model):
    """One finding of a run: ``version.text[start:end]`` (end exclusive)."""

    run = models.ForeignKey(
        CheckRun, on_delete=models.CASCADE, related_name="marks", verbose_name=_("check run")
    )
    rule = models.CharField(_("rule"), max_length=20)
    category = models.CharField(_("category"), max_length=30)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    start = models.PositiveIntegerField(_("from character"))
    end = models.PositiveIntegerField(_("to character"))
    excerpt = models.CharField(_("excerpt"), max_length=200)
    message = models.TextField(_("message"))
    suggestion = models.TextField(_("suggestion"), blank=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    dismissed_by = models.ForeignKey(
        Dismissal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="marks",
        verbose_name=_("dismissed by"),
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("check mark")
        verbose_name_plural = _("check marks")
        ordering = ["run", "start", "end", "rule"]
        indexes = [models.Index(fields=["run", "rule"])]

    def __str__(self) -> str:
        return f"{self.rule} {self.excerpt}"

    @property
    def rule_group(self) -> str:
        return self.rule.split(".", 1)[0]

    @property
    def is_open(self) -> bool:
        return self.dismissed_by_id is None

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        if action == CHANGE:  # dismissing: the office's editors (services decide)
            return _office_only(user)
        return via_node(user, action, field="run__version__node")


class CheckerTerm(models.Model):
    """An entry of the office's lists; it overrides a shipped default with the same term
    (an inactive entry switches the default off)."""

    class Kind(models.TextChoices):
        EVALUATION = "evaluation", _("Evaluative word")  # R03 述而不论
        ABBREVIATION = "abbreviation", _("Abbreviation")  # R07: full name ↔ abbreviation
        PLACE_NAME = "place_name", _("Place or organisation name")  # R08
        FIXED_TERM = "fixed_term", _("Fixed term")  # R10 规范表述

    kind = models.CharField(_("list"), max_length=20, choices=Kind.choices)
    term = models.CharField(_("term"), max_length=100)
    # Abbreviation: the abbreviation of ``term`` (the full name); fixed term: the right
    # form (empty: must not appear); place name: its names at other times.
    other = models.CharField(_("other form"), max_length=200, blank=True)
    valid_from = models.PositiveSmallIntegerField(_("valid from (year)"), null=True, blank=True)
    valid_to = models.PositiveSmallIntegerField(_("valid to (year)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("checker list entry")
        verbose_name_plural = _("checker list entries")
        ordering = ["kind", "term"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "term"], name="one_checker_term_per_list"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="checker_term_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.term

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        return _office_only(user)
