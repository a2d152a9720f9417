"""Read-only questions about the annual returns for pages, exports and the dashboard:
the progress board, counts per campaign, what waits for whom, the generated drafts.

Each answers in a bounded number of queries, whatever the number of units.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from fangzhi.works.models import OutlineNode

from .models import Campaign, Category, DraftSource, ReportingUnit, Submission

Status = Submission.Status
# The order of the board's legend and counts: from nothing done to done.
STATUSES = (Status.NOT_STARTED, Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.ACCEPTED)
# The unit has done its part once the head has signed off.
DONE = (Status.SUBMITTED, Status.ACCEPTED)
# The status class of fangzhi.css; the text label is always shown too (not colour alone).
STATUS_CSS = {
    Status.NOT_STARTED: "",
    Status.DRAFT: "status-warn",
    Status.SUBMITTED: "status-warn",
    Status.RETURNED: "status-error",
    Status.ACCEPTED: "status-ok",
}
FILTERS = (*(str(s) for s in STATUSES), "overdue")


def submission_url(pk: int) -> str:
    """The submission page (built in ``views/submissions.py``): linked by path."""
    return f"/returns/submissions/{pk}/"


def unit_returns_url(campaign_pk: int, unit_pk: int) -> str:
    """A unit's returns page of a campaign (``returns:unit_returns``): linked by path."""
    return f"/returns/{campaign_pk}/units/{unit_pk}/"


def is_overdue(status: str, due_on: dt.date, on: dt.date | None = None) -> bool:
    """Past the due date and the unit has not signed off (returned ones are owed again)."""
    return (on or timezone.localdate()) > due_on and status not in DONE


# --- the progress board ----------------------------------------------------------------


@dataclass
class Cell:
    category: str
    label: str
    status: str
    status_label: str
    css: str
    overdue: bool
    pk: int | None

    @property
    def url(self) -> str | None:
        return submission_url(self.pk) if self.pk else None

    def matches(self, wanted: str) -> bool:
        return self.overdue if wanted == "overdue" else self.status == wanted


@dataclass
class Row:
    unit: Any
    cells: list[Cell]
    done: int = 0
    overdue: int = 0
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class Board:
    campaign: Campaign
    categories: list[tuple[str, str]]
    rows: list[Row]
    # status -> one count per category, then the total
    column_counts: list[tuple[str, str, list[int]]]
    overdue_counts: list[int]
    total_units: int
    status: str = ""


def board(campaign: Campaign, *, status: str = "", on: dt.date | None = None) -> Board:
    """The reporting units × the seven categories, each cell a submission's status.

    Two queries: the active reporting units, and every submission of the campaign. With
    ``status`` (one of ``FILTERS``) only the units with a cell in that state are listed;
    the counts are always of every unit.
    """
    on = on or timezone.localdate()
    categories = [(str(value), str(label)) for value, label in Category.choices]
    units = [
        r.unit
        for r in ReportingUnit.objects.filter(campaign=campaign, active=True)
        .select_related("unit")
        .order_by("unit__sort_order", "unit__name", "unit_id")
    ]
    by_key: dict[tuple[int, str], tuple[int, str]] = {
        (unit_id, category): (pk, state)
        for pk, unit_id, category, state in Submission.objects.filter(
            campaign=campaign, unit_id__in=[u.pk for u in units]
        ).values_list("pk", "unit_id", "category", "status")
    }
    labels = dict(Status.choices)
    rows: list[Row] = []
    for unit in units:
        cells = []
        for category, label in categories:
            pk, state = by_key.get((unit.pk, category), (None, Status.NOT_STARTED))
            cells.append(
                Cell(
                    category=category,
                    label=label,
                    status=state,
                    status_label=str(labels[state]),
                    css=STATUS_CSS[Status(state)],
                    overdue=is_overdue(state, campaign.due_on, on),
                    pk=pk,
                )
            )
        row = Row(unit=unit, cells=cells)
        row.done = sum(c.status in DONE for c in cells)
        row.overdue = sum(c.overdue for c in cells)
        row.counts = {str(s): sum(c.status == s for c in cells) for s in STATUSES}
        rows.append(row)
    column_counts = []
    for state in STATUSES:
        per_category = [sum(r.cells[i].status == state for r in rows) for i in range(7)]
        column_counts.append((str(state), str(state.label), [*per_category, sum(per_category)]))
    overdue = [sum(r.cells[i].overdue for r in rows) for i in range(7)]
    shown = rows
    if status in FILTERS:
        shown = [r for r in rows if any(c.matches(status) for c in r.cells)]
    return Board(
        campaign=campaign,
        categories=categories,
        rows=shown,
        column_counts=column_counts,
        overdue_counts=[*overdue, sum(overdue)],
        total_units=len(rows),
        status=status if status in FILTERS else "",
    )


# --- campaigns -------------------------------------------------------------------------


def active_q() -> Q:
    """Submissions of units that still report in their campaign."""
    return Q(
        Exists(
            ReportingUnit.objects.filter(
                campaign_id=OuterRef("campaign_id"), unit_id=OuterRef("unit_id"), active=True
            )
        )
    )


def status_counts(campaign_ids: list[int]) -> dict[int, dict[str, int]]:
    """{campaign: {status: count}} of the reporting units' submissions, in one query."""
    rows = (
        Submission.objects.filter(active_q(), campaign_id__in=campaign_ids)
        .values("campaign_id")
        .annotate(**{str(s): Count("pk", filter=Q(status=s)) for s in STATUSES})
        .order_by()
    )
    return {row.pop("campaign_id"): row for row in rows}


def with_counts(campaigns: list[Campaign]) -> list[Campaign]:
    """Set ``counts`` ({status: n}) on each campaign."""
    counts = status_counts([c.pk for c in campaigns])
    for campaign in campaigns:
        campaign.counts = counts.get(campaign.pk, dict.fromkeys(map(str, STATUSES), 0))
    return campaigns


def generated_versions(campaign: Campaign) -> list[dict[str, Any]]:
    """The manuscript versions generated from the campaign's returns, newest first, with
    their node and the number of entries each drew on."""
    rows = (
        DraftSource.objects.filter(entry__submission__campaign=campaign)
        .values(
            "version_id",
            "version__number",
            "version__created_at",
            "version__node_id",
            "version__node__title",
        )
        .annotate(entries=Count("entry_id"))
        .order_by("-version__created_at", "-version_id")
    )
    return [
        {
            "pk": r["version_id"],
            "number": r["version__number"],
            "created_at": r["version__created_at"],
            "node_pk": r["version__node_id"],
            "node_title": r["version__node__title"],
            "node_url": f"/works/nodes/{r['version__node_id']}/",
            "entries": r["entries"],
        }
        for r in rows
    ]


def yearbook_nodes(campaign: Campaign) -> list[OutlineNode]:
    """The yearbook's outline nodes a category may go to, in outline order."""
    if campaign.yearbook_id is None:
        return []
    return list(
        OutlineNode.objects.filter(work_id=campaign.yearbook_id, withdrawn=False).order_by("path")
    )


def mapping_suggestions(campaign: Campaign, nodes: list[OutlineNode]) -> list[dict[str, Any]]:
    """Default mappings not yet made: every unit's chronicle (大事记) to a node of that title."""
    mapped = set(
        campaign.mappings.filter(active=True, unit__isnull=True).values_list("category", flat=True)
    )
    suggestions = []
    if Category.CHRONICLE not in mapped:
        node = next((n for n in nodes if n.title.strip() == "大事记"), None)
        if node is not None:
            suggestions.append(
                {
                    "category": str(Category.CHRONICLE),
                    "label": Category.CHRONICLE.label,
                    "node": node,
                }
            )
    return suggestions


# --- the dashboard ---------------------------------------------------------------------


def waiting_acceptance() -> list[dict[str, Any]]:
    """For the office: per open campaign, how many submissions wait to be accepted."""
    return list(
        Submission.objects.filter(
            active_q(), campaign__status=Campaign.Status.OPEN, status=Status.SUBMITTED
        )
        .values("campaign_id", "campaign__year", "campaign__due_on")
        .annotate(submitted=Count("pk"))
        .order_by("-campaign__year")
    )


def unit_campaigns(unit_id: int, on: dt.date | None = None) -> list[dict[str, Any]]:
    """For a unit's people: each open campaign the unit reports in, its due date, how many
    categories are not yet submitted, and the returned ones (to be corrected)."""
    on = on or timezone.localdate()
    campaigns = list(
        Campaign.objects.filter(
            status=Campaign.Status.OPEN,
            reporting_units__unit_id=unit_id,
            reporting_units__active=True,
        ).order_by("-year")
    )
    subs = list(
        Submission.objects.filter(campaign__in=campaigns, unit_id=unit_id).order_by(
            "campaign_id", "category"
        )
    )
    out = []
    for campaign in campaigns:
        mine = [s for s in subs if s.campaign_id == campaign.pk]
        owed = [s for s in mine if s.status not in DONE]
        out.append(
            {
                "campaign": campaign,
                "due_on": campaign.due_on,
                "not_submitted": len(owed),
                "returned": [
                    {"label": s.get_category_display(), "url": submission_url(s.pk)}
                    for s in mine
                    if s.status == Status.RETURNED
                ],
                "overdue": bool(owed) and on > campaign.due_on,
                "url": unit_returns_url(campaign.pk, unit_id),
            }
        )
    return out


def returns_waiting_for(user: Any, role: str) -> dict[str, Any]:
    """The dashboard's returns items for ``user``."""
    from fangzhi.accounts.roles import OFFICE_ROLES, UNIT_ROLES

    if role in OFFICE_ROLES:
        return {"returns_waiting": waiting_acceptance()}
    if role in UNIT_ROLES and getattr(user, "unit_id", None):
        return {"my_returns": unit_campaigns(user.unit_id)}
    return {}
