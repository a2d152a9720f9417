"""The outline (篇目) of a work: a tree of parts, chapters, sections and entries.

Each node may be assigned to a member unit (承编单位) with a deadline, an expected length
and a quality standard; the unit answers for what it supplies (三.三). Nodes are never
deleted: a node taken out of the outline is withdrawn and keeps its manuscripts.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from fangzhi.accounts.roles import OFFICE_ROLES, UNIT_ROLES, Role, role_of
from fangzhi.core.querysets import CHANGE, VisibleQuerySet, through

from .works import UNIT_NAMED_KINDS, Work

LEVEL_LABELS = {1: _("Part"), 2: _("Chapter"), 3: _("Section"), 4: _("Entry")}  # 篇章节目


class OutlineNodeQuerySet(MP_NodeQuerySet, VisibleQuerySet):
    def current(self) -> OutlineNodeQuerySet:
        return self.filter(withdrawn=False)


class OutlineNodeManager(MP_NodeManager):
    def get_queryset(self) -> OutlineNodeQuerySet:
        return OutlineNodeQuerySet(self.model, using=self._db).order_by("path")

    def visible_to(self, user: Any, action: str = "view") -> OutlineNodeQuerySet:
        return self.get_queryset().visible_to(user, action)


class OutlineNode(MP_Node):
    class State(models.TextChoices):
        DRAFT = "draft", _("Not assigned")
        ASSIGNED = "assigned", _("Assigned")  # 已分配
        SUBMITTED = "submitted", _("Submitted")  # 已报送 (signed off by the unit head)
        IN_REVIEW = "in_review", pgettext_lazy("outline node", "In review")  # 审改中
        RETURNED = "returned", _("Returned")  # 退回
        ACCEPTED = "accepted", _("Accepted")  # 已采用

    # The roots of every work share treebeard's sibling list; ``work`` keeps them apart.
    node_order_by: list[str] = []
    steplen = 4

    work = models.ForeignKey(
        Work, on_delete=models.PROTECT, related_name="nodes", verbose_name=_("work")
    )
    title = models.CharField(_("title"), max_length=200)
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_nodes",
        verbose_name=_("assigned unit"),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    expected_length = models.PositiveIntegerField(
        _("expected length (characters)"), null=True, blank=True
    )
    quality_standard = models.TextField(_("quality standard"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    # Bumped by every change of the node's manuscript; a save based on an older value is
    # refused so that two people editing at once do not overwrite each other.
    revision = models.PositiveIntegerField(_("revision"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = OutlineNodeManager()

    class Meta:
        verbose_name = _("outline node")
        verbose_name_plural = _("outline nodes")
        indexes = [models.Index(fields=["work", "path"]), models.Index(fields=["unit", "state"])]

    def __str__(self) -> str:
        return self.title

    @property
    def level(self) -> int:
        return self.depth

    @property
    def level_label(self) -> Any:
        return LEVEL_LABELS.get(self.depth, LEVEL_LABELS[4])

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        role = role_of(user)
        if role in OFFICE_ROLES:
            return Q()
        if role in UNIT_ROLES and user.unit_id:
            # Only its own nodes, and every node of a work the unit compiles itself.
            own_works = Work.objects.filter(compiler_id=user.unit_id, kind__in=UNIT_NAMED_KINDS)
            return Q(unit_id=user.unit_id) | Q(work__in=own_works.values("pk"))
        if role == Role.REVIEWER and action != CHANGE:
            mine = NodeReviewer.objects.filter(reviewer=user, ended_at__isnull=True)
            return Q(pk__in=mine.values("node_id"))
        return None


def via_node(user: Any, action: str, field: str = "node") -> Q | None:
    """Rows that belong to a node: visible where the node is."""
    return through(OutlineNode, field, user, action)


class NodeReviewer(models.Model):
    """An outside reviewer asked to comment on one node's manuscript."""

    node = models.ForeignKey(
        OutlineNode, on_delete=models.PROTECT, related_name="reviewers", verbose_name=_("node")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_assignments",
        verbose_name=_("reviewer"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("node reviewer")
        verbose_name_plural = _("node reviewers")
        constraints = [
            models.UniqueConstraint(
                fields=["node", "reviewer"],
                condition=Q(ended_at__isnull=True),
                name="one_open_review_assignment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.node} {self.reviewer}"

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        role = role_of(user)
        if role in OFFICE_ROLES:
            return Q()
        if role == Role.REVIEWER and action != CHANGE:
            return Q(reviewer=user)
        return None


class NodeEvent(models.Model):
    """What happened to a node: assigned, submitted, taken into review, returned, accepted.

    The reasons of a return stay here for the unit to read.
    """

    class Action(models.TextChoices):
        ASSIGN = "assign", _("Assigned")
        UNASSIGN = "unassign", _("Assignment removed")
        SUBMIT = "submit", _("Submitted with the head's sign-off")
        START_REVIEW = "start_review", _("Taken into review")
        RETURN = "return", _("Returned for revision")
        ACCEPT = "accept", _("Accepted")
        WITHDRAW = "withdraw", _("Withdrawn from the outline")
        RESTORE = "restore", _("Restored to the outline")

    node = models.ForeignKey(
        OutlineNode, on_delete=models.PROTECT, related_name="events", verbose_name=_("node")
    )
    action = models.CharField(_("action"), max_length=15, choices=Action.choices)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.ForeignKey(
        "works.ManuscriptVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("version"),
    )
    reason = models.TextField(_("reasons"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("node event")
        verbose_name_plural = _("node events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.node} {self.get_action_display()}"

    @classmethod
    def visibility(cls, user: Any, action: str) -> Q | None:
        return None if action == CHANGE else via_node(user, action)
