"""Rows the whole project shares: background jobs, stored files and notifications."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fangzhi.accounts.roles import Role, role_of
from fangzhi.core.querysets import VisibleQuerySet


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)  # 0–100
    log = models.TextField(_("log"), blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        role = role_of(user)
        if role == Role.OFFICE_ADMIN:
            return Q()
        if role == "public":
            return None
        return Q(created_by=user)


class StoredFile(models.Model):
    """A file's bytes, stored once under their SHA-256 (architecture: data that lasts).

    Rows are never deleted or changed; the records that use a file (a manuscript version,
    a review document) keep its original name and decide who may read it. No page serves
    a ``StoredFile`` by itself: files leave only through the checked views of their owners.
    """

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(_("content type"), max_length=120)
    created_at = models.DateTimeField(_("stored at"), auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.sha256

    @property
    def path(self) -> str:
        """The storage key: sharded by the hash so no folder grows too large."""
        return f"sha256/{self.sha256[:2]}/{self.sha256[2:4]}/{self.sha256}"

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        # Reached through their owners only; the admin may list them for fixity checks.
        return Q() if role_of(user) == Role.OFFICE_ADMIN and action != "change" else None


class Notification(models.Model):
    """A message to one person in the app, and by e-mail.

    ``event_key`` names the event (``deadline_soon:node:42:2026-03-01``); one person is
    told of one event once, enforced by the database, so a scheduled job that runs twice
    never sends twice.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    event_key = models.CharField(_("event"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event_key"], name="one_notification_per_event"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        if role_of(user) == "public":
            return None
        return Q(recipient=user)
