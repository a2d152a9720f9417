"""What the lists contain for each role, and the filters (which only narrow ``visible_to``)."""

import pytest

from fangzhi.org import services
from fangzhi.org.models import Unit

from .helpers import has_chinese


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["unit_liaison", "unit_head"])
def test_unit_people_list_only_their_unit(world, more, api_for, role):
    client = api_for(role)
    assert ids(client.get("/api/units/")) == [world.unit_a.pk]
    people = client.get("/api/people/").json()["results"]
    assert people and {p["unit"] for p in people} == {world.unit_a.pk}
    assert world.liaison_b.pk not in {p["id"] for p in people}
    seats = client.get("/api/seats/").json()["results"]
    assert len(seats) == 3 and {t["unit"] for t in seats} == {world.unit_a.pk}
    assert ids(client.get("/api/membership-changes/")) == [more.join_a.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["office_admin", "office_editor"])
def test_office_staff_list_everything(world, more, api_for, role):
    client = api_for(role)
    assert ids(client.get("/api/units/")) == sorted([world.unit_a.pk, world.unit_b.pk])
    assert len(ids(client.get("/api/seats/"))) == 5
    assert world.liaison_b.pk in ids(client.get("/api/people/"))


@pytest.mark.django_db
def test_reviewer_sees_only_self(world, api_for):
    client = api_for("reviewer")
    assert ids(client.get("/api/people/")) == [world.reviewer.pk]
    assert ids(client.get("/api/units/")) == []
    assert ids(client.get("/api/seats/")) == []
    assert client.get(f"/api/people/{world.reviewer.pk}/").status_code == 200


@pytest.mark.django_db
def test_a_unit_shows_its_current_holders_only(world, admin_api):
    services.seat_end(by=world.office_admin, term=world.terms.liaison_a2, reason="调离")
    body = admin_api.get(f"/api/units/{world.unit_a.pk}/").json()
    holders = {(t["seat"], t["holder"]["username"]) for t in body["current_terms"]}
    assert holders == {("head", "head_a"), ("liaison", "liaison_a")}
    listed = next(
        u for u in admin_api.get("/api/units/").json()["results"] if u["id"] == body["id"]
    )
    assert listed["current_terms"] == body["current_terms"]


@pytest.mark.django_db
def test_committee_shows_current_posts(world, more, admin_api):
    services.committee_post_assign(
        by=world.office_admin,
        committee=world.committee,
        post="chair",
        person_name="王区长",
        start_on=more.chair.start_on.replace(year=2025),
    )
    [committee] = admin_api.get("/api/committee/").json()["results"]
    assert [p["person_name"] for p in committee["current_posts"]] == ["王区长"]
    posts = admin_api.get("/api/committee-posts/?post=chair").json()["results"]
    assert {p["person_name"]: p["is_current"] for p in posts} == {"王区长": True, "张区长": False}


@pytest.mark.django_db
def test_unit_filters(world, admin_api):
    services.unit_retire(
        by=world.office_admin,
        unit=world.unit_b,
        retired_on=world.unit_b.joined_on,
        document_number="〔1〕",
    )
    Unit.objects.filter(pk=world.unit_b.pk).update(category=Unit.Category.STREET)
    assert ids(admin_api.get("/api/units/?name=鱼洞")) == [world.unit_b.pk]
    assert ids(admin_api.get("/api/units/?category=street")) == [world.unit_b.pk]
    assert ids(admin_api.get("/api/units/?status=retired")) == [world.unit_b.pk]
    assert ids(admin_api.get("/api/units/?status=active")) == [world.unit_a.pk]
    assert ids(admin_api.get("/api/units/?status=active&category=street")) == []


@pytest.mark.django_db
def test_seat_filters_and_history(world, more, admin_api):
    services.seat_replace(
        by=world.office_admin, term=world.terms.liaison_a2, new_holder=more.spare_a
    )
    a = world.unit_a.pk
    liaisons = admin_api.get(f"/api/seats/?unit={a}&seat=liaison").json()["results"]
    assert len(liaisons) == 3
    current = ids(admin_api.get(f"/api/seats/?unit={a}&seat=liaison&current=true"))
    assert len(current) == 2 and world.terms.liaison_a2.pk not in current
    assert ids(admin_api.get(f"/api/seats/?unit={a}&current=false")) == [world.terms.liaison_a2.pk]
    assert len(ids(admin_api.get(f"/api/seats/?holder={more.spare_a.pk}"))) == 1


@pytest.mark.django_db
def test_people_filters(world, more, admin_api):
    admin_api.post(
        f"/api/people/{world.liaison_b.pk}/set-active/", {"active": False}, format="json"
    )
    assert ids(admin_api.get("/api/people/?role=unit_head")) == sorted(
        [world.unit_head.pk, world.head_b.pk]
    )
    in_b = ids(admin_api.get(f"/api/people/?unit={world.unit_b.pk}"))
    assert in_b == sorted([world.head_b.pk, world.liaison_b.pk, more.spare_b.pk])
    assert ids(admin_api.get("/api/people/?active=false")) == [world.liaison_b.pk]
    assert world.liaison_b.pk not in ids(admin_api.get("/api/people/?active=true"))
    assert ids(admin_api.get("/api/people/?search=spare_")) == sorted(
        [more.spare_a.pk, more.spare_b.pk]
    )
    full_name = world.head_b.full_name
    assert ids(admin_api.get(f"/api/people/?search={full_name}")) == [world.head_b.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/seats/?unit={}", "/api/people/?unit={}", "/api/membership-changes/?unit={}"]
)
def test_a_filter_cannot_probe_another_unit(world, api_for, path):
    """Another unit's id in a filter is refused exactly like an id that does not exist."""
    client = api_for("unit_liaison")
    elsewhere = client.get(path.format(world.unit_b.pk))
    missing = client.get(path.format(99999))
    assert elsewhere.status_code == missing.status_code == 400
    assert elsewhere.json()["detail"] == missing.json()["detail"]
    assert has_chinese(elsewhere.json()["detail"]) and elsewhere.json()["field"] == "unit"
    assert client.get(path.format(world.unit_a.pk)).status_code == 200


@pytest.mark.django_db
def test_a_bad_filter_value_is_a_chinese_400(world, admin_api):
    r = admin_api.get("/api/units/?status=bogus")
    assert r.status_code == 400 and r.json()["field"] == "status"
    assert r.json()["detail"].startswith("状态：")


@pytest.mark.django_db
def test_no_password_or_hash_is_ever_returned(world, admin_api):
    for path in (
        "/api/people/",
        f"/api/people/{world.liaison_b.pk}/",
        "/api/seats/",
        "/api/units/",
    ):
        body = admin_api.get(path).content.decode()
        assert "password" not in body and "md5$" not in body and "argon2" not in body
