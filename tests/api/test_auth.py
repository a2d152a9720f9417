"""Authentication: tokens (obtained with the lockout of the sign-in page), sessions with
CSRF, and a token used over real HTTP; writes are attributed to the token's user."""

import json
import urllib.error
import urllib.request

import pytest
from auditlog.models import LogEntry
from django.middleware.csrf import get_token
from django.test import RequestFactory
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from fangzhi.org.models import Unit

from ..factories import PASSWORD
from .helpers import has_chinese

NEW_UNIT = {
    "name": "区审计局",
    "category": "department",
    "joined_on": "2024-01-01",
    "document_number": "巴南委〔2024〕2号",
}


def obtain(client, username, password):
    return client.post("/api/token/", {"username": username, "password": password}, format="json")


@pytest.mark.django_db
def test_a_token_is_obtained_and_works(world):
    client = APIClient()
    r = obtain(client, "liaison_a", PASSWORD)
    assert r.status_code == 200
    key = r.json()["token"]
    assert Token.objects.get(key=key).user == world.unit_liaison
    assert obtain(client, "liaison_a", PASSWORD).json()["token"] == key  # one per person
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    units = client.get("/api/units/").json()["results"]
    assert [u["id"] for u in units] == [world.unit_a.pk]


@pytest.mark.django_db
def test_a_wrong_password_gets_no_token(world):
    r = obtain(APIClient(), "liaison_a", "wrong-password")
    assert r.status_code == 400 and "token" not in r.json()
    assert has_chinese(r.json()["detail"])


@pytest.mark.django_db
def test_lockout_after_five_failures(world):
    client = APIClient()
    # Four failures do not lock: the right password still works (and resets the count).
    for _ in range(4):
        assert obtain(client, "liaison_a2", "wrong-password").status_code == 400
    assert obtain(client, "liaison_a2", PASSWORD).status_code == 200
    # Five do: even the right password gets no token now.
    for _ in range(5):
        obtain(client, "liaison_b", "wrong-password")
    r = obtain(client, "liaison_b", PASSWORD)
    assert r.status_code == 429 and "token" not in r.json()
    assert r.json()["code"] == "locked_out" and "锁定" in r.json()["detail"]
    assert not Token.objects.filter(user=world.liaison_b).exists()
    # The lock is per account: another person signs in as usual.
    assert obtain(client, "head_b", PASSWORD).status_code == 200


@pytest.mark.django_db
def test_bad_tokens_and_disabled_people_are_401(world):
    client = APIClient()
    r = client.get("/api/units/")
    assert r.status_code == 401 and r["WWW-Authenticate"].startswith("Token")
    assert has_chinese(r.json()["detail"])
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert client.get("/api/units/").status_code == 401
    token = Token.objects.create(user=world.liaison_b)
    world.liaison_b.is_active = False
    world.liaison_b.save()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/units/").status_code == 401


@pytest.mark.django_db
def test_a_token_write_is_attributed_to_the_tokens_user(world, api_for):
    r = api_for("unit_head").patch(
        f"/api/units/{world.unit_a.pk}/", {"address": "巴南区鱼洞街道1号"}, format="json"
    )
    assert r.status_code == 200
    entry = LogEntry.objects.get_for_object(world.unit_a).latest("timestamp")
    assert entry.actor == world.unit_head
    assert entry.action == LogEntry.Action.UPDATE and "address" in entry.changes_dict


@pytest.mark.django_db
def test_session_auth_reads(world):
    client = APIClient()
    client.force_login(world.unit_liaison)
    units = client.get("/api/units/").json()["results"]
    assert [u["id"] for u in units] == [world.unit_a.pk]
    assert client.get(f"/api/units/{world.unit_b.pk}/").status_code == 403


@pytest.mark.django_db
def test_session_writes_need_the_csrf_token(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.office_admin)
    r = client.post("/api/units/", NEW_UNIT, format="json")
    assert r.status_code == 403 and "CSRF" in r.json()["detail"]
    assert not Unit.objects.filter(name="区审计局").exists()
    # With the cookie's token in the header, as a page's script sends it, it goes through.
    csrf = get_token(RequestFactory().get("/"))
    client.cookies["csrftoken"] = csrf
    r = client.post("/api/units/", NEW_UNIT, format="json", HTTP_X_CSRFTOKEN=csrf)
    assert r.status_code == 201, r.content
    unit = Unit.objects.get(name="区审计局")
    assert LogEntry.objects.get_for_object(unit).get().actor == world.office_admin


def http(live_server, method, path, token, body=None):
    request = urllib.request.Request(
        f"{live_server.url}{path}",
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)


@pytest.mark.django_db(transaction=True)
def test_token_over_real_http(world, live_server):
    """The whole path through a real server: obtain a token, read, be refused, write."""
    request = urllib.request.Request(
        f"{live_server.url}/api/token/",
        data=json.dumps({"username": "liaison_a", "password": PASSWORD}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        token = json.load(response)["token"]

    status, body = http(live_server, "GET", "/api/units/", token)
    assert status == 200 and [u["name"] for u in body["results"]] == [world.unit_a.name]
    status, body = http(live_server, "GET", f"/api/units/{world.unit_b.pk}/", token)
    assert status == 403 and has_chinese(body["detail"])
    status, body = http(live_server, "GET", "/api/units/", "f" * 40)
    assert status == 401

    status, body = http(
        live_server, "PATCH", f"/api/units/{world.unit_a.pk}/", token, {"phone": "023-66228888"}
    )
    assert status == 200 and body["phone"] == "023-66228888"
    entry = LogEntry.objects.get_for_object(world.unit_a).latest("timestamp")
    assert entry.actor == world.unit_liaison
    status, body = http(live_server, "PATCH", f"/api/units/{world.unit_a.pk}/", token, {"name": ""})
    assert status == 403  # unit people change only the contact details
    status, body = http(
        live_server, "PATCH", f"/api/units/{world.unit_a.pk}/", token, {"phone": ["023"]}
    )
    assert status == 400 and body["field"] == "phone" and has_chinese(body["detail"])
