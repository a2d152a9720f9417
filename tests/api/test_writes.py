"""Writes through the API: rules enforced by the services, bad input changes nothing."""

import json
import urllib.error
import urllib.request

import pytest
from auditlog.models import LogEntry
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from fangzhi.accounts.models import User
from fangzhi.accounts.roles import Role
from fangzhi.org.models import MembershipChange, SeatTerm, Unit

from ..factories import PASSWORD, UserFactory


def snapshot():
    return (
        Unit.objects.count(),
        User.objects.count(),
        SeatTerm.objects.count(),
        MembershipChange.objects.count(),
        list(SeatTerm.objects.order_by("pk").values_list("end_on", flat=True)),
    )


BAD_UNITS = [
    {"name": "", "category": "department", "joined_on": "2024-01-01", "document_number": "x"},
    {
        "name": "单" * 101,
        "category": "department",
        "joined_on": "2024-01-01",
        "document_number": "x",
    },
    {
        "name": "区委办公室",
        "category": "department",
        "joined_on": "2024-01-01",
        "document_number": "x",
    },
    {"name": "新单位", "category": "nonsense", "joined_on": "2024-01-01", "document_number": "x"},
    {"name": "新单位", "category": "department", "joined_on": "2024-13-45", "document_number": "x"},
    {"name": "新单位", "category": "department", "joined_on": "2024-01-01", "document_number": ""},
    {"name": ["列表"], "category": "department", "joined_on": "2024-01-01", "document_number": "x"},
]


@pytest.mark.django_db
@pytest.mark.parametrize("body", BAD_UNITS)
def test_bad_unit_input_is_400_in_chinese_and_changes_nothing(world, api_for, body):
    before = snapshot()
    response = api_for("office_admin").post("/api/units/", body, format="json")
    assert response.status_code == 400
    text = json.dumps(response.json(), ensure_ascii=False)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text), text  # a Chinese message
    assert snapshot() == before


@pytest.mark.django_db
def test_seat_rules_over_the_api(world, api_for):
    admin = api_for("office_admin")
    before = snapshot()
    second_head = UserFactory(role=Role.UNIT_HEAD, unit=world.unit_a)
    before = snapshot()
    r = admin.post(
        "/api/seats/",
        {"unit": world.unit_a.pk, "seat": "head", "holder": second_head.pk},
        format="json",
    )
    assert (
        r.status_code == 400
        and r.json()["code"] == "second_head"
        and "一把手" in r.json()["detail"]
    )
    r = admin.post(
        f"/api/seats/{world.terms.liaison_a.pk}/end/", {"end_on": "2000-01-01"}, format="json"
    )
    assert r.status_code == 400 and "截止日期不能早于起始日期" in r.json()["detail"]
    assert snapshot() == before
    # A retired unit receives no liaison.
    admin.post(
        f"/api/units/{world.unit_b.pk}/retire/",
        {"effective_on": "2025-01-01", "document_number": "〔2025〕1号"},
        format="json",
    )
    newcomer = UserFactory(role=Role.UNIT_LIAISON, unit=world.unit_b)
    before = snapshot()
    r = admin.post(
        "/api/seats/",
        {"unit": world.unit_b.pk, "seat": "liaison", "holder": newcomer.pk},
        format="json",
    )
    assert r.status_code == 400 and r.json()["code"] == "retired"
    assert snapshot() == before


@pytest.mark.django_db
def test_replace_with_new_person_builds_history(world, api_for):
    client = api_for("unit_liaison")
    old = world.terms.liaison_a2
    r = client.post(
        f"/api/seats/{old.pk}/replace/",
        {
            "new_person": {"username": "wangfang", "full_name": "王芳", "phone": "023-66666666"},
            "on": "2025-05-01",
            "reason": "退休",
        },
        format="json",
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["temporary_password"] and body["term"]["replaces"] == old.pk
    old.refresh_from_db()
    assert str(old.end_on) == "2025-05-01" and old.end_reason == "退休"
    assert User.objects.get(username="wangfang").unit == world.unit_a
    assert User.objects.get(pk=old.holder_id).is_active is False
    entry = LogEntry.objects.get_for_object(SeatTerm.objects.get(pk=body["term"]["id"])).get()
    assert entry.actor == world.unit_liaison  # the token's user, not anonymous


@pytest.mark.django_db
def test_replace_refuses_another_units_person_and_bad_bodies(world, api_for):
    client = api_for("unit_liaison")
    term = world.terms.liaison_a2
    before = snapshot()
    for body in (
        {"new_holder": world.liaison_b.pk},  # another unit's person: unknown id here
        {},
        {"new_holder": world.unit_head.pk, "new_person": {"username": "x1", "full_name": "某"}},
        {"new_person": {"username": "bad name/..", "full_name": "某"}},
        {"new_person": {"username": "okname", "full_name": ""}},
        {"new_holder": "abc"},
    ):
        r = client.post(f"/api/seats/{term.pk}/replace/", body, format="json")
        assert r.status_code == 400, (body, r.content)
    assert snapshot() == before


@pytest.mark.django_db
def test_unknown_fields_do_not_slip_through(world, api_for):
    r = api_for("unit_liaison").patch(
        f"/api/units/{world.unit_a.pk}/", {"name": "改名", "category": "town"}, format="json"
    )
    assert r.status_code == 403
    assert Unit.objects.get(pk=world.unit_a.pk).name == world.unit_a.name


@pytest.mark.django_db
def test_session_auth_needs_csrf(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.office_admin)
    r = client.post(
        "/api/units/",
        {
            "name": "区审计局",
            "category": "department",
            "joined_on": "2024-01-01",
            "document_number": "〔2024〕2号",
        },
        format="json",
    )
    assert r.status_code == 403
    assert not Unit.objects.filter(name="区审计局").exists()


@pytest.mark.django_db(transaction=True)
def test_token_over_real_http(world, live_server):
    token = Token.objects.create(user=world.unit_liaison)
    request = urllib.request.Request(
        f"{live_server.url}/api/units/", headers={"Authorization": f"Token {token.key}"}
    )
    with urllib.request.urlopen(request, timeout=10) as r:
        units = json.load(r)["results"]
    assert [u["name"] for u in units] == [world.unit_a.name]
    other = urllib.request.Request(
        f"{live_server.url}/api/units/{world.unit_b.pk}/",
        headers={"Authorization": f"Token {token.key}"},
    )
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(other, timeout=10)
    assert exc.value.code == 403


@pytest.mark.django_db
def test_token_obtain_and_lockout(world):
    client = APIClient()
    r = client.post("/api/token/", {"username": "liaison_a", "password": PASSWORD})
    assert r.status_code == 200 and r.json()["token"]
    for _ in range(5):
        client.post("/api/token/", {"username": "liaison_b", "password": "wrong-password"})
    # Locked: even the right password gets no token now.
    r = client.post("/api/token/", {"username": "liaison_b", "password": PASSWORD})
    assert r.status_code == 400 and "token" not in r.json()


@pytest.mark.django_db
def test_schema_lists_the_endpoints(world, api_for):
    r = api_for("office_admin").get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = r.json()
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/units/",
        "/api/seats/{id}/replace/",
        "/api/people/",
        "/api/committee/",
        "/api/audit/",
        "/api/jobs/",
        "/api/token/",
    ):
        assert path in schema["paths"], path
