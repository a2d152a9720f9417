"""``GET /api/search/``: the same results and permissions as the page; bad queries are a
400 with a Chinese ``detail``, never a 500."""

import pytest
from rest_framework.test import APIClient

from fangzhi.search import services

from .matrix_search import imported
from .test_surfaces_pages import BAD_QUERIES

pytestmark = pytest.mark.django_db

URL = "/api/search/"


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_results_snippets_offsets_and_facets(sw):
    response = api(sw.office_admin).get(URL, {"q": "区委"})
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == 1 and data["pages"] == 1 and data["page"] == 1
    (hit,) = data["hits"]
    assert hit["source_type"] == "works.node" and hit["source_id"] == str(sw.node_a.pk)
    assert hit["work"] == sw.yearbook.pk and hit["work_title"] == "巴南年鉴（2025）"
    text = sw.doc_a.text
    assert hit["offsets"] == [i for i in range(len(text)) if text.startswith("区委", i)]
    assert "<mark>区委</mark>" in hit["snippets"][0]
    assert data["facets"]["kind"] == [{"value": "yearbook", "label": "年鉴", "count": 1}]
    assert data["description"] == "包含“区委”。"


def test_a_unit_sees_only_its_own(sw):
    data = api(sw.unit_liaison).get(URL, {"q": "区"}).json()
    assert [h["source_id"] for h in data["hits"]] == [str(sw.node_a.pk)]
    assert data["total"] == 1
    assert all(f["count"] == 1 for values in data["facets"].values() for f in values)
    data = api(sw.liaison_b).get(URL, {"q": "区"}).json()
    assert [h["source_id"] for h in data["hits"]] == [str(sw.node_b.pk)]
    # Naming the other unit's work or section changes nothing.
    data = api(sw.unit_liaison).get(URL, {"q": "区", "section": "鱼洞"}).json()
    assert data["total"] == 0 and data["hits"] == [] and data["facets"]["work"] == []


def test_the_public_must_sign_in(sw):
    imported(sw, "public")
    response = api().get(URL, {"q": "巴县"})
    assert response.status_code == 401 and response.json()["detail"]


def test_filters_and_paging(sw):
    work = imported(sw, "public").work
    for i in range(2, 8):
        services.index_imported(work, f"{i:03}.txt", f"巴縣{i}", "public", position=i)
    client = api(sw.unit_liaison)
    first = client.get(URL, {"q": "巴县", "per_page": 5}).json()
    second = client.get(URL, {"q": "巴县", "per_page": 5, "page": 2}).json()
    assert first["total"] == 7 and first["pages"] == 2 and len(second["hits"]) == 2
    assert not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}
    data = client.get(URL, {"q": "巴县", "section": "003"}).json()
    assert [h["section"] for h in data["hits"]] == ["003.txt"]
    data = client.get(URL, {"q": "巴县 section:003"}).json()
    assert [h["section"] for h in data["hits"]] == ["003.txt"]


@pytest.mark.parametrize(
    "params",
    [{"q": "区", "per_page": 101}, {"q": "区", "page": 0}, {"q": "区", "page": "x"}, {}],
)
def test_bad_parameters_are_400(sw, params):
    response = api(sw.office_admin).get(URL, params)
    assert response.status_code == 400 and response.json()["detail"]


def test_unknown_parameters_are_refused(sw):
    response = api(sw.office_admin).get(URL, {"q": "区", "colour": "red"})
    assert response.status_code == 400 and response.json()["field"] == "colour"


@pytest.mark.parametrize("q", BAD_QUERIES, ids=range(len(BAD_QUERIES)))
def test_bad_queries(sw, q):
    response = api(sw.unit_liaison).get(URL, {"q": q})
    assert response.status_code in (200, 400), response.status_code
    data = response.json()
    if response.status_code == 400:
        assert data["code"] in ("query", "invalid", "null_characters_not_allowed")
        assert any("\u4e00" <= c <= "\u9fff" for c in data["detail"]), data["detail"]
    else:
        assert data["total"] <= 1
        assert all(h["source_id"] == str(sw.node_a.pk) for h in data["hits"])


def test_the_schema_describes_search(sw):
    schema = api().get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/search/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"q", "work", "kind", "year", "place", "section", "page", "per_page"} <= names
