"""The annual returns through the API, read side: a unit reads its own returns and
nothing of another unit's (403 whether or not the id exists), the reviewer reads nothing,
the office reads everything, with its progress board."""

import datetime as dt

import pytest

from fangzhi.returns import services as returns

from ..returns.data import make_returns
from ..works.data import make_works
from .helpers import has_chinese

pytestmark = pytest.mark.django_db


@pytest.fixture
def rw(world):
    return make_returns(make_works(world))


def ids(rows):
    return {row["id"] for row in rows}


def get(client, url, expected=200):
    r = client.get(url)
    assert r.status_code == expected, r.content.decode()[:400]
    return r.json()


# --- a unit reads its own -----------------------------------------------------------------------


def test_a_unit_lists_only_its_own_returns_and_entries(rw, api_for):
    liaison = api_for("unit_liaison")
    subs = get(liaison, "/api/returns-submissions/")["results"]
    assert len(subs) == 7  # unit A's seven categories
    assert {s["unit"] for s in subs} == {rw.unit_a.pk}
    assert {s["category"] for s in subs} == {
        "overview",
        "chronicle",
        "topic",
        "people",
        "documents",
        "media",
        "other",
    }
    entries = get(liaison, "/api/returns-entries/")["results"]
    assert ids(entries) == {rw.entry_a1.pk, rw.entry_a2.pk, rw.person_a.pk}

    office = get(api_for("office_editor"), "/api/returns-submissions/")["results"]
    assert len(office) == 14
    everything = get(api_for("office_editor"), "/api/returns-entries/")["results"]
    assert rw.entry_b1.pk in ids(everything)


def test_an_entry_reads_back_with_its_fields(rw, api_for):
    body = get(api_for("unit_head"), f"/api/returns-entries/{rw.entry_a2.pk}/")
    assert body["text"] == "开展督查。"
    assert body["date"] == "2025-03"
    assert body["date_precision"] == "month"
    assert (body["date_year"], body["date_month"], body["date_day"]) == (2025, 3, None)
    assert body["unit"] == rw.unit_a.pk and body["campaign"] == rw.campaign.pk
    assert body["has_file"] is False and body["withdrawn"] is False
    person = get(api_for("unit_head"), f"/api/returns-entries/{rw.person_a.pk}/")
    assert person["name"] == "王建国" and person["sex"] == "male"
    assert person["is_biography"] is False and person["died"] == ""
    assert "1968" in person["born"]


@pytest.mark.parametrize("role", ["unit_liaison", "unit_head"])
def test_another_units_ids_are_403_whether_or_not_they_exist(rw, api_for, role):
    client = api_for(role)
    bodies = []
    for url in (
        f"/api/returns-submissions/{rw.sub_b.pk}/",
        "/api/returns-submissions/99999/",
        f"/api/returns-entries/{rw.entry_b1.pk}/",
        "/api/returns-entries/99999/",
    ):
        r = client.get(url)
        assert r.status_code == 403, url
        bodies.append(r.json())
    assert bodies[0] == bodies[1] and bodies[2] == bodies[3]
    assert has_chinese(bodies[0]["detail"])
    # Filters accept only ids the unit can see: unit B's return reads as unknown.
    r = client.get(f"/api/returns-entries/?submission={rw.sub_b.pk}")
    assert r.status_code == 400 and r.json()["field"] == "submission"
    missing = client.get("/api/returns-entries/?submission=99999").json()
    assert r.json()["detail"] == missing["detail"]


def test_only_those_who_see_every_row_get_404(rw, api_for):
    assert api_for("office_editor").get("/api/returns-entries/99999/").status_code == 404
    assert api_for("office_admin").get("/api/returns-submissions/99999/").status_code == 404


def test_the_reviewer_sees_nothing_of_the_returns(rw, api_for):
    client = api_for("reviewer")
    for url in (
        "/api/returns-campaigns/",
        f"/api/returns-campaigns/{rw.campaign.pk}/",
        "/api/returns-submissions/",
        "/api/returns-entries/",
        "/api/returns-versions/",
        "/api/returns-mappings/",
        f"/api/returns-entries/{rw.entry_a1.pk}/",
    ):
        r = client.get(url)
        assert r.status_code == 403, url
        assert r.json()["detail"]


def test_the_public_must_sign_in(rw, api_for):
    assert api_for("public").get("/api/returns-entries/").status_code == 401


# --- campaigns ----------------------------------------------------------------------------------


def test_the_campaign_as_the_office_sees_it(rw, api_for):
    body = get(api_for("office_editor"), f"/api/returns-campaigns/{rw.campaign.pk}/")
    assert body["year"] == 2025 and body["yearbook"] == rw.yearbook.pk
    assert body["yearbook_title"] == "巴南年鉴（2025）"
    assert body["instructions"] == "请于2月底前报送。"
    assert {r["unit"] for r in body["reporting_units"]} == {rw.unit_a.pk, rw.unit_b.pk}
    [mapping] = body["mappings"]
    assert mapping["category"] == "chronicle" and mapping["node"] == rw.chronicle_node.pk
    assert mapping["unit"] is None and mapping["node_title"] == "大事记"
    counts = {c["status"]: c["count"] for c in body["counts"]}
    # unit A: chronicle and people in draft; unit B: chronicle in draft; the rest not started
    assert counts == {"not_started": 11, "draft": 3, "submitted": 0, "returned": 0, "accepted": 0}


def test_the_campaign_as_a_unit_sees_it(rw, api_for):
    body = get(api_for("unit_liaison"), f"/api/returns-campaigns/{rw.campaign.pk}/")
    assert [r["unit"] for r in body["reporting_units"]] == [rw.unit_a.pk]
    assert body["mappings"] == []  # the office's business
    counts = {c["status"]: c["count"] for c in body["counts"]}
    assert counts["draft"] == 2 and counts["not_started"] == 5
    assert sum(counts.values()) == 7


def test_a_unit_does_not_see_a_campaign_it_does_not_report_in(rw, api_for):
    other = returns.campaign_open(
        by=rw.office_admin, year=2024, due_on=dt.date(2025, 2, 28), units=[rw.unit_b]
    )
    listed = get(api_for("unit_liaison"), "/api/returns-campaigns/")["results"]
    assert ids(listed) == {rw.campaign.pk}
    assert api_for("unit_liaison").get(f"/api/returns-campaigns/{other.pk}/").status_code == 403
    listed = get(api_for("head_b"), "/api/returns-campaigns/")["results"]
    assert ids(listed) == {rw.campaign.pk, other.pk}


def test_the_board_shows_units_by_categories_with_overdue(rw, api_for):
    office = api_for("office_editor")
    board = get(office, f"/api/returns-campaigns/{rw.campaign.pk}/board/")
    assert [c["code"] for c in board["categories"]][:2] == ["overview", "chronicle"]
    rows = {row["unit"]: row for row in board["rows"]}
    assert set(rows) == {rw.unit_a.pk, rw.unit_b.pk}
    cells = {c["category"]: c for c in rows[rw.unit_a.pk]["cells"]}
    assert cells["chronicle"]["status"] == "draft"
    assert cells["chronicle"]["submission"] == rw.sub_a.pk
    assert cells["people"]["status"] == "draft"
    assert cells["media"]["status"] == "not_started" and cells["media"]["submission"]

    # Due in the past: what the units still owe is overdue; what they submitted is not.
    returns.submission_sign_off(by=rw.unit_head, submission=rw.sub_a)
    returns.campaign_update(by=rw.office_admin, campaign=rw.campaign, due_on=dt.date(2025, 1, 1))
    cells = {
        c["category"]: c
        for c in get(office, f"/api/returns-campaigns/{rw.campaign.pk}/board/")["rows"][0]["cells"]
    }
    assert cells["chronicle"]["status"] == "submitted" and not cells["chronicle"]["overdue"]
    assert cells["people"]["overdue"] and cells["media"]["overdue"]
    row = get(office, f"/api/returns-campaigns/{rw.campaign.pk}/board/")["rows"][0]
    assert row["unit"] == rw.unit_a.pk and row["done"] == 1 and row["overdue"] == 6

    # Due in the future: nothing is overdue.
    returns.campaign_update(by=rw.office_admin, campaign=rw.campaign, due_on=dt.date(2999, 1, 1))
    board = get(office, f"/api/returns-campaigns/{rw.campaign.pk}/board/")
    assert not any(row["overdue"] for row in board["rows"])


def test_units_do_not_get_the_board(rw, api_for):
    for role in ("unit_liaison", "unit_head", "reviewer"):
        r = api_for(role).get(f"/api/returns-campaigns/{rw.campaign.pk}/board/")
        assert r.status_code == 403, role


# --- filters, history and versions ------------------------------------------------------------


def test_filters_narrow_the_lists(rw, api_for):
    office = api_for("office_admin")
    chronicle = get(office, "/api/returns-submissions/?category=chronicle")["results"]
    assert ids(chronicle) == {rw.sub_a.pk, rw.sub_b.pk}
    mine = get(office, f"/api/returns-submissions/?unit={rw.unit_b.pk}&status=draft")["results"]
    assert ids(mine) == {rw.sub_b.pk}
    entries = get(office, f"/api/returns-entries/?submission={rw.sub_a.pk}")["results"]
    assert ids(entries) == {rw.entry_a1.pk, rw.entry_a2.pk}
    people = get(office, "/api/returns-entries/?category=people")["results"]
    assert ids(people) == {rw.person_a.pk}
    bad = office.get("/api/returns-submissions/?status=lost")
    assert bad.status_code == 400 and bad.json()["field"] == "status"


def test_a_return_shows_its_reasons_and_every_signed_off_version(rw, api_for):
    returns.submission_sign_off(by=rw.unit_head, submission=rw.sub_a)
    returns.submission_return(by=rw.office_editor, submission=rw.sub_a, reason="请补充来源。")
    body = get(api_for("unit_liaison"), f"/api/returns-submissions/{rw.sub_a.pk}/")
    assert body["status"] == "returned" and body["is_editable"] is True
    assert body["entry_count"] == 2
    assert [e["action"] for e in body["events"]] == ["return", "sign_off"]
    assert body["events"][0]["reason"] == "请补充来源。"
    [version] = body["versions"]
    assert version["number"] == 1 and version["entries"] == 2
    assert version["signed_by"] == rw.unit_head.pk

    detail = get(api_for("unit_liaison"), f"/api/returns-versions/{version['id']}/")
    texts = sorted(row["text"] for row in detail["snapshot"])
    assert texts == ["区委召开全会。", "开展督查。"]
    assert detail["statement"]  # the standard statement of the unit's responsibility
    listed = get(api_for("unit_liaison"), "/api/returns-versions/")["results"]
    assert ids(listed) == {version["id"]}
    assert get(api_for("head_b"), "/api/returns-versions/")["results"] == []
