"""The outline (篇目): add, rename, move, assign to units, withdraw; import and export."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fangzhi.accounts.models import User
from fangzhi.accounts.roles import Role, role_of
from fangzhi.audit.context import acting
from fangzhi.core.errors import ServiceError
from fangzhi.org.models import Unit

from ..models import LEVEL_LABELS, NodeEvent, NodeReviewer, OutlineNode, Work
from .common import can_run_work, clean_text, is_office, require

MAX_DEPTH = 6  # 篇章节目, and two levels below an entry for long works
POSITIONS = ("first-child", "last-child", "left", "right")
# Still waiting for the unit: past the deadline, these are overdue.
OVERDUE_STATES = (OutlineNode.State.ASSIGNED, OutlineNode.State.RETURNED)
OPEN_STATES = (OutlineNode.State.DRAFT, OutlineNode.State.ASSIGNED, OutlineNode.State.RETURNED)


def _node_fields(
    *,
    title: Any = None,
    quality_standard: Any = None,
    notes: Any = None,
    expected_length: Any = None,
    partial: bool = False,
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if title is not None or not partial:
        values["title"] = clean_text(
            title, field="title", label=_("Title"), max_length=200, required=True
        )
    if quality_standard is not None:
        values["quality_standard"] = clean_text(
            quality_standard,
            field="quality_standard",
            label=_("Quality standard"),
            max_length=5000,
            required=False,
        )
    if notes is not None:
        values["notes"] = clean_text(
            notes, field="notes", label=_("Notes"), max_length=5000, required=False
        )
    if expected_length is not None and expected_length != "":
        try:
            length = int(expected_length)
        except (TypeError, ValueError):
            raise ServiceError(
                _("The expected length must be a number of characters."), field="expected_length"
            ) from None
        if not 0 < length <= 10_000_000:
            raise ServiceError(
                _("The expected length must be between 1 and 10,000,000 characters."),
                field="expected_length",
            )
        values["expected_length"] = length
    return values


def node_add(
    *,
    by: Any,
    work: Work,
    title: str,
    parent: OutlineNode | None = None,
    quality_standard: str = "",
    notes: str = "",
    expected_length: int | None = None,
) -> OutlineNode:
    """Add a node at the end of ``parent``'s children (or of the work's top level)."""
    require(can_run_work(by, work))
    if parent is not None:
        if parent.work_id != work.pk:
            raise ServiceError(_("The parent belongs to another work."), field="parent")
        if parent.withdrawn:
            raise ServiceError(_("The parent has been withdrawn."), field="parent")
        if parent.depth >= MAX_DEPTH:
            raise ServiceError(
                _("An outline may be at most %(n)d levels deep.") % {"n": MAX_DEPTH},
                field="parent",
            )
    values = _node_fields(
        title=title, quality_standard=quality_standard, notes=notes, expected_length=expected_length
    )
    values["work"] = work
    with acting(by), transaction.atomic():
        if parent is None:
            return OutlineNode.objects.add_root(values)
        return OutlineNode.objects.add_child(OutlineNode.objects.get(pk=parent.pk), values)


def node_update(*, by: Any, node: OutlineNode, **changes: Any) -> OutlineNode:
    """Rename a node or change its standard, notes and expected length."""
    require(can_run_work(by, node.work))
    allowed = {"title", "quality_standard", "notes", "expected_length"}
    if set(changes) - allowed:
        raise ServiceError(_("These fields cannot be changed here."))
    values = _node_fields(partial=True, **changes)
    if "expected_length" in changes and changes["expected_length"] in (None, ""):
        values["expected_length"] = None
    with acting(by), transaction.atomic():
        for field, value in values.items():
            setattr(node, field, value)
        node.save(update_fields=list(values) or None)
        if "title" in values:  # the search index shows the node's title
            from fangzhi.search.services import index_after_commit

            index_after_commit(node, by=by)
    return node


def node_move(*, by: Any, node: OutlineNode, target: OutlineNode, position: str) -> OutlineNode:
    """Move a node (with its subtree) relative to ``target`` in the same work.

    ``position``: ``first-child``/``last-child`` of the target, or ``left``/``right`` of it.
    """
    require(can_run_work(by, node.work))
    # Paths shift when siblings move: work on fresh rows, never on a page's stale copy.
    node, target = _fresh(node), _fresh(target)
    if position not in POSITIONS:
        raise ServiceError(_("Unknown position."), field="position")
    if target.work_id != node.work_id:
        raise ServiceError(_("A node can only move within its own work."), field="target")
    if target.pk == node.pk or target.path.startswith(node.path):
        raise ServiceError(_("A node cannot move into itself."), field="target")
    new_depth = target.depth + (1 if position.endswith("child") else 0)
    subtree_height = (
        max((d.depth for d in OutlineNode.objects.get_descendants(node)), default=node.depth)
        - node.depth
    )
    if new_depth + subtree_height > MAX_DEPTH:
        raise ServiceError(
            _("An outline may be at most %(n)d levels deep.") % {"n": MAX_DEPTH}, field="target"
        )
    pos = {
        "left": "left",
        "right": "right",
        "first-child": "first-child",
        "last-child": "last-child",
    }
    with acting(by), transaction.atomic():
        fresh = OutlineNode.objects.get(pk=node.pk)
        OutlineNode.objects.move(fresh, OutlineNode.objects.get(pk=target.pk), pos[position])
        return OutlineNode.objects.get(pk=node.pk)


def node_shift(*, by: Any, node: OutlineNode, direction: str) -> OutlineNode:
    """Keyboard moves: ``up``/``down`` among siblings, ``indent`` under the previous
    sibling, ``outdent`` to after the parent."""
    node = _fresh(node)
    siblings = [
        n
        for n in (OutlineNode.objects.get_siblings(node) if node.depth > 1 else _roots(node.work))
        if not n.withdrawn or n.pk == node.pk
    ]
    index = next(i for i, n in enumerate(siblings) if n.pk == node.pk)
    if direction == "up" and index > 0:
        return node_move(by=by, node=node, target=siblings[index - 1], position="left")
    if direction == "down" and index < len(siblings) - 1:
        return node_move(by=by, node=node, target=siblings[index + 1], position="right")
    if direction == "indent" and index > 0:
        return node_move(by=by, node=node, target=siblings[index - 1], position="last-child")
    if direction == "outdent" and node.depth > 1:
        return node_move(
            by=by, node=node, target=OutlineNode.objects.get_parent(node), position="right"
        )
    if direction not in ("up", "down", "indent", "outdent"):
        raise ServiceError(_("Unknown direction."), field="direction")
    require(can_run_work(by, node.work))
    return node  # already at the edge: nothing to do


def _fresh(node: OutlineNode) -> OutlineNode:
    return OutlineNode.objects.get(pk=node.pk)


def _roots(work: Work) -> Any:
    return OutlineNode.objects.filter(work=work, depth=1)


def node_assign(
    *,
    by: Any,
    node: OutlineNode,
    unit: Unit | None,
    deadline: dt.date | None = None,
    expected_length: int | None = None,
) -> OutlineNode:
    """Assign a node to a member unit (承编单位) with a deadline, or take it back."""
    require(can_run_work(by, node.work))
    if node.withdrawn:
        raise ServiceError(_("The node has been withdrawn."))
    if node.state not in OPEN_STATES:
        raise ServiceError(
            _("A node that has been submitted or accepted cannot be reassigned."),
            code="not_open",
        )
    if unit is not None and not unit.is_active:
        raise ServiceError(_("A retired unit cannot be assigned work."), field="unit")
    if unit is not None and deadline is None:
        raise ServiceError(_("Give the unit a deadline."), field="deadline")
    values = _node_fields(partial=True, expected_length=expected_length)
    with acting(by), transaction.atomic():
        node.unit = unit
        node.deadline = deadline if unit else None
        if "expected_length" in values:
            node.expected_length = values["expected_length"]
        if unit is None:
            node.state = OutlineNode.State.DRAFT
        elif node.state == OutlineNode.State.DRAFT:
            node.state = OutlineNode.State.ASSIGNED
        node.save()
        NodeEvent.objects.create(
            node=node,
            action=NodeEvent.Action.ASSIGN if unit else NodeEvent.Action.UNASSIGN,
            unit=unit,
            by=by,
            reason=_("Deadline: %(date)s") % {"date": deadline.isoformat()} if unit else "",
        )
    if unit is not None:
        from .notify import notify_unit

        notify_unit(
            unit=unit,
            event_key=f"assigned:{node.pk}:{unit.pk}:{deadline}",
            title=_("New assignment: %(title)s") % {"title": node.title},
            body=_("《%(work)s》: %(title)s, due %(deadline)s.")
            % {"work": node.work.title, "title": node.title, "deadline": deadline},
            url=f"/works/nodes/{node.pk}/",
        )
    return node


def node_withdraw(*, by: Any, node: OutlineNode, reason: str = "") -> OutlineNode:
    """Take a node and its subtree out of the outline; nothing is deleted."""
    require(can_run_work(by, node.work))
    reason = clean_text(reason, field="reason", label=_("Reason"), max_length=2000, required=False)
    node = _fresh(node)
    with acting(by), transaction.atomic():
        for item in [node, *OutlineNode.objects.get_descendants(node)]:
            if not item.withdrawn:
                item.withdrawn = True
                item.save(update_fields=["withdrawn"])
                NodeEvent.objects.create(
                    node=item, action=NodeEvent.Action.WITHDRAW, by=by, reason=reason
                )
    node.refresh_from_db()
    return node


def node_restore(*, by: Any, node: OutlineNode) -> OutlineNode:
    require(can_run_work(by, node.work))
    node = _fresh(node)
    if node.depth > 1 and OutlineNode.objects.get_parent(node).withdrawn:
        raise ServiceError(_("Restore the parent first."))
    with acting(by), transaction.atomic():
        for item in [node, *OutlineNode.objects.get_descendants(node)]:
            if item.withdrawn:
                item.withdrawn = False
                item.save(update_fields=["withdrawn"])
                NodeEvent.objects.create(node=item, action=NodeEvent.Action.RESTORE, by=by)
    node.refresh_from_db()
    return node


def reviewer_assign(*, by: Any, node: OutlineNode, reviewer: User) -> NodeReviewer:
    """Ask an outside reviewer to comment on a node's manuscript."""
    require(is_office(by))
    if role_of(reviewer) != Role.REVIEWER:
        raise ServiceError(_("Only an active reviewer account can be asked."), field="reviewer")
    if NodeReviewer.objects.filter(node=node, reviewer=reviewer, ended_at__isnull=True).exists():
        raise ServiceError(_("This reviewer is already assigned."), field="reviewer")
    with acting(by), transaction.atomic():
        return NodeReviewer.objects.create(node=node, reviewer=reviewer, assigned_by=by)


def reviewer_end(*, by: Any, assignment: NodeReviewer) -> NodeReviewer:
    require(is_office(by))
    if assignment.ended_at is None:
        with acting(by), transaction.atomic():
            assignment.ended_at = timezone.now()
            assignment.save(update_fields=["ended_at"])
    return assignment


# --- import and export ------------------------------------------------------------------------


def outline_import_docx(
    *, by: Any, work: Work, data: bytes, parent: OutlineNode | None = None
) -> int:
    """Headings of a Word file become nodes (Heading 1 = 篇 … Heading 4 = 目), appended
    under ``parent`` or at the top level. All or nothing: a broken file adds no node."""
    from ..docx_io import DocxError, outline_from_docx
    from .messages import docx_error_message

    require(can_run_work(by, work))
    try:
        tree = outline_from_docx(data, max_bytes=settings.MAX_UPLOAD_BYTES)
    except DocxError as exc:
        raise ServiceError(docx_error_message(exc), code=exc.code, field="file") from None
    count = 0

    def add(items: list[dict], under: OutlineNode | None) -> None:
        nonlocal count
        for item in items:
            if under is not None and under.depth >= MAX_DEPTH:
                add(item.get("children", []), under)  # flatten what is too deep
                continue
            title = (item.get("title") or "").strip()[:200] or _("(untitled)")
            node = node_add(by=by, work=work, parent=under, title=title)
            count += 1
            add(item.get("children", []), node)

    with acting(by), transaction.atomic():
        add(tree, parent)
    return count


def outline_rows(work: Work, user: Any) -> list[dict[str, Any]]:
    """The outline as flat rows in reading order, numbered 1, 1.1, 1.1.1 …, limited to
    the nodes the user may see."""
    visible = set(
        OutlineNode.objects.visible_to(user).filter(work=work).values_list("pk", flat=True)
    )
    rows: list[dict[str, Any]] = []
    counters: list[int] = []
    today = timezone.localdate()
    for node in OutlineNode.objects.filter(work=work, withdrawn=False).select_related("unit"):
        depth = node.depth
        counters = counters[:depth]
        while len(counters) < depth:
            counters.append(0)
        counters[depth - 1] += 1
        if node.pk not in visible:
            continue
        rows.append(
            {
                "node": node,
                "pk": node.pk,
                "depth": depth,
                "number": ".".join(str(c) for c in counters),
                "title": node.title,
                "level_label": str(LEVEL_LABELS.get(depth, LEVEL_LABELS[4])),
                "unit": node.unit.name if node.unit_id else "",
                "deadline": node.deadline,
                "expected_length": node.expected_length,
                "state": node.get_state_display(),
                "overdue": bool(
                    node.deadline and node.deadline < today and node.state in OVERDUE_STATES
                ),
                "notes": node.notes,
            }
        )
    return rows
