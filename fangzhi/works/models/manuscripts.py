"""Manuscripts (文稿): every saved version of a node's text, comments on it, sign-offs.

三.七: every version is kept and never destroyed. A version is written once and cannot
be changed; comments are resolved, never deleted; a sign-off (签发) records the unit
head's statement that the unit answers for truth, accuracy and completeness.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fangzhi.core.querysets import CHANGE, VIEW, VisibleQuerySet

from .outline import OutlineNode, via_node


class ImmutableError(Exception):
    pass


class ManuscriptVersion(models.Model):
    class Source(models.TextChoices):
        UPLOAD = "upload", _("Word upload")
        EDITOR = "editor", _("Edited in the browser")

    node = models.ForeignKey(
        OutlineNode, on_delete=models.PROTECT, related_name="versions", verbose_name=_("node")
    )
    number = models.PositiveIntegerField(_("version"))
    html = models.TextField(_("text (HTML)"))
    text = models.TextField(_("plain text"))
    char_count = models.PositiveIntegerField(_("characters"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    source_file = models.ForeignKey(
        "core.StoredFile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded file"),
    )
    source_name = models.CharField(_("file name"), max_length=255, blank=True)
    warnings = models.JSONField(_("import warnings"), default=list, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    based_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("based on"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="manuscript_versions",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("manuscript version")
        verbose_name_plural = _("manuscript versions")
        ordering = ["node", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["node", "number"], name="one_version_number_per_node")
        ]

    def __str__(self) -> str:
        return f"{self.node} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableError("A manuscript version is written once and never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ImmutableError("A manuscript version is never deleted.")

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        return None if action == CHANGE else via_node(user, action)


class ManuscriptAsset(models.Model):
    """A file (an image) that a node's manuscripts show; served only to who sees the node."""

    node = models.ForeignKey(
        OutlineNode, on_delete=models.PROTECT, related_name="assets", verbose_name=_("node")
    )
    file = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("manuscript image")
        verbose_name_plural = _("manuscript images")
        constraints = [
            models.UniqueConstraint(fields=["node", "file"], name="one_asset_per_node_and_file")
        ]

    def __str__(self) -> str:
        return f"{self.node_id}:{self.file_id}"

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        return None if action == CHANGE else via_node(user, action)


class Comment(models.Model):
    """A remark on a passage of one version: resolved, never deleted."""

    version = models.ForeignKey(
        ManuscriptVersion,
        on_delete=models.PROTECT,
        related_name="comments",
        verbose_name=_("version"),
    )
    quote = models.TextField(_("passage"), blank=True)
    start = models.PositiveIntegerField(_("from character"), null=True, blank=True)
    end = models.PositiveIntegerField(_("to character"), null=True, blank=True)
    body = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolution = models.TextField(_("resolution"), blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["start", "created_at", "id"]

    def __str__(self) -> str:
        return self.body[:40]

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        # Whoever sees the node may comment and resolve; the services say who may do what.
        return via_node(user, VIEW, field="version__node")


class SignOff(models.Model):
    """The unit head's sign-off (签发) of one version: the unit's submission of a node."""

    node = models.ForeignKey(
        OutlineNode, on_delete=models.PROTECT, related_name="signoffs", verbose_name=_("node")
    )
    version = models.OneToOneField(
        ManuscriptVersion,
        on_delete=models.PROTECT,
        related_name="signoff",
        verbose_name=_("version"),
    )
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("signed by"),
    )
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)
    statement = models.TextField(_("statement"))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        ordering = ["-signed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.node} v{self.version.number}"

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        return None if action == CHANGE else via_node(user, action)
