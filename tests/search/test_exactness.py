"""The contract, property-tested on the database the suite runs on (SQLite, or PostgreSQL
with FANGZHI_TEST_DATABASE_URL): ``search()`` returns exactly the documents whose folded
title or text contains the folded query, for any query length, mixed scripts, traditional
and simplified; Boolean combinations and exact (quoted) phrases likewise. The oracle is a
brute-force scan of the corpus in Python."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fangzhi.search import services
from fangzhi.search.models import SearchDocument
from fangzhi.text.fold import fold, fold_query
from fangzhi.text.query import QueryError, Term, parse_query
from fangzhi.text.tokens import iter_words

from .conftest import search_all

pytestmark = pytest.mark.django_db

# Traditional and simplified pairs, variants, Latin in both cases, full-width forms.
CJK = "巴县縣木洞长長发發髮里裡后後干乾幹志誌年鉴鑑江北镇鎮"
QUERY_CHARS = CJK + "abcxyzABCXYZ0129ＡＢ１２，。、"
TEXT_CHARS = QUERY_CHARS + " \n,.:-\"'*()"

# A few characters only, so that near misses (a space, a comma, a case or script
# difference between two characters of the query) are common.
SMALL = "巴县縣bB1１ ，,\n"


@st.composite
def corpora(draw):
    chars = draw(st.sampled_from([TEXT_CHARS, SMALL]))
    texts = st.text(alphabet=chars, min_size=0, max_size=40)
    titles = st.text(alphabet=chars.replace("\n", ""), min_size=0, max_size=6)
    return draw(st.lists(st.tuples(titles, texts), min_size=1, max_size=6))


PROPERTY = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def single_term(q):
    """Whether ``q`` parses as one plain term spelling ``q`` itself."""
    try:
        root = parse_query(q).root
    except QueryError:
        return False
    return isinstance(root, Term) and not root.exact and not root.prefix and root.text == q


@st.composite
def queries(draw, corpus):
    """1–8 characters: cut from a title or text of the corpus, or made up."""
    sources = [t for pair in corpus for t in pair if t]
    if sources and draw(st.booleans()):
        source = draw(st.sampled_from(sources))
        start = draw(st.integers(0, len(source) - 1))
        end = draw(st.integers(start + 1, min(len(source), start + 8)))
        q = source[start:end]
        # or a near miss: one character changed, or taken out, or the punctuation gone
        change = draw(st.sampled_from(["none", "replace", "delete", "squeeze"]))
        at = draw(st.integers(0, len(q) - 1))
        if change == "replace":
            q = q[:at] + draw(st.sampled_from(QUERY_CHARS)) + q[at + 1 :]
        elif change == "delete" and len(q) > 1:
            # a space or punctuation mark by preference: the boundary cases
            gaps = [i for i, c in enumerate(q) if not c.isalnum()]
            at = draw(st.sampled_from(gaps)) if gaps else at
            q = q[:at] + q[at + 1 :]
        elif change == "squeeze":  # spaces and punctuation taken out
            q = "".join(c for c in q if c.isalnum()) or q
    else:
        chars = draw(st.sampled_from([QUERY_CHARS, SMALL.strip()]))
        q = draw(st.text(alphabet=chars, min_size=1, max_size=8))
    assume(single_term(q))
    return q


def build(world, corpus):
    docs = []
    for i, (title, text) in enumerate(corpus):
        # "#" (never in a query) keeps the sections apart: the same section is one document
        doc = services.index_imported(world.district, "#" * (i + 1) + title, text, "internal")
        docs.append(doc)
    return docs


def every_document():
    """The oracle scans every document of the index, the works world's included."""
    return list(SearchDocument.objects.all())


def contains(doc, q):
    fq = fold_query(q)
    return fq in fold(doc.title).text or fq in fold(doc.text).text


def exactly(doc, q):
    return q in doc.title or q in doc.text


def prefixed(doc, stem):
    fs = fold_query(stem)
    return any(
        w.startswith(fs) for src in (doc.title, doc.text) for _, w in iter_words(fold(src).text)
    )


@PROPERTY
@given(data=st.data(), corpus=corpora())
def test_search_finds_exactly_the_documents_containing_the_query(sw, data, corpus):
    with transaction.atomic():
        build(sw, corpus)
        docs = every_document()
        for _ in range(3):
            q = data.draw(queries(corpus))
            expected = {d.pk for d in docs if contains(d, q)}
            assert search_all(sw.office_admin, q) == expected, q
        transaction.set_rollback(True)


@PROPERTY
@given(data=st.data(), corpus=corpora())
def test_boolean_queries_combine_exactly(sw, data, corpus):
    with transaction.atomic():
        build(sw, corpus)
        docs = every_document()
        a = data.draw(queries(corpus))
        b = data.draw(queries(corpus))
        has_a = {d.pk for d in docs if contains(d, a)}
        has_b = {d.pk for d in docs if contains(d, b)}
        admin = sw.office_admin
        assert search_all(admin, f"{a} {b}") == has_a & has_b
        assert search_all(admin, f"{a} OR {b}") == has_a | has_b
        if a != b:
            assert search_all(admin, f"{a} -{b}") == has_a - has_b
            assert search_all(admin, f"({a} | {b}) -{b}") == has_a - has_b
        transaction.set_rollback(True)


@PROPERTY
@given(data=st.data(), corpus=corpora())
def test_exact_phrases_and_prefixes(sw, data, corpus):
    with transaction.atomic():
        build(sw, corpus)
        docs = every_document()
        q = data.draw(queries(corpus))
        admin = sw.office_admin
        assert search_all(admin, f'"{q}"') == {d.pk for d in docs if exactly(d, q)}
        # an exact phrase combined with a folded term, and OR-ed with a negation
        other = data.draw(queries(corpus))
        assert search_all(admin, f'"{q}" {other}') == {
            d.pk for d in docs if exactly(d, q) and contains(d, other)
        }
        stem = data.draw(st.text(alphabet="abcxyzABC0129", min_size=1, max_size=3))
        assert search_all(admin, f"{stem}*") == {d.pk for d in docs if prefixed(d, stem)}
        transaction.set_rollback(True)


def test_examples_across_the_script_boundary(sw):
    docs = build(
        sw,
        [
            ("", "GDP增长百分之五"),
            ("", "GDP，增长"),
            ("", "gdp 增长"),
            ("巴縣", "木洞鎮"),
            ("", "ＧＤＰ增長"),
        ],
    )
    admin = sw.office_admin
    assert search_all(admin, "GDP增长") == {docs[0].pk, docs[4].pk}
    assert search_all(admin, "巴县") == {docs[3].pk}
    assert search_all(admin, "镇") == {docs[3].pk}
    assert search_all(admin, "P，增") == {docs[1].pk}
    assert search_all(admin, '"增長"') == {docs[4].pk}
    assert search_all(admin, "gd*") == {docs[0].pk, docs[1].pk, docs[2].pk, docs[4].pk}
