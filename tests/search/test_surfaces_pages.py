"""The search page and the reading page of an imported section, per role.

``sw`` (tests/search/conftest.py): node_a (unit A: 区委办公室 …) and node_b (unit B:
鱼洞街道位于巴南区中部 …) of the 2025 yearbook, indexed.
"""

import re

import pytest
from django.urls import reverse

from fangzhi.returns.models import Submission
from fangzhi.search import services
from fangzhi.search.views import hit_urls, marked_paragraphs
from fangzhi.works.models import Work

from ..a11y import assert_accessible
from ..returns.data import make_returns
from .matrix_search import imported

pytestmark = pytest.mark.django_db

URL = reverse("search:search")

# The list of bad input, and a few more of the same family.
BAD_QUERIES = [
    "",
    "   ",
    "\u3000\t",
    "区" * 10_000,
    "区委\x00\x07办公室",
    '"区委',
    '"',
    "*",
    "NEAR",
    "区委 NEAR 办公室",
    "OR OR",
    "OR",
    "-",
    "-区委",
    ":",
    "work:",
    "区委 year:abc",
    "区委 access:secret",
    "') OR 1=1 --",
    "区委'; DROP TABLE search_searchdocument; --",
    'search_fts MATCH "*"',
    "((((区委",
    "区委)",
]


def page(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def hit_titles(html):
    return re.findall(r'<h3 class="hit-title">(?:<a href="[^"]*">)?([^<]*)', html)


def total(html):
    match = re.search(r'<h2 id="hits-heading">(\d+)', html)
    return int(match.group(1)) if match else None


def test_office_finds_every_unit_and_the_page_is_accessible(sw, client_for):
    html = page(client_for("office_admin"), q="区")
    assert total(html) == 2
    assert sorted(hit_titles(html)) == ["区委办公室工作", "鱼洞街道概况"]
    assert f'href="/works/nodes/{sw.node_a.pk}/"' in html
    assert "<mark>区</mark>委办公室" in html  # the snippet, highlighted
    assert "包含“区”" in html  # Query.describe()
    assert_accessible(html, url=URL)


@pytest.mark.parametrize(
    ("role", "title", "other"),
    [
        ("unit_liaison", "区委办公室工作", "鱼洞"),
        ("unit_head", "区委办公室工作", "鱼洞"),
        ("reviewer", "区委办公室工作", "鱼洞"),  # asked to read node_a only
    ],
)
def test_a_unit_never_sees_another_units_hits_or_counts(sw, client_for, role, title, other):
    html = page(client_for(role), q="区")
    assert total(html) == 1
    assert hit_titles(html) == [title]
    assert other not in html  # neither a hit, a snippet nor a facet label
    counts = re.findall(r'class="facet-count">(\d+)<', html)
    assert counts and set(counts) == {"1"}
    # Filtering on the other unit's section finds nothing, and says so.
    html = page(client_for(role), q="区 section:鱼洞")
    assert total(html) == 0 and hit_titles(html) == [] and "facet-count" not in html


def test_the_other_unit_sees_its_own(sw, client_for):
    from django.test import Client

    client = Client()
    client.force_login(sw.liaison_b)
    html = page(client, q="区")
    assert hit_titles(html) == ["鱼洞街道概况"] and "区委办公室工作" not in html


def test_the_public_is_sent_to_sign_in(sw, client_for):
    response = client_for("public").get(URL, {"q": "区"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    doc = imported(sw, "public")
    response = client_for("public").get(reverse("search:section", args=[doc.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_an_empty_query_shows_the_help(sw, client_for):
    for params in ({}, {"q": ""}, {"q": "   "}):
        html = page(client_for("unit_liaison"), **params)
        assert '<details class="search-help" open>' in html
        assert "work:巴南年鉴" in html and total(html) is None
        assert 'role="alert"' not in html


@pytest.mark.parametrize("q", BAD_QUERIES, ids=range(len(BAD_QUERIES)))
@pytest.mark.parametrize("role", ["office_admin", "unit_liaison"])
def test_bad_queries_give_a_message_or_a_correct_result(sw, client_for, role, q):
    html = page(client_for(role), q=q)
    error = re.search(r'<p class="message message-error" role="alert">([^<]+)</p>', html)
    # (a NUL is refused by the form, any other bad query by the query parser)
    found = total(html)
    if not q.strip():
        assert error is None and found is None  # the help
    elif error:
        assert found is None and len(error.group(1).strip()) > 3
        assert re.search(r"[\u4e00-\u9fff]", error.group(1)), error.group(1)  # in Chinese
    else:
        assert found is not None, f"neither a message nor results for {q!r}"
        # Never more than the user may see: the liaison finds at most node_a.
        assert found <= (2 if role == "office_admin" else 1)
        assert role == "office_admin" or "鱼洞" not in "".join(hit_titles(html))


def test_a_facet_link_adds_its_filter(sw, client_for):
    client = client_for("office_admin")
    district = imported(sw, "internal")  # 朝邑 … in a district gazetteer
    assert district.kind == Work.Kind.DISTRICT
    html = page(client, q="区 OR 朝邑")
    assert total(html) == 3
    link = re.search(r'<a href="([^"]*kind=yearbook[^"]*)"', html).group(1).replace("&amp;", "&")
    html = client.get(link).content.decode()
    assert total(html) == 2 and "朝邑" not in "".join(hit_titles(html))
    assert '<option value="yearbook" selected>' in html  # the form shows the filter
    assert 'aria-current="true"' in html


def test_filters_in_the_form_and_in_the_query(sw, client_for):
    client = client_for("office_admin")
    assert hit_titles(page(client, q="区 section:鱼洞")) == ["鱼洞街道概况"]
    assert hit_titles(page(client, q="区", section="鱼洞")) == ["鱼洞街道概况"]
    assert total(page(client, q="区", year_from="2020", year_to="2024")) == 0
    assert total(page(client, q="区", year_from="2025", year_to="2025")) == 2
    assert total(page(client, q="区", work=str(sw.yearbook.pk))) == 2
    html = page(client, q="区", year_from="abc")
    assert total(html) is None and 'class="errorlist"' in html


def test_paging_and_htmx_partial(sw, client_for):
    work = Work.objects.get(pk=imported(sw, "public").work_id)
    for i in range(2, 26):
        services.index_imported(work, f"{i:03}.txt", f"第{i}篇巴縣", "public", position=i)
    client = client_for("unit_liaison")
    first = page(client, q="巴县")
    assert total(first) == 25 and len(hit_titles(first)) == 20
    assert "1/2" in first or "第 1 页" in first or "Page 1 of 2" in first
    next_url = re.search(r'<a href="([^"]*page=2[^"]*)"', first).group(1).replace("&amp;", "&")
    response = client.get(next_url, HTTP_HX_REQUEST="true")
    partial = response.content.decode()
    assert "<html" not in partial and partial.lstrip().startswith('<div id="search-area">')
    assert len(hit_titles(partial)) == 5
    assert set(hit_titles(partial)).isdisjoint(hit_titles(first))  # stable paging
    # A page past the end shows the last page.
    assert len(hit_titles(page(client, q="巴县", page="9"))) == 5


def test_hits_open_the_node_the_return_and_the_section(sw):
    make_returns(sw)
    Submission.objects.filter(pk=sw.sub_a.pk).update(status=Submission.Status.ACCEPTED)
    services.index_source(sw.sub_a)
    doc = imported(sw, "public")
    results = services.search(user=sw.unit_liaison, q="区委 OR 巴县")
    urls = hit_urls(sw.unit_liaison, results.hits, "区委 OR 巴县")
    by_type = {h.source_type: urls[h.id] for h in results.hits}
    assert by_type["works.node"] == f"/works/nodes/{sw.node_a.pk}/"
    assert by_type["returns.entry"] == f"/returns/submissions/{sw.sub_a.pk}/"
    assert by_type["imported"].startswith(f"/search/sections/{doc.pk}/?q=")


def test_the_section_page_marks_the_matches(sw, client_for):
    doc = imported(sw, "public")  # 巴縣在重慶府\n木洞鎮在巴縣東
    client = client_for("unit_liaison")
    url = reverse("search:section", args=[doc.pk])
    html = client.get(url, {"q": "巴县"}).content.decode()
    assert '<p id="p1"><mark>巴縣</mark>在重慶府</p>' in html
    assert '<p id="p2">木洞鎮在<mark>巴縣</mark>東</p>' in html
    assert_accessible(html, url=url)
    html = client.get(url, {"q": '"巴县'}).content.decode()
    assert 'role="alert"' in html and "<mark>" not in html
    # Another unit's people cannot read an internal import.
    internal = imported(sw, "internal")
    assert client.get(reverse("search:section", args=[internal.pk])).status_code == 403
    assert client.get(reverse("search:section", args=[99999])).status_code == 403
    # A manuscript's document is not a section.
    admin = client_for("office_admin")
    assert admin.get(reverse("search:section", args=[sw.doc_a.pk])).status_code == 404


def test_marked_paragraphs_escape_and_span_lines():
    text = "a<b>\n朝邑\n縣"
    paragraphs = marked_paragraphs(text, [(3, 7), (5, 7)], [(0, "X_001-1a"), (5, "X_001-1b")])
    assert paragraphs == [
        '<span class="page-label" title="X_001-1a">〔001-1a〕</span>a&lt;b<mark>&gt;</mark>',
        '<mark><span class="page-label" title="X_001-1b">〔001-1b〕</span>朝邑</mark>',
        "縣",
    ]
