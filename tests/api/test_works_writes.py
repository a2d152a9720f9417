"""Compilation through the API: every action once with the right role and refused for the
wrong ones, the yearbook's whole way to publication, the district gazetteer's four steps,
and bad bodies that change nothing."""

import io

import pytest
from auditlog.models import LogEntry
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from fangzhi.works.models import (
    Comment,
    ManuscriptVersion,
    NodeReviewer,
    OutlineNode,
    Publication,
    ReviewDecision,
    SignOff,
    Work,
)

from ..works.data import make_works
from .helpers import snapshot

pytestmark = pytest.mark.django_db

DECISION_DOC = "巴南府〔2025〕12号"


@pytest.fixture
def ww(world):
    return make_works(world)


def client_of(user):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def post(client, url, body=None, expected=200):
    r = client.post(url, body if body is not None else {}, format="json")
    assert r.status_code == expected, r.content.decode()[:400]
    return r.json()


def actor_of(obj):
    entry = LogEntry.objects.get_for_object(obj).order_by("-timestamp", "-pk").first()
    assert entry is not None, f"no audit entry for {obj!r}"
    return entry.actor


def refused(client, method, url, body=None, status=403):
    """The request is refused with one readable message and changes nothing."""
    before = snapshot()
    r = getattr(client, method)(url, body if body is not None else {}, format="json")
    assert r.status_code == status, (url, r.content.decode()[:300])
    assert r.json()["detail"]
    assert snapshot() == before, url
    return r.json()


def docx_bytes(*paragraphs, heading="大事记"):
    from docx import Document

    document = Document()
    document.add_heading(heading, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- the yearbook, from creation to publication -----------------------------------------------


def test_the_whole_yearbook_chain(ww, api_for):
    admin, liaison, head = api_for("office_admin"), api_for("unit_liaison"), api_for("unit_head")
    editor = api_for("office_editor")

    body = post(
        admin,
        "/api/works/",
        {
            "kind": "yearbook",
            "title": "巴南年鉴（2026）",
            "compiler": ww.office_unit.pk,
            "year": 2026,
        },
        201,
    )
    work = Work.objects.get(pk=body["id"])
    assert (work.kind, work.year, work.status) == ("yearbook", 2026, "compiling")
    assert body["pipeline"][0]["code"] == "district_approval"
    assert actor_of(work) == ww.office_admin

    part = post(admin, "/api/outline-nodes/", {"work": work.pk, "title": "政治"}, 201)
    node = post(
        editor,
        "/api/outline-nodes/",
        {"work": work.pk, "parent": part["id"], "title": "区委办公室", "expected_length": 3000},
        201,
    )
    assert node["parent"] == part["id"] and node["depth"] == 2 and node["state"] == "draft"

    node = post(
        admin,
        f"/api/outline-nodes/{node['id']}/assign/",
        {"unit": ww.unit_a.pk, "deadline": "2027-03-31"},
    )
    assert node["unit"] == ww.unit_a.pk and node["state"] == "assigned"
    assert node["deadline"] == "2027-03-31" and node["expected_length"] == 3000
    # The unit hears of it and now reads the node.
    assert any(
        n["title"].endswith("区委办公室")
        for n in liaison.get("/api/notifications/").json()["results"]
    )
    node = liaison.get(f"/api/outline-nodes/{node['id']}/").json()

    version = post(
        liaison,
        f"/api/outline-nodes/{node['id']}/save/",
        {
            "html": "<p>2026年，区委办公室服务大局。</p><script>alert(1)</script>",
            "base_revision": node["revision"],
        },
        201,
    )
    assert version["number"] == 1 and version["author"] == ww.unit_liaison.pk
    assert "<script" not in version["html"] and "服务大局" in version["text"]

    # Only the head signs off; the liaison is refused.
    refused(liaison, "post", f"/api/outline-nodes/{node['id']}/sign-off/", {})
    signoff = post(head, f"/api/outline-nodes/{node['id']}/sign-off/", {}, 201)
    assert signoff["version"] == version["id"] and signoff["signed_by"] == ww.unit_head.pk
    assert signoff["statement"]  # the standard statement of responsibility
    assert liaison.get(f"/api/outline-nodes/{node['id']}/").json()["state"] == "submitted"

    post(editor, f"/api/outline-nodes/{node['id']}/start-review/")
    assert post(editor, f"/api/outline-nodes/{node['id']}/accept/")["state"] == "accepted"

    # Publication before approval is refused; the unit cannot submit the yearbook.
    assert (
        refused(
            admin,
            "post",
            f"/api/works/{work.pk}/publication/",
            {"publisher": "重庆出版社", "published_on": "2026-06-01"},
            400,
        )["code"]
        == "not_approved"
    )
    refused(liaison, "post", f"/api/works/{work.pk}/submit-for-review/")
    refused(editor, "post", f"/api/works/{work.pk}/submit-for-review/")
    assert post(admin, f"/api/works/{work.pk}/submit-for-review/")["status"] == "in_review"

    # 区人民政府批准: outside the system, recorded by the office admin with its document.
    step = {"step": "district_approval", "decision": "pass", "decided_on": "2026-05-20"}
    refused(
        editor,
        "post",
        f"/api/works/{work.pk}/review-steps/",
        {**step, "document_number": DECISION_DOC},
    )
    assert refused(admin, "post", f"/api/works/{work.pk}/review-steps/", step, 400)["field"] == (
        "document_number"
    )
    decision = post(
        admin, f"/api/works/{work.pk}/review-steps/", {**step, "document_number": DECISION_DOC}, 201
    )
    assert (
        decision["document_number"] == DECISION_DOC
        and decision["recorded_by"] == ww.office_admin.pk
    )
    assert admin.get(f"/api/works/{work.pk}/").json()["status"] == "approved"

    publication = post(
        admin,
        f"/api/works/{work.pk}/publication/",
        {
            "publisher": "重庆出版社",
            "published_on": "2026-06-01",
            "isbn": "978-7-5366-9293-0",
            "print_run": 1000,
            "copies_deposited": 5,
        },
        201,
    )
    assert publication["isbn"] == "9787536692930" and publication["print_run"] == 1000
    body = liaison.get(f"/api/works/{work.pk}/").json()
    assert body["status"] == "published" and body["publication"]["publisher"] == "重庆出版社"
    assert body["filing_due"] is None  # a yearbook is not filed
    assert actor_of(Publication.objects.get(work=work)) == ww.office_admin


def test_the_district_gazetteers_four_steps_in_order(ww, api_for):
    admin, editor = api_for("office_admin"), api_for("office_editor")
    work = ww.district
    url = f"/api/works/{work.pk}/review-steps/"
    # Not yet in review: no step may be taken.
    assert (
        refused(
            admin,
            "post",
            url,
            {"step": "office_preliminary", "decision": "pass", "decided_on": "2025-01-02"},
            400,
        )["code"]
        == "out_of_order"
    )
    post(admin, f"/api/works/{work.pk}/submit-for-review/")

    # The district government's consent before the office's preliminary review: refused.
    body = refused(
        admin,
        "post",
        url,
        {
            "step": "district_consent",
            "decision": "pass",
            "decided_on": "2025-01-02",
            "document_number": DECISION_DOC,
        },
        400,
    )
    assert (body["code"], body["field"]) == ("out_of_order", "step")

    # 初审 by the office (an editor may take it), then the same step again is refused.
    first = post(
        editor,
        url,
        {"step": "office_preliminary", "decision": "pass", "decided_on": "2025-01-06"},
        201,
    )
    assert first["recorded_by"] == ww.office_editor.pk
    again = refused(
        admin,
        "post",
        url,
        {"step": "office_preliminary", "decision": "pass", "decided_on": "2025-01-07"},
        400,
    )
    assert again["code"] == "out_of_order"

    # The outside steps: only the office admin records them, with the document.
    consent = {
        "step": "district_consent",
        "decision": "pass",
        "decided_on": "2025-02-01",
        "document_number": DECISION_DOC,
    }
    refused(editor, "post", url, consent)
    refused(api_for("unit_head"), "post", url, consent)
    post(admin, url, consent, 201)
    post(
        admin,
        url,
        {
            "step": "city_office_acceptance",
            "decision": "pass",
            "decided_on": "2025-03-01",
            "document_number": "渝志办〔2025〕5号",
        },
        201,
    )
    assert admin.get(f"/api/works/{work.pk}/").json()["status"] == "in_review"
    post(
        admin,
        url,
        {
            "step": "city_approval",
            "decision": "pass",
            "decided_on": "2025-04-01",
            "document_number": "渝府〔2025〕9号",
        },
        201,
    )
    body = admin.get(f"/api/works/{work.pk}/").json()
    assert body["status"] == "approved" and body["current_step"] is None
    assert [d["step"] for d in body["decisions"]] == [
        "office_preliminary",
        "district_consent",
        "city_office_acceptance",
        "city_approval",
    ]
    assert [s["state"] for s in body["pipeline"]] == ["passed"] * 4


def test_a_return_with_reasons_and_a_new_round(ww, api_for):
    admin = api_for("office_admin")
    work = ww.district
    url = f"/api/works/{work.pk}/review-steps/"
    post(admin, f"/api/works/{work.pk}/submit-for-review/")
    no_reasons = {"step": "office_preliminary", "decision": "return", "decided_on": "2025-01-06"}
    assert refused(admin, "post", url, no_reasons, 400)["field"] == "reasons"
    post(admin, url, {**no_reasons, "reasons": "大事记缺2020年"}, 201)
    assert admin.get(f"/api/works/{work.pk}/").json()["status"] == "returned"
    refused(admin, "post", url, {**no_reasons, "reasons": "再退"}, 400)  # not waiting
    post(admin, f"/api/works/{work.pk}/submit-for-review/")
    post(
        admin,
        url,
        {"step": "office_preliminary", "decision": "pass", "decided_on": "2025-02-06"},
        201,
    )
    rounds = list(ReviewDecision.objects.filter(work=work).values_list("round", "decision"))
    assert rounds == [(1, "return"), (2, "pass")]


def test_a_decision_document_can_be_attached_as_a_file(ww, api_for):
    admin = api_for("office_admin")
    post(admin, f"/api/works/{ww.yearbook.pk}/submit-for-review/")
    r = admin.post(
        f"/api/works/{ww.yearbook.pk}/review-steps/",
        {
            "step": "district_approval",
            "decision": "pass",
            "decided_on": "2025-05-01",
            "document_number": DECISION_DOC,
            "attachment": io.BytesIO(b"%PDF-1.4 approval"),
        },
        format="multipart",
    )
    assert r.status_code == 201, r.content
    decision = ReviewDecision.objects.get(pk=r.json()["id"])
    assert decision.attachment is not None and decision.attachment.size == len(b"%PDF-1.4 approval")
    assert r.json()["attachment_name"]


# --- the unit-named work: the compiler's head reviews first, then filing ----------------------


def test_a_town_gazetteer_is_reviewed_published_and_filed(ww, api_for):
    admin, head_b = api_for("office_admin"), client_of(ww.head_b)
    work = ww.town_work
    url = f"/api/works/{work.pk}/review-steps/"
    post(client_of(ww.liaison_b), f"/api/works/{work.pk}/submit-for-review/")  # its own work
    first = {"step": "compiler_preliminary", "decision": "pass", "decided_on": "2025-03-01"}
    refused(admin, "post", url, first)  # the compiling unit's head, in person
    refused(client_of(ww.liaison_b), "post", url, first)
    refused(api_for("unit_head"), "post", url, first)  # another unit's head
    post(head_b, url, first, 201)
    post(
        admin,
        url,
        {
            "step": "office_acceptance",
            "decision": "pass",
            "decided_on": "2025-03-10",
            "document_number": "巴南志办〔2025〕7号",
        },
        201,
    )

    publication = {"publisher": "重庆出版社", "published_on": "2025-04-01", "isbn": "9787536692931"}
    body = refused(head_b, "post", f"/api/works/{work.pk}/publication/", publication, 400)
    assert body["field"] == "isbn" and body["code"] == "invalid"
    assert not Publication.objects.filter(work=work).exists()
    publication["isbn"] = "7-5366-9293-5"  # an ISBN-10 with its check digit
    post(head_b, f"/api/works/{work.pk}/publication/", publication, 201)
    body = head_b.get(f"/api/works/{work.pk}/").json()
    assert body["filing_due"] == "2025-07-01" and body["filing_overdue"] is True

    filing = {"filed_on": "2025-06-20", "document_number": "备〔2025〕1号"}
    refused(head_b, "post", f"/api/works/{work.pk}/filing/", filing)  # the office receives it
    refused(api_for("office_editor"), "post", f"/api/works/{work.pk}/filing/", filing)
    assert post(admin, f"/api/works/{work.pk}/filing/", filing, 201)["filed_on"] == "2025-06-20"
    body = head_b.get(f"/api/works/{work.pk}/").json()
    assert body["status"] == "filed" and body["filing_overdue"] is False
    assert body["filing"]["document_number"] == "备〔2025〕1号"


# --- works: description, lower limit, next yearbook, credits ----------------------------------


def test_works_are_opened_and_described_by_the_right_people(ww, api_for):
    liaison, admin = api_for("unit_liaison"), api_for("office_admin")
    body = post(
        liaison,
        "/api/works/",
        {"kind": "department", "title": "区委办公室志", "compiler": ww.unit_a.pk},
        201,
    )
    assert body["compiler"] == ww.unit_a.pk and body["pipeline"][0]["actor"] == "compiler_head"
    # A unit opens no yearbook, and another unit is an unknown id to it.
    refused(
        liaison,
        "post",
        "/api/works/",
        {"kind": "yearbook", "title": "年鉴", "compiler": ww.unit_a.pk, "year": 2030},
    )
    body = refused(
        liaison,
        "post",
        "/api/works/",
        {"kind": "department", "title": "志", "compiler": ww.unit_b.pk},
        400,
    )
    assert body["field"] == "compiler"
    refused(
        api_for("office_editor"),
        "post",
        "/api/works/",
        {"kind": "yearbook", "title": "年鉴", "compiler": ww.office_unit.pk, "year": 2030},
    )
    refused(
        api_for("reviewer"),
        "post",
        "/api/works/",
        {"kind": "department", "title": "志", "compiler": ww.unit_a.pk},
    )

    # A second yearbook of the same year and compiler.
    body = refused(
        admin,
        "post",
        "/api/works/",
        {
            "kind": "yearbook",
            "title": "巴南年鉴（2025）重",
            "compiler": ww.office_unit.pk,
            "year": 2025,
        },
        400,
    )
    assert (body["code"], body["field"]) == ("duplicate_yearbook", "year")

    r = liaison.patch(f"/api/works/{ww.yearbook.pk}/", {"title": "改"}, format="json")
    assert r.status_code == 403
    r = admin.patch(
        f"/api/works/{ww.yearbook.pk}/",
        {"planned_finish": "2026-12-31", "notes": "按期"},
        format="json",
    )
    assert r.status_code == 200 and r.json()["planned_finish"] == "2026-12-31"
    refused(api_for("office_editor"), "patch", f"/api/works/{ww.yearbook.pk}/", {"notes": "x"})


def test_a_fixed_lower_limit_changes_only_by_a_decision(ww, api_for):
    admin = api_for("office_admin")
    url = f"/api/works/{ww.district.pk}/"
    refused(api_for("office_editor"), "post", url + "fix-lower-limit/")
    assert post(admin, url + "fix-lower-limit/")["lower_limit_fixed"] is True
    body = refused(admin, "patch", url, {"lower_limit": 2026}, 400)
    assert (body["code"], body["field"]) == ("lower_limit_fixed", "lower_limit")
    change = {"new_value": 2026, "document_number": "巴南府〔2026〕1号", "reason": "延至2026年"}
    refused(api_for("office_editor"), "post", url + "change-lower-limit/", change)
    assert refused(admin, "post", url + "change-lower-limit/", {"new_value": 2026}, 400)[
        "field"
    ] == ("document_number")
    body = post(admin, url + "change-lower-limit/", change)
    assert body["lower_limit"] == 2026
    assert [
        (c["old_value"], c["new_value"], c["document_number"]) for c in body["lower_limit_changes"]
    ] == [(2025, 2026, "巴南府〔2026〕1号")]


def test_next_years_yearbook_starts_from_this_years_outline(ww, api_for):
    admin = api_for("office_admin")
    url = f"/api/works/{ww.yearbook.pk}/next-yearbook/"
    refused(api_for("office_editor"), "post", url, {"year": 2026})
    refused(api_for("unit_liaison"), "post", url, {"year": 2026})
    body = post(admin, url, {"year": 2026}, 201)
    assert body["title"] == "巴南年鉴（2026）" and body["based_on"] == ww.yearbook.pk
    rows = admin.get(f"/api/works/{body['id']}/outline/").json()
    assert [(r["number"], r["title"], r["unit"]) for r in rows] == [
        ("1", "综述", ""),
        ("1.1", "区委办公室工作", "区委办公室"),
        ("1.2", "鱼洞街道概况", "鱼洞街道"),
    ]
    assert rows[1]["deadline"] == "2027-03-31" and rows[1]["state"] == "assigned"
    assert refused(admin, "post", url, {"year": 2026}, 400)["code"] == "duplicate_yearbook"


def test_credits_are_generated_from_the_records(ww, api_for):
    admin = api_for("office_admin")
    refused(api_for("office_editor"), "post", f"/api/works/{ww.yearbook.pk}/credits/generate/")
    body = post(admin, f"/api/works/{ww.yearbook.pk}/credits/generate/")
    assert body["added"] == 3
    assert body["copyright_holder"] == {"id": ww.office_unit.pk, "name": "巴南区地方志办公室"}
    credited = {(c["role"], c["unit_name"]) for c in body["credits"]}
    assert credited == {("writer", "区委办公室"), ("writer", "鱼洞街道"), ("reviewer", "")}
    assert post(admin, f"/api/works/{ww.yearbook.pk}/credits/generate/")["added"] == 0
    listed = api_for("unit_liaison").get(f"/api/works/{ww.yearbook.pk}/credits/").json()
    assert len(listed["credits"]) == 3


# --- the outline ------------------------------------------------------------------------------


def test_the_office_edits_moves_withdraws_and_restores_nodes(ww, api_for):
    editor = api_for("office_editor")
    url = f"/api/outline-nodes/{ww.node_b.pk}/"
    r = editor.patch(url, {"title": "鱼洞街道", "notes": "含人口"}, format="json")
    assert (
        r.status_code == 200 and r.json()["title"] == "鱼洞街道" and r.json()["notes"] == "含人口"
    )
    refused(
        api_for("unit_liaison"), "patch", f"/api/outline-nodes/{ww.node_a.pk}/", {"title": "改"}
    )

    post(editor, url + "move/", {"target": ww.node_a.pk, "position": "left"})
    titles = [r["title"] for r in editor.get(f"/api/works/{ww.yearbook.pk}/outline/").json()]
    assert titles == ["综述", "鱼洞街道", "区委办公室工作"]
    post(editor, url + "shift/", {"direction": "down"})
    post(editor, url + "shift/", {"direction": "outdent"})
    rows = editor.get(f"/api/works/{ww.yearbook.pk}/outline/").json()
    assert [(r["number"], r["title"]) for r in rows] == [
        ("1", "综述"),
        ("1.1", "区委办公室工作"),
        ("2", "鱼洞街道"),
    ]
    body = refused(
        editor, "post", url + "move/", {"target": ww.town_node.pk, "position": "left"}, 400
    )
    assert body["field"] == "target"
    body = refused(editor, "post", url + "shift/", {"direction": "sideways"}, 400)
    assert body["field"] == "direction"

    assert post(editor, url + "withdraw/", {"reason": "并入综述"})["withdrawn"] is True
    assert [r["title"] for r in editor.get(f"/api/works/{ww.yearbook.pk}/outline/").json()] == [
        "综述",
        "区委办公室工作",
    ]
    assert post(editor, url + "restore/")["withdrawn"] is False
    refused(api_for("unit_head"), "post", f"/api/outline-nodes/{ww.node_a.pk}/withdraw/")


def test_assignment_and_reviewers(ww, api_for):
    admin = api_for("office_admin")
    url = f"/api/outline-nodes/{ww.part.pk}/"
    body = refused(admin, "post", url + "assign/", {"unit": ww.unit_a.pk}, 400)
    assert body["field"] == "deadline"
    body = post(
        admin,
        url + "assign/",
        {"unit": ww.unit_a.pk, "deadline": "2027-01-31", "expected_length": 800},
    )
    assert body["state"] == "assigned" and body["expected_length"] == 800
    body = post(admin, url + "assign/", {"unit": None})
    assert body["unit"] is None and body["state"] == "draft"
    refused(
        api_for("unit_head"),
        "post",
        f"/api/outline-nodes/{ww.node_a.pk}/assign/",
        {"unit": ww.unit_a.pk, "deadline": "2027-01-31"},
    )

    body = post(
        api_for("office_editor"),
        f"/api/outline-nodes/{ww.node_b.pk}/reviewers/",
        {"reviewer": ww.reviewer.pk},
        201,
    )
    assert body["reviewer"] == ww.reviewer.pk
    assert NodeReviewer.objects.filter(node=ww.node_b, reviewer=ww.reviewer).exists()
    body = refused(
        admin,
        "post",
        f"/api/outline-nodes/{ww.node_b.pk}/reviewers/",
        {"reviewer": ww.liaison_b.pk},
        400,
    )
    assert body["field"] == "reviewer"
    refused(
        api_for("reviewer"),
        "post",
        f"/api/outline-nodes/{ww.node_a.pk}/reviewers/",
        {"reviewer": ww.reviewer.pk},
    )
    # Now the reviewer reads node B too.
    assert api_for("reviewer").get(f"/api/outline-nodes/{ww.node_b.pk}/").status_code == 200


def test_a_returned_node_carries_its_reasons_back_to_the_unit(ww, api_for):
    editor, head = api_for("office_editor"), api_for("unit_head")
    post(
        head,
        f"/api/outline-nodes/{ww.node_a.pk}/sign-off/",
        {"statement": "本单位对所报资料负责。"},
        201,
    )
    assert SignOff.objects.get(node=ww.node_a).statement == "本单位对所报资料负责。"
    refused(head, "post", f"/api/outline-nodes/{ww.node_a.pk}/return/", {"reason": "x"})
    assert (
        refused(editor, "post", f"/api/outline-nodes/{ww.node_a.pk}/return/", {}, 400)["field"]
        == "reason"
    )
    post(editor, f"/api/outline-nodes/{ww.node_a.pk}/return/", {"reason": "请补充2025年数据"})
    node = api_for("unit_liaison").get(f"/api/outline-nodes/{ww.node_a.pk}/").json()
    assert node["state"] == "returned"
    assert (
        node["events"][0]["action"] == "return"
        and node["events"][0]["reason"] == "请补充2025年数据"
    )
    # Accepting a returned node is out of order.
    assert (
        refused(editor, "post", f"/api/outline-nodes/{ww.node_a.pk}/accept/", None, 400)["code"]
        == "not_open"
    )


# --- manuscripts: saving, uploading, conflicts, comments --------------------------------------


def test_a_stale_base_revision_is_a_409_and_nothing_is_stored(ww, api_for):
    liaison = api_for("unit_liaison")
    url = f"/api/outline-nodes/{ww.node_a.pk}/save/"
    stale = ww.node_a.revision - 1
    assert stale >= 0
    body = refused(liaison, "post", url, {"html": "<p>旧稿上改</p>", "base_revision": stale}, 409)
    assert body["code"] == "conflict" and body["detail"]
    assert ManuscriptVersion.objects.filter(node=ww.node_a).count() == 1
    # The same edit against the current revision goes in.
    post(liaison, url, {"html": "<p>新稿</p>", "base_revision": ww.node_a.revision}, 201)


def test_a_word_file_becomes_the_next_version(ww, api_for):
    pytest.importorskip("fangzhi.works.docx_io")
    liaison = api_for("unit_liaison")
    url = f"/api/outline-nodes/{ww.node_a.pk}/upload/"
    data = docx_bytes("2025年，区委办公室完成各项任务。")

    before = snapshot()
    r = liaison.post(
        url, {"file": _named(data), "base_revision": ww.node_a.revision - 1}, format="multipart"
    )
    assert r.status_code == 409 and r.json()["code"] == "conflict"
    assert snapshot() == before

    r = liaison.post(
        url,
        {"file": _named(b"PK\x03\x04 not really"), "base_revision": ww.node_a.revision},
        format="multipart",
    )
    assert r.status_code == 400 and r.json()["field"] == "file", r.content
    assert snapshot() == before

    r = liaison.post(
        url, {"file": _named(data), "base_revision": ww.node_a.revision}, format="multipart"
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["number"] == 2 and body["source"] == "upload" and body["source_name"] == "稿件.docx"
    assert "<h1>大事记</h1>" in body["html"] and "完成各项任务" in body["text"]
    # JSON is not an upload.
    r = liaison.post(url, {"base_revision": ww.node_a.revision + 1}, format="json")
    assert r.status_code in (400, 415)
    refused(api_for("reviewer"), "post", url, {})


def _named(data, name="稿件.docx"):
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def test_comments_are_added_and_resolved_by_the_right_people(ww, api_for):
    reviewer, liaison = api_for("reviewer"), api_for("unit_liaison")
    body = post(
        reviewer,
        "/api/comments/",
        {"version": ww.version_a.pk, "body": "出处？", "start": 0, "end": 5, "quote": "区委办公室"},
        201,
    )
    assert (
        body["author"] == ww.reviewer.pk
        and body["node"] == ww.node_a.pk
        and body["quote"] == "区委办公室"
    )
    # The unit answers comments; it does not write them.
    refused(liaison, "post", "/api/comments/", {"version": ww.version_a.pk, "body": "自评"})
    body = refused(
        api_for("office_editor"),
        "post",
        "/api/comments/",
        {"version": ww.version_a.pk, "body": "x", "start": 0, "end": 999},
        400,
    )
    assert body["field"] == "start"
    body = refused(
        liaison, "post", "/api/comments/", {"version": ww.version_b.pk, "body": "x"}, 400
    )
    assert body["field"] == "version"  # another unit's version is unknown

    refused(reviewer, "post", f"/api/comments/{ww.comment_a.pk}/resolve/")  # not theirs
    body = post(liaison, f"/api/comments/{ww.comment_a.pk}/resolve/", {"resolution": "已核实"})
    assert body["is_resolved"] is True and body["resolved_by"] == ww.unit_liaison.pk
    assert (
        refused(liaison, "post", f"/api/comments/{ww.comment_a.pk}/resolve/", None, 400)["code"]
        == "already_resolved"
    )
    assert Comment.objects.filter(pk=ww.comment_a.pk).exists()  # resolved, never deleted


# --- bad bodies -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        (
            "/api/works/",
            {"kind": "yearbook", "title": "x", "compiler": 1, "year": 2030, "isbn": "1"},
            "isbn",
        ),
        ("/api/works/", {"kind": "novel", "title": "x", "compiler": 1}, "kind"),
        ("/api/works/", {"kind": "district", "title": "x", "compiler": 999999}, "compiler"),
        ("/api/outline-nodes/", {"work": 999999, "title": "x"}, "work"),
        ("/api/outline-nodes/{node_a}/move/", {"target": "abc", "position": "left"}, "target"),
        (
            "/api/outline-nodes/{node_a}/move/",
            {"target": "{node_b}", "position": "under"},
            "position",
        ),
        ("/api/outline-nodes/{node_a}/save/", {"html": "<p>x</p>"}, "base_revision"),
        (
            "/api/outline-nodes/{node_a}/save/",
            {"html": "<p>x</p>", "base_revision": "{rev}", "author": 1},
            "author",
        ),
        (
            "/api/outline-nodes/{node_a}/save/",
            {"html": "<script>x</script>", "base_revision": "{rev}"},
            "html",
        ),
        (
            "/api/works/{yearbook}/review-steps/",
            {"step": "district_approval", "decision": "maybe", "decided_on": "2025-01-01"},
            "decision",
        ),
        (
            "/api/works/{yearbook}/publication/",
            {"publisher": "社", "published_on": "not a date"},
            "published_on",
        ),
        ("/api/comments/", {"version": "{version_a}", "body": "x", "start": -1, "end": 2}, "start"),
    ],
)
def test_bad_bodies_change_nothing(ww, admin_api, url, body, field):
    names = {
        "node_a": ww.node_a.pk,
        "node_b": ww.node_b.pk,
        "yearbook": ww.yearbook.pk,
        "version_a": ww.version_a.pk,
        "rev": ww.node_a.revision,
    }
    url = url.format(**names)
    body = {
        k: (int(v.format(**names)) if isinstance(v, str) and v.startswith("{") else v)
        for k, v in body.items()
    }
    if "compiler" in body and body["compiler"] == 1:
        body["compiler"] = ww.office_unit.pk
    answer = refused(admin_api, "post", url, body, 400)
    assert answer["field"] == field, answer


@pytest.mark.parametrize("payload", ['["not", "an", "object"]', "null", "{broken"])
def test_bodies_that_are_not_json_objects_are_refused(ww, admin_api, payload):
    before = snapshot()
    r = admin_api.generic(
        "POST",
        f"/api/outline-nodes/{ww.node_a.pk}/save/",
        payload,
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["detail"]
    assert snapshot() == before


def test_nodes_of_another_unit_cannot_be_written_to(ww, api_for):
    for role in ("unit_liaison", "unit_head"):
        client = api_for(role)
        for action, body in (
            ("save", {"html": "<p>x</p>", "base_revision": ww.node_b.revision}),
            ("sign-off", {}),
            ("withdraw", {}),
            ("assign", {"unit": ww.unit_a.pk, "deadline": "2027-01-01"}),
        ):
            refused(client, "post", f"/api/outline-nodes/{ww.node_b.pk}/{action}/", body)
            refused(client, "post", f"/api/outline-nodes/999999/{action}/", body)
        refused(client, "post", f"/api/works/{ww.town_work.pk}/submit-for-review/")
    assert OutlineNode.objects.get(pk=ww.node_b.pk).state == "assigned"
