"""Reading compilation over the API: what each role sees, another unit's ids, filters,
details (review chain, filing, outline rows, comparisons, downloads) and the schema."""

import datetime as dt
import io

import openpyxl
import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from fangzhi.core.models import Notification
from fangzhi.works import services
from fangzhi.works.models import OutlineNode

from ..works.data import make_works
from .helpers import has_chinese

pytestmark = pytest.mark.django_db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def ww(world):
    return make_works(world)


def client_of(user):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


# --- who sees what ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["unit_liaison", "unit_head"])
def test_a_unit_reads_only_its_own_nodes_and_what_hangs_on_them(ww, api_for, role):
    client = api_for(role)
    assert ids(client.get("/api/works/")) == [ww.yearbook.pk]  # the work it writes for
    assert ids(client.get("/api/outline-nodes/")) == [ww.node_a.pk]
    assert ids(client.get("/api/manuscript-versions/")) == [ww.version_a.pk]
    assert ids(client.get("/api/comments/")) == [ww.comment_a.pk]
    node = client.get(f"/api/outline-nodes/{ww.node_a.pk}/").json()
    assert node["title"] == "区委办公室工作" and node["unit_name"] == "区委办公室"
    assert node["parent"] is None  # the part above it is not the unit's to see
    assert node["latest_version"]["id"] == ww.version_a.pk
    assert [e["action"] for e in node["events"]] == ["assign"]


@pytest.mark.parametrize("role", ["unit_liaison", "unit_head", "reviewer"])
def test_another_units_ids_answer_403_whether_or_not_they_exist(ww, api_for, role):
    client = api_for(role)
    for url in (
        f"/api/works/{ww.town_work.pk}/",
        f"/api/works/{ww.district.pk}/",
        f"/api/works/{ww.town_work.pk}/outline/",
        f"/api/outline-nodes/{ww.node_b.pk}/",
        f"/api/outline-nodes/{ww.town_node.pk}/",
        f"/api/manuscript-versions/{ww.version_b.pk}/",
        f"/api/manuscript-versions/{ww.version_b.pk}/docx/",
        "/api/outline-nodes/999999/",
        "/api/manuscript-versions/999999/",
        "/api/comments/999999/",
        "/api/works/999999/",
    ):
        r = client.get(url)
        assert r.status_code == 403, url
        assert has_chinese(r.json()["detail"]), url
    # Writes to them too, before their body is looked at.
    r = client.post(
        f"/api/outline-nodes/{ww.node_b.pk}/save/",
        {"html": "<p>抢写</p>", "base_revision": 1},
        format="json",
    )
    assert r.status_code == 403
    assert ww.node_b.versions.count() == 1


def test_office_staff_read_everything_and_get_404_for_missing_ids(ww, api_for):
    client = api_for("office_editor")
    works = ids(client.get("/api/works/"))
    assert works == sorted([ww.yearbook.pk, ww.district.pk, ww.town_work.pk])
    nodes = ids(client.get("/api/outline-nodes/"))
    assert nodes == sorted(n.pk for n in (ww.part, ww.node_a, ww.node_b, ww.town_node))
    assert client.get(f"/api/outline-nodes/{ww.node_a.pk}/").json()["parent"] == ww.part.pk
    assert client.get("/api/outline-nodes/999999/").status_code == 404
    assert client.get("/api/works/999999/").status_code == 404


def test_a_reviewer_reads_the_nodes_they_are_asked_to_read(ww, api_for):
    client = api_for("reviewer")
    assert ids(client.get("/api/works/")) == [ww.yearbook.pk]
    assert ids(client.get("/api/outline-nodes/")) == [ww.node_a.pk]
    assert ids(client.get("/api/manuscript-versions/")) == [ww.version_a.pk]
    assert ids(client.get("/api/comments/")) == [ww.comment_a.pk]


def test_the_public_is_asked_to_sign_in(ww):
    for url in ("/api/works/", "/api/outline-nodes/", "/api/notifications/"):
        r = APIClient().get(url)
        assert r.status_code == 401 and r.json()["code"] == "not_authenticated"


# --- details ----------------------------------------------------------------------------------


def test_a_work_shows_its_review_chain(ww, admin_api):
    body = admin_api.get(f"/api/works/{ww.district.pk}/").json()
    assert body["kind"] == "district" and body["status"] == "compiling"
    assert body["compiler_name"] == "巴南区地方志办公室"
    assert body["current_step"] is None
    assert [(s["code"], s["actor"], s["state"]) for s in body["pipeline"]] == [
        ("office_preliminary", "office", "pending"),
        ("district_consent", "external", "pending"),
        ("city_office_acceptance", "external", "pending"),
        ("city_approval", "external", "pending"),
    ]
    assert body["filing_due"] is None and body["filing_overdue"] is False

    admin = ww.office_admin
    services.work_submit_for_review(by=admin, work=ww.district)
    services.review_step_record(
        by=admin,
        work=ww.district,
        step="office_preliminary",
        decision="pass",
        decided_on=dt.date(2025, 1, 6),
    )
    body = admin_api.get(f"/api/works/{ww.district.pk}/").json()
    assert body["status"] == "in_review"
    assert body["current_step"]["code"] == "district_consent"
    assert body["current_step"]["needs_document"] is True
    assert body["current_step"]["label"]
    assert [s["state"] for s in body["pipeline"]] == ["passed", "current", "pending", "pending"]
    assert [(d["step"], d["decision"]) for d in body["decisions"]] == [
        ("office_preliminary", "pass")
    ]


def test_a_published_unit_named_work_shows_its_filing_due_date(ww, admin_api):
    admin, work = ww.office_admin, ww.town_work
    services.work_submit_for_review(by=admin, work=work)
    services.review_step_record(
        by=ww.head_b,
        work=work,
        step="compiler_preliminary",
        decision="pass",
        decided_on=dt.date(2024, 1, 5),
    )
    services.review_step_record(
        by=admin,
        work=work,
        step="office_acceptance",
        decision="pass",
        decided_on=dt.date(2024, 1, 10),
        document_number="巴南志办〔2024〕3号",
    )
    services.publication_record(
        by=admin, work=work, publisher="重庆出版社", published_on=dt.date(2024, 1, 31)
    )
    body = admin_api.get(f"/api/works/{work.pk}/").json()
    assert body["status"] == "published"
    assert body["filing_due"] == "2024-04-30"  # three months on, the month's last day
    assert body["filing_overdue"] is True  # the test runs long after April 2024
    assert [s["state"] for s in body["pipeline"]] == ["passed", "passed"]
    assert body["publication"]["publisher"] == "重庆出版社"
    assert admin_api.get(f"/api/works/{work.pk}/publication/").json()["published_on"] == (
        "2024-01-31"
    )
    # Not published yet: the record is missing, said in Chinese.
    r = admin_api.get(f"/api/works/{ww.yearbook.pk}/publication/")
    assert r.status_code == 404 and r.json()["code"] == "not_found" and r.json()["detail"]


def test_the_outline_reads_in_order_numbered_and_limited_to_the_users_nodes(ww, api_for):
    rows = api_for("office_editor").get(f"/api/works/{ww.yearbook.pk}/outline/").json()
    assert [(r["id"], r["depth"], r["number"], r["title"]) for r in rows] == [
        (ww.part.pk, 1, "1", "综述"),
        (ww.node_a.pk, 2, "1.1", "区委办公室工作"),
        (ww.node_b.pk, 2, "1.2", "鱼洞街道概况"),
    ]
    assert rows[1]["unit"] == "区委办公室" and rows[1]["deadline"] == "2026-03-31"
    assert rows[1]["state"] == "assigned" and rows[1]["state_label"]
    assert rows[1]["level_label"] and rows[1]["expected_length"] is None
    rows = api_for("unit_liaison").get(f"/api/works/{ww.yearbook.pk}/outline/").json()
    assert [(r["id"], r["number"]) for r in rows] == [(ww.node_a.pk, "1.1")]


def test_a_version_reads_with_its_text_and_compares_with_another(ww, api_for):
    client = api_for("unit_liaison")
    body = client.get(f"/api/manuscript-versions/{ww.version_a.pk}/").json()
    assert body["number"] == 1 and body["author"] == ww.unit_liaison.pk
    assert "<h2>区委办公室</h2>" in body["html"]
    assert "服务大局" in body["text"] and body["char_count"] > 20
    assert body["warnings"] == [] and body["source"] == "editor"
    listed = client.get("/api/manuscript-versions/").json()["results"][0]
    assert "html" not in listed and listed["number"] == 1

    second = services.version_save_html(
        by=ww.unit_liaison,
        node=ww.node_a,
        html="<h2>区委办公室</h2><p>2025年，区委办公室围绕中心工作，服务全局。</p>",
        base_revision=ww.node_a.revision,
    )
    r = client.get(f"/api/manuscript-versions/{second.pk}/compare/?with={ww.version_a.pk}")
    assert r.status_code == 200, r.content
    body = r.json()
    assert (body["old"]["number"], body["new"]["number"]) == (1, 2)  # older on the left
    assert body["stats"] == {"inserted": 1, "deleted": 1}
    changed = [row for row in body["rows"] if row["changed"]]
    assert len(changed) == 1
    assert "<del>大</del>" in changed[0]["old"] and "<ins>全</ins>" in changed[0]["new"]

    # Another unit's version is an unknown id; a version of another node is refused.
    r = client.get(f"/api/manuscript-versions/{second.pk}/compare/?with={ww.version_b.pk}")
    assert r.status_code == 400 and r.json()["field"] == "with"
    r = api_for("office_admin").get(
        f"/api/manuscript-versions/{second.pk}/compare/?with={ww.version_b.pk}"
    )
    assert r.status_code == 400 and r.json()["detail"]
    r = client.get(f"/api/manuscript-versions/{second.pk}/compare/")
    assert r.status_code == 400 and r.json()["field"] == "with"


def test_a_version_and_the_outline_download_as_office_files(ww, api_for):
    pytest.importorskip("fangzhi.works.docx_io")
    from docx import Document

    client = api_for("unit_liaison")
    r = client.get(f"/api/manuscript-versions/{ww.version_a.pk}/docx/")
    assert r.status_code == 200 and r["Content-Type"] == DOCX_TYPE
    assert "attachment" in r["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "区委办公室围绕中心工作" in text

    r = api_for("office_editor").get(f"/api/works/{ww.yearbook.pk}/outline/docx/")
    assert r.status_code == 200 and r["Content-Type"] == DOCX_TYPE
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "1.1 区委办公室工作" in text and "1.2 鱼洞街道概况" in text

    r = client.get(f"/api/works/{ww.yearbook.pk}/outline/xlsx/")
    assert r.status_code == 200 and r["Content-Type"].endswith("spreadsheetml.sheet")
    sheet = openpyxl.load_workbook(io.BytesIO(r.content)).active
    cells = [str(c.value).strip() for row in sheet.iter_rows() for c in row if c.value]
    assert "区委办公室工作" in cells and "鱼洞街道概况" not in cells  # only the unit's rows


# --- filters ----------------------------------------------------------------------------------


def test_work_filters(ww, admin_api, api_for):
    assert ids(admin_api.get("/api/works/?kind=yearbook")) == [ww.yearbook.pk]
    assert ids(admin_api.get(f"/api/works/?compiler={ww.unit_b.pk}")) == [ww.town_work.pk]
    assert ids(admin_api.get("/api/works/?status=published")) == []
    # A yearbook of the year, or a work whose time span covers it.
    assert ids(admin_api.get("/api/works/?year=2025")) == sorted([ww.yearbook.pk, ww.district.pk])
    assert ids(admin_api.get("/api/works/?year=1990")) == [ww.district.pk]
    r = admin_api.get("/api/works/?kind=novel")
    assert r.status_code == 400 and r.json()["field"] == "kind"
    # Another unit is an unknown filter value to unit A's people.
    r = api_for("unit_liaison").get(f"/api/works/?compiler={ww.unit_b.pk}")
    assert r.status_code == 400 and r.json()["field"] == "compiler"


def test_outline_node_filters(ww, admin_api, api_for):
    assert ids(admin_api.get(f"/api/outline-nodes/?work={ww.town_work.pk}")) == [ww.town_node.pk]
    assert ids(admin_api.get(f"/api/outline-nodes/?unit={ww.unit_a.pk}")) == [ww.node_a.pk]
    assert ids(admin_api.get("/api/outline-nodes/?state=draft")) == [ww.part.pk]
    OutlineNode.objects.filter(work=ww.yearbook).update(deadline=dt.date(2999, 1, 1))
    assert ids(admin_api.get("/api/outline-nodes/?overdue=true")) == [ww.town_node.pk]
    OutlineNode.objects.filter(pk=ww.node_b.pk).update(deadline=dt.date(2020, 1, 1))
    OutlineNode.objects.filter(pk=ww.town_node.pk).update(state="submitted")  # owes nothing
    assert ids(admin_api.get("/api/outline-nodes/?overdue=true")) == [ww.node_b.pk]
    assert admin_api.get(f"/api/outline-nodes/{ww.node_b.pk}/").json()["overdue"] is True
    assert ww.node_b.pk not in ids(admin_api.get("/api/outline-nodes/?overdue=false"))
    r = api_for("unit_head").get(f"/api/outline-nodes/?work={ww.town_work.pk}")
    assert r.status_code == 400 and r.json()["field"] == "work"


def test_version_comment_and_decision_filters(ww, admin_api):
    assert ids(admin_api.get(f"/api/manuscript-versions/?node={ww.node_b.pk}")) == [ww.version_b.pk]
    other = services.comment_add(by=ww.office_editor, version=ww.version_b, body="补充数据。")
    assert ids(admin_api.get(f"/api/comments/?node={ww.node_b.pk}")) == [other.pk]
    assert ids(admin_api.get(f"/api/comments/?version={ww.version_a.pk}")) == [ww.comment_a.pk]
    services.comment_resolve(by=ww.office_editor, comment=other)
    assert ids(admin_api.get("/api/comments/?resolved=true")) == [other.pk]
    assert ids(admin_api.get("/api/comments/?resolved=false")) == [ww.comment_a.pk]

    services.work_submit_for_review(by=ww.office_admin, work=ww.yearbook)
    decision = services.review_step_record(
        by=ww.office_admin,
        work=ww.yearbook,
        step="district_approval",
        decision="return",
        reasons="数据待核实",
        decided_on=dt.date(2025, 2, 1),
    )
    assert ids(admin_api.get(f"/api/review-decisions/?work={ww.yearbook.pk}")) == [decision.pk]
    assert ids(admin_api.get(f"/api/review-decisions/?work={ww.district.pk}")) == []
    body = admin_api.get(f"/api/review-decisions/{decision.pk}/").json()
    assert body["reasons"] == "数据待核实" and body["step"] == "district_approval"
    assert body["step_label"]


def test_the_returned_reasons_reach_the_unit(ww, api_for):
    services.work_submit_for_review(by=ww.office_admin, work=ww.yearbook)
    services.review_step_record(
        by=ww.office_admin,
        work=ww.yearbook,
        step="district_approval",
        decision="return",
        reasons="数据待核实",
        decided_on=dt.date(2025, 2, 1),
    )
    body = api_for("unit_liaison").get(f"/api/works/{ww.yearbook.pk}/").json()
    assert body["status"] == "returned"
    assert body["decisions"][0]["reasons"] == "数据待核实"
    assert body["pipeline"][0]["state"] == "returned"


# --- notifications ----------------------------------------------------------------------------


def test_people_read_only_their_own_notifications(ww, api_for):
    mine = Notification.objects.filter(recipient=ww.unit_liaison)
    assert mine.exists()  # told of node_a's assignment
    theirs = Notification.objects.filter(recipient=ww.liaison_b).first()
    client = api_for("unit_liaison")
    assert ids(client.get("/api/notifications/")) == sorted(mine.values_list("pk", flat=True))
    assert ids(client.get("/api/notifications/?unread=true")) == sorted(
        mine.values_list("pk", flat=True)
    )
    note = mine.first()
    r = client.post(f"/api/notifications/{note.pk}/read/")
    assert r.status_code == 200 and r.json()["is_read"] is True
    note.refresh_from_db()
    assert note.read_at is not None
    assert note.pk not in ids(client.get("/api/notifications/?unread=true"))
    assert client.get(f"/api/notifications/{theirs.pk}/").status_code == 403
    assert client.post(f"/api/notifications/{theirs.pk}/read/").status_code == 403
    theirs.refresh_from_db()
    assert theirs.read_at is None
    # Even the office admin reads no one else's.
    assert api_for("office_admin").get(f"/api/notifications/{theirs.pk}/").status_code == 403
    assert ids(api_for("reviewer").get("/api/notifications/")) == []


# --- the schema -------------------------------------------------------------------------------


def test_the_schema_describes_the_compilation_endpoints(db):
    r = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = r.json()
    paths = schema["paths"]
    for path in (
        "/api/works/",
        "/api/works/{id}/",
        "/api/works/{id}/fix-lower-limit/",
        "/api/works/{id}/change-lower-limit/",
        "/api/works/{id}/next-yearbook/",
        "/api/works/{id}/submit-for-review/",
        "/api/works/{id}/review-steps/",
        "/api/works/{id}/publication/",
        "/api/works/{id}/filing/",
        "/api/works/{id}/credits/",
        "/api/works/{id}/credits/generate/",
        "/api/works/{id}/outline/",
        "/api/works/{id}/outline/docx/",
        "/api/works/{id}/outline/xlsx/",
        "/api/outline-nodes/",
        "/api/outline-nodes/{id}/",
        "/api/outline-nodes/{id}/move/",
        "/api/outline-nodes/{id}/shift/",
        "/api/outline-nodes/{id}/assign/",
        "/api/outline-nodes/{id}/withdraw/",
        "/api/outline-nodes/{id}/restore/",
        "/api/outline-nodes/{id}/reviewers/",
        "/api/outline-nodes/{id}/sign-off/",
        "/api/outline-nodes/{id}/start-review/",
        "/api/outline-nodes/{id}/return/",
        "/api/outline-nodes/{id}/accept/",
        "/api/outline-nodes/{id}/upload/",
        "/api/outline-nodes/{id}/save/",
        "/api/manuscript-versions/",
        "/api/manuscript-versions/{id}/",
        "/api/manuscript-versions/{id}/docx/",
        "/api/manuscript-versions/{id}/compare/",
        "/api/comments/",
        "/api/comments/{id}/resolve/",
        "/api/review-decisions/",
        "/api/notifications/",
        "/api/notifications/{id}/read/",
    ):
        assert path in paths, path
    assert {"get", "post"} <= set(paths["/api/works/{id}/publication/"])
    works = {p["name"] for p in paths["/api/works/"]["get"]["parameters"]}
    assert {"kind", "status", "compiler", "year"} <= works
    nodes = {p["name"] for p in paths["/api/outline-nodes/"]["get"]["parameters"]}
    assert {"work", "unit", "state", "overdue"} <= nodes
    upload = paths["/api/outline-nodes/{id}/upload/"]["post"]["requestBody"]["content"]
    assert list(upload) == ["multipart/form-data"]
    steps = paths["/api/works/{id}/review-steps/"]["post"]
    assert {"application/json", "multipart/form-data"} <= set(steps["requestBody"]["content"])
    for code in ("201", "400", "401", "403", "404"):
        assert code in steps["responses"], code
    compare = {
        p["name"] for p in paths["/api/manuscript-versions/{id}/compare/"]["get"]["parameters"]
    }
    assert "with" in compare
    for path, operations in paths.items():
        assert "delete" not in operations and "put" not in operations, path
