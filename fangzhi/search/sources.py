"""What is indexed, and how a record becomes a search document.

- every current outline node with a manuscript: its latest version (title = the node's
  title, section = outline number and title, year = the yearbook's year or the work's
  lower limit); public once the work is published, internal before;
- every entry of an accepted annual return: internal, its unit's, under the campaign's
  yearbook and year;
- imported texts (``fangzhi import-text``): the document is the record itself.

``expected_*`` give the fields a document should have now; the consistency check
compares their digest with the stored one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

from fangzhi.returns.models import Entry, Submission
from fangzhi.text.fold import table_fingerprint
from fangzhi.works.models import OutlineNode, Work

from .models import Access, SourceType

PUBLISHED = (Work.Status.PUBLISHED, Work.Status.FILED)
RETURNS_KIND = "returns"


def digest(fields: dict[str, Any]) -> str:
    """What a document was built from (with the folding tables: new variants make every
    document stale)."""
    data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in sorted(fields.items())}
    data["_fold"] = table_fingerprint()
    raw = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def clean(text: str) -> str:
    # PostgreSQL cannot store NUL; both databases keep the same text.
    return (text or "").replace("\x00", "")


def outline_numbers(work_id: int) -> dict[int, str]:
    """ "1.2.3" for every current node of a work, in outline order."""
    nodes = OutlineNode.objects.filter(work_id=work_id, withdrawn=False).order_by("path")
    numbers: dict[int, str] = {}
    by_path: dict[str, str] = {}
    counters: dict[str, int] = {}
    steplen = OutlineNode.steplen
    for node in nodes.only("id", "path", "depth"):
        parent = node.path[:-steplen] if node.depth > 1 else ""
        counters[parent] = counters.get(parent, 0) + 1
        prefix = by_path.get(parent)
        if node.depth > 1 and prefix is None:
            continue  # under a withdrawn node
        number = f"{prefix}.{counters[parent]}" if prefix else str(counters[parent])
        by_path[node.path] = number
        numbers[node.pk] = number
    return numbers


def node_fields(node: OutlineNode, numbers: dict[int, str] | None = None) -> dict | None:
    if node.withdrawn:
        return None
    version = node.versions.order_by("-number").only("text").first()
    if version is None:
        return None
    work = node.work
    if numbers is None:
        numbers = outline_numbers(work.pk)
    number = numbers.get(node.pk)
    if number is None:
        return None
    return {
        "work": work,
        "kind": work.kind,
        "year": work.year or work.lower_limit,
        "place": "",
        "section": f"{number} {node.title}"[:500],
        "title": node.title[:300],
        "text": clean(version.text),
        "access": Access.PUBLIC if work.status in PUBLISHED else Access.INTERNAL,
        "node": node,
        "unit": node.unit,
        "position": 0,
    }


ENTRY_TEXT_FIELDS = (
    "text",
    "name",
    "native_place",
    "posts",
    "honours",
    "issuer",
    "document_number",
    "author",
    "source",
)


def entry_fields(entry: Entry) -> dict | None:
    submission = entry.submission
    if entry.withdrawn or submission.status != Submission.Status.ACCEPTED:
        return None
    campaign = submission.campaign
    yearbook = campaign.yearbook
    parts = [str(getattr(entry, name) or "") for name in ENTRY_TEXT_FIELDS]
    return {
        "work": yearbook,
        "kind": RETURNS_KIND,
        "year": campaign.year,
        "place": entry.place[:200],
        "section": str(entry.get_category_display())[:500],
        "title": (entry.title or entry.name or "")[:300],
        "text": clean("\n".join(p for p in parts if p)),
        "access": Access.INTERNAL,
        "node": None,
        "unit": submission.unit,
        "position": 0,
    }


def all_sources() -> Iterator[tuple[str, str, Any]]:
    """``(source_type, source_id, record)`` of every record that may be indexed."""
    nodes = (
        OutlineNode.objects.filter(withdrawn=False, versions__isnull=False)
        .distinct()
        .select_related("work", "unit")
        .order_by("work_id", "path")
    )
    for node in nodes.iterator(chunk_size=500):
        yield SourceType.NODE, str(node.pk), node
    entries = (
        Entry.objects.filter(withdrawn=False, submission__status=Submission.Status.ACCEPTED)
        .select_related("submission__campaign__yearbook", "submission__unit")
        .order_by("pk")
    )
    for entry in entries.iterator(chunk_size=500):
        yield SourceType.ENTRY, str(entry.pk), entry


def count_sources() -> int:
    nodes = OutlineNode.objects.filter(withdrawn=False, versions__isnull=False).distinct()
    entries = Entry.objects.filter(withdrawn=False, submission__status=Submission.Status.ACCEPTED)
    return nodes.count() + entries.count()


def fields_for(source_type: str, record: Any, numbers_cache: dict[int, dict] | None = None):
    if source_type == SourceType.NODE:
        numbers = None
        if numbers_cache is not None:
            numbers = numbers_cache.get(record.work_id)
            if numbers is None:
                numbers = numbers_cache[record.work_id] = outline_numbers(record.work_id)
        return node_fields(record, numbers)
    return entry_fields(record)
