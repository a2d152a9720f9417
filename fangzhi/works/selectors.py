"""Read-only questions about works for pages and the dashboard: progress per unit and
per work, what waits for whom. Each answers in a bounded number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .models import ManuscriptVersion, NodeEvent, NodeReviewer, OutlineNode, Work

State = OutlineNode.State
PROGRESS_STATES = (State.ASSIGNED, State.SUBMITTED, State.IN_REVIEW, State.RETURNED, State.ACCEPTED)
# Overdue: the deadline has passed and the unit still owes the text.
OWED_STATES = (State.ASSIGNED, State.RETURNED)


def node_url(pk: int) -> str | None:
    """The node's manuscript page, when that page is routed."""
    try:
        return reverse("works:node_detail", args=[pk])
    except NoReverseMatch:
        return None


def with_urls(nodes: Any) -> list[Any]:
    nodes = list(nodes)
    for node in nodes:
        node.url = node_url(node.pk)
    return nodes


def overdue_q(on: Any = None) -> Q:
    return Q(deadline__lt=on or timezone.localdate(), state__in=OWED_STATES)


def progress(nodes: QuerySet, group_by: tuple[str, ...]) -> list[dict[str, Any]]:
    """Counts of assigned nodes by state, grouped by ``group_by`` (e.g. the unit), with
    the overdue ones counted apart. One query."""
    counts: dict[str, Any] = {str(s): Count("pk", filter=Q(state=s)) for s in PROGRESS_STATES}
    counts["overdue"] = Count("pk", filter=overdue_q())
    counts["total"] = Count("pk")
    # order_by replaces the tree's ordering by path, which would split the groups.
    rows = list(
        nodes.filter(withdrawn=False, unit__isnull=False)
        .values(*group_by)
        .annotate(**counts)
        .order_by(*group_by)
    )
    for row in rows:
        row["counts"] = [row[str(s)] for s in PROGRESS_STATES]
    return rows


def totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    keys = [*map(str, PROGRESS_STATES), "overdue", "total"]
    result: dict[str, Any] = {k: sum(r[k] for r in rows) for k in keys}
    result["counts"] = [result[str(s)] for s in PROGRESS_STATES]
    return result


def latest_return_reason() -> Subquery:
    return Subquery(
        NodeEvent.objects.filter(node=OuterRef("pk"), action=NodeEvent.Action.RETURN)
        .order_by("-at", "-id")
        .values("reason")[:1]
    )


def unit_assignments(unit_id: int, limit: int = 50) -> list[OutlineNode]:
    """A unit's open assignments, soonest deadline first, with ``overdue`` set."""
    today = timezone.localdate()
    nodes = list(
        OutlineNode.objects.filter(unit_id=unit_id, withdrawn=False)
        .exclude(state__in=[State.DRAFT, State.ACCEPTED])
        .select_related("work")
        .order_by("deadline", "work_id", "path")[:limit]
    )
    for node in nodes:
        node.overdue = bool(node.deadline and node.deadline < today and node.state in OWED_STATES)
    return nodes


def unit_returned(unit_id: int, limit: int = 20) -> QuerySet:
    """Nodes returned to the unit, each with the reasons of its latest return."""
    return (
        OutlineNode.objects.filter(unit_id=unit_id, withdrawn=False, state=State.RETURNED)
        .select_related("work")
        .annotate(return_reason=latest_return_reason())
        .order_by("deadline", "path")[:limit]
    )


def awaiting_sign_off(unit_id: int, limit: int = 20) -> QuerySet:
    """Nodes the unit still owes that already have a version: the head's sign-off (签发)."""
    has_version = Exists(ManuscriptVersion.objects.filter(node=OuterRef("pk")))
    return (
        OutlineNode.objects.filter(unit_id=unit_id, withdrawn=False, state__in=OWED_STATES)
        .filter(has_version)
        .select_related("work")
        .order_by("deadline", "path")[:limit]
    )


def submitted_for_review(limit: int = 20) -> QuerySet:
    return (
        OutlineNode.objects.filter(withdrawn=False, state=State.SUBMITTED)
        .select_related("work", "unit")
        .order_by("deadline", "work_id", "path")[:limit]
    )


def overdue_by_unit() -> list[dict[str, Any]]:
    return list(
        OutlineNode.objects.filter(withdrawn=False, unit__isnull=False)
        .filter(overdue_q())
        .values("unit", "unit__name")
        .annotate(overdue=Count("pk"))
        .order_by("-overdue", "unit__name")
    )


def works_in_review(limit: int = 20) -> list[Work]:
    from .services import current_step

    works = list(
        Work.objects.filter(status__in=[Work.Status.IN_REVIEW, Work.Status.RETURNED])
        .select_related("compiler")
        .order_by("title")[:limit]
    )
    for work in works:
        work.waiting_step = current_step(work)
    return works


def reviewer_nodes(user: Any, limit: int = 50) -> QuerySet:
    return (
        NodeReviewer.objects.filter(reviewer=user, ended_at__isnull=True, node__withdrawn=False)
        .select_related("node__work", "node__unit")
        .order_by("assigned_at")[:limit]
    )
