"""Full-text search of Chinese text: Fangzhi's backends against the usual peers (issue 6).

Builds the same corpus on every engine and prints, side by side: index build time, index
size, build throughput (MB of UTF-8 text per second), p50/p95 query latency over a fixed
query set, and each engine's recall and precision against the brute-force scan (the
documents whose folded text contains the folded query).

Engines (``--engines``, comma-separated):

- ``fangzhi-sqlite``, ``fangzhi-postgres``: ``fangzhi.search`` on a scratch SQLite file /
  a scratch PostgreSQL database (created beside ``--database-url`` and dropped after),
  each in a child process with ``FANGZHI_DATA_DIR`` in a temporary folder. Indexed
  through ``services.index_imported`` in one transaction: the path of ``fangzhi
  import-text`` (no per-document jobs), fed the ORIGINAL text (it folds it itself, so its
  build time includes folding). Timed twice: the match alone (the backend's ``hits`` for
  every matching id, what recall is computed from) and the full ``services.search``
  a user gets (page 1 of 20 with the total, facets and highlighted snippets).
- ``fts5-trigram``: SQLite FTS5, ``tokenize='trigram'``, contentless, over the folded text.
- ``tantivy``: PyPI ``tantivy`` (bench-only, not a project dependency) with an n-gram
  tokenizer (min 1, max 2) registered on the index, over the folded text. Its n-gram
  tokenizer gives every gram the same position, so phrase queries cannot be used: a term
  is the AND of its bigrams (its single character for one-character terms).
- ``pg-trgm``: PostgreSQL ``pg_trgm``, a GIN trigram index, ``LIKE '%q%'`` over the folded
  text.
- ``brute``: Python ``q in text`` over every folded document (the reference).

Corpus: the texts of ``../shared/corpus`` (``#`` lines, ``¶``, ``<pb:…>`` markers and line
breaks removed), split into documents of about 2,000 characters; repeated with variations
(each copy rotated and 1 % of its characters substituted) to reach ``--chars``.

Queries (``--queries N`` per class, fixed seed): 1-, 2-, 3-, 4- and 8-character substrings
of the folded text (the 2-character class starts with 巴县 and 重庆), 12-character
phrases, and Boolean queries of two 2-character terms (A B, A OR B, A -B).

    .venv/bin/python bench/search.py [--chars 10000000] [--engines all] [--queries 20]
        [--database-url postgresql://postgres@127.0.0.1:5432/test] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpus"
DOC_CHARS = 2000
ALL_ENGINES = ["fangzhi-sqlite", "fangzhi-postgres", "fts5-trigram", "tantivy", "pg-trgm", "brute"]
CLASSES = ["1 char", "2 chars", "3 chars", "4 chars", "8 chars", "phrase (12)", "Boolean"]
PAGE_MARKER = re.compile(r"<pb:[^>]*>")

# A query: (class, kind, terms); kind is "term", "and", "or" or "andnot".
Query = tuple[str, str, tuple[str, ...]]


# --- the corpus ------------------------------------------------------------------------


def running_text(path: Path) -> str:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        lines.append(PAGE_MARKER.sub("", line).replace("¶", ""))
    return "".join(lines)


def build_corpus(target: int, seed: int = 6) -> list[str]:
    """Documents of about DOC_CHARS characters (original script) totalling ``target``."""
    base: list[str] = []
    for path in sorted(CORPUS.glob("*/*.txt")):
        text = running_text(path)
        base.extend(text[i : i + DOC_CHARS] for i in range(0, len(text), DOC_CHARS))
    alphabet = sorted(set("".join(base[:200])) - set(" \u3000()/&;[]*+-"))
    rnd = random.Random(seed)
    docs: list[str] = []
    total = 0
    copy = 0
    while total < target:
        for d, text in enumerate(base):
            if copy:
                r = (copy * 7919 + d) % len(text)
                chars = list(text[r:] + text[:r])
                for _ in range(max(1, len(chars) // 100)):
                    chars[rnd.randrange(len(chars))] = rnd.choice(alphabet)
                text = "".join(chars)
            if total + len(text) > target:
                text = text[: target - total]
            docs.append(text)
            total += len(text)
            if total >= target:
                break
        copy += 1
    return docs


def is_ideograph(c: str) -> bool:
    o = ord(c)
    return 0x3400 <= o < 0xA000 or 0xF900 <= o < 0xFB00 or o >= 0x20000


def make_queries(folded: list[str], per_class: int, seed: int = 66) -> list[Query]:
    rnd = random.Random(seed)

    def sample(length: int) -> str:
        while True:
            doc = folded[rnd.randrange(len(folded))]
            if len(doc) < length:
                continue
            i = rnd.randrange(len(doc) - length + 1)
            piece = doc[i : i + length]
            if all(is_ideograph(c) for c in piece):
                return piece

    queries: list[Query] = []
    for name, length in zip(CLASSES[:5], (1, 2, 3, 4, 8), strict=True):
        fixed = ["巴县", "重庆"] if length == 2 else []
        seen: set[str] = set(fixed[:per_class])
        terms = list(fixed[:per_class])
        while len(terms) < per_class:
            t = sample(length)
            if t not in seen:
                seen.add(t)
                terms.append(t)
        queries.extend((name, "term", (t,)) for t in terms)
    queries.extend(("phrase (12)", "term", (sample(12),)) for _ in range(per_class))
    kinds = ["and", "or", "andnot"]
    queries.extend(("Boolean", kinds[i % 3], (sample(2), sample(2))) for i in range(per_class))
    return queries


def fangzhi_q(query: Query) -> str:
    _cls, kind, terms = query
    return {
        "term": lambda: terms[0],
        "and": lambda: f"{terms[0]} {terms[1]}",
        "or": lambda: f"{terms[0]} OR {terms[1]}",
        "andnot": lambda: f"{terms[0]} -{terms[1]}",
    }[kind]()


def combine(kind: str, sets: list[set[int]]) -> set[int]:
    if kind == "term":
        return sets[0]
    if kind == "and":
        return sets[0] & sets[1]
    if kind == "or":
        return sets[0] | sets[1]
    return sets[0] - sets[1]


# --- peers -----------------------------------------------------------------------------


def dir_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


class Brute:
    name = "brute"

    def build(self, folded: list[str], work: Path) -> dict:
        self.docs = folded
        return {"build_s": 0.0, "size": 0, "size_note": "none (scans the text)"}

    def match(self, query: Query) -> set[int]:
        _cls, kind, terms = query
        return combine(kind, [{i for i, d in enumerate(self.docs) if t in d} for t in terms])

    def close(self) -> None:
        pass


class FTS5Trigram:
    name = "fts5-trigram"

    def build(self, folded: list[str], work: Path) -> dict:
        self.path = work / "fts5.sqlite3"
        start = time.perf_counter()
        self.db = sqlite3.connect(self.path)
        self.db.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='trigram', content='')")
        with self.db:
            self.db.executemany(
                "INSERT INTO t(rowid, body) VALUES (?, ?)", ((i, d) for i, d in enumerate(folded))
            )
        self.db.execute("INSERT INTO t(t) VALUES ('optimize')")
        self.db.commit()
        took = time.perf_counter() - start
        return {"build_s": took, "size": dir_size(self.path), "size_note": "file (contentless)"}

    def match(self, query: Query) -> set[int]:
        _cls, kind, terms = query
        quoted = ['"' + t.replace('"', '""') + '"' for t in terms]
        expr = {
            "term": lambda: quoted[0],
            "and": lambda: f"{quoted[0]} AND {quoted[1]}",
            "or": lambda: f"{quoted[0]} OR {quoted[1]}",
            "andnot": lambda: f"{quoted[0]} NOT {quoted[1]}",
        }[kind]()
        return {r[0] for r in self.db.execute("SELECT rowid FROM t WHERE t MATCH ?", [expr])}

    def close(self) -> None:
        self.db.close()


class Tantivy:
    name = "tantivy"

    def build(self, folded: list[str], work: Path) -> dict:
        import tantivy

        self.t = tantivy
        path = work / "tantivy"
        path.mkdir()
        builder = tantivy.SchemaBuilder()
        builder.add_integer_field("id", stored=True, indexed=False)
        builder.add_text_field("body", tokenizer_name="ngram12", index_option="position")
        self.schema = builder.build()
        start = time.perf_counter()
        self.index = tantivy.Index(self.schema, path=str(path))
        analyzer = tantivy.TextAnalyzerBuilder(
            tantivy.Tokenizer.ngram(min_gram=1, max_gram=2, prefix_only=False)
        ).build()
        self.index.register_tokenizer("ngram12", analyzer)
        writer = self.index.writer(heap_size=200_000_000, num_threads=1)
        for i, d in enumerate(folded):
            writer.add_document(tantivy.Document(id=i, body=d))
        writer.commit()
        writer.wait_merging_threads()
        took = time.perf_counter() - start
        self.index.reload()
        self.searcher = self.index.searcher()
        self.n = len(folded)
        # Document addresses to our ids, once (not timed): matching then needs no fetch.
        self.ids = {}
        for _score, addr in self.searcher.search(tantivy.Query.all_query(), self.n).hits:
            self.ids[(addr.segment_ord, addr.doc)] = self.searcher.doc(addr)["id"][0]
        return {"build_s": took, "size": dir_size(path), "size_note": "index folder"}

    def _term(self, text: str):
        q = self.t.Query
        if len(text) == 1:
            return q.term_query(self.schema, "body", text)
        grams = list(dict.fromkeys(text[i : i + 2] for i in range(len(text) - 1)))
        if len(grams) == 1:
            return q.term_query(self.schema, "body", grams[0])
        return q.boolean_query(
            [(self.t.Occur.Must, q.term_query(self.schema, "body", g)) for g in grams]
        )

    def match(self, query: Query) -> set[int]:
        _cls, kind, terms = query
        occur = self.t.Occur
        parts = [self._term(t) for t in terms]
        if kind == "term":
            q = parts[0]
        elif kind == "and":
            q = self.t.Query.boolean_query([(occur.Must, parts[0]), (occur.Must, parts[1])])
        elif kind == "or":
            q = self.t.Query.boolean_query([(occur.Should, parts[0]), (occur.Should, parts[1])])
        else:
            q = self.t.Query.boolean_query([(occur.Must, parts[0]), (occur.MustNot, parts[1])])
        hits = self.searcher.search(q, self.n).hits
        return {self.ids[(a.segment_ord, a.doc)] for _s, a in hits}

    def close(self) -> None:
        pass


class PgTrgm:
    name = "pg-trgm"

    def __init__(self, url: str) -> None:
        self.url = url

    def build(self, folded: list[str], work: Path) -> dict:
        import psycopg

        from bench.returns import scratch_database

        self.scratch_url, self.drop = scratch_database(self.url)
        self.conn = psycopg.connect(self.scratch_url, autocommit=True)
        self.conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        self.conn.execute("CREATE TABLE docs (id integer PRIMARY KEY, body text NOT NULL)")
        start = time.perf_counter()
        with self.conn.cursor() as cur, cur.copy("COPY docs (id, body) FROM STDIN") as copy:
            for i, d in enumerate(folded):
                copy.write_row((i, d))
        self.conn.execute("CREATE INDEX docs_trgm ON docs USING gin (body gin_trgm_ops)")
        self.conn.execute("VACUUM ANALYZE docs")
        took = time.perf_counter() - start
        index = self.conn.execute("SELECT pg_relation_size('docs_trgm')").fetchone()[0]
        total = self.conn.execute("SELECT pg_total_relation_size('docs')").fetchone()[0]
        return {
            "build_s": took,
            "size": index,
            "size_note": f"GIN index ({total:,} B with the table)",
        }

    def match(self, query: Query) -> set[int]:
        _cls, kind, terms = query
        likes = [
            "%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            for t in terms
        ]
        cond = {
            "term": "body LIKE %s",
            "and": "body LIKE %s AND body LIKE %s",
            "or": "(body LIKE %s OR body LIKE %s)",
            "andnot": "body LIKE %s AND body NOT LIKE %s",
        }[kind]
        rows = self.conn.execute(f"SELECT id FROM docs WHERE {cond}", likes).fetchall()  # noqa: S608
        return {r[0] for r in rows}

    def close(self) -> None:
        self.conn.close()
        self.drop()


# --- Fangzhi (in a child process: one Django database per process) -----------------------


def fangzhi_child(data_path: str, out_path: str, engine: str, database_url: str) -> None:
    with open(data_path, "rb") as fh:
        data = pickle.load(fh)  # noqa: S301 -- written by the parent process just before
    docs: list[str] = data["docs"]
    queries: list[Query] = data["queries"]
    data_dir = tempfile.mkdtemp(prefix="fangzhi-bench-search-")
    os.environ["FANGZHI_DATA_DIR"] = data_dir
    os.environ["FANGZHI_HUEY_IMMEDIATE"] = "1"
    if engine == "fangzhi-postgres":
        os.environ["FANGZHI_DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fangzhi.settings")
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    import datetime as dt

    from fangzhi.accounts.models import User
    from fangzhi.org.models import Committee, Unit
    from fangzhi.search import services
    from fangzhi.search.backends import get_backend
    from fangzhi.search.models import SearchDocument
    from fangzhi.works import services as works

    admin = User.objects.create(username="bench", full_name="基准", role="office_admin")
    committee = Committee.objects.create(name="编委会", district="巴南区", office_name="办公室")
    office = Unit.objects.create(
        committee=committee, name="地方志办公室", category="office", joined_on=dt.date(2020, 1, 1)
    )
    work = works.work_create(
        by=admin, kind="district", title="基准语料", compiler=office, year=2025
    )
    size_before = _fangzhi_size(connection)
    start = time.perf_counter()
    with transaction.atomic():
        for i, text in enumerate(docs):
            services.index_imported(work, f"{i:07d}", text, "public", position=i)
    build = time.perf_counter() - start
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE search_searchdocument")
    size = _fangzhi_size(connection)
    section_of = dict(SearchDocument.objects.values_list("pk", "section"))
    backend = get_backend()
    user = AnonymousUser()
    where = services._where(user, {})
    matches, match_ms, search_ms, totals = [], [], [], []
    for query in queries:
        q = fangzhi_q(query)
        plan, _filters = services.parse(q)
        t0 = time.perf_counter()
        rows = backend.hits(plan, where, 10**9, 0)
        match_ms.append((time.perf_counter() - t0) * 1000)
        matches.append(sorted(int(section_of[pk]) for pk, _s in rows))
        t0 = time.perf_counter()
        results = services.search(user=user, q=q)
        search_ms.append((time.perf_counter() - t0) * 1000)
        totals.append(results.total)
    out = {
        "build_s": build,
        "size": size["index"],
        "size_note": size["note"],
        "size_before": size_before,
        "size_after": size,
        "matches": matches,
        "match_ms": match_ms,
        "search_ms": search_ms,
        "totals": totals,
    }
    with open(out_path, "w") as fh:
        json.dump(out, fh)
    connection.close()
    shutil.rmtree(data_dir, ignore_errors=True)


def _fangzhi_size(connection: Any) -> dict:
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name")
            by_name = dict(cur.fetchall())
            fts = sum(v for k, v in by_name.items() if k.startswith("search_fts"))
            docs = by_name.get("search_searchdocument", 0)
            total = sum(by_name.values())
            return {
                "index": fts,
                "documents": docs,
                "total": total,
                "note": f"FTS5 tables ({total:,} B whole database, documents table {docs:,} B)",
            }
        cur.execute("SELECT COALESCE(SUM(pg_column_size(tsv)), 0) FROM search_searchdocument")
        tsv = cur.fetchone()[0]
        cur.execute(
            "SELECT COALESCE(SUM(pg_relation_size(indexrelid)), 0) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname LIKE 'search%%tsv%%'"
        )
        gin = cur.fetchone()[0]
        cur.execute("SELECT pg_total_relation_size('search_searchdocument')")
        total = cur.fetchone()[0]
        return {
            "index": int(tsv) + int(gin),
            "tsv": int(tsv),
            "gin": int(gin),
            "total": total,
            "note": f"tsvector {int(tsv):,} B + GIN {int(gin):,} B "
            f"({total:,} B whole documents table)",
        }


def run_fangzhi(engine: str, docs: list[str], queries: list[Query], args: Any, work: Path):
    data = work / "data.pickle"
    out = work / f"{engine}.json"
    with open(data, "wb") as fh:
        pickle.dump({"docs": docs, "queries": queries}, fh)
    drop = None
    url = ""
    if engine == "fangzhi-postgres":
        from bench.returns import scratch_database

        url, drop = scratch_database(args.database_url)
    try:
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                engine,
                "--data",
                str(data),
                "--out",
                str(out),
                "--database-url",
                url,
            ],
            check=True,
            timeout=args.timeout,
            cwd=ROOT,
        )
    finally:
        if drop:
            drop()
    with open(out) as fh:
        return json.load(fh)


# --- the run ---------------------------------------------------------------------------


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = (len(s) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--chars", type=int, default=10_000_000)
    parser.add_argument("--engines", default="all")
    parser.add_argument("--queries", type=int, default=20, help="queries per class")
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds per Fangzhi engine")
    parser.add_argument("--json", default="", help="also write every figure to this file")
    parser.add_argument("--show-wrong", action="store_true", help="print wrong answers")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    parser.add_argument("--data", default="", help=argparse.SUPPRESS)
    parser.add_argument("--out", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        fangzhi_child(args.data, args.out, args.child, args.database_url)
        return

    engines = list(ALL_ENGINES) if args.engines == "all" else args.engines.split(",")
    try:
        import tantivy  # noqa: F401 -- bench-only: .venv/bin/pip install tantivy
    except ImportError:
        if "tantivy" in engines:
            print("tantivy is not installed (.venv/bin/pip install tantivy): left out")
            engines.remove("tantivy")
    from fangzhi.text.fold import fold

    t0 = time.perf_counter()
    docs = build_corpus(args.chars)
    t1 = time.perf_counter()
    folded = [fold(d).text for d in docs]
    fold_s = time.perf_counter() - t1
    chars = sum(len(d) for d in docs)
    text_bytes = sum(len(d.encode()) for d in docs)
    folded_bytes = sum(len(d.encode()) for d in folded)
    queries = make_queries(folded, args.queries)
    print(
        f"corpus: {len(docs):,} documents, {chars:,} characters, {text_bytes:,} B UTF-8 "
        f"(folded {folded_bytes:,} B); built in {t1 - t0:.1f} s, folded in {fold_s:.1f} s "
        f"({text_bytes / fold_s / 1e6:.2f} MB/s); {len(queries)} queries",
        flush=True,
    )

    brute = Brute()
    brute.build(folded, Path())
    truth = []
    brute_ms = []
    for query in queries:
        s = time.perf_counter()
        truth.append(brute.match(query))
        brute_ms.append((time.perf_counter() - s) * 1000)

    results: dict[str, dict] = {}
    work = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        for engine in engines:
            s = time.perf_counter()
            if engine == "brute":
                res = {
                    "build_s": 0.0,
                    "size": 0,
                    "size_note": "none (scans the folded text)",
                    "matches": [sorted(t) for t in truth],
                    "match_ms": brute_ms,
                }
            elif engine.startswith("fangzhi-"):
                res = run_fangzhi(engine, docs, queries, args, work)
            else:
                peer = {"fts5-trigram": FTS5Trigram, "tantivy": Tantivy}.get(engine)
                peer = peer() if peer else PgTrgm(args.database_url)
                res = peer.build(folded, work)
                res["matches"], res["match_ms"] = [], []
                for query in queries:
                    q0 = time.perf_counter()
                    got = peer.match(query)
                    res["match_ms"].append((time.perf_counter() - q0) * 1000)
                    res["matches"].append(sorted(got))
                peer.close()
            results[engine] = res
            print(f"{engine}: done in {time.perf_counter() - s:.1f} s", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(results, queries, truth, docs, chars, text_bytes, fold_s, args)


def report(results, queries, truth, docs, chars, text_bytes, fold_s, args) -> None:
    per_class: dict[str, dict[str, Any]] = {}
    for name, res in results.items():
        stats = {}
        for cls in CLASSES:
            idx = [i for i, q in enumerate(queries) if q[0] == cls]
            rec, prec = [], []
            for i in idx:
                want, got = truth[i], set(res["matches"][i])
                rec.append(len(want & got) / len(want) if want else 1.0)
                prec.append(len(want & got) / len(got) if got else 1.0)  # no false hit
            times = [res["match_ms"][i] for i in idx]
            stats[cls] = {
                "recall": statistics.mean(rec),
                "recall_min": min(rec),
                "precision": statistics.mean(prec),
                "p50": pct(times, 0.5),
                "p95": pct(times, 0.95),
            }
            if "search_ms" in res:
                st = [res["search_ms"][i] for i in idx]
                stats[cls]["search_p50"], stats[cls]["search_p95"] = pct(st, 0.5), pct(st, 0.95)
        per_class[name] = stats

    print("\n| machine | |\n| --- | --- |")
    print(f"| platform | {platform.platform()} |")
    print(f"| CPUs | {os.cpu_count()} |")
    print(f"| Python | {platform.python_version()} |")
    print(f"| SQLite | {sqlite3.sqlite_version} |")
    try:
        import tantivy

        print(f"| tantivy | {getattr(tantivy, '__version__', '?')} |")
    except ImportError:
        pass
    print(f"| corpus | {len(docs):,} documents, {chars:,} characters, {text_bytes:,} B UTF-8 |")
    print(f"| folding (fangzhi.text.fold) | {fold_s:.1f} s, {text_bytes / fold_s / 1e6:.2f} MB/s |")
    print(f"| queries | {len(queries)} ({args.queries} per class × {len(CLASSES)} classes) |\n")

    print(
        "| engine | build s | MB/s | index size | size / text | match p50 ms | match p95 ms "
        "| search p50/p95 ms | recall (min class) | precision (min class) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, res in results.items():
        b = res["build_s"]
        mbs = f"{text_bytes / b / 1e6:.2f}" if b else "–"
        search = (
            f"{pct(res['search_ms'], 0.5):.1f} / {pct(res['search_ms'], 0.95):.1f}"
            if "search_ms" in res
            else "–"
        )
        recall = min(s["recall"] for s in per_class[name].values())
        precision = min(s["precision"] for s in per_class[name].values())
        size = res["size"]
        print(
            f"| {name} | {b:.1f} | {mbs} | {size / 1e6:.1f} MB | {size / text_bytes:.2f}× "
            f"| {pct(res['match_ms'], 0.5):.1f} | {pct(res['match_ms'], 0.95):.1f} | {search} "
            f"| {recall:.3f} | {precision:.3f} |"
        )
    print()
    for name, res in results.items():
        print(f"- {name} size: {res['size_note']}")

    for name, res in results.items():
        wrong = [
            (
                fangzhi_q(q),
                sorted(truth[i] - set(res["matches"][i]))[:3],
                sorted(set(res["matches"][i]) - truth[i])[:3],
            )
            for i, q in enumerate(queries)
            if truth[i] != set(res["matches"][i])
        ]
        if wrong and args.show_wrong:
            print(
                f"- {name}: {len(wrong)} queries answered wrongly, e.g. "
                + "; ".join(f"{q!r} missed {m} extra {x}" for q, m, x in wrong[:3])
            )
    print("\n| recall / precision by class | " + " | ".join(results) + " |")
    print("| --- |" + " ---: |" * len(results))
    for cls in CLASSES:
        cells = [
            f"{per_class[n][cls]['recall']:.3f} / {per_class[n][cls]['precision']:.3f}"
            for n in results
        ]
        print(f"| {cls} | " + " | ".join(cells) + " |")
    print("\n| match p50 / p95 ms by class | " + " | ".join(results) + " |")
    print("| --- |" + " ---: |" * len(results))
    for cls in CLASSES:
        cells = [
            f"{per_class[n][cls]['p50']:.1f} / {per_class[n][cls]['p95']:.1f}" for n in results
        ]
        print(f"| {cls} | " + " | ".join(cells) + " |")
    fz = [n for n in results if "search_ms" in results[n]]
    if fz:
        print("\n| services.search p50 / p95 ms by class | " + " | ".join(fz) + " |")
        print("| --- |" + " ---: |" * len(fz))
        for cls in CLASSES:
            cells = [
                f"{per_class[n][cls]['search_p50']:.1f} / {per_class[n][cls]['search_p95']:.1f}"
                for n in fz
            ]
            print(f"| {cls} | " + " | ".join(cells) + " |")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(
                {
                    "per_class": per_class,
                    "engines": {
                        n: {k: v for k, v in r.items() if k != "matches"}
                        for n, r in results.items()
                    },
                    "chars": chars,
                    "text_bytes": text_bytes,
                    "fold_s": fold_s,
                    "queries": [list(q) for q in queries],
                },
                fh,
                ensure_ascii=False,
            )


if __name__ == "__main__":
    main()
