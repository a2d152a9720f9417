# ruff: noqa: S608 -- every value is a query parameter; the f-strings join fixed SQL fragments
"""SQLite FTS5 backend (the embedded mode).

``search_fts`` is a contentless FTS5 table (migration 0002, on SQLite only) whose rowid is
the document's id, with five columns of pre-tokenised streams (``fangzhi.text.tokens``):
``title2``/``title1`` (bigrams/unigrams of the folded title), ``grams2``/``grams1``
(of the folded text) and ``words`` (Latin words and numbers of both). The ``ascii``
tokenizer splits on the spaces between tokens and never inside one (tokens are encoded
to non-ASCII characters and [a-z0-9]). FTS5 keeps every position, so a phrase of bigrams
matches exactly where the folded term stands in the folded text: no second check needed.

Boolean queries become one FTS5 expression where FTS5 can say it (AND, OR, NOT after a
positive term); otherwise each term is an ``id IN (… MATCH …)`` and AND/OR/NOT combine
in SQL. Exact terms (quoted) are ``instr`` over the original text, narrowed by the index
when their folding cannot depend on neighbours. Ranking is ``bm25`` with the title
columns weighted above the text.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from fangzhi.text.fold import fold_query
from fangzhi.text.tokens import encode, joined_streams, query_tokens

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
WEIGHTS = "10.0, 10.0, 1.0, 1.0, 1.0"  # title2, title1, grams2, grams1, words


def _phrase(tokens: list[str]) -> str:
    # Tokens hold no '"' (encoded), and no ASCII punctuation FTS5 could read as syntax.
    return '"' + " ".join(tokens) + '"'


def fts_lookup(lk: Lookup) -> str | None:
    if lk.kind == "grams":
        how, tokens = query_tokens(lk.text)
        if how == "unigram":
            return "{title1 grams1} : " + _phrase(tokens)
        return "{title2 grams2} : " + _phrase(tokens)
    if lk.kind == "prefix":
        return "words : " + _phrase([encode(lk.text)]) + " *"
    return None  # exact: in SQL


def fts_expression(p: Plan) -> str | None:
    """The plan as one FTS5 query, or None where FTS5 cannot say it."""
    if isinstance(p, Lookup):
        return fts_lookup(p)
    if isinstance(p, AnyOf):
        parts = [fts_expression(i) for i in p.items]
        if any(x is None for x in parts):
            return None
        return " OR ".join(f"({x})" for x in parts)
    if isinstance(p, AllOf):
        positive = [fts_expression(i) for i in p.items if not isinstance(i, Without)]
        negative = [fts_expression(i.item) for i in p.items if isinstance(i, Without)]
        if not positive or any(x is None for x in positive + negative):
            return None
        expr = "(" + " AND ".join(f"({x})" for x in positive) + ")"
        return expr + "".join(f" NOT ({x})" for x in negative)
    return None


def sql_condition(p: Plan) -> tuple[str, list[Any]]:
    """The plan as an SQL condition over the documents table."""
    expr = fts_expression(p)
    if expr is not None:
        return f"{T}.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)", [expr]
    if isinstance(p, Lookup):  # exact
        sql = f"(instr({T}.text, %s) > 0 OR instr({T}.title, %s) > 0)"
        params: list[Any] = [p.text, p.text]
        narrow = fts_lookup(Lookup("grams", fold_query(p.text))) if is_cjk_only(p.text) else None
        if narrow:
            sql = f"{T}.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s) AND {sql}"
            params.insert(0, narrow)
        return f"({sql})", params
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
        return "1=1", []
    assert p is NOTHING
    return "1=0", []


class SQLiteBackend(Backend):
    vendor = "sqlite"

    def _values(self, doc: Any) -> list[Any]:
        t2, t1, tw = joined_streams(doc.title_folded)
        g2, g1, gw = joined_streams(doc.folded)
        return [doc.pk, t2, t1, g2, g1, f"{tw} {gw}"]

    def add(self, doc: Any) -> None:
        with connection.cursor() as cur:
            cur.execute(
                "INSERT INTO search_fts(rowid, title2, title1, grams2, grams1, words) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                self._values(doc),
            )

    def has(self, doc_id: int) -> bool:
        with connection.cursor() as cur:
            cur.execute("SELECT 1 FROM search_fts_docsize WHERE id = %s", [doc_id])
            return cur.fetchone() is not None

    def remove(self, doc: Any) -> None:
        # A contentless table forgets a row when told the values it was given.
        if not self.has(doc.pk):
            return
        with connection.cursor() as cur:
            cur.execute(
                "INSERT INTO search_fts(search_fts, rowid, title2, title1, grams2, grams1, "
                "words) VALUES ('delete', %s, %s, %s, %s, %s, %s)",
                self._values(doc),
            )

    def clear(self) -> None:
        with connection.cursor() as cur:
            cur.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")

    def indexed_ids(self) -> set[int]:
        with connection.cursor() as cur:
            cur.execute("SELECT id FROM search_fts_docsize")
            return {row[0] for row in cur.fetchall()}

    def _from(self, p: Plan, where: tuple[str, list[Any]]) -> tuple[str, str, list[Any]]:
        """(score expression, FROM … WHERE …, parameters)."""
        where_sql, where_params = where
        expr = fts_expression(p)
        if expr is not None:
            return (
                f"-bm25(search_fts, {WEIGHTS})",
                f"FROM search_fts JOIN {T} ON {T}.id = search_fts.rowid "
                f"WHERE search_fts MATCH %s AND ({where_sql})",
                [expr, *where_params],
            )
        cond, cond_params = sql_condition(p)
        ranked = [fts_lookup(lk) for lk in positive_lookups(p)]
        ranked = [r for r in ranked if r]
        if not ranked:
            return "0.0", f"FROM {T} WHERE {cond} AND ({where_sql})", [*cond_params, *where_params]
        rank = " OR ".join(f"({r})" for r in ranked)
        return (
            "COALESCE(r.score, 0.0)",
            f"FROM {T} LEFT JOIN (SELECT rowid AS rid, -bm25(search_fts, {WEIGHTS}) AS score "
            f"FROM search_fts WHERE search_fts MATCH %s) r ON r.rid = {T}.id "
            f"WHERE {cond} AND ({where_sql})",
            [rank, *cond_params, *where_params],
        )

    def hits(
        self, plan: Plan, where: tuple[str, list[Any]], limit: int, offset: int
    ) -> list[tuple[int, float]]:
        score, body, params = self._from(plan, where)
        sql = (
            f"SELECT {T}.id, {score} AS score {body} ORDER BY score DESC, {T}.id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cur:
            cur.execute(sql, [*params, limit, offset])
            return [(row[0], float(row[1])) for row in cur.fetchall()]

    def facets(self, plan: Plan, where: tuple[str, list[Any]]) -> list[tuple[Any, ...]]:
        _, body, params = self._from(plan, where)
        sql = (
            f"SELECT {T}.kind, {T}.work_id, {T}.year, COUNT(*) {body} "
            f"GROUP BY {T}.kind, {T}.work_id, {T}.year"
        )
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return [tuple(row) for row in cur.fetchall()]
