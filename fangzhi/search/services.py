"""Search services: keeping the index in step with the records, and searching it.

The contract (the architecture's "Text and search"): a search returns exactly the
documents whose folded text (or title) contains the folded query, combined by AND, OR
and NOT, among those the user may see; what the user may not see is excluded by the SQL
statement itself, counts and facets included.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from fangzhi.accounts.roles import Role, role_of
from fangzhi.audit.context import acting
from fangzhi.core.errors import Forbidden, ServiceError
from fangzhi.core.jobs import job_start
from fangzhi.core.models import Job
from fangzhi.core.querysets import VIEW
from fangzhi.text.fold import fold

from . import sources
from .backends import get_backend
from .backends.base import (
    FacetValue,
    Hit,
    OffsetMap,
    Plan,
    Results,
    match_spans,
    plan_from_query,
    snippets,
)
from .models import Access, SearchDocument, SourceType

Report = Callable[[int, str], None]
MAX_PER_PAGE = 100
FILTER_FIELDS = ("work", "kind", "year", "place", "section", "access")


# --- writing the index ----------------------------------------------------------------


def _store(
    source_type: str, source_id: str, fields: dict, *, fresh: bool = False
) -> SearchDocument:
    """Create or update one document and its index entries (in the caller's transaction).
    ``fresh``: the index was just cleared, nothing to take out first."""
    backend = get_backend()
    doc = SearchDocument.objects.filter(source_type=source_type, source_id=source_id).first()
    new_digest = sources.digest(fields)
    if doc is not None and not fresh:
        if doc.digest == new_digest and backend.has(doc.pk):
            return doc
        backend.remove(doc)  # with the values it was indexed with
    if doc is None:
        doc = SearchDocument(source_type=source_type, source_id=source_id)
    for name, value in fields.items():
        setattr(doc, name, value)
    doc.title_folded = fold(doc.title).text[:600]
    folded = fold(doc.text)
    doc.folded = folded.text
    doc.offset_map = OffsetMap.anchors_of(folded.offsets)
    doc.digest = new_digest
    doc.save()
    backend.add(doc)
    return doc


def _remove(source_type: str, source_id: str) -> bool:
    doc = SearchDocument.objects.filter(source_type=source_type, source_id=source_id).first()
    if doc is None:
        return False
    get_backend().remove(doc)
    doc.delete()
    return True


def _key(obj: Any) -> tuple[str, str, Any]:
    """The source a record stands for: a version stands for its node, a submission for
    its entries (handled by the callers)."""
    from fangzhi.returns.models import Entry
    from fangzhi.works.models import ManuscriptVersion, OutlineNode

    if isinstance(obj, ManuscriptVersion):
        obj = obj.node
    if isinstance(obj, OutlineNode):
        return (
            SourceType.NODE,
            str(obj.pk),
            OutlineNode.objects.select_related("work", "unit").get(pk=obj.pk),
        )
    if isinstance(obj, Entry):
        return (
            SourceType.ENTRY,
            str(obj.pk),
            Entry.objects.select_related("submission__campaign__yearbook", "submission__unit").get(
                pk=obj.pk
            ),
        )
    raise TypeError(f"{type(obj).__name__} is not indexed")


def index_source(obj: Any) -> SearchDocument | None:
    """Bring the index in step with one record (a node, a manuscript version, a returns
    entry; a submission or a work: all of theirs). Returns the document, or None when the
    record is not to be found (withdrawn, no text yet, not accepted)."""
    from fangzhi.returns.models import Submission
    from fangzhi.works.models import Work

    if isinstance(obj, Submission | Work):
        records = obj.entries.all() if isinstance(obj, Submission) else obj.nodes.all()
        with transaction.atomic():
            for record in records:
                index_source(record)
        return None
    source_type, source_id, record = _key(obj)
    fields = sources.fields_for(source_type, record)
    with transaction.atomic():
        if fields is None:
            _remove(source_type, source_id)
            return None
        return _store(source_type, source_id, fields)


def unindex_source(obj: Any) -> bool:
    """Take a record out of the index; True if it was there."""
    source_type, source_id, _record = _key(obj)
    with transaction.atomic():
        return _remove(source_type, source_id)


def index_by_key(source_type: str, source_id: str) -> dict:
    """The ``search_index`` job: index one source named by its type and id."""
    from fangzhi.returns.models import Entry
    from fangzhi.works.models import OutlineNode

    model = {SourceType.NODE: OutlineNode, SourceType.ENTRY: Entry}[SourceType(source_type)]
    record = model.objects.filter(pk=source_id).first()
    if record is None:
        with transaction.atomic():
            removed = _remove(source_type, source_id)
        return {"indexed": False, "removed": removed}
    doc = index_source(record)
    return {"indexed": doc is not None, "document": doc.pk if doc else None}


def index_queue(obj: Any, *, by: Any = None) -> Job:
    """Index a record in the background once it is saved (the manuscript hook calls this
    on commit; the job is the author's)."""
    source_type, source_id, record = _key(obj)
    by = by or getattr(obj, "author", None)
    with acting(by), transaction.atomic():
        return job_start(
            by=by,
            kind="search_index",
            title=_("Search index: %(name)s") % {"name": str(record)[:150]},
            params={"source_type": str(source_type), "source_id": source_id},
        )


def index_queue_all(obj: Any, *, by: Any = None) -> Job:
    """Re-index every record of a work (its nodes) or of a return (its entries) in the
    background: a work's publication changes who may read its nodes, an accepted return
    brings its entries into the index."""
    label = f"{obj._meta.label_lower}"
    with acting(by), transaction.atomic():
        return job_start(
            by=by,
            kind="search_index_all",
            title=_("Search index: %(name)s") % {"name": str(obj)[:150]},
            params={"model": label, "id": obj.pk},
        )


def index_after_commit(obj: Any, *, by: Any = None) -> None:
    """Once the surrounding transaction commits, queue the re-indexing of ``obj``: every
    record of a work or a return, or one node (only if it has text). A failure to queue
    never undoes the change that asked for it."""
    from fangzhi.returns.models import Submission
    from fangzhi.works.models import OutlineNode, Work

    def queue() -> None:
        if isinstance(obj, Work | Submission):
            index_queue_all(obj, by=by)
        elif not isinstance(obj, OutlineNode) or obj.versions.exists():
            index_queue(obj, by=by)

    transaction.on_commit(queue, robust=True)


def index_all_by_key(model: str, pk: int) -> dict:
    """The ``search_index_all`` job."""
    from fangzhi.returns.models import Submission
    from fangzhi.works.models import Work

    record = {"works.work": Work, "returns.submission": Submission}[model].objects.get(pk=pk)
    index_source(record)
    return {"model": model, "id": pk}


def index_imported(work: Any, section: str, text: str, access: str, *, position: int = 0):
    """Index one section of an imported text (``fangzhi import-text``): the document is
    the record. The same work and section replace the earlier text."""
    if access not in Access.values:
        raise ServiceError(_("Unknown access level."), field="access")
    section = (section or "").strip()[:500]
    fields = {
        "work": work,
        "kind": work.kind,
        "year": work.year or work.lower_limit,
        "place": "",
        "section": section,
        "title": section[:300],
        "text": sources.clean(text),
        "access": access,
        "node": None,
        "unit": None,
        "position": position,
    }
    with transaction.atomic():
        return _store(SourceType.IMPORTED, f"{work.pk}:{section}"[:300], fields)


def _imported_fields(doc: SearchDocument) -> dict:
    return {
        name: getattr(doc, name)
        for name in (
            "work",
            "kind",
            "year",
            "place",
            "section",
            "title",
            "text",
            "access",
            "node",
            "unit",
            "position",
        )
    }


def reindex_all(report: Report | None = None) -> dict:
    """Rebuild the whole index from the records (``fangzhi reindex``, the
    ``search_reindex`` job): every source is folded and tokenised anew, imported texts
    included; documents whose record no longer qualifies are removed."""
    report = report or (lambda progress, message="": None)
    backend = get_backend()
    total = (
        sources.count_sources()
        + SearchDocument.objects.filter(source_type=SourceType.IMPORTED).count()
    )
    done = 0
    kept: set[int] = set()
    numbers: dict[int, dict] = {}

    def step(message: str) -> None:
        nonlocal done
        done += 1
        if done % 200 == 0 or done == total:
            report(int(95 * done / max(total, 1)), message)

    with transaction.atomic():
        backend.clear()
        report(0, _("Index cleared; %(total)d records to index.") % {"total": total})
        for source_type, source_id, record in sources.all_sources():
            fields = sources.fields_for(source_type, record, numbers)
            if fields is not None:
                kept.add(_store(source_type, source_id, fields, fresh=True).pk)
            step(f"{source_type}:{source_id}")
        imported = SearchDocument.objects.filter(source_type=SourceType.IMPORTED)
        for doc in imported.select_related("work").iterator(chunk_size=200):
            kept.add(_store(doc.source_type, doc.source_id, _imported_fields(doc), fresh=True).pk)
            step(doc.source_id)
        # Documents whose record no longer qualifies (in batches: SQLite's variable limit).
        gone = sorted(set(SearchDocument.objects.values_list("pk", flat=True)) - kept)
        for start in range(0, len(gone), 500):
            SearchDocument.objects.filter(pk__in=gone[start : start + 500]).delete()
        removed = len(gone)
    report(100, _("%(count)d documents indexed.") % {"count": len(kept)})
    return {"documents": len(kept), "removed": removed}


def reindex_start(*, by: Any) -> Job:
    """An office administrator rebuilds the index in the background."""
    if role_of(by) != Role.OFFICE_ADMIN:
        raise Forbidden(_("You do not have permission to do this."))
    with acting(by), transaction.atomic():
        return job_start(by=by, kind="search_reindex", title=_("Rebuild the search index"))


def consistency_check() -> dict:
    """Records missing from the index, documents stale (built from an older state of
    their record, or with other folding tables) or orphaned (their record no longer
    qualifies), and documents absent from the backend's index. Lists of
    ``"source_type:source_id"``."""
    expected: dict[tuple[str, str], str] = {}
    numbers: dict[int, dict] = {}
    for source_type, source_id, record in sources.all_sources():
        fields = sources.fields_for(source_type, record, numbers)
        if fields is not None:
            expected[(str(source_type), source_id)] = sources.digest(fields)
    indexed = get_backend().indexed_ids()
    missing, stale, orphaned, unindexed = [], [], [], []
    seen: set[tuple[str, str]] = set()
    for doc in SearchDocument.objects.select_related("work").iterator(chunk_size=200):
        key = (doc.source_type, doc.source_id)
        seen.add(key)
        name = f"{doc.source_type}:{doc.source_id}"
        if doc.pk not in indexed:
            unindexed.append(name)
        if doc.source_type == SourceType.IMPORTED:
            want = sources.digest(_imported_fields(doc))
        elif key not in expected:
            orphaned.append(name)
            continue
        else:
            want = expected[key]
        if doc.digest != want or doc.folded != fold(doc.text).text:
            stale.append(name)
    missing = [f"{t}:{i}" for (t, i) in expected if (t, i) not in seen]
    return {
        "missing": sorted(missing),
        "stale": sorted(stale),
        "orphaned": sorted(orphaned),
        "unindexed": sorted(unindexed),
        "ok": not (missing or stale or orphaned or unindexed),
    }


# --- searching ------------------------------------------------------------------------


def _filter_q(filters: dict[str, Any]) -> Q:
    q = Q()
    for name, raw in filters.items():
        if name not in FILTER_FIELDS or raw in (None, ""):
            continue
        value = str(raw).strip()
        if name == "work":
            from fangzhi.works.models import Work

            if value.isdigit():
                q &= Q(work_id=int(value))
            else:
                titles = Work.objects.filter(title__contains=value).values("pk")
                q &= Q(work_id__in=titles)
        elif name == "kind":
            q &= Q(kind=value)
        elif name == "year":
            q &= _year_q(value)
        elif name == "place":
            q &= Q(place__contains=value)
        elif name == "section":
            q &= Q(section__contains=value)
        elif name == "access":
            if value not in Access.values:
                raise ServiceError(_("Unknown access level."), code="query", field="access")
            q &= Q(access=value)
    return q


def _year_q(value: str) -> Q:
    first, _sep, last = value.replace("—", "-").replace("–", "-").partition("-")
    try:
        low = int(first)
        high = int(last) if last else low
    except ValueError:
        raise ServiceError(
            _("A year is written as 2020 or 2010-2020."), code="query", field="year"
        ) from None
    if low > high:
        low, high = high, low
    return Q(year__gte=low, year__lte=high)


def _where(user: Any, filters: dict[str, Any]) -> tuple[str, list[Any]] | None:
    """The SQL of the user's visibility and the filters; None: nothing can match."""
    visibility = SearchDocument.visibility(user, VIEW)
    if visibility is None:
        return None
    qs = SearchDocument.objects.filter(visibility).filter(_filter_q(filters))
    query = qs.query
    query.get_initial_alias()
    compiler = query.get_compiler(using=qs.db)
    try:
        sql, params = compiler.compile(query.where)
    except EmptyResultSet:
        return None
    except FullResultSet:
        return "1=1", []
    return (sql or "1=1"), list(params)


def parse(q: str) -> tuple[Plan, dict[str, str]]:
    """The plan and the field filters of a query string; a clear ServiceError otherwise."""
    from fangzhi.text.query import QueryError, parse_query

    try:
        parsed = parse_query(q or "")
    except QueryError as exc:
        raise ServiceError(str(exc), code="query", field="q") from None
    return plan_from_query(parsed.root), dict(parsed.filters)


def search(
    *, user: Any, q: str, filters: dict | None = None, page: int = 1, per_page: int = 20
) -> Results:
    """One page of hits for ``q`` among the documents ``user`` may see, best first (ties
    by id, so paging is stable), with snippets in the original text, the total and the
    facet counts (kind, work, year) of the same matches."""
    plan, query_filters = parse(q)
    merged = {**query_filters, **{k: v for k, v in (filters or {}).items() if v not in (None, "")}}
    try:
        per_page = max(1, min(int(per_page), MAX_PER_PAGE))
        page = max(1, min(int(page), 100_000))
    except (TypeError, ValueError):
        raise ServiceError(_("A page is a whole number."), code="query", field="page") from None
    empty = Results(
        total=0, hits=[], facets={"kind": [], "work": [], "year": []}, page=page, per_page=per_page
    )
    where = _where(user, merged)
    if where is None:
        return empty
    backend = get_backend()
    combos = backend.facets(plan, where)
    total = sum(row[3] for row in combos)
    if not total:
        return empty
    rows = backend.hits(plan, where, per_page, (page - 1) * per_page)
    return Results(
        total=total,
        hits=_hits(plan, rows),
        facets=_facets(combos),
        page=page,
        per_page=per_page,
    )


def _hits(plan: Plan, rows: list[tuple[int, float]]) -> list[Hit]:
    docs = SearchDocument.objects.select_related("work").in_bulk([pk for pk, _s in rows])
    hits = []
    for pk, score in rows:
        doc = docs[pk]
        spans = match_spans(plan, doc.text, doc.folded, OffsetMap(doc.offset_map))
        hits.append(
            Hit(
                id=doc.pk,
                source_type=doc.source_type,
                source_id=doc.source_id,
                work_id=doc.work_id,
                work_title=doc.work.title if doc.work else "",
                kind=doc.kind,
                year=doc.year,
                section=doc.section,
                title=doc.title,
                access=doc.access,
                score=score,
                snippets=snippets(doc.text, spans),
                offsets=sorted({s for s, _e in spans}),
            )
        )
    return hits


def _facets(combos: list[tuple[Any, ...]]) -> dict[str, list[FacetValue]]:
    from fangzhi.works.models import Work

    counts: dict[str, dict[Any, int]] = {"kind": {}, "work": {}, "year": {}}
    for kind, work_id, year, count in combos:
        for name, value in (("kind", kind), ("work", work_id), ("year", year)):
            if value is not None:
                counts[name][value] = counts[name].get(value, 0) + count
    titles = dict(Work.objects.filter(pk__in=counts["work"]).values_list("pk", "title"))
    kinds = dict(Work.Kind.choices) | {sources.RETURNS_KIND: _("Annual returns")}

    def ordered(name: str, label: Callable[[Any], str]) -> list[FacetValue]:
        items = sorted(counts[name].items(), key=lambda kv: (-kv[1], str(kv[0])))
        return [FacetValue(value, label(value), count) for value, count in items]

    return {
        "kind": ordered("kind", lambda v: str(kinds.get(v, v))),
        "work": ordered("work", lambda v: titles.get(v, "")),
        "year": sorted(
            (FacetValue(v, str(v), c) for v, c in counts["year"].items()),
            key=lambda f: -f.value,
        ),
    }
