"""From accepted returns to the yearbook's draft (三.六: 年报资料 serve the yearbook).

Each active mapping sends a category's accepted entries (of one unit, or every unit) to
an outline node of the campaign's yearbook; the node gets a normal manuscript version
that editors then work on, and ``DraftSource`` rows keep the link to every entry used.
The chronicle (大事记) of all units is merged in date order, whatever each date's
precision.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from html import escape
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from fangzhi.audit.context import acting
from fangzhi.core.errors import ServiceError
from fangzhi.core.jobs import Job, job_handler, job_start
from fangzhi.works.models import ManuscriptAsset, ManuscriptVersion, OutlineNode
from fangzhi.works.services.manuscripts import image_prefix, version_save_html

from ..models import Campaign, Category, DraftSource, Entry, Submission, YearbookMapping
from .common import is_admin, require

SEASONS = {1: "春", 2: "夏", 3: "秋", 4: "冬"}


def chronicle_date(entry: Entry, year: int) -> str:
    """The date as a yearbook's 大事记 writes it: the year is the book's, so it is left
    out unless the event is of an earlier year (back-filled)."""
    prefix = "" if entry.date_year == year else f"{entry.date_year}年"
    precision = entry.date_precision
    if precision == "day":
        return f"{prefix}{entry.date_month}月{entry.date_day}日"
    if precision == "month":
        return f"{prefix}{entry.date_month}月"
    if precision == "season":
        return f"{prefix}{SEASONS.get(entry.date_season or 0, '')}"
    return prefix or "是年"


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(p.strip())}</p>" for p in text.splitlines() if p.strip())


def _table(header: list[Any], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{escape(str(h or ''))}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape('' if c is None else str(c))}</td>" for c in row) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _by_unit(entries: list[Entry]) -> list[tuple[Any, list[Entry]]]:
    groups: dict[Any, list[Entry]] = defaultdict(list)
    for entry in entries:
        groups[entry.submission.unit].append(entry)
    return sorted(groups.items(), key=lambda item: (item[0].sort_order, item[0].pk))


def render(category: str, entries: list[Entry], *, year: int, node: OutlineNode) -> str:
    """The HTML of a node's draft from its entries (escaped; sanitised again on save)."""
    if category == Category.CHRONICLE:
        ordered = sorted(entries, key=lambda e: (e.date_sort, e.submission.unit.sort_order, e.pk))
        return "".join(
            f"<p><strong>{escape(chronicle_date(e, year))}</strong>　{escape(e.text.strip())}</p>"
            for e in ordered
        )
    parts: list[str] = []
    many = len({e.submission.unit_id for e in entries}) > 1
    for unit, items in _by_unit(entries):
        if many:
            parts.append(f"<h3>{escape(unit.name)}</h3>")
        if category == Category.PEOPLE:
            parts.append(_people(items))
            continue
        if category == Category.DOCUMENTS:
            rows = [
                [e.title, e.issuer, e.document_number, e.date_year and chronicle_date(e, 0)]
                for e in items
            ]
            parts.append(_table([_("Title"), _("Issuer"), _("Document number"), _("Date")], rows))
            continue
        for e in items:
            if e.title and category != Category.OVERVIEW:
                parts.append(f"<h4>{escape(e.title)}</h4>")
            if e.table:
                parts.append(_table(e.table.get("header", []), e.table.get("rows", [])))
            if e.figures:
                parts.append(
                    _table([_("Item"), _("Figure")], [list(pair) for pair in e.figures])
                )
            if category == Category.MEDIA and e.file_id and e.content_type.startswith("image/"):
                ManuscriptAsset.objects.get_or_create(node=node, file=e.file)
                src = image_prefix(node) + e.file.sha256
                parts.append(f'<p><img src="{src}" alt="{escape(e.text or e.title)}"></p>')
                credit = "，".join(x for x in (e.author and f"{e.author}摄", e.place) if x)
                caption = escape(e.text or e.title)
                if credit:
                    caption += f"（{escape(credit)}）"
                parts.append(f"<p>{caption}</p>")
                continue
            parts.append(_paragraphs(e.text))
    return "".join(parts)


def _people(items: list[Entry]) -> str:
    """Biographies of the deceased as text; the living only in a table (生不立传)."""
    parts = []
    for e in (e for e in items if e.is_biography):
        life = "—".join(x for x in (e.born, e.died) if x)
        intro = "，".join(
            x for x in (e.get_sex_display(), e.native_place and f"{e.native_place}人") if x
        )
        parts.append(f"<h4>{escape(e.name)}</h4>")
        parts.append(
            f"<p>{escape(e.name)}（{escape(life)}），{escape(intro)}。{escape(e.posts)}</p>"
        )
        parts.append(_paragraphs(e.text))
    living = [e for e in items if not e.is_biography]
    if living:
        rows = [[e.name, e.get_sex_display(), e.born, e.posts, e.honours] for e in living]
        parts.append(_table([_("Name"), _("Sex"), _("Born"), _("Posts held"), _("Honours")], rows))
    return "".join(parts)


def draft_generate(
    *, by: Any, campaign: Campaign, report: Callable[[int, str], None] | None = None
) -> list[ManuscriptVersion]:
    """Write one new manuscript version per mapped node from the accepted entries."""
    require(is_admin(by))
    mappings = list(
        campaign.mappings.filter(active=True).select_related("node", "unit").order_by("node__path")
    )
    if not mappings:
        raise ServiceError(
            _("Map the categories to the yearbook's outline first."), code="no_mapping"
        )
    by_node: dict[int, list[YearbookMapping]] = defaultdict(list)
    for mapping in mappings:
        by_node[mapping.node_id].append(mapping)
    versions = []
    for i, (node_id, node_mappings) in enumerate(by_node.items(), 1):
        node = OutlineNode.objects.get(pk=node_id)
        html_parts: list[str] = []
        used: list[Entry] = []
        for mapping in node_mappings:
            entries = list(
                Entry.objects.filter(
                    submission__campaign=campaign,
                    submission__status=Submission.Status.ACCEPTED,
                    category=mapping.category,
                    withdrawn=False,
                    **({"submission__unit": mapping.unit} if mapping.unit_id else {}),
                ).select_related("submission__unit", "file")
            )
            if entries:
                html_parts.append(render(mapping.category, entries, year=campaign.year, node=node))
                used.extend(entries)
        if not used:
            continue
        with acting(by), transaction.atomic():
            version = version_save_html(
                by=by,
                node=node,
                html="".join(html_parts),
                base_revision=node.revision,
                note=_("Generated from the %(year)d annual returns") % {"year": campaign.year},
            )
            DraftSource.objects.bulk_create(
                [DraftSource(version=version, entry=e) for e in {e.pk: e for e in used}.values()]
            )
        versions.append(version)
        if report:
            report(int(100 * i / len(by_node)), f"{node.title}: {len(used)}")
    return versions


def draft_start(*, by: Any, campaign: Campaign) -> Job:
    """Generate the yearbook draft in the background (it may take a while)."""
    require(is_admin(by))
    if not campaign.mappings.filter(active=True).exists():
        raise ServiceError(
            _("Map the categories to the yearbook's outline first."), code="no_mapping"
        )
    return job_start(
        by=by,
        kind="returns_draft",
        title=_("Yearbook draft from the %(year)d returns") % {"year": campaign.year},
        params={"campaign": campaign.pk},
    )


@job_handler("returns_draft")
def _draft_job(job: Job, report: Callable[[int, str], None]) -> dict:
    campaign = Campaign.objects.get(pk=job.params["campaign"])
    versions = draft_generate(by=job.created_by, campaign=campaign, report=report)
    return {"versions": [v.pk for v in versions], "nodes": [v.node_id for v in versions]}
