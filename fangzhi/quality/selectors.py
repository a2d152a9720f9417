"""What the quality pages show: a node's marks (in the text and grouped by rule) and a
work's error rates across versions. Everything is reached through ``visible_to``."""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import pairwise
from typing import Any

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from fangzhi.works.models import ManuscriptVersion, OutlineNode, Work

from .config import all_rules
from .forms import DismissForm
from .models import CheckMark, CheckRun, Dismissal
from .services import can_dismiss, can_recheck, rate, rule_group

# The rules as numbered in the issue; variants (R04.1) are shown under their rule.
RULE_TITLES = {
    "R01": _("Relative time words"),
    "R02": _("First person and unit-centred voice"),
    "R03": _("Evaluation instead of record (述而不论)"),
    "R04": _("Numbers (GB/T 15835-2011)"),
    "R05": _("Punctuation (GB/T 15834-2011)"),
    "R06": _("Biography of a living person (生不立传)"),
    "R07": _("Abbreviation before its full name"),
    "R08": _("Anachronistic name"),
    "R09": _("Dates and chronicle order"),
    "R10": _("Fixed terms (规范表述)"),
}


def rule_title(rule: str) -> Any:
    return RULE_TITLES.get(rule_group(rule), rule)


def rule_explanation(rule: str) -> str:
    rules = all_rules()
    found = rules.get(rule) or next(
        (r for rid, r in sorted(rules.items()) if rule_group(rid) == rule_group(rule)), None
    )
    return found.explanation if found else ""


def marked_paragraphs(text: str, marks: list[CheckMark]) -> list[dict[str, Any]]:
    """The plain text as paragraphs with each marked span in ``<mark>``.

    Overlapping marks cut the text into segments; a segment covered by several marks is
    one ``<mark>`` naming all their rules and messages. Each mark's start carries an
    anchor (``qm-<id>``) the side list links to. Everything is escaped.
    """
    spans = sorted((m.start, m.end, m) for m in marks if m.end > m.start)
    paragraphs = []
    offset = 0
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        here = [(s, e, m) for s, e, m in spans if s < end and e > start]
        cuts = {0, len(line)}
        for s, e, _m in here:
            cuts.update((max(s, start) - start, min(e, end) - start))
        anchors = defaultdict(list)
        for s, _e, m in here:
            if s >= start:
                anchors[s - start].append(m.pk)
        parts = []
        for a, b in pairwise(sorted(cuts)):
            parts.extend(f'<span class="mark-anchor" id="qm-{pk}"></span>' for pk in anchors[a])
            piece = escape(line[a:b])
            covering = [m for s, e, m in here if s < start + b and e > start + a]
            if covering:
                rules = " ".join(dict.fromkeys(m.rule for m in covering))
                title = "；".join(dict.fromkeys(f"{m.rule} {m.message}" for m in covering))
                parts.append(
                    format_html(
                        '<mark class="check-mark severity-{}" data-rule="{}" title="{}">{}</mark>',
                        covering[0].severity,
                        rules,
                        title,
                        mark_safe(piece),  # noqa: S308 - escaped above
                    )
                )
            else:
                parts.append(piece)
        paragraphs.append({"offset": start, "html": mark_safe("".join(parts))})  # noqa: S308
        offset = end + 1
    return paragraphs


def grouped_by_rule(marks: list[CheckMark]) -> list[dict[str, Any]]:
    groups: dict[str, list[CheckMark]] = defaultdict(list)
    for mark in marks:
        groups[rule_group(mark.rule)].append(mark)
    return [
        {
            "rule": rule,
            "title": rule_title(rule),
            "explanation": rule_explanation(rule),
            "count": len(items),
            "marks": items,
        }
        for rule, items in sorted(groups.items())
    ]


def node_quality(user: Any, node: OutlineNode, latest: ManuscriptVersion | None) -> dict[str, Any]:
    """The node page's quality panel for its latest version."""
    if latest is None:
        return {"quality": None}
    run = CheckRun.objects.visible_to(user).filter(version=latest).first()
    marks = (
        list(
            CheckMark.objects.visible_to(user)
            .filter(run=run)
            .select_related("dismissed_by", "dismissed_by__by")
        )
        if run
        else []
    )
    open_marks = [m for m in marks if m.is_open]
    dismissed = [m for m in marks if not m.is_open]
    standing = (
        Dismissal.objects.visible_to(user)
        .filter(node=node, withdrawn=False)
        .select_related("by", "version")
    )
    return {
        "quality": {
            "version": latest,
            "run": run,
            "done": run is not None and run.status == CheckRun.Status.DONE,
            "paragraphs": marked_paragraphs(latest.text, open_marks) if open_marks else [],
            "groups": grouped_by_rule(open_marks),
            "dismissed": dismissed,
            "standing": list(standing),
            "can_dismiss": can_dismiss(user),
            "can_recheck": can_recheck(user, latest),
            "dismiss_form": DismissForm(),
            "trend_url": reverse("quality:work_trend", args=[node.work_id]),
        }
    }


# --- a work's trend --------------------------------------------------------------------------


def work_trend(user: Any, work: Work) -> dict[str, Any]:
    """Error rates of every node the user sees, version by version; the work's overall
    rate on each day a version was saved (each node's latest checked version by then);
    open marks per rule in the latest versions."""
    runs = list(
        CheckRun.objects.visible_to(user)
        .filter(version__node__work=work, status=CheckRun.Status.DONE)
        .select_related("version", "version__node")
        .order_by("version__created_at", "version__number")
    )
    nodes: dict[int, dict[str, Any]] = {}
    for run in runs:
        node = run.version.node
        row = nodes.setdefault(node.pk, {"node": node, "runs": []})
        row["runs"].append(run)
    rows = sorted(nodes.values(), key=lambda r: r["node"].path)
    for row in rows:
        row["latest"] = row["runs"][-1]

    points = []
    latest_by_node: dict[int, CheckRun] = {}
    for run in runs:
        latest_by_node[run.version.node_id] = run
        day = run.version.created_at.date()
        marks = sum(r.mark_count for r in latest_by_node.values())
        chars = sum(r.characters for r in latest_by_node.values())
        point = {"date": day, "rate": rate(marks, chars), "marks": marks, "characters": chars}
        if points and points[-1]["date"] == day:
            points[-1] = point
        else:
            points.append(point)

    totals: Counter[str] = Counter()
    for row in rows:
        totals.update(row["latest"].rule_counts)
    per_rule = [
        {"rule": rule, "title": rule_title(rule), "count": count}
        for rule, count in sorted(totals.items())
    ]
    marks = sum(r["latest"].mark_count for r in rows)
    chars = sum(r["latest"].characters for r in rows)
    return {
        "rows": rows,
        "points": points,
        "chart": line_chart(points),
        "per_rule": per_rule,
        "overall": {"marks": marks, "characters": chars, "rate": rate(marks, chars)},
    }


def line_chart(points: list[dict[str, Any]], width: int = 640, height: int = 220) -> SafeString:
    """A small inline SVG line chart of the rates (no script, no library)."""
    if not points:
        return mark_safe("")  # noqa: S308
    left, right, top, bottom = 48, 16, 16, 36
    top_rate = max(p["rate"] for p in points) or 1.0
    span_x = max(len(points) - 1, 1)

    def x(i: int) -> float:
        return left + (width - left - right) * (i / span_x if len(points) > 1 else 0.5)

    def y(value: float) -> float:
        return top + (height - top - bottom) * (1 - value / top_rate)

    coords = [(x(i), y(p["rate"])) for i, p in enumerate(points)]
    line = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in coords)
    dots = "".join(
        format_html(
            '<circle cx="{}" cy="{}" r="4"><title>{}: {}</title></circle>',
            f"{cx:.1f}",
            f"{cy:.1f}",
            p["date"].isoformat(),
            p["rate"],
        )
        for (cx, cy), p in zip(coords, points, strict=True)
    )
    labels = format_html(
        '<text x="{}" y="{}" text-anchor="start">{}</text>'
        '<text x="{}" y="{}" text-anchor="end">{}</text>',
        left,
        height - 10,
        points[0]["date"].isoformat(),
        width - right,
        height - 10,
        points[-1]["date"].isoformat(),
    )
    axis = format_html(
        '<line x1="{l}" y1="{t}" x2="{l}" y2="{b}" class="axis"></line>'
        '<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" class="axis"></line>'
        '<text x="{lx}" y="{ty}" text-anchor="end">{top}</text>'
        '<text x="{lx}" y="{b}" text-anchor="end">0</text>',
        l=left,
        t=top,
        b=height - bottom,
        r=width - right,
        lx=left - 6,
        ty=top + 4,
        top=f"{top_rate:g}",
    )
    return format_html(
        '<svg class="trend-chart" viewBox="0 0 {w} {h}" role="img" aria-labelledby="trend-title">'
        '<title id="trend-title">{title}</title>{axis}'
        '<polyline points="{line}" fill="none"></polyline>{dots}{labels}</svg>',
        w=width,
        h=height,
        title=_("Error rate per 10,000 characters by date"),
        axis=axis,
        line=line,
        dots=mark_safe(dots),  # noqa: S308 - built with format_html
        labels=labels,
    )
