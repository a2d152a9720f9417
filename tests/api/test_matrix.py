"""Every role against every endpoint and method, including another unit's records."""

import pytest

from ..conftest import ROLES

A, E, L, H, R, P = ROLES


def expect(default, public=401, **overrides):
    table = dict.fromkeys(ROLES, default)
    table["public"] = public
    table.update(overrides)
    return table


READ_ALL = expect(200)
OFFICE_READ = expect(403, office_admin=200, office_editor=200)

# (method, url builder, body builder, {role: status})
CASES = [
    ("get", lambda w: "/api/units/", None, READ_ALL),
    ("get", lambda w: f"/api/units/{w.unit_b.pk}/", None, OFFICE_READ),
    ("get", lambda w: f"/api/units/{w.unit_a.pk}/", None, expect(200, reviewer=403)),
    ("get", lambda w: "/api/units/99999/", None, expect(403, office_admin=404, office_editor=404)),
    (
        "patch",
        lambda w: f"/api/units/{w.unit_b.pk}/",
        lambda w: {"phone": "023-1"},
        expect(403, office_admin=200),
    ),
    (
        "patch",
        lambda w: f"/api/units/{w.unit_a.pk}/",
        lambda w: {"phone": "023-2"},
        expect(403, office_admin=200, unit_liaison=200, unit_head=200),
    ),
    (
        "put",
        lambda w: f"/api/units/{w.unit_a.pk}/",
        lambda w: {"phone": "1"},
        expect(405, public=401),
    ),
    ("delete", lambda w: f"/api/units/{w.unit_a.pk}/", None, expect(405, public=401)),
    (
        "post",
        lambda w: "/api/units/",
        lambda w: {
            "name": "区审计局",
            "category": "department",
            "joined_on": "2024-01-01",
            "document_number": "〔2024〕2号",
        },
        expect(403, office_admin=201),
    ),
    ("get", lambda w: "/api/seats/", None, READ_ALL),
    ("get", lambda w: f"/api/seats/{w.terms.liaison_b.pk}/", None, OFFICE_READ),
    (
        "post",
        lambda w: f"/api/seats/{w.terms.liaison_b.pk}/end/",
        lambda w: {"end_on": "2025-01-01"},
        expect(403, office_admin=200),
    ),
    (
        "post",
        lambda w: f"/api/seats/{w.terms.liaison_a2.pk}/end/",
        lambda w: {"end_on": "2025-01-01"},
        expect(403, office_admin=200, unit_liaison=200, unit_head=200),
    ),
    ("get", lambda w: "/api/people/", None, READ_ALL),
    ("get", lambda w: f"/api/people/{w.liaison_b.pk}/", None, OFFICE_READ),
    (
        "patch",
        lambda w: f"/api/people/{w.liaison_b.pk}/",
        lambda w: {"phone": "1"},
        expect(403, office_admin=200),
    ),
    (
        "post",
        lambda w: f"/api/people/{w.liaison_b.pk}/reset-password/",
        lambda w: {},
        expect(403, office_admin=200),
    ),
    (
        "post",
        lambda w: "/api/people/",
        lambda w: {
            "username": "newbie",
            "full_name": "新人",
            "role": "unit_liaison",
            "unit": w.unit_a.pk,
        },
        expect(403, office_admin=201, unit_liaison=201, unit_head=201),
    ),
    ("get", lambda w: "/api/committee/", None, READ_ALL),
    ("get", lambda w: "/api/committee-posts/", None, READ_ALL),
    (
        "post",
        lambda w: "/api/committee-posts/",
        lambda w: {"post": "chair", "person_name": "区长", "start_on": "2024-01-01"},
        expect(403, office_admin=201),
    ),
    ("get", lambda w: "/api/membership-changes/", None, READ_ALL),
    ("get", lambda w: "/api/audit/", None, expect(403, office_admin=200)),
    ("post", lambda w: "/api/audit/", lambda w: {}, expect(403, office_admin=405)),
    ("get", lambda w: "/api/jobs/", None, READ_ALL),
    ("post", lambda w: "/api/jobs/", lambda w: {}, expect(403, office_admin=201)),
    # The schema describes the endpoints, not data: public documentation.
    ("get", lambda w: "/api/schema/", None, expect(200, public=200)),
    # Last: retiring unit B ends its seats.
    (
        "post",
        lambda w: f"/api/units/{w.unit_b.pk}/retire/",
        lambda w: {"effective_on": "2025-01-01", "document_number": "〔2025〕1号"},
        expect(403, office_admin=200),
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_api_matrix(world, api_for, role):
    failures = []
    for method, url, body, expected in CASES:
        client = api_for(role)
        u = url(world)
        kwargs = {"data": body(world), "format": "json"} if body else {}
        status = getattr(client, method)(u, **kwargs).status_code
        if status != expected[role]:
            failures.append(f"{method.upper()} {u}: {status}, expected {expected[role]}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["unit_liaison", "unit_head"])
def test_unit_people_list_only_their_unit(world, api_for, role):
    client = api_for(role)
    units = client.get("/api/units/").json()["results"]
    assert [u["id"] for u in units] == [world.unit_a.pk]
    people = client.get("/api/people/").json()["results"]
    assert {p["unit"] for p in people} == {world.unit_a.pk}
    seats = client.get("/api/seats/").json()["results"]
    assert {t["unit"] for t in seats} == {world.unit_a.pk}
    # Filters cannot widen what is visible.
    assert client.get(f"/api/seats/?unit={world.unit_b.pk}").status_code in (200, 400)
    assert client.get(f"/api/people/?unit={world.unit_b.pk}").json().get("results", []) == []


@pytest.mark.django_db
def test_reviewer_sees_only_self(world, api_for):
    people = api_for("reviewer").get("/api/people/").json()["results"]
    assert [p["id"] for p in people] == [world.reviewer.pk]
    assert api_for("reviewer").get("/api/units/").json()["results"] == []


@pytest.mark.django_db
def test_no_password_hash_is_ever_returned(world, api_for):
    body = api_for("office_admin").get("/api/people/").content.decode()
    assert "password" not in body and "md5$" not in body
