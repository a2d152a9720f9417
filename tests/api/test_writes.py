"""Writes that succeed: each calls its service, keeps the history and is attributed in the
audit trail to the token's user."""

import pytest
from auditlog.models import LogEntry

from fangzhi.accounts.models import User
from fangzhi.org.models import CommitteePost, MembershipChange, SeatTerm, Unit


def actor_of(obj):
    entry = LogEntry.objects.get_for_object(obj).order_by("-timestamp", "-pk").first()
    assert entry is not None, f"no audit entry for {obj!r}"
    return entry.actor


@pytest.mark.django_db
def test_unit_life_cycle(world, admin_api):
    r = admin_api.post(
        "/api/units/",
        {
            "name": "区审计局",
            "short_name": "审计局",
            "category": "department",
            "joined_on": "2024-01-01",
            "document_number": "巴南委〔2024〕2号",
            "reason": "机构改革",
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    unit = Unit.objects.get(pk=r.json()["id"])
    assert r.json()["status"] == "active" and r.json()["current_terms"] == []
    assert actor_of(unit) == world.office_admin

    r = admin_api.patch(f"/api/units/{unit.pk}/", {"phone": "023-66220000"}, format="json")
    assert r.status_code == 200 and r.json()["phone"] == "023-66220000"

    r = admin_api.post(
        f"/api/units/{unit.pk}/retire/",
        {"effective_on": "2025-03-01", "document_number": "巴南委〔2025〕3号"},
        format="json",
    )
    assert r.status_code == 200 and r.json()["status"] == "retired"
    assert r.json()["retired_on"] == "2025-03-01"
    r = admin_api.post(
        f"/api/units/{unit.pk}/reinstate/",
        {"effective_on": "2025-09-01", "document_number": "巴南委〔2025〕9号"},
        format="json",
    )
    assert r.status_code == 200 and r.json()["status"] == "active"

    changes = admin_api.get(f"/api/membership-changes/?unit={unit.pk}").json()["results"]
    assert sorted((c["action"], c["document_number"]) for c in changes) == [
        ("join", "巴南委〔2024〕2号"),
        ("reinstate", "巴南委〔2025〕9号"),
        ("retire", "巴南委〔2025〕3号"),
    ]
    assert {c["recorded_by"] for c in changes} == {world.office_admin.pk}


@pytest.mark.django_db
def test_retiring_a_unit_ends_its_seats(world, admin_api):
    admin_api.post(
        f"/api/units/{world.unit_b.pk}/retire/",
        {"effective_on": "2025-01-01", "document_number": "〔2025〕1号"},
        format="json",
    )
    assert not SeatTerm.objects.filter(unit=world.unit_b, end_on__isnull=True).exists()
    assert admin_api.get(f"/api/units/{world.unit_b.pk}/").json()["current_terms"] == []


@pytest.mark.django_db
def test_a_unit_names_its_own_people_and_appoints_them(world, api_for):
    """自行替补: a unit's liaison creates the newcomer's account, then gives them the seat."""
    client = api_for("unit_liaison")
    r = client.post(
        "/api/people/",
        {
            "username": "zhaoliu",
            "full_name": "赵六",
            "role": "unit_liaison",
            "unit": world.unit_a.pk,
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    password = r.json()["temporary_password"]
    person = User.objects.get(username="zhaoliu")
    assert person.unit == world.unit_a and person.must_change_password
    assert person.check_password(password)
    # The temporary password is shown once, never again.
    assert "temporary_password" not in client.get(f"/api/people/{person.pk}/").json()

    r = client.post(
        "/api/seats/",
        {"unit": world.unit_a.pk, "seat": "liaison", "holder": person.pk, "start_on": "2025-02-01"},
        format="json",
    )
    assert r.status_code == 201, r.content
    term = SeatTerm.objects.get(pk=r.json()["id"])
    assert term.appointed_by == world.unit_liaison and str(term.start_on) == "2025-02-01"
    assert actor_of(person) == world.unit_liaison
    assert actor_of(term) == world.unit_liaison


@pytest.mark.django_db
def test_replace_with_an_existing_person_builds_the_history(world, more, api_for):
    client = api_for("unit_head")
    old = world.terms.liaison_a2
    r = client.post(
        f"/api/seats/{old.pk}/replace/",
        {"new_holder": more.spare_a.pk, "on": "2025-05-01", "reason": "调离"},
        format="json",
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["temporary_password"] is None
    new = SeatTerm.objects.get(pk=body["term"]["id"])
    old.refresh_from_db()
    assert str(old.end_on) == "2025-05-01" and old.end_reason == "调离"
    assert new.replaces == old and new.holder == more.spare_a and new.start_on == old.end_on
    assert new.seat == old.seat and new.unit == old.unit and new.end_on is None
    assert User.objects.get(pk=old.holder_id).is_active is False  # the leaver is disabled
    assert actor_of(new) == world.unit_head
    # The history, as the API shows it.
    history = client.get(f"/api/seats/?unit={world.unit_a.pk}&holder={old.holder_id}").json()
    assert [t["is_current"] for t in history["results"]] == [False]


@pytest.mark.django_db
def test_replace_can_keep_the_leaver_active(world, more, admin_api):
    old = world.terms.liaison_a2
    r = admin_api.post(
        f"/api/seats/{old.pk}/replace/",
        {"new_holder": more.spare_a.pk, "disable_leaver": False},
        format="json",
    )
    assert r.status_code == 200, r.content
    assert User.objects.get(pk=old.holder_id).is_active is True


@pytest.mark.django_db
def test_replace_with_a_new_person(world, api_for):
    client = api_for("unit_liaison")
    old = world.terms.liaison_a2
    r = client.post(
        f"/api/seats/{old.pk}/replace/",
        {
            "new_person": {
                "username": "wangfang",
                "full_name": "王芳",
                "phone": "023-66666666",
                "email": "wangfang@example.cn",
            },
            "on": "2025-05-01",
            "reason": "退休",
        },
        format="json",
    )
    assert r.status_code == 200, r.content
    body = r.json()
    person = User.objects.get(username="wangfang")
    assert person.unit == world.unit_a and person.role == "unit_liaison"
    assert person.phone == "023-66666666" and person.email == "wangfang@example.cn"
    assert person.check_password(body["temporary_password"])
    assert body["term"]["replaces"] == old.pk and body["term"]["holder"]["id"] == person.pk
    old.refresh_from_db()
    assert str(old.end_on) == "2025-05-01" and old.end_reason == "退休"
    assert User.objects.get(pk=old.holder_id).is_active is False
    new = SeatTerm.objects.get(pk=body["term"]["id"])
    assert actor_of(new) == actor_of(person) == world.unit_liaison


@pytest.mark.django_db
def test_ending_a_seat(world, api_for):
    r = api_for("unit_head").post(
        f"/api/seats/{world.terms.liaison_a2.pk}/end/",
        {"end_on": "2025-06-30", "reason": "调离"},
        format="json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["end_on"] == "2025-06-30" and r.json()["is_current"] is False
    again = api_for("unit_head").post(f"/api/seats/{world.terms.liaison_a2.pk}/end/", {})
    assert again.status_code == 400 and "已经结束" in again.json()["detail"]


@pytest.mark.django_db
def test_people_accounts(world, admin_api):
    r = admin_api.patch(
        f"/api/people/{world.liaison_b.pk}/",
        {"phone": "13800000000", "title": "办公室主任"},
        format="json",
    )
    assert r.status_code == 200 and r.json()["title"] == "办公室主任"
    assert actor_of(world.liaison_b) == world.office_admin

    r = admin_api.post(f"/api/people/{world.liaison_b.pk}/reset-password/")
    assert r.status_code == 200
    world.liaison_b.refresh_from_db()
    assert world.liaison_b.check_password(r.json()["temporary_password"])

    r = admin_api.post(f"/api/people/{world.liaison_b.pk}/set-active/", {"active": False})
    assert r.status_code == 200 and r.json()["is_active"] is False
    r = admin_api.post(f"/api/people/{world.office_admin.pk}/set-active/", {"active": False})
    assert r.status_code == 400 and "自己" in r.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["unit_liaison", "reviewer", "office_editor"])
def test_anyone_updates_their_own_contact_but_not_their_role(world, api_for, role):
    client = api_for(role)
    me = getattr(world, role)
    r = client.patch(f"/api/people/{me.pk}/", {"phone": "13900000000"}, format="json")
    assert r.status_code == 200 and r.json()["phone"] == "13900000000"
    r = client.patch(f"/api/people/{me.pk}/", {"role": "office_admin"}, format="json")
    assert r.status_code == 403
    assert User.objects.get(pk=me.pk).role == role


@pytest.mark.django_db
def test_committee_posts(world, more, admin_api):
    r = admin_api.post(
        "/api/committee-posts/",
        {
            "post": "chair",
            "person_name": "王区长",
            "position": "区长",
            "start_on": "2025-01-01",
            "document_number": "巴南府〔2025〕1号",
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    more.chair.refresh_from_db()
    assert str(more.chair.end_on) == "2025-01-01"  # a new chair ends the old chair's term
    post = CommitteePost.objects.get(pk=r.json()["id"])
    assert actor_of(post) == world.office_admin
    r = admin_api.post(f"/api/committee-posts/{post.pk}/end/", {"end_on": "2026-01-01"})
    assert r.status_code == 200 and r.json()["is_current"] is False


@pytest.mark.django_db
def test_membership_changes_are_recorded_only_through_decisions(world, admin_api):
    before = MembershipChange.objects.count()
    assert admin_api.post("/api/membership-changes/", {}, format="json").status_code == 405
    assert MembershipChange.objects.count() == before
