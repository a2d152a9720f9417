"""Quality API: checking a text, marks with filters, dismissing with a reason."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from fangzhi.quality.models import CheckMark, Dismissal

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_quality_check_returns_marks_and_stores_nothing(qw, x99):
    response = api(qw.reviewer).post(
        "/api/quality-check/", {"text": "前言。某某到任。"}, format="json"
    )
    assert response.status_code == 200
    (mark,) = [m for m in response.json() if m["rule"] == "X99"]
    assert (mark["start"], mark["end"], mark["excerpt"]) == (3, 5, "某某")
    assert not CheckMark.objects.exists()
    response = api(qw.reviewer).post("/api/quality-check/", {"text": "x", "foo": 1}, format="json")
    assert response.status_code == 400


def test_marks_filters_and_dismiss(qw, x99, save):
    version = save(qw.unit_liaison, qw.node_a, "<p>某某到任。</p><p>某某离任。</p>")
    liaison = api(qw.unit_liaison)
    listed = liaison.get(f"/api/quality-marks/?version={version.pk}&rule=X99&open=true").json()
    assert [m["excerpt"] for m in listed["results"]] == ["某某", "某某"]
    first = listed["results"][0]
    url = f"/api/quality-marks/{first['id']}/dismiss/"
    assert liaison.post(url, {"reason": "x"}, format="json").status_code == 403
    editor = api(qw.office_editor)
    response = editor.post(url, {"reason": ""}, format="json")
    assert response.status_code == 400 and response.json()["field"] == "reason"
    response = editor.post(url, {"reason": "人名待补"}, format="json")
    assert response.status_code == 201 and response.json()["reason"] == "人名待补"
    still_open = liaison.get(f"/api/quality-marks/?version={version.pk}&rule=X99&open=true").json()
    assert [m["id"] for m in still_open["results"]] == [listed["results"][1]["id"]]
    run = liaison.get(f"/api/quality-runs/?version={version.pk}").json()["results"][0]
    assert run["rule_counts"]["X99"] == 1
    detail = liaison.get(f"/api/quality-runs/{run['id']}/").json()
    assert len([m for m in detail["marks"] if m["rule"] == "X99"]) == 2
    dismissal = Dismissal.objects.get()
    response = editor.post(f"/api/quality-dismissals/{dismissal.pk}/withdraw/")
    assert response.status_code == 200 and response.json()["withdrawn"] is True
