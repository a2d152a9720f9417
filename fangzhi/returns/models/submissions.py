"""What a reporting unit files: one submission per category, its entries and attachments,
and a frozen version at every sign-off (三.六; 三.七: nothing is destroyed).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fangzhi.accounts.roles import OFFICE_ROLES, UNIT_ROLES, role_of
from fangzhi.core.querysets import CHANGE, VisibleQuerySet, through

from .campaigns import Campaign, Category


class Submission(models.Model):
    """A unit's return for one category in one campaign."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("campaign")
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    # Moves on with every change of the entries: a change based on an older value is
    # refused, so two people editing at once do not overwrite each other.
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("return")
        verbose_name_plural = _("returns")
        ordering = ["campaign", "unit__sort_order", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit", "category"], name="one_submission_per_category"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_category_display()} {self.campaign.year}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.NOT_STARTED, self.Status.DRAFT, self.Status.RETURNED)

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        role = role_of(user)
        if role in OFFICE_ROLES:
            return Q()
        if role in UNIT_ROLES and user.unit_id:
            return Q(unit_id=user.unit_id)
        return None


def via_submission(user: Any, action: str) -> Q | None:
    return through(Submission, "submission", user, action)


class Entry(models.Model):
    """One item of a return. Fields common to every category, plus those of its own:

    - chronicle (大事记): a date with its precision, place, event text, source;
    - people (人物): name, sex, birth and death, native place, posts, honours; a biography
      (``is_biography``) only for the deceased (生不立传);
    - documents (文献): issuer, document number (文号), date, file;
    - media (图片音像): file, caption, author, date, place, rights.
    """

    class Sex(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")

    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="entries", verbose_name=_("return")
    )
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)
    # A date as precise as it is known: day, month, season or year (fangzhi.text.dates).
    date_year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    date_month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    date_day = models.PositiveSmallIntegerField(_("day"), null=True, blank=True)
    date_season = models.PositiveSmallIntegerField(_("season"), null=True, blank=True)
    date_precision = models.CharField(_("date precision"), max_length=8, blank=True)
    date_sort = models.CharField(max_length=20, blank=True, db_index=True)
    backfilled = models.BooleanField(_("event of an earlier year (back-filled)"), default=False)
    place = models.CharField(_("place"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    # people
    name = models.CharField(pgettext_lazy("person", "name"), max_length=64, blank=True)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, blank=True)
    born = models.CharField(_("born"), max_length=20, blank=True)
    died = models.CharField(_("died"), max_length=20, blank=True)
    native_place = models.CharField(_("native place"), max_length=100, blank=True)
    posts = models.TextField(_("posts held"), blank=True)
    honours = models.TextField(_("honours"), blank=True)
    is_biography = models.BooleanField(_("biography"), default=False)
    # documents and media
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    author = models.CharField(_("author"), max_length=100, blank=True)
    rights = models.CharField(_("rights"), max_length=200, blank=True)
    file = models.ForeignKey(
        "core.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    # overview: structured figures as [label, value] pairs (a list, because PostgreSQL's
    # jsonb does not keep the keys of an object in order); tables as header + rows
    fields = models.JSONField(_("figures"), default=list, blank=True)
    table = models.JSONField(_("table"), default=dict, blank=True)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("return entry")
        verbose_name_plural = _("return entries")
        ordering = ["submission", "date_sort", "id"]

    def __str__(self) -> str:
        return self.title or self.name or self.text[:30]

    @property
    def figures(self) -> list[tuple[str, str]]:
        """The overview's figures in the order they were entered."""
        if isinstance(self.fields, dict):  # written before figures were kept as pairs
            return [(str(k), str(v)) for k, v in self.fields.items()]
        return [(str(k), str(v)) for k, v in (self.fields or [])]

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        return via_submission(user, action)


class SubmissionVersion(models.Model):
    """The entries as signed off (签发): frozen, kept for ever, one per submission round."""

    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="versions", verbose_name=_("return")
    )
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("entries as signed off"))
    statement = models.TextField(_("statement"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("signed by"),
    )
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("signed-off return")
        verbose_name_plural = _("signed-off returns")
        ordering = ["submission", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "number"], name="one_return_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("A signed-off return is never changed.")
        super().save(*args, **kwargs)

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        return None if action == CHANGE else via_submission(user, action)


class SubmissionEvent(models.Model):
    """What happened to a submission: signed off, returned (with reasons), accepted."""

    class Action(models.TextChoices):
        SIGN_OFF = "sign_off", _("Signed off and submitted")
        RETURN = "return", _("Returned with reasons")
        ACCEPT = "accept", _("Accepted")

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    version = models.ForeignKey(
        SubmissionVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reasons"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("return event")
        verbose_name_plural = _("return events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.submission} {self.get_action_display()}"

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        return None if action == CHANGE else via_submission(user, action)


class DraftSource(models.Model):
    """A yearbook manuscript version generated from returns keeps its sources."""

    version = models.ForeignKey(
        "works.ManuscriptVersion", on_delete=models.PROTECT, related_name="return_sources"
    )
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="drafts")

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("draft source")
        verbose_name_plural = _("draft sources")
        constraints = [models.UniqueConstraint(fields=["version", "entry"], name="one_source_row")]

    def __str__(self) -> str:
        return f"{self.version_id} ← {self.entry_id}"

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        role = role_of(user)
        if role in OFFICE_ROLES and action != CHANGE:
            return Q()
        return None
