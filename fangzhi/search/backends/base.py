"""What every search backend shares: the plan a parsed query becomes, highlights and
snippets, and the interface a backend implements.

A plan is a tree of ``Lookup`` (one term), ``AllOf`` (AND), ``AnyOf`` (OR) and
``Without`` (NOT). A lookup is one of:

- ``grams``: the folded text or title contains the folded term (one character: the
  unigram stream; two or more: the phrase of its bigrams, see ``fangzhi.text.tokens``);
- ``prefix``: a word of the folded text or title starts with the folded term;
- ``exact``: the original text or title contains the term as written (quoted, no folding).

The backend turns the whole tree, the user's visibility and the filters into one SQL
statement: nothing the user may not see leaves the database, not even as a count.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape

from fangzhi.text.fold import fold, fold_query
from fangzhi.text.tokens import find_all, is_word, word_starts


@dataclass(frozen=True)
class Lookup:
    kind: str  # "grams", "prefix" or "exact"
    text: str  # folded for grams and prefix, as written for exact


@dataclass(frozen=True)
class AllOf:
    items: tuple[Any, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Any, ...]


@dataclass(frozen=True)
class Without:
    item: Any


class _Everything:
    """A term that folds to nothing: every text contains the empty string."""

    def __repr__(self) -> str:
        return "EVERYTHING"


class _Nothing:
    def __repr__(self) -> str:
        return "NOTHING"


EVERYTHING: Any = _Everything()
NOTHING: Any = _Nothing()

Plan = Lookup | AllOf | AnyOf | Without | _Everything | _Nothing


def plan_from_query(node: Any) -> Plan:
    """The plan of a parsed query (``fangzhi.text.query``), simplified."""
    from fangzhi.text import query as q

    if isinstance(node, q.Term):
        if node.exact:
            return Lookup("exact", node.text) if node.text else EVERYTHING
        folded = fold_query(node.text)
        if not folded:
            return EVERYTHING
        if node.prefix and is_word(folded):
            return Lookup("prefix", folded)
        return Lookup("grams", folded)
    if isinstance(node, q.Not):
        return _not(plan_from_query(node.child))
    if isinstance(node, q.And):
        return _all([plan_from_query(c) for c in node.children])
    if isinstance(node, q.Or):
        return _any([plan_from_query(c) for c in node.children])
    raise TypeError(f"not a query node: {node!r}")


def _not(p: Plan) -> Plan:
    if p is EVERYTHING:
        return NOTHING
    if p is NOTHING:
        return EVERYTHING
    if isinstance(p, Without):
        return p.item
    return Without(p)


def _all(items: list[Plan]) -> Plan:
    kept: list[Plan] = []
    for p in items:
        if p is NOTHING:
            return NOTHING
        if p is EVERYTHING:
            continue
        kept.extend(p.items if isinstance(p, AllOf) else [p])
    if not kept:
        return EVERYTHING
    return kept[0] if len(kept) == 1 else AllOf(tuple(kept))


def _any(items: list[Plan]) -> Plan:
    kept: list[Plan] = []
    for p in items:
        if p is EVERYTHING:
            return EVERYTHING
        if p is NOTHING:
            continue
        kept.extend(p.items if isinstance(p, AnyOf) else [p])
    if not kept:
        return NOTHING
    return kept[0] if len(kept) == 1 else AnyOf(tuple(kept))


def positive_lookups(p: Plan) -> list[Lookup]:
    """The lookups a hit is found by (not those under a NOT): what is highlighted."""
    if isinstance(p, Lookup):
        return [p]
    if isinstance(p, AllOf | AnyOf):
        return [lk for item in p.items for lk in positive_lookups(item)]
    return []


def is_cjk_only(text: str) -> bool:
    """Ideographs and CJK punctuation only: characters whose folding does not depend on
    what follows them, so an exact match in the original is also a match of the folded
    term in the folded text (a backend may then narrow with the index first)."""
    return bool(text) and all(
        0x3000 <= o < 0x3040 or 0x3400 <= o < 0xA000 or 0xF900 <= o < 0xFB00 or o >= 0x20000
        for o in map(ord, text)
    )


# --- results ------------------------------------------------------------------------


@dataclass
class Hit:
    id: int
    source_type: str
    source_id: str
    work_id: int | None
    work_title: str
    kind: str
    year: int | None
    section: str
    title: str
    access: str
    score: float
    snippets: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class FacetValue:
    value: Any
    label: str
    count: int


@dataclass
class Results:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    page: int = 1
    per_page: int = 20

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


# --- highlights -------------------------------------------------------------------------


class OffsetMap:
    """``Folded.offsets`` kept small: the anchors ``[folded index, original index]`` where
    the step between neighbours is not one (a character dropped, or folded to several);
    between anchors both advance together. Stored with each document, so a highlight is
    mapped back to the original without folding the text again."""

    def __init__(self, anchors: list[list[int]]) -> None:
        self.at = [a[0] for a in anchors]
        self.to = [a[1] for a in anchors]

    @staticmethod
    def anchors_of(offsets: list[int]) -> list[list[int]]:
        if offsets == list(range(len(offsets))):
            return []
        anchors = [[0, offsets[0]]] if offsets[0] != 0 else []
        anchors.extend([i, o] for i, o in enumerate(offsets[1:], 1) if o - offsets[i - 1] != 1)
        return anchors

    def original(self, f: int) -> int:
        """``offsets[f]``."""
        i = bisect.bisect_right(self.at, f) - 1
        return f if i < 0 else self.to[i] + f - self.at[i]

    def span(self, start: int, end: int, length: int) -> tuple[int, int]:
        """The original span of folded ``[start, end)`` (``length``: of the folded text),
        widened to the end of a group the match ends inside."""
        first = self.original(start)
        last = self.original(end - 1)
        stop = end
        while stop < length and self.original(stop) <= last:
            stop += 1
        return first, self.original(stop)


def match_spans(
    p: Plan, text: str, folded_text: str | None = None, offsets: OffsetMap | None = None
) -> list[tuple[int, int]]:
    """Every match of the plan's positive lookups in ``text``, as spans of the original
    text (sorted, overlapping ones included). ``folded_text`` and ``offsets``: the
    document's stored folding (otherwise the text is folded here)."""
    lookups = positive_lookups(p)
    if not lookups or not text:
        return []
    if folded_text is None or offsets is None:
        folded = fold(text)
        folded_text, offsets = folded.text, OffsetMap(OffsetMap.anchors_of(folded.offsets))
    spans: set[tuple[int, int]] = set()
    n_folded = len(folded_text)
    for lk in lookups:
        if lk.kind == "exact":
            spans.update((s, s + len(lk.text)) for s in find_all(text, lk.text))
            continue
        starts = (
            find_all(folded_text, lk.text)
            if lk.kind == "grams"
            else word_starts(folded_text, lk.text)
        )
        n = len(lk.text)
        spans.update(offsets.span(s, s + n, n_folded) for s in starts)
    return sorted(spans)


def snippets(
    text: str, spans: list[tuple[int, int]], *, context: int = 20, limit: int = 3
) -> list[str]:
    """Up to ``limit`` pieces of ``text`` of about ``2 * context`` characters around the
    matches, escaped, with every match in them wrapped in <mark>."""
    if not spans:
        head = text[: 2 * context]
        return [escape(head) + ("…" if len(text) > len(head) else "")] if head else []
    pieces: list[str] = []
    i = 0
    while i < len(spans) and len(pieces) < limit:
        start = max(0, spans[i][0] - context)
        end = min(len(text), spans[i][1] + context)
        inside: list[tuple[int, int]] = []
        while i < len(spans) and spans[i][0] < end:
            s, e = spans[i]
            end = max(end, min(len(text), e))
            inside.append((s, e))
            i += 1
        pieces.append(_marked(text, start, end, inside))
    return pieces


def _marked(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out = ["…" if start > 0 else ""]
    at = start
    for s, e in merged:
        out.append(escape(text[at:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        at = e
    out.append(escape(text[at:end]))
    out.append("…" if end < len(text) else "")
    return "".join(out)


# --- the interface --------------------------------------------------------------------


class Backend:
    """One database's full-text machinery. ``where`` is the SQL (and parameters) of the
    user's visibility and the filters over ``search_searchdocument``; the backend adds
    the match and returns only rows that satisfy all of it."""

    vendor = ""

    def add(self, doc: Any) -> None:
        raise NotImplementedError

    def remove(self, doc: Any) -> None:
        """Take the document out of the index (before its folded text changes)."""
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def indexed_ids(self) -> set[int]:
        raise NotImplementedError

    def has(self, doc_id: int) -> bool:
        """Whether the document is in the index."""
        raise NotImplementedError

    def hits(
        self, plan: Plan, where: tuple[str, list[Any]], limit: int, offset: int
    ) -> list[tuple[int, float]]:
        """``(document id, score)`` of one page, best first, ties by id."""
        raise NotImplementedError

    def facets(self, plan: Plan, where: tuple[str, list[Any]]) -> list[tuple[Any, ...]]:
        """``(kind, work_id, year, count)`` for every combination among the matches."""
        raise NotImplementedError
