"""Bad input: a 400 with one clear Chinese ``detail``, and nothing changed in the database."""

import pytest

from fangzhi.org import services

from .helpers import has_chinese, snapshot

UNIT = {
    "name": "区审计局",
    "category": "department",
    "joined_on": "2024-01-01",
    "document_number": "巴南委〔2024〕2号",
}


def refused(response, *, field=None, code=None, says=None):
    """The one error format: 400, a Chinese sentence, the field and a code."""
    assert response.status_code == 400, response.content
    body = response.json()
    assert isinstance(body["detail"], str) and has_chinese(body["detail"]), body
    assert body["code"], body
    if field is not None:
        assert body.get("field") == field, body
    if code is not None:
        assert body["code"] == code, body
    if says is not None:
        assert says in body["detail"], body
    return body


BAD_UNITS = [
    pytest.param({**UNIT, "name": ""}, "name", "单位名称不能为空", id="empty name"),
    pytest.param({**UNIT, "name": "   "}, "name", "单位名称不能为空", id="blank name"),
    pytest.param({**UNIT, "name": "单" * 101}, "name", "100", id="long name"),
    pytest.param({**UNIT, "name": "单" * 301}, "name", "名称：", id="very long name"),
    pytest.param({**UNIT, "name": "区委办公室"}, "name", "同名", id="duplicate name"),
    pytest.param({**UNIT, "category": "nonsense"}, "category", "类别：", id="bad category"),
    pytest.param({**UNIT, "joined_on": "2024-13-45"}, "joined_on", "加入日期：", id="bad date"),
    pytest.param({**UNIT, "document_number": ""}, "document_number", "文号", id="no document"),
    pytest.param({**UNIT, "name": ["列表"]}, "name", "名称：", id="list for a name"),
    pytest.param({**UNIT, "name": 42}, None, None, id="number for a name"),
    pytest.param({k: v for k, v in UNIT.items() if k != "name"}, "name", "必填", id="no name"),
    pytest.param({**UNIT, "short_name": "简" * 51}, "short_name", "简称：", id="long short"),
    pytest.param({**UNIT, "status": "retired"}, "status", "未知字段", id="unknown field"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("body", "field", "says"), BAD_UNITS)
def test_bad_unit_input(world, admin_api, body, field, says):
    before = snapshot()
    response = admin_api.post("/api/units/", body, format="json")
    if field is None:  # DRF accepts a number as a string: then the name is just "42"
        assert response.status_code == 201
        return
    refused(response, field=field, says=says)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_missing_field_is_named_in_chinese(world, admin_api):
    body = refused(admin_api.post("/api/units/", {}, format="json"), field="name", code="required")
    assert body["detail"] == "名称：该字段是必填项。"
    assert set(body["errors"]) == {"name", "category", "joined_on", "document_number"}


def unknown_field_cases(w):
    """(method, url, body, the unknown field) for each writing endpoint."""
    term = w.terms.liaison_a2.pk
    return [
        ("post", "/api/units/", {**UNIT, "id": 5}, "id"),
        ("patch", f"/api/units/{w.unit_a.pk}/", {"status": "retired"}, "status"),
        ("patch", f"/api/units/{w.unit_a.pk}/", {"nmae": "错字"}, "nmae"),
        (
            "post",
            f"/api/units/{w.unit_b.pk}/retire/",
            {"effective_on": "2025-01-01", "document_number": "x", "seats": "keep"},
            "seats",
        ),
        (
            "post",
            "/api/seats/",
            {"unit": w.unit_a.pk, "seat": "liaison", "holder": w.liaison_b.pk, "end_on": None},
            "end_on",
        ),
        ("post", f"/api/seats/{term}/end/", {"end_on": "2025-01-01", "by": 1}, "by"),
        (
            "post",
            f"/api/seats/{term}/replace/",
            {"new_person": {"username": "zhaoliu", "full_name": "赵六", "role": "office_admin"}},
            "new_person.role",
        ),
        ("patch", f"/api/people/{w.liaison_b.pk}/", {"is_superuser": True}, "is_superuser"),
        ("patch", f"/api/people/{w.liaison_b.pk}/", {"password": "x" * 20}, "password"),
        (
            "post",
            "/api/people/",
            {"username": "zhaoliu", "full_name": "赵六", "role": "reviewer", "is_staff": True},
            "is_staff",
        ),
        ("post", f"/api/people/{w.liaison_b.pk}/set-active/", {"active": True, "x": 1}, "x"),
        (
            "post",
            "/api/committee-posts/",
            {"post": "member", "person_name": "某", "start_on": "2024-01-01", "end_on": None},
            "end_on",
        ),
    ]


@pytest.mark.django_db
def test_unknown_fields_are_refused_everywhere(world, admin_api):
    for method, url, body, name in unknown_field_cases(world):
        before = snapshot()
        response = getattr(admin_api, method)(url, body, format="json")
        refused(response, field=name, code="unknown_field", says="未知字段")
        assert name.split(".")[-1] in response.json()["detail"]
        assert snapshot() == before, (method, url)


WRONG_TYPES = [
    ("patch", "/api/units/{unit_a}/", {"sort_order": "abc"}, "sort_order", "排序："),
    ("patch", "/api/units/{unit_a}/", {"sort_order": -1}, "sort_order", "排序："),
    ("patch", "/api/units/{unit_a}/", {"sort_order": 2**40}, "sort_order", "排序："),
    ("patch", "/api/units/{unit_a}/", {"name": {"zh": "名"}}, "name", "名称："),
    ("post", "/api/seats/", {"unit": "x", "seat": "head", "holder": 1}, "unit", "单位："),
    ("post", "/api/seats/", {"unit": "{unit_a}", "seat": "boss", "holder": 1}, "seat", "席位："),
    ("post", "/api/seats/{term}/end/", {"end_on": "yesterday"}, "end_on", "截止日期："),
    ("post", "/api/seats/{term}/replace/", {"new_holder": "abc"}, "new_holder", "接任人员："),
    ("post", "/api/seats/{term}/replace/", {"new_person": "王五"}, "new_person", "新建接任人员："),
    (
        "post",
        "/api/seats/{term}/replace/",
        {"new_holder": "{spare}", "disable_leaver": "maybe"},
        "disable_leaver",
        "停用离任人员账号：",
    ),
    ("post", "/api/people/{liaison_b}/set-active/", {"active": "perhaps"}, "active", "账号启用："),
    ("post", "/api/people/", {"username": "zhaoliu", "role": "boss"}, None, None),
    ("patch", "/api/people/{liaison_b}/", {"email": "not-an-email"}, "email", None),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url", "body", "field", "says"), WRONG_TYPES)
def test_wrong_types(world, more, admin_api, method, url, body, field, says):
    names = {
        "unit_a": world.unit_a.pk,
        "term": world.terms.liaison_a2.pk,
        "liaison_b": world.liaison_b.pk,
        "spare": more.spare_a.pk,
    }
    url = url.format(**names)
    body = {k: (v.format(**names) if isinstance(v, str) else v) for k, v in body.items()}
    before = snapshot()
    refused(getattr(admin_api, method)(url, body, format="json"), field=field, says=says)
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "raw", ["{", "[1, 2]", '"区审计局"', "null"], ids=["broken", "list", "string", "null"]
)
def test_a_body_that_is_not_an_object(world, admin_api, raw):
    before = snapshot()
    refused(admin_api.post("/api/units/", raw, content_type="application/json"))
    assert snapshot() == before


@pytest.mark.django_db
def test_names_empty_or_too_long_elsewhere(world, more, admin_api):
    before = snapshot()
    a2 = world.terms.liaison_a2.pk
    person = {"username": "zhaoliu", "role": "unit_liaison", "unit": world.unit_a.pk}
    refused(
        admin_api.post("/api/people/", {**person, "full_name": ""}, format="json"),
        field="full_name",
    )
    refused(
        admin_api.post("/api/people/", {**person, "full_name": "名" * 65}, format="json"),
        field="full_name",
        says="64",
    )
    refused(
        admin_api.post(
            "/api/people/", {**person, "username": "a/b", "full_name": "赵六"}, format="json"
        ),
        field="username",
    )
    refused(
        admin_api.patch(f"/api/units/{world.unit_a.pk}/", {"name": " "}, format="json"),
        field="name",
    )
    refused(
        admin_api.patch(f"/api/people/{world.liaison_b.pk}/", {"full_name": ""}, format="json"),
        field="full_name",
    )
    refused(
        admin_api.post(
            "/api/committee-posts/",
            {"post": "member", "person_name": "", "start_on": "2024-01-01"},
            format="json",
        ),
        field="person_name",
    )
    refused(
        admin_api.post(
            f"/api/seats/{a2}/replace/",
            {"new_person": {"username": "zhaoliu", "full_name": ""}},
            format="json",
        ),
        field="full_name",
    )
    assert snapshot() == before


@pytest.mark.django_db
def test_end_dates_before_the_start(world, more, admin_api):
    before = snapshot()
    term = world.terms.liaison_a.pk
    refused(
        admin_api.post(f"/api/seats/{term}/end/", {"end_on": "2000-01-01"}, format="json"),
        field="end_on",
        says="截止日期不能早于起始日期",
    )
    refused(
        admin_api.post(
            f"/api/seats/{term}/replace/",
            {"new_holder": more.spare_a.pk, "on": "2000-01-01"},
            format="json",
        ),
        field="on",
    )
    refused(
        admin_api.post(
            f"/api/committee-posts/{more.chair.pk}/end/", {"end_on": "2000-01-01"}, format="json"
        ),
        field="end_on",
    )
    refused(
        admin_api.post(
            f"/api/units/{world.unit_b.pk}/retire/",
            {"effective_on": "2000-01-01", "document_number": "〔1〕"},
            format="json",
        ),
        field="retired_on",
    )
    assert snapshot() == before


@pytest.mark.django_db
def test_a_second_current_head_is_refused(world, admin_api):
    from fangzhi.accounts.roles import Role

    from ..factories import UserFactory

    second = UserFactory(role=Role.UNIT_HEAD, unit=world.unit_a)
    before = snapshot()
    body = refused(
        admin_api.post(
            "/api/seats/",
            {"unit": world.unit_a.pk, "seat": "head", "holder": second.pk},
            format="json",
        ),
        code="second_head",
        says="一把手",
    )
    assert "field" not in body or body["field"] != "unit"
    assert snapshot() == before


@pytest.mark.django_db
def test_a_retired_unit_receives_no_one(world, more, admin_api):
    services.unit_retire(
        by=world.office_admin,
        unit=world.unit_b,
        retired_on=world.unit_b.joined_on,
        document_number="〔1〕",
    )
    before = snapshot()
    refused(
        admin_api.post(
            "/api/seats/",
            {"unit": world.unit_b.pk, "seat": "liaison", "holder": more.spare_b.pk},
            format="json",
        ),
        code="retired",
    )
    refused(
        admin_api.post(
            "/api/people/",
            {
                "username": "zhaoliu",
                "full_name": "赵六",
                "role": "unit_liaison",
                "unit": world.unit_b.pk,
            },
            format="json",
        ),
        field="unit",
    )
    assert snapshot() == before


@pytest.mark.django_db
def test_another_units_person_as_successor(world, more, api_for, admin_api):
    term = world.terms.liaison_a2.pk
    before = snapshot()
    # To unit A's liaison, unit B's people are unknown ids, like ids that do not exist.
    liaison = api_for("unit_liaison")
    elsewhere = refused(
        liaison.post(
            f"/api/seats/{term}/replace/", {"new_holder": world.liaison_b.pk}, format="json"
        ),
        field="new_holder",
    )
    missing = liaison.post(f"/api/seats/{term}/replace/", {"new_holder": 99999}, format="json")
    assert elsewhere["code"] == missing.json()["code"] == "does_not_exist"
    assert elsewhere["detail"].replace(str(world.liaison_b.pk), "#") == missing.json()[
        "detail"
    ].replace("99999", "#")
    # The office admin sees them, and the service refuses: the successor must be of the unit.
    refused(
        admin_api.post(
            f"/api/seats/{term}/replace/", {"new_holder": more.spare_b.pk}, format="json"
        ),
        field="holder",
        says="本单位",
    )
    assert snapshot() == before


@pytest.mark.django_db
def test_replace_needs_exactly_one_successor(world, more, api_for):
    term = world.terms.liaison_a2.pk
    client = api_for("unit_liaison")
    before = snapshot()
    for body in (
        {},
        {"on": "2025-01-01"},
        {"new_holder": more.spare_a.pk, "new_person": {"username": "x1y", "full_name": "某"}},
    ):
        refused(
            client.post(f"/api/seats/{term}/replace/", body, format="json"), code="one_successor"
        )
    assert snapshot() == before


@pytest.mark.django_db
def test_a_new_successor_is_created_with_the_seat_or_not_at_all(world, api_for):
    """The new account and the replacement are one transaction: a refused date leaves no account."""
    before = snapshot()
    refused(
        api_for("unit_liaison").post(
            f"/api/seats/{world.terms.liaison_a2.pk}/replace/",
            {"new_person": {"username": "wangwu", "full_name": "王五"}, "on": "2000-01-01"},
            format="json",
        ),
        field="on",
    )
    assert snapshot() == before
