"""search(): visibility inside the query (hits, totals and facets), ranking, snippets in
the original text, filters, paging, and queries that look like SQL or FTS5 syntax."""

import pytest
from django.db import connection

from fangzhi.core.errors import ServiceError
from fangzhi.search import services
from fangzhi.search.models import SearchDocument
from fangzhi.works.models import Work

from .conftest import ids, search_all

pytestmark = pytest.mark.django_db


def facet(results, name):
    return {f.value: f.count for f in results.facets[name]}


# --- visibility -----------------------------------------------------------------------


def test_a_units_people_never_get_another_units_node(sw):
    # "区" is in both nodes' text: unit_a's node is assigned to unit_a, node_b to unit_b.
    everything = services.search(user=sw.office_admin, q="区")
    assert ids(everything) == {sw.doc_a.pk, sw.doc_b.pk}
    assert facet(everything, "work") == {sw.yearbook.pk: 2}
    for user in (sw.unit_liaison, sw.unit_head, sw.liaison_a2):
        mine = services.search(user=user, q="区")
        assert ids(mine) == {sw.doc_a.pk}
        assert mine.total == 1
        assert facet(mine, "work") == {sw.yearbook.pk: 1}
        assert facet(mine, "kind") == {"yearbook": 1} and facet(mine, "year") == {2025: 1}
        # A filter naming the other unit's work or section reveals nothing either.
        assert services.search(user=user, q="鱼洞", filters={"work": sw.yearbook.pk}).total == 0
        assert services.search(user=user, q="区 section:1.2").total == 0
    theirs = services.search(user=sw.liaison_b, q="区")
    assert ids(theirs) == {sw.doc_b.pk} and theirs.total == 1


def test_reviewer_finds_only_the_nodes_they_read(sw):
    assert ids(services.search(user=sw.reviewer, q="区")) == {sw.doc_a.pk}


def test_the_public_finds_public_documents_only(sw):
    public = services.index_imported(sw.district, "卷一", "巴縣區域沿革", "public")
    restricted = services.index_imported(sw.district, "卷二", "巴縣檔案", "restricted")
    internal = services.index_imported(sw.district, "卷三", "巴縣内部", "internal")
    assert ids(services.search(user=None, q="巴县")) == {public.pk}
    assert services.search(user=None, q="巴县").facets["work"][0].count == 1
    assert services.search(user=None, q="巴县 access:internal").total == 0
    assert services.search(user=None, q="区", filters={"access": "internal"}).total == 0
    # Staff of a unit find public texts too, never internal or restricted imports.
    assert ids(services.search(user=sw.liaison_b, q="巴县")) == {public.pk}
    assert ids(services.search(user=sw.office_editor, q="巴县")) == {
        public.pk,
        restricted.pk,
        internal.pk,
    }
    # An inactive account is the public.
    sw.office_admin.is_active = False
    assert ids(services.search(user=sw.office_admin, q="巴县")) == {public.pk}


def test_visibility_is_in_the_sql(sw):
    """The statement itself names the user's nodes: nothing is filtered in Python."""
    sql, params = services._where(sw.unit_liaison, {})
    assert "works_outlinenode" in sql and sw.unit_a.pk in params
    sql, params = services._where(None, {})
    assert "access" in sql and params == ["public"]


# --- ranking, snippets, paging -------------------------------------------------------


def test_a_title_match_ranks_first(sw):
    text_only = services.index_imported(
        sw.district, "第三章 场镇", "木洞是古镇。木洞有码头。木洞有老街。" * 3, "public"
    )
    in_title = services.index_imported(
        sw.district, "木洞镇", "古镇位于长江边，木洞镇有码头。", "public"
    )
    results = services.search(user=None, q="木洞")
    assert [h.id for h in results.hits] == [in_title.pk, text_only.pk]
    assert results.hits[0].score > results.hits[1].score > 0


def test_snippets_map_back_to_the_traditional_original(sw):
    text = "清代屬巴縣。<b>木洞鎮</b>古稱木洞驛，" + "江" * 60 + "民國時巴縣設木洞區。"
    doc = services.index_imported(sw.district, "木洞", text, "public")
    hit = services.search(user=None, q="巴县")
    (found,) = hit.hits
    assert found.id == doc.pk and found.work_title == sw.district.title
    assert found.section == "木洞" and found.title == "木洞"
    assert found.offsets == [i for i in range(len(text)) if text.startswith("巴縣", i)]
    assert len(found.snippets) == 2
    assert "<mark>巴縣</mark>" in found.snippets[0] and "&lt;b&gt;木洞鎮" in found.snippets[0]
    assert found.snippets[1].startswith("…") and "<mark>巴縣</mark>設" in found.snippets[1]
    # an exact phrase is highlighted as written; several terms each
    both = services.search(user=None, q='"木洞鎮" 民国').hits[0]
    assert both.offsets == [text.index("木洞鎮"), text.index("民國")]
    assert "<mark>木洞鎮</mark>" in both.snippets[0] and "<mark>民國</mark>" in both.snippets[1]


def test_paging_is_stable_and_complete(sw):
    docs = [
        services.index_imported(sw.district, f"{i:02d}", "同样的文字：巴县", "public")
        for i in range(23)
    ]
    pages = [services.search(user=None, q="巴县", per_page=10, page=p) for p in (1, 2, 3)]
    assert [r.total for r in pages] == [23, 23, 23] and pages[0].pages == 3
    seen = [h.id for r in pages for h in r.hits]
    assert seen == sorted(d.pk for d in docs)  # equal scores: by id
    assert services.search(user=None, q="巴县", per_page=10, page=9).hits == []
    with pytest.raises(ServiceError) as err:
        services.search(user=None, q="巴县", page="two")
    assert err.value.field == "page"


def test_filters(sw):
    Work.objects.filter(pk=sw.district.pk).update(lower_limit=2025)
    sw.district.refresh_from_db()
    a = services.index_imported(sw.district, "大事记", "木洞设镇", "internal")
    admin = sw.office_admin
    assert ids(services.search(user=admin, q="木洞 kind:district")) == {a.pk}
    assert ids(services.search(user=admin, q="木洞 year:2020-2030")) == {a.pk}
    assert services.search(user=admin, q="木洞 year:2026").total == 0
    assert ids(services.search(user=admin, q="木洞", filters={"work": "巴南区志"})) == {a.pk}
    assert ids(services.search(user=admin, q='木洞 section:"大事"')) == {a.pk}
    assert services.search(user=admin, q="区 kind:district").total == 0
    assert ids(services.search(user=admin, q="区 kind:yearbook")) == {sw.doc_a.pk, sw.doc_b.pk}
    with pytest.raises(ServiceError) as err:
        services.search(user=admin, q="木洞", filters={"year": "去年"})
    assert err.value.field == "year"


def test_facets_count_every_match(sw):
    services.index_imported(sw.district, "一", "区", "internal")
    services.index_imported(sw.district, "二", "区", "internal")
    results = services.search(user=sw.office_admin, q="区", per_page=1)
    assert results.total == 4 and len(results.hits) == 1
    assert facet(results, "work") == {sw.yearbook.pk: 2, sw.district.pk: 2}
    assert facet(results, "kind") == {"yearbook": 2, "district": 2}
    labels = {f.value: f.label for f in results.facets["work"]}
    assert labels[sw.district.pk] == sw.district.title


# --- bad input ------------------------------------------------------------------------

NASTY = [
    "",
    "   ",
    '"',
    '"巴县',
    "*",
    "NEAR",
    "NEAR(巴县 木洞)",
    "OR OR",
    "-",
    "-巴县",
    ":",
    "title1: 巴",
    "{title1 grams1} : 巴",
    "巴县' OR '1'='1",
    "'; DROP TABLE search_searchdocument; --",
    '巴县" OR "1"="1',
    "\x00巴县\x01",
    "巴" * 10_000,
    "区" * 1000,
    "a* b*",
    "巴县 AND",
    "(((巴县",
    "year:abc",
    "access:secret 巴县",
    "%_%",
    "\\",
]


@pytest.mark.parametrize("q", NASTY)
def test_injection_looking_queries_are_safe(sw, q):
    public = services.index_imported(sw.district, "公开", "巴县 NEAR 区 % _ \\ '1'='1", "public")
    try:
        results = services.search(user=None, q=q)
    except ServiceError as exc:
        assert exc.code == "query" and str(exc)
    else:
        assert ids(results) <= {public.pk}
        assert results.total == len(results.hits)
    assert SearchDocument.objects.count() == 3
    with connection.cursor() as cur:  # the index still answers
        cur.execute("SELECT COUNT(*) FROM search_searchdocument")
    assert search_all(None, "巴县") == {public.pk}


def test_syntax_words_are_searched_as_text(sw):
    doc = services.index_imported(sw.district, "x", "NEAR 与 OR 都是词。%_", "public")
    assert ids(services.search(user=None, q="NEAR")) == {doc.pk}
    assert ids(services.search(user=None, q='"OR"')) == {doc.pk}
    assert ids(services.search(user=None, q="词。%_")) == {doc.pk}
    assert services.search(user=None, q="词%").total == 0  # no LIKE wildcards anywhere
