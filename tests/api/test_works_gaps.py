"""The compilation API beyond works and outlines: series applications (名志/特志申报) and
their documents, credits (署名) one by one, reviewer assignments (评审专家), and the
outline (篇目) imported from Word. Each with the right role, refused for the wrong ones
(another unit's records answer 403), and bad input that stores nothing."""

import io

import pytest
from auditlog.models import LogEntry
from django.test import override_settings
from django.utils.timezone import localdate

from fangzhi.works import services
from fangzhi.works.models import (
    ApplicationDocument,
    Credit,
    NodeReviewer,
    OutlineNode,
    SeriesApplication,
)

from ..works.data import make_works
from .helpers import has_chinese, snapshot

pytestmark = pytest.mark.django_db

DOC = "渝志办〔2025〕8号"


@pytest.fixture
def ww(world):
    return make_works(world)


def state():
    """Every row the API can write, series applications and their documents included."""
    return {
        **snapshot(),
        "applications": list(SeriesApplication.objects.order_by("pk").values()),
        "documents": list(ApplicationDocument.objects.order_by("pk").values()),
    }


def refused(client, method, url, body=None, status=403, format="json"):
    """Refused with one readable Chinese message, and nothing changed."""
    before = state()
    r = getattr(client, method)(url, body if body is not None else {}, format=format)
    assert r.status_code == status, (url, r.content.decode()[:300])
    assert has_chinese(r.json()["detail"]), r.json()
    assert state() == before, url
    return r.json()


def actor_of(obj):
    entry = LogEntry.objects.get_for_object(obj).order_by("-timestamp", "-pk").first()
    return entry.actor if entry else None


def named(data, name):
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def docx_bytes(*headings):
    """A Word file whose headings are ``(level, text)`` pairs."""
    from docx import Document

    document = Document()
    for level, text in headings:
        document.add_heading(text, level=level)
    document.add_paragraph("正文不进篇目。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def app_b(ww):
    """Unit B's draft application, with one document."""
    app = services.application_create(
        by=ww.liaison_b, series="city_special", title="鱼洞特志", applicant=ww.unit_b
    )
    ww.doc_b = services.application_document_add(
        by=ww.liaison_b, application=app, title="申报书", file_name="申报书.pdf", data=b"%PDF b"
    )
    return app


# --- series applications -----------------------------------------------------------------------


def test_an_application_from_draft_to_decision(ww, api_for):
    liaison, admin = api_for("unit_liaison"), api_for("office_admin")
    r = liaison.post(
        "/api/series-applications/",
        {"series": "national_famous", "title": "巴南名志", "applicant": ww.unit_a.pk},
        format="json",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["status"], body["applicant_name"], body["documents"]) == (
        "draft",
        "区委办公室",
        [],
    )
    app = SeriesApplication.objects.get(pk=body["id"])
    assert actor_of(app) == ww.unit_liaison
    url = f"/api/series-applications/{app.pk}/"

    r = liaison.patch(url, {"title": "巴南名志（申报稿）"}, format="json")
    assert r.json()["title"] == "巴南名志（申报稿）" and r.json()["notes"] == ""

    # No documents yet: the service refuses to submit.
    assert refused(liaison, "post", url + "submit/", status=400)["code"] == "no_documents"

    data = "推荐意见：同意申报。".encode()
    r = liaison.post(
        url + "documents/",
        {"title": "推荐意见", "file": named(data, "推荐意见.txt")},
        format="multipart",
    )
    assert r.status_code == 201, r.content
    document = ApplicationDocument.objects.get(pk=r.json()["id"])
    assert (document.title, document.file_name, r.json()["size"]) == (
        "推荐意见",
        "推荐意见.txt",
        len(data),
    )
    r = liaison.get(f"/api/application-documents/{document.pk}/download/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == data
    assert r["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in r["Content-Disposition"] and "filename*=" in r["Content-Disposition"]
    assert [d["id"] for d in liaison.get(url).json()["documents"]] == [document.pk]

    r = liaison.post(url + "submit/", {}, format="json")
    assert r.json()["status"] == "submitted" and r.json()["submitted_on"] == str(localdate())
    # A submitted application is no longer edited.
    assert refused(liaison, "patch", url, {"title": "改"}, status=400)["code"] == "not_draft"

    # The unit cannot record the decision on its own application.
    refused(liaison, "post", url + "decide/", {"decision": "accepted"})
    r = admin.post(
        url + "decide/",
        {"decision": "accepted", "document_number": DOC, "decided_on": str(localdate())},
        format="json",
    )
    assert r.status_code == 200, r.content
    app.refresh_from_db()
    assert (app.status, app.document_number, app.decided_on) == ("accepted", DOC, localdate())
    assert actor_of(app) == ww.office_admin
    # Decided: neither withdrawn, decided again, nor given more documents.
    assert refused(liaison, "post", url + "withdraw/", status=400)["code"] == "wrong_status"
    refused(
        admin,
        "post",
        url + "decide/",
        {"decision": "rejected", "document_number": DOC, "decided_on": str(localdate())},
        status=400,
    )
    refused(
        liaison,
        "post",
        url + "documents/",
        {"title": "补充", "file": named(b"x", "x.txt")},
        status=400,
        format="multipart",
    )


def test_a_draft_is_withdrawn_and_the_list_is_filtered(ww, api_for, app_b):
    liaison_b = api_for("unit_liaison")  # unit A's liaison: B's application is out of reach
    assert liaison_b.get("/api/series-applications/").json()["results"] == []
    own = api_for("office_admin")
    rows = own.get("/api/series-applications/?status=draft").json()["results"]
    assert [r["id"] for r in rows] == [app_b.pk]
    assert own.get("/api/series-applications/?status=accepted").json()["results"] == []
    r = own.post(f"/api/series-applications/{app_b.pk}/withdraw/", {}, format="json")
    assert r.json()["status"] == "withdrawn"


def test_another_units_application_is_out_of_reach(ww, api_for, app_b):
    url = f"/api/series-applications/{app_b.pk}/"
    for role in ("unit_liaison", "unit_head"):
        client = api_for(role)
        refused(client, "get", url)
        refused(client, "patch", url, {"title": "改"})
        refused(client, "post", url + "submit/")
        refused(client, "post", url + "withdraw/")
        refused(
            client,
            "post",
            url + "documents/",
            {"title": "x", "file": named(b"x", "x.txt")},
            format="multipart",
        )
        refused(client, "get", f"/api/application-documents/{ww.doc_b.pk}/")
        refused(client, "get", f"/api/application-documents/{ww.doc_b.pk}/download/")
        # A filter on another unit's application reads as an unknown id.
        refused(client, "get", f"/api/application-documents/?application={app_b.pk}", status=400)
    # The editor reads every application but changes none; the reviewer sees none.
    editor = api_for("office_editor")
    assert editor.get(url).status_code == 200
    refused(editor, "post", url + "withdraw/")
    refused(api_for("reviewer"), "get", "/api/series-applications/")
    refused(api_for("reviewer"), "get", "/api/application-documents/")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"series": "national_famous", "title": "x", "applicant": 0, "status": "accepted"}, None),
        ({"series": "provincial", "title": "x", "applicant": 0}, "series"),
        ({"series": "national_famous", "title": "", "applicant": 0}, "title"),
        ({"series": "national_famous", "title": "x"}, "applicant"),
        ({"series": "national_famous", "title": "x", "applicant": 99999}, "applicant"),
    ],
)
def test_bad_applications_store_nothing(ww, api_for, body, field):
    body = {k: (ww.unit_a.pk if v == 0 else v) for k, v in body.items()}
    error = refused(api_for("unit_liaison"), "post", "/api/series-applications/", body, 400)
    assert error["field"] == (field or "status")
    if field is None:
        assert error["code"] == "unknown_field"


def test_bad_documents_and_decisions_store_nothing(ww, api_for, app_b):
    admin = api_for("office_admin")
    url = f"/api/series-applications/{app_b.pk}/"
    docs = url + "documents/"
    assert (
        refused(
            admin, "post", docs, {"title": "空", "file": named(b"", "e.txt")}, 400, "multipart"
        )["field"]
        == "file"
    )
    assert refused(admin, "post", docs, {"title": "无文件"}, 400, "multipart")["field"] == "file"
    assert (
        refused(admin, "post", docs, {"title": "字", "file": "不是文件"}, 400, "multipart")["field"]
        == "file"
    )
    error = refused(
        admin,
        "post",
        docs,
        {"title": "x", "file": named(b"x", "x.txt"), "secret": "1"},
        400,
        "multipart",
    )
    assert error["code"] == "unknown_field"
    # JSON is not how a file is sent.
    before = state()
    assert admin.post(docs, {"title": "x"}, format="json").status_code == 415
    assert state() == before
    with override_settings(MAX_UPLOAD_BYTES=8):
        error = refused(
            admin,
            "post",
            docs,
            {"title": "大", "file": named(b"123456789", "b.bin")},
            400,
            "multipart",
        )
        assert error["code"] == "too_large"

    services.application_update_status(by=ww.office_admin, application=app_b, action="submit")
    decide = url + "decide/"
    good = {"decision": "rejected", "document_number": DOC, "decided_on": str(localdate())}
    assert refused(admin, "post", decide, {**good, "decision": "maybe"}, 400)["field"] == "decision"
    assert refused(admin, "post", decide, {**good, "document_number": ""}, 400)["field"] == (
        "document_number"
    )
    assert refused(admin, "post", decide, {**good, "decided_on": "2999-01-01"}, 400)["field"] == (
        "decided_on"
    )
    assert refused(admin, "post", decide, {**good, "reason": "x"}, 400)["code"] == "unknown_field"
    assert admin.post(decide, good, format="json").json()["status"] == "rejected"


# --- credits -----------------------------------------------------------------------------------


def test_credits_are_added_and_withdrawn_one_by_one(ww, api_for):
    admin = api_for("office_admin")
    url = f"/api/works/{ww.yearbook.pk}/credits/"
    r = admin.post(
        url,
        {"role": "chief_editor", "name": "张主编", "unit_name": "巴南区地方志办公室"},
        format="json",
    )
    assert r.status_code == 201, r.content
    credit = Credit.objects.get(pk=r.json()["id"])
    assert (credit.work, credit.role, credit.name, credit.withdrawn) == (
        ww.yearbook,
        "chief_editor",
        "张主编",
        False,
    )
    assert actor_of(credit) == ww.office_admin
    names = [c["name"] for c in admin.get(url).json()["credits"]]
    assert names == ["张主编"]
    # The same person in the same role once.
    assert (
        refused(
            admin,
            "post",
            url,
            {"role": "chief_editor", "name": "张主编", "unit_name": "巴南区地方志办公室"},
            400,
        )["field"]
        == "name"
    )

    r = admin.post(f"/api/credits/{credit.pk}/withdraw/", {}, format="json")
    assert r.status_code == 200 and r.json()["withdrawn"] is True
    assert admin.get(url).json()["credits"] == []
    # Withdrawn credits stay, marked.
    rows = admin.get(f"/api/credits/?work={ww.yearbook.pk}&withdrawn=true").json()["results"]
    assert [(c["id"], c["withdrawn"]) for c in rows] == [(credit.pk, True)]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"role": "ghostwriter", "name": "某"}, "role"),
        ({"role": "writer", "name": ""}, "name"),
        ({"role": "writer", "name": "某", "order": 1}, "order"),
        ({"role": "writer", "name": "某", "person": 99999}, "person"),
    ],
)
def test_bad_credits_store_nothing(ww, admin_api, body, field):
    error = refused(admin_api, "post", f"/api/works/{ww.yearbook.pk}/credits/", body, 400)
    assert error["field"] == field


def test_only_the_office_admin_credits(ww, api_for):
    credit = services.credit_add(by=ww.office_admin, work=ww.yearbook, role="writer", name="张三")
    for role in ("office_editor", "unit_liaison", "unit_head", "reviewer"):
        client = api_for(role)
        # Refused before the body is read: an empty body is a 403, not a 400.
        refused(client, "post", f"/api/works/{ww.yearbook.pk}/credits/", {})
        refused(client, "post", f"/api/credits/{credit.pk}/withdraw/")
    # A unit sees the credits of a work it writes for, not of another unit's work.
    other = services.credit_add(by=ww.office_admin, work=ww.town_work, role="writer", name="李四")
    liaison = api_for("unit_liaison")
    assert [c["id"] for c in liaison.get("/api/credits/").json()["results"]] == [credit.pk]
    refused(liaison, "get", f"/api/credits/{other.pk}/")


# --- reviewer assignments ----------------------------------------------------------------------


def test_the_office_ends_a_reviewers_assignment(ww, api_for):
    from ..factories import UserFactory

    other = UserFactory(username="reviewer2", role="reviewer")
    review_b = services.reviewer_assign(by=ww.office_admin, node=ww.node_b, reviewer=other)
    editor, reviewer = api_for("office_editor"), api_for("reviewer")
    listed = editor.get("/api/node-reviewers/?current=true").json()["results"]
    assert {r["id"] for r in listed} == {ww.review_a.pk, review_b.pk}
    own = reviewer.get("/api/node-reviewers/").json()["results"]
    assert [(r["id"], r["node_title"], r["is_current"]) for r in own] == [
        (ww.review_a.pk, "区委办公室工作", True)
    ]
    refused(reviewer, "get", f"/api/node-reviewers/{review_b.pk}/")
    # A reviewer cannot end their own assignment; a unit sees none.
    refused(reviewer, "post", f"/api/node-reviewers/{ww.review_a.pk}/end/")
    refused(api_for("unit_liaison"), "get", "/api/node-reviewers/")
    assert reviewer.get(f"/api/outline-nodes/{ww.node_a.pk}/").status_code == 200

    r = editor.post(f"/api/node-reviewers/{ww.review_a.pk}/end/", {}, format="json")
    assert r.status_code == 200 and r.json()["is_current"] is False
    ended = NodeReviewer.objects.get(pk=ww.review_a.pk)
    assert ended.ended_at is not None and actor_of(ended) == ww.office_editor
    # The reviewer no longer reads the node.
    assert reviewer.get(f"/api/outline-nodes/{ww.node_a.pk}/").status_code == 403
    rows = editor.get(f"/api/node-reviewers/?node={ww.node_a.pk}&current=false").json()
    assert [r["id"] for r in rows["results"]] == [ww.review_a.pk]


# --- outline import from Word ------------------------------------------------------------------


def test_the_outline_is_imported_from_word(ww, api_for):
    editor = api_for("office_editor")
    url = f"/api/works/{ww.yearbook.pk}/outline/import/"
    data = docx_bytes((1, "大事记"), (2, "一月"), (2, "二月"))
    r = editor.post(url, {"file": named(data, "篇目.docx"), "parent": ww.part.pk}, "multipart")
    assert r.status_code == 201, r.content
    assert r.json()["imported"] == 3
    under = OutlineNode.objects.get(work=ww.yearbook, title="大事记")
    assert under.path.startswith(ww.part.path) and under.depth == ww.part.depth + 1
    children = OutlineNode.objects.filter(path__startswith=under.path, depth=under.depth + 1)
    assert [n.title for n in children.order_by("path")] == ["一月", "二月"]
    assert "大事记" in [row["title"] for row in r.json()["outline"]]


def test_a_unit_imports_into_its_own_unit_named_work_only(ww, api_for):
    own = services.work_create(
        by=ww.office_admin, kind="department", title="区委办公室志", compiler=ww.unit_a
    )
    head = api_for("unit_head")
    data = docx_bytes((1, "机构沿革"))
    r = head.post(
        f"/api/works/{own.pk}/outline/import/", {"file": named(data, "a.docx")}, format="multipart"
    )
    assert r.status_code == 201 and r.json()["imported"] == 1
    refused(
        head,
        "post",
        f"/api/works/{ww.yearbook.pk}/outline/import/",
        {"file": named(data, "a.docx")},
        format="multipart",
    )
    refused(
        head,
        "post",
        f"/api/works/{ww.town_work.pk}/outline/import/",
        {"file": named(data, "a.docx")},
        format="multipart",
    )


def test_bad_word_files_import_nothing(ww, admin_api):
    url = f"/api/works/{ww.yearbook.pk}/outline/import/"
    good = docx_bytes((1, "大事记"))

    def bad(body):
        return refused(admin_api, "post", url, body, 400, "multipart")

    assert bad({"file": named("不是Word".encode(), "篇目.docx")})["code"] == "not_docx"
    assert bad({"file": named(good[: len(good) // 2], "篇目.docx")})["field"] == "file"
    assert bad({"file": named(docx_bytes(), "空.docx")})["field"] == "file"
    assert bad({})["field"] == "file"
    assert bad({"file": named(good, "a.docx"), "title": "x"})["code"] == "unknown_field"
    # A node of another work is no parent here; an unknown id reads as unknown.
    assert bad({"file": named(good, "a.docx"), "parent": ww.town_node.pk})["field"] == "parent"
    assert bad({"file": named(good, "a.docx"), "parent": 99999})["field"] == "parent"
