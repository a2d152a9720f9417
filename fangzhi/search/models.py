"""The search index's documents: one row per searchable text (a node's latest manuscript,
an accepted returns entry, an imported section).

The row keeps the original text (snippets are cut from it), the folded text, and the
columns that decide who may see it, so that visibility is part of the SQL of every
search: ``node`` (a manuscript's node: seen where the node is seen), ``unit`` (the unit a
returns entry belongs to) and ``access``. The token streams live in the backend's own
structures (an FTS5 table on SQLite, a ``tsvector`` column on PostgreSQL), created by the
migrations for that database only.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fangzhi.accounts.roles import OFFICE_ROLES, UNIT_ROLES, Role, role_of
from fangzhi.core.querysets import CHANGE, VisibleQuerySet


class SourceType(models.TextChoices):
    NODE = "works.node", _("Manuscript")
    ENTRY = "returns.entry", _("Annual returns entry")
    IMPORTED = "imported", _("Imported text")


class Access(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")
    RESTRICTED = "restricted", _("Restricted")


class SearchDocument(models.Model):
    source_type = models.CharField(_("source"), max_length=20, choices=SourceType.choices)
    # The source row's id; for imported text "<work id>:<section>".
    source_id = models.CharField(_("source id"), max_length=300)
    work = models.ForeignKey(
        "works.Work",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("work"),
    )
    kind = models.CharField(_("kind"), max_length=20)
    year = models.IntegerField(_("year"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    section = models.CharField(_("section"), max_length=500, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True)
    title_folded = models.CharField(max_length=600, blank=True)
    folded = models.TextField(blank=True)
    # Where the folded text stops lining up with the original (see backends.base.OffsetMap):
    # highlights are mapped back without folding the text again. Empty: aligned throughout.
    offset_map = models.JSONField(default=list, blank=True)
    # What a source knows beyond its text, e.g. an imported section's printed page labels
    # as (offset, label) pairs, so that a citation can name the printed page.
    metadata = models.JSONField(_("metadata"), default=dict, blank=True)
    access = models.CharField(
        _("access"), max_length=10, choices=Access.choices, default=Access.INTERNAL
    )
    node = models.ForeignKey(
        "works.OutlineNode", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The order of imported sections within their work (file name order).
    position = models.PositiveIntegerField(default=0)
    # The backend could index only part of the streams (a text too long for one
    # PostgreSQL tsvector): every search checks such documents by scanning their text.
    partial = models.BooleanField(default=False)
    # SHA-256 of what the document was built from: the consistency check compares it.
    digest = models.CharField(max_length=64)
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id"], name="one_search_document_per_source"
            )
        ]
        indexes = [
            models.Index(fields=["work", "position"]),
            models.Index(fields=["access"]),
            models.Index(fields=["partial"], condition=Q(partial=True), name="search_doc_partial"),
        ]

    def __str__(self) -> str:
        return f"{self.source_type}:{self.source_id}"

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        """The documents a user may find, as columns of this table (so every search
        filters in its SQL). Mirrors ``OutlineNode.visibility``: office staff find
        everything; a unit's people their unit's nodes, the nodes of works their unit
        compiles and their unit's returns entries; a reviewer the nodes they are asked to
        read; everyone, the public included, what is public. The index is never changed
        through a surface, only by the services."""
        if action == CHANGE:
            return None
        public = Q(access=Access.PUBLIC)
        role = role_of(user)
        if role in OFFICE_ROLES:
            return Q()
        from fangzhi.works.models import OutlineNode

        if role in UNIT_ROLES and user.unit_id:
            nodes = OutlineNode.objects.filter(OutlineNode.visibility(user, action) or Q(pk=None))
            return (
                public
                | Q(source_type=SourceType.NODE, node_id__in=nodes.values("pk"))
                | Q(source_type=SourceType.ENTRY, unit_id=user.unit_id)
            )
        if role == Role.REVIEWER:
            nodes = OutlineNode.objects.filter(OutlineNode.visibility(user, action) or Q(pk=None))
            return public | Q(source_type=SourceType.NODE, node_id__in=nodes.values("pk"))
        return public
