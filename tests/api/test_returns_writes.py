"""The annual returns through the API, write side: the whole cycle of a campaign from
opening to the yearbook's draft, the archive package, and bad input that changes nothing
(生不立传, dates outside the year, a PDF named .jpg, stale revisions, macros, unknown
fields)."""

import io
import zipfile

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from fangzhi.core.models import Job, StoredFile
from fangzhi.returns.models import Campaign, DraftSource, Entry, Submission
from fangzhi.works import services as works
from fangzhi.works.models import ManuscriptVersion

from ..returns.data import make_returns
from ..works.data import make_works
from .helpers import jpeg_bytes, pdf_bytes, snapshot, upload, xlsm_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def ww(world):
    return make_works(world)


@pytest.fixture
def rw(ww):
    return make_returns(ww)


def client_of(user):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def call(client, method, url, body=None, expected=200, format="json"):
    r = getattr(client, method)(url, body if body is not None else {}, format=format)
    assert r.status_code == expected, r.content.decode()[:500]
    return r.json()


def refused(client, url, body, status=400, method="post", format="json"):
    """Refused with one readable message, and nothing at all is stored."""
    before = snapshot()
    r = getattr(client, method)(url, body, format=format)
    assert r.status_code == status, r.content.decode()[:500]
    assert r.json()["detail"]
    assert snapshot() == before
    return r.json()


def revision(submission):
    submission.refresh_from_db()
    return submission.revision


# --- the whole cycle --------------------------------------------------------------------------


def test_the_whole_cycle_of_a_campaign(ww, django_capture_on_commit_callbacks):
    admin = client_of(ww.office_admin)
    liaison = client_of(ww.unit_liaison)
    head = client_of(ww.unit_head)
    editor = client_of(ww.office_editor)

    # The office opens the 2025 returns with the yearbook: its contributing units report.
    campaign = call(
        admin,
        "post",
        "/api/returns-campaigns/",
        {"year": 2025, "yearbook": ww.yearbook.pk, "due_on": "2026-02-28", "instructions": "按时"},
        expected=201,
    )
    assert {r["unit"] for r in campaign["reporting_units"]} == {ww.unit_a.pk, ww.unit_b.pk}
    assert sum(c["count"] for c in campaign["counts"]) == 14
    cid = campaign["id"]

    # Unit A's liaison files the chronicle (大事记), with mixed precisions.
    [sub] = call(liaison, "get", f"/api/returns-submissions/?campaign={cid}&category=chronicle")[
        "results"
    ]
    assert sub["unit"] == ww.unit_a.pk and sub["status"] == "not_started"
    sid, rev = sub["id"], sub["revision"]
    first = call(
        liaison,
        "post",
        "/api/returns-entries/",
        {"submission": sid, "base_revision": rev, "date": "2025-06-18", "text": "召开全会。"},
        expected=201,
    )
    assert first["warnings"] == [] and first["date_precision"] == "day"
    second = call(
        liaison,
        "post",
        "/api/returns-entries/",
        {"submission": sid, "base_revision": rev + 1, "date": "2025-03", "text": "开展督查。"},
        expected=201,
    )
    assert second["date"] == "2025-03"
    # The same unit's same date and text again: saved, but warned about.
    duplicate = call(
        liaison,
        "post",
        "/api/returns-entries/",
        {"submission": sid, "base_revision": rev + 2, "date": "2025-03", "text": "开展督查。"},
        expected=201,
    )
    assert len(duplicate["warnings"]) == 1
    call(
        liaison,
        "post",
        f"/api/returns-entries/{duplicate['id']}/withdraw/",
        {"base_revision": rev + 3},
    )

    # The head signs off: version 1 is frozen.
    v1 = call(head, "post", f"/api/returns-submissions/{sid}/sign-off/", {}, expected=201)
    assert v1["number"] == 1 and v1["entries"] == 2
    # Submitted: the liaison can no longer change it.
    locked = call(
        liaison,
        "patch",
        f"/api/returns-entries/{first['id']}/",
        {"text": "改", "base_revision": rev + 4},
        expected=400,
    )
    assert locked["code"] == "locked"

    # The office returns it with a reason, which the unit reads.
    returned = call(
        editor, "post", f"/api/returns-submissions/{sid}/return/", {"reason": "请写明会议名称。"}
    )
    assert returned["status"] == "returned"
    seen = call(liaison, "get", f"/api/returns-submissions/{sid}/")
    assert seen["events"][0]["reason"] == "请写明会议名称。"

    # The liaison fixes the entry (only the text: the date stays as it was).
    fixed = call(
        liaison,
        "patch",
        f"/api/returns-entries/{first['id']}/",
        {"text": "区委召开十五届全会。", "base_revision": seen["revision"]},
    )
    assert fixed["text"] == "区委召开十五届全会。" and fixed["date"] == "2025-06-18"

    # Signed off again: version 2; version 1 keeps the old text.
    v2 = call(head, "post", f"/api/returns-submissions/{sid}/sign-off/", {}, expected=201)
    assert v2["number"] == 2
    old = call(liaison, "get", f"/api/returns-versions/{v1['id']}/")
    assert "召开全会。" in [row["text"] for row in old["snapshot"]]
    new = call(liaison, "get", f"/api/returns-versions/{v2['id']}/")
    assert "区委召开十五届全会。" in [row["text"] for row in new["snapshot"]]

    accepted = call(editor, "post", f"/api/returns-submissions/{sid}/accept/")
    assert accepted["status"] == "accepted"
    assert [e["action"] for e in accepted["events"]] == ["accept", "sign_off", "return", "sign_off"]

    # The office maps the chronicle to the yearbook's 大事记 node and generates the draft.
    node = works.node_add(by=ww.office_admin, work=ww.yearbook, title="大事记")
    mapping = call(
        admin,
        "post",
        f"/api/returns-campaigns/{cid}/mappings/",
        {"category": "chronicle", "node": node.pk},
        expected=201,
    )
    assert mapping["node_title"] == "大事记" and mapping["unit"] is None
    with django_capture_on_commit_callbacks(execute=True):
        job = call(admin, "post", f"/api/returns-campaigns/{cid}/draft/", expected=202)
    assert job["kind"] == "returns_draft"
    done = call(admin, "get", f"/api/jobs/{job['id']}/")
    assert done["status"] == "done", done["log"]

    version = ManuscriptVersion.objects.get(pk=done["result"]["versions"][0])
    assert version.node_id == node.pk
    # In date order: March (month only) before June 18.
    assert version.text.index("开展督查") < version.text.index("区委召开十五届全会")
    assert "召开全会。" not in version.text  # the returned text is not the accepted one
    sources = set(DraftSource.objects.filter(version=version).values_list("entry_id", flat=True))
    assert sources == {first["id"], second["id"]}  # the withdrawn duplicate is not used


# --- campaigns --------------------------------------------------------------------------------


def test_campaign_set_up_through_the_api(rw):
    admin = client_of(rw.office_admin)
    cid = rw.campaign.pk
    body = call(admin, "patch", f"/api/returns-campaigns/{cid}/", {"due_on": "2026-03-15"})
    assert body["due_on"] == "2026-03-15" and body["instructions"] == "请于2月底前报送。"
    body = call(admin, "post", f"/api/returns-campaigns/{cid}/units/", {"units": [rw.unit_a.pk]})
    assert [r["unit"] for r in body["reporting_units"]] == [rw.unit_a.pk]
    assert sum(c["count"] for c in body["counts"]) == 7  # unit B no longer reports

    nxt = call(admin, "post", f"/api/returns-campaigns/{cid}/next/", {}, expected=201)
    assert nxt["year"] == 2026 and nxt["based_on"] == cid
    assert nxt["due_on"] == "2027-03-15" and nxt["instructions"] == "请于2月底前报送。"
    assert [r["unit"] for r in nxt["reporting_units"]] == [rw.unit_a.pk]

    again = refused(
        admin,
        "/api/returns-campaigns/",
        {"year": 2025, "due_on": "2026-02-28", "units": []},
    )
    assert again["code"] == "duplicate_campaign" and again["field"] == "year"

    closed = call(admin, "post", f"/api/returns-campaigns/{cid}/close/")
    assert closed["status"] == "closed"
    assert Campaign.objects.get(pk=cid).status == "closed"


def test_mappings_are_replaced_and_removed(rw):
    admin = client_of(rw.office_admin)
    cid = rw.campaign.pk
    old = rw.campaign.mappings.get(active=True)
    new = call(
        admin,
        "post",
        f"/api/returns-campaigns/{cid}/mappings/",
        {"category": "chronicle", "node": rw.node_a.pk},
        expected=201,
    )
    old.refresh_from_db()
    assert not old.active and new["active"]
    removed = call(admin, "post", f"/api/returns-mappings/{new['id']}/remove/")
    assert removed["active"] is False
    assert call(admin, "get", f"/api/returns-campaigns/{cid}/")["mappings"] == []
    # A node of another work is refused by the service.
    bad = refused(
        admin,
        f"/api/returns-campaigns/{cid}/mappings/",
        {"category": "chronicle", "node": rw.town_node.pk},
    )
    assert bad["field"] == "node"


# --- entries: the categories' rules -----------------------------------------------------------


def test_a_living_persons_biography_is_refused(rw):
    people_a = Submission.objects.get(campaign=rw.campaign, unit=rw.unit_a, category="people")
    body = {
        "submission": people_a.pk,
        "base_revision": revision(people_a),
        "name": "李明",
        "sex": "male",
        "born": "1950",
        "posts": "区政协主席",
        "is_biography": True,
    }
    error = refused(client_of(rw.unit_liaison), "/api/returns-entries/", body)
    assert error["field"] == "is_biography" and error["code"] == "living_biography"
    assert "生不立传" in error["detail"]
    # With the date of death it is a biography of the deceased.
    saved = call(
        client_of(rw.unit_liaison),
        "post",
        "/api/returns-entries/",
        {**body, "died": "2025-04-02", "text": "李明同志生平。"},
        expected=201,
    )
    assert saved["is_biography"] is True and saved["died"]


def test_a_living_persons_entry_cannot_become_a_biography_by_patch(rw):
    people_a = rw.person_a.submission
    error = refused(
        client_of(rw.unit_liaison),
        f"/api/returns-entries/{rw.person_a.pk}/",
        {"is_biography": True, "base_revision": revision(people_a)},
        method="patch",
    )
    assert error["field"] == "is_biography"


@pytest.mark.parametrize("date", ["2024-05-01", "2026-01-03", "2025-02-30"])
def test_a_date_outside_the_year_or_impossible_is_refused(rw, date):
    body = {
        "submission": rw.sub_a.pk,
        "base_revision": revision(rw.sub_a),
        "date": date,
        "text": "某事。",
    }
    error = refused(client_of(rw.unit_liaison), "/api/returns-entries/", body)
    assert error["field"] == "date"


def test_an_earlier_event_is_accepted_when_marked_back_filled(rw):
    body = {
        "submission": rw.sub_a.pk,
        "base_revision": revision(rw.sub_a),
        "date": "2024-12-30",
        "text": "补记：上年底召开会议。",
        "backfilled": True,
    }
    saved = call(client_of(rw.unit_liaison), "post", "/api/returns-entries/", body, expected=201)
    assert saved["backfilled"] is True and saved["date_year"] == 2024


def test_a_pdf_named_jpg_is_refused_by_its_content(rw):
    media = Submission.objects.get(campaign=rw.campaign, unit=rw.unit_a, category="media")
    files_before = StoredFile.objects.count()
    body = {
        "submission": media.pk,
        "base_revision": revision(media),
        "text": "灯会现场",
        "file": upload(pdf_bytes(), "灯会.jpg"),
    }
    error = refused(client_of(rw.unit_liaison), "/api/returns-entries/", body, format="multipart")
    assert error["field"] == "file"
    assert StoredFile.objects.count() == files_before


def test_a_photo_is_uploaded_and_downloaded_through_the_checked_view(rw):
    media = Submission.objects.get(campaign=rw.campaign, unit=rw.unit_a, category="media")
    data = jpeg_bytes()
    saved = call(
        client_of(rw.unit_liaison),
        "post",
        "/api/returns-entries/",
        {
            "submission": media.pk,
            "base_revision": revision(media),
            "text": "元宵灯会",
            "author": "张三",
            "date": "2025-02-12",
            "rights": "区委办公室",
            "file": upload(data, "灯会.JPG"),
        },
        expected=201,
        format="multipart",
    )
    assert saved["has_file"] and saved["content_type"] == "image/jpeg"
    assert saved["author"] == "张三" and saved["file_size"] == len(data)
    r = client_of(rw.unit_head).get(f"/api/returns-entries/{saved['id']}/file/")
    assert r.status_code == 200
    assert b"".join(r.streaming_content) == data
    assert r["Content-Disposition"].startswith("attachment")
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Content-Type"] == "image/jpeg"
    # Unit B's people cannot fetch it, whether or not it exists.
    assert (
        client_of(rw.liaison_b).get(f"/api/returns-entries/{saved['id']}/file/").status_code == 403
    )
    r = client_of(rw.unit_head).get(f"/api/returns-entries/{rw.entry_a1.pk}/file/")
    assert r.status_code == 404  # an entry without a file


def test_a_stale_base_revision_is_409_and_changes_nothing(rw):
    stale = revision(rw.sub_a) - 1
    client = client_of(rw.unit_liaison)
    for method, url, body in (
        (
            "post",
            "/api/returns-entries/",
            {"submission": rw.sub_a.pk, "base_revision": stale, "date": "2025-05", "text": "x"},
        ),
        ("patch", f"/api/returns-entries/{rw.entry_a1.pk}/", {"text": "y", "base_revision": stale}),
        ("post", f"/api/returns-entries/{rw.entry_a1.pk}/withdraw/", {"base_revision": stale}),
    ):
        error = refused(client, url, body, status=409, method=method)
        assert error["code"] == "conflict"


def test_statistics_tables_are_kept_as_tables(rw):
    overview = Submission.objects.get(campaign=rw.campaign, unit=rw.unit_a, category="overview")
    body = call(
        client_of(rw.unit_liaison),
        "post",
        f"/api/returns-submissions/{overview.pk}/tables/",
        {"file": upload(xlsx_bytes(formula=True), "指标.xlsx"), "base_revision": 0},
        expected=201,
        format="multipart",
    )
    [entry] = body["entries"]
    assert entry["table"]["header"] == ["指标", "数值"]
    assert ["地区生产总值（亿元）", 1050] in entry["table"]["rows"]
    assert len(body["warnings"]) == 1  # the formula: its saved value is kept
    assert Entry.objects.get(pk=entry["id"]).file_name == "指标.xlsx"


def test_a_macro_enabled_workbook_is_refused(rw):
    overview = Submission.objects.get(campaign=rw.campaign, unit=rw.unit_a, category="overview")
    error = refused(
        client_of(rw.unit_liaison),
        f"/api/returns-submissions/{overview.pk}/tables/",
        {"file": upload(xlsm_bytes(), "指标.xlsm"), "base_revision": 0},
        format="multipart",
    )
    assert error["code"] == "macros" and error["field"] == "file"


def test_unknown_and_foreign_fields_are_refused(rw):
    client = client_of(rw.unit_liaison)
    base = {"submission": rw.sub_a.pk, "base_revision": revision(rw.sub_a), "text": "某事。"}
    error = refused(client, "/api/returns-entries/", {**base, "date": "2025-05", "colour": "red"})
    assert error["code"] == "unknown_field" and error["field"] == "colour"
    # A field of another category's form: the chronicle has no biography.
    error = refused(
        client, "/api/returns-entries/", {**base, "date": "2025-05", "is_biography": True}
    )
    assert error["code"] == "not_for_category" and error["field"] == "is_biography"
    error = refused(
        client,
        f"/api/returns-campaigns/{rw.campaign.pk}/mappings/",
        {"category": "chronicle", "node": rw.node_a.pk, "weight": 1},
        status=403,  # a unit may change no campaign: refused before the body is read
    )
    error = refused(
        client_of(rw.office_admin),
        f"/api/returns-submissions/{rw.sub_a.pk}/return/",
        {"reason": "x", "urgent": True},
    )
    assert error["code"] == "unknown_field"
    refused(client, "/api/returns-entries/", ["not", "an", "object"])


def test_only_the_head_signs_off_and_only_the_office_decides(rw):
    refused(
        client_of(rw.unit_liaison),
        f"/api/returns-submissions/{rw.sub_a.pk}/sign-off/",
        {},
        status=403,
    )
    refused(
        client_of(rw.office_admin),
        f"/api/returns-submissions/{rw.sub_a.pk}/sign-off/",
        {},
        status=403,
    )
    call(
        client_of(rw.unit_head),
        "post",
        f"/api/returns-submissions/{rw.sub_a.pk}/sign-off/",
        {"statement": "本单位对所报资料的真实性、准确性、完整性负责。"},
        expected=201,
    )
    refused(
        client_of(rw.unit_head), f"/api/returns-submissions/{rw.sub_a.pk}/accept/", {}, status=403
    )
    error = refused(
        client_of(rw.office_editor),
        f"/api/returns-submissions/{rw.sub_a.pk}/return/",
        {"reason": ""},
    )
    assert error["field"] == "reason"


# --- the archive package ----------------------------------------------------------------------


def test_the_archive_package_is_built_and_downloaded_by_the_unit(
    rw, django_capture_on_commit_callbacks
):
    liaison = client_of(rw.unit_liaison)
    with django_capture_on_commit_callbacks(execute=True):
        job = call(
            liaison,
            "post",
            "/api/returns-submissions/package/",
            {"campaign": rw.campaign.pk},  # the unit is the liaison's own
            expected=202,
        )
    job_row = Job.objects.get(pk=job["id"])
    assert job_row.status == "done", job_row.log
    assert job_row.params == {"campaign": rw.campaign.pk, "unit": rw.unit_a.pk}

    r = client_of(rw.unit_head).get(f"/api/returns-submissions/package/?job={job['id']}")
    assert r.status_code == 200
    assert r["Content-Type"] == "application/zip"
    assert r["Content-Disposition"].startswith("attachment")
    assert r["X-Content-Type-Options"] == "nosniff"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(r.streaming_content)))
    names = archive.namelist()
    assert any(name.endswith(".json") for name in names)
    assert any(name.endswith(".csv") for name in names)

    assert (
        client_of(rw.office_editor)
        .get(f"/api/returns-submissions/package/?job={job['id']}")
        .status_code
        == 200
    )
    # Unit B's people: 403, exactly as for a job that does not exist.
    other = client_of(rw.liaison_b)
    mine = other.get(f"/api/returns-submissions/package/?job={job['id']}")
    nothing = other.get("/api/returns-submissions/package/?job=99999")
    assert mine.status_code == nothing.status_code == 403
    assert mine.json() == nothing.json()
    assert (
        client_of(rw.office_admin).get("/api/returns-submissions/package/?job=99999").status_code
        == 404
    )


def test_the_office_must_name_the_unit_of_a_package(rw):
    error = refused(
        client_of(rw.office_admin),
        "/api/returns-submissions/package/",
        {"campaign": rw.campaign.pk},
    )
    assert error["field"] == "unit"
