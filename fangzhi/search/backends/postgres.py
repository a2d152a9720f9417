# ruff: noqa: S608 -- every value is a query parameter; the f-strings join fixed SQL fragments
"""PostgreSQL backend (at scale): a ``tsvector`` column over the pre-tokenised streams,
a GIN index on it (migration 0002, on PostgreSQL only).

The vector is written as a literal of already-encoded lexemes (``fangzhi.text.tokens``),
so no text-search parser splits or lower-cases anything, as the ``simple`` configuration
would do to unencoded text: title lexemes carry weight A, text lexemes weight D, words
are marked with ``WORD_MARK`` so they never meet an n-gram.

Why matching does not rest on ``<->`` alone: a ``tsvector`` keeps positions only up to
16,383 and at most 255 of them per lexeme, so a phrase far into a long text would be
missed. Each term is therefore matched as the AND of its bigrams (GIN, independent of
positions: never misses) and then decided exactly in the same statement by ``strpos``
over the folded text of those candidates. One-character terms (unigram lexemes) and
word prefixes are exact in the vector itself. ``<->`` phrases rank the hits
(``ts_rank_cd``, title weight first).
"""

from __future__ import annotations

from typing import Any

from django.db import DataError, OperationalError, ProgrammingError, connection, transaction

from fangzhi.text.fold import fold_query
from fangzhi.text.tokens import WORD_MARK, encode, iter_words, query_tokens, unigrams

from .base import (
    EVERYTHING,
    NOTHING,
    AllOf,
    AnyOf,
    Backend,
    Lookup,
    Plan,
    Without,
    is_cjk_only,
    positive_lookups,
)

T = "search_searchdocument"
MAX_POSITION = 16383
MAX_POSITIONS_PER_LEXEME = 255
# A literal of fewer characters always makes a vector under PostgreSQL's 1 MB: each
# lexeme stored takes at most its bytes (≤ 4 per character) plus 8, and each position 2,
# while its literal takes at least 3 characters plus 2 per position: at most 4 bytes
# stored per character of the literal.
SURELY_FITS = 250_000


def _lexeme(token: str) -> str:
    # Encoded tokens hold no quote or backslash; quoting keeps PostgreSQL from reading them.
    return f"'{token}'"


# The written positions 1 … MAX_POSITION, without and with weight A (index = position).
_POSITIONS = {
    "": [str(p) for p in range(MAX_POSITION + 1)],
    "A": [f"{p}A" for p in range(MAX_POSITION + 1)],
}


def _put(positions: dict[str, list[str]], tokens: list[str], first: int, weight: str) -> None:
    """Record ``tokens[i]`` at position ``first + i``: positions up to MAX_POSITION, at
    most MAX_POSITIONS_PER_LEXEME per lexeme (the first ones), and every lexeme, with
    or without positions (one tight loop: the index build's hot path)."""
    limit = max(0, min(len(tokens), MAX_POSITION + 1 - first))
    get = positions.get
    for tok, pos in zip(tokens[:limit], _POSITIONS[weight][first : first + limit], strict=True):
        got = get(tok)
        if got is None:
            positions[tok] = [pos]
        elif len(got) < MAX_POSITIONS_PER_LEXEME:
            got.append(pos)
    if limit < len(tokens):
        for tok in set(tokens[limit:]):
            if tok not in positions:
                positions[tok] = []


def tsvector_literal(title_folded: str, folded: str, *, bigrams: bool = True) -> str:
    """The vector of a document: every stream of its title (weight A) and text; without
    the text's bigrams for a text too long for one vector (then ``partial``)."""
    positions: dict[str, list[str]] = {}
    parts = ((title_folded, 0, "A", True), (folded, len(title_folded) + 2, "", bigrams))
    for source, base, weight, with_bigrams in parts:
        codes = unigrams(source)
        _put(positions, codes, base + 1, weight)
        if with_bigrams:
            _put(positions, list(map(str.__add__, codes, codes[1:])), base + 1, weight)
        for start, word in iter_words(source):  # few: one call each is fine
            _put(positions, [WORD_MARK + encode(word)], base + start + 1, weight)
    return " ".join(
        [f"'{tok}':{','.join(pos)}" if pos else f"'{tok}'" for tok, pos in positions.items()]
    )


def _and(tokens: list[str]) -> str:
    return " & ".join(_lexeme(t) for t in dict.fromkeys(tokens))


def candidate_query(p: Plan) -> str | None:
    """A tsquery every match satisfies (GIN narrows to it); None: no narrowing."""
    if isinstance(p, Lookup):
        if p.kind == "prefix":
            return _lexeme(WORD_MARK + encode(p.text)) + ":*"
        text = p.text if p.kind == "grams" else (fold_query(p.text) if is_cjk_only(p.text) else "")
        how, tokens = query_tokens(text)
        return f"({_and(tokens)})" if tokens else None
    if isinstance(p, AllOf):
        parts = [candidate_query(i) for i in p.items if not isinstance(i, Without)]
        kept = [x for x in parts if x]
        return "(" + " & ".join(kept) + ")" if kept else None
    if isinstance(p, AnyOf):
        parts = [candidate_query(i) for i in p.items]
        if any(x is None for x in parts):
            return None
        return "(" + " | ".join(x for x in parts if x) + ")"
    return None


def rank_query(p: Plan) -> str | None:
    """The positive terms as phrases, for ts_rank_cd."""
    parts = []
    for lk in positive_lookups(p):
        if lk.kind == "prefix":
            parts.append(_lexeme(WORD_MARK + encode(lk.text)) + ":*")
            continue
        how, tokens = query_tokens(lk.text if lk.kind == "grams" else fold_query(lk.text))
        if tokens:
            parts.append("(" + " <-> ".join(_lexeme(t) for t in tokens) + ")")
    return " | ".join(parts) if parts else None


def sql_condition(p: Plan) -> tuple[str, list[Any]]:
    """The plan as an exact SQL condition."""
    if isinstance(p, Lookup):
        if p.kind == "prefix":
            return f"{T}.tsv @@ %s::tsquery", [candidate_query(p)]
        if p.kind == "exact":
            return f"(strpos({T}.text, %s) > 0 OR strpos({T}.title, %s) > 0)", [p.text, p.text]
        how, tokens = query_tokens(p.text)
        if how == "unigram":
            return f"{T}.tsv @@ %s::tsquery", [_lexeme(tokens[0])]
        return (
            f"(strpos({T}.folded, %s) > 0 OR strpos({T}.title_folded, %s) > 0)",
            [p.text, p.text],
        )
    if isinstance(p, AllOf | AnyOf):
        parts = [sql_condition(i) for i in p.items]
        joiner = " AND " if isinstance(p, AllOf) else " OR "
        return (
            "(" + joiner.join(s for s, _ in parts) + ")",
            [x for _, ps in parts for x in ps],
        )
    if isinstance(p, Without):
        sql, params = sql_condition(p.item)
        return f"(NOT {sql})", params
    if p is EVERYTHING:
        return "TRUE", []
    assert p is NOTHING
    return "FALSE", []


class PostgresBackend(Backend):
    vendor = "postgresql"

    def add(self, doc: Any) -> None:
        # A tsvector holds at most 1 MB: a text of several hundred thousand characters
        # keeps its unigrams and words only and is marked partial; searches then decide
        # it by strpos over its folded text (slower for those few, never a miss).
        partial = False
        try:
            literal = tsvector_literal(doc.title_folded, doc.folded)
        except (DataError, OperationalError, ProgrammingError):
            literal = None
        if literal is not None and len(literal) < SURELY_FITS:
            # Surely fits: no savepoint, one round trip less per document.
            with connection.cursor() as cur:
                cur.execute(
                    f"UPDATE {T} SET tsv = %s::tsvector, partial = FALSE WHERE id = %s",
                    [literal, doc.pk],
                )
            doc.partial = partial
            return
        try:
            if literal is None:
                raise DataError("string is too long for tsvector")
            with transaction.atomic(), connection.cursor() as cur:
                cur.execute(
                    f"UPDATE {T} SET tsv = %s::tsvector, partial = FALSE WHERE id = %s",
                    [literal, doc.pk],
                )
        except (DataError, OperationalError, ProgrammingError):
            partial = True
            with connection.cursor() as cur:
                cur.execute(
                    f"UPDATE {T} SET tsv = %s::tsvector, partial = TRUE WHERE id = %s",
                    [tsvector_literal(doc.title_folded, doc.folded, bigrams=False), doc.pk],
                )
        doc.partial = partial

    def has(self, doc_id: int) -> bool:
        with connection.cursor() as cur:
            cur.execute(f"SELECT 1 FROM {T} WHERE id = %s AND tsv IS NOT NULL", [doc_id])
            return cur.fetchone() is not None

    def remove(self, doc: Any) -> None:
        with connection.cursor() as cur:
            cur.execute(f"UPDATE {T} SET tsv = NULL WHERE id = %s", [doc.pk])

    def clear(self) -> None:
        with connection.cursor() as cur:
            cur.execute(f"UPDATE {T} SET tsv = NULL WHERE tsv IS NOT NULL")

    def indexed_ids(self) -> set[int]:
        with connection.cursor() as cur:
            cur.execute(f"SELECT id FROM {T} WHERE tsv IS NOT NULL")
            return {row[0] for row in cur.fetchall()}

    def _from(
        self, p: Plan, where: tuple[str, list[Any]], *, ranked: bool
    ) -> tuple[str, str, list[Any]]:
        where_sql, where_params = where
        cond, cond_params = sql_condition(p)
        candidate = candidate_query(p)
        body = f"FROM {T} WHERE {T}.tsv IS NOT NULL AND {cond} AND ({where_sql})"
        params = [*cond_params, *where_params]
        if candidate:
            body = (
                f"FROM {T} WHERE ({T}.tsv @@ %s::tsquery OR {T}.partial) "
                f"AND {T}.tsv IS NOT NULL AND {cond} AND ({where_sql})"
            )
            params = [candidate, *params]
        rank = rank_query(p) if ranked else None
        if rank is None:
            return "0.0::float8", body, params
        return f"ts_rank_cd({T}.tsv, %s::tsquery, 1)::float8", body, [rank, *params]

    def hits(
        self, plan: Plan, where: tuple[str, list[Any]], limit: int, offset: int
    ) -> list[tuple[int, float]]:
        score, body, params = self._from(plan, where, ranked=True)
        sql = (
            f"SELECT {T}.id, {score} AS score {body} ORDER BY score DESC, {T}.id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cur:
            cur.execute(sql, [*params, limit, offset])
            return [(row[0], float(row[1])) for row in cur.fetchall()]

    def facets(self, plan: Plan, where: tuple[str, list[Any]]) -> list[tuple[Any, ...]]:
        _, body, params = self._from(plan, where, ranked=False)
        sql = (
            f"SELECT {T}.kind, {T}.work_id, {T}.year, COUNT(*) {body} "
            f"GROUP BY {T}.kind, {T}.work_id, {T}.year"
        )
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return [tuple(row) for row in cur.fetchall()]
