"""Every role against every endpoint and method, including another unit's records.

Each case runs on a fresh database, so a write allowed to one role does not change what
the next case sees. The acting unit people belong to unit A; unit B is "another unit".
Ids in a request body that the user cannot see read as unknown (400, the same answer as
for an id that does not exist); ids in the URL answer 403 (404 only for those who see
every row).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from fangzhi.org import services

from ..conftest import ROLES


def expect(default: int, public: int = 401, **overrides: int) -> dict[str, int]:
    table = dict.fromkeys(ROLES, default)
    table["public"] = public
    table.update(overrides)
    return table


ALL = expect(200)
OWN_UNIT = expect(200, reviewer=403)  # office staff and unit A's people
OFFICE = expect(403, office_admin=200, office_editor=200)
MISSING = expect(403, office_admin=404, office_editor=404)
NOPE = expect(405)  # no such method for anyone (nothing is ever deleted)


def admin(status: int) -> dict[str, int]:
    return expect(403, office_admin=status)


def admin_and_unit(status: int) -> dict[str, int]:
    return expect(403, office_admin=status, unit_liaison=status, unit_head=status)


@dataclass
class Case:
    method: str
    url: str  # a template over the names of ``ids()``
    expected: dict[str, int]
    body: Callable | None = None
    setup: Callable | None = None
    name: str = field(default="")


def retire_b(w, m):
    services.unit_retire(
        by=w.office_admin, unit=w.unit_b, retired_on=w.unit_b.joined_on, document_number="〔1〕"
    )


def new_unit(w, m):
    return {
        "name": "区审计局",
        "category": "department",
        "joined_on": "2024-01-01",
        "document_number": "巴南委〔2024〕2号",
    }


def new_person(unit, role="unit_liaison"):
    return lambda w, m: {
        "username": "newbie",
        "full_name": "新人",
        "role": role,
        "unit": getattr(w, unit).pk if unit else None,
    }


CASES = [
    # committee
    Case("get", "/api/committee/", ALL),
    Case("get", "/api/committee/{committee}/", OWN_UNIT),
    Case("post", "/api/committee/", NOPE, lambda w, m: {"name": "x"}),
    Case("get", "/api/committee-posts/", ALL),
    Case("get", "/api/committee-posts/{chair}/", OWN_UNIT),
    Case(
        "post",
        "/api/committee-posts/",
        admin(201),
        lambda w, m: {"post": "vice_chair", "person_name": "李副区长", "start_on": "2024-01-01"},
    ),
    Case(
        "post",
        "/api/committee-posts/{chair}/end/",
        admin(200),
        lambda w, m: {"end_on": "2025-01-01"},
    ),
    Case("patch", "/api/committee-posts/{chair}/", NOPE, lambda w, m: {}),
    # member units
    Case("get", "/api/units/", ALL),
    Case("get", "/api/units/{unit_a}/", OWN_UNIT),
    Case("get", "/api/units/{unit_b}/", OFFICE, name="other unit"),
    Case("get", "/api/units/99999/", MISSING),
    Case("get", "/api/units/abc/", MISSING),
    Case("post", "/api/units/", admin(201), new_unit),
    Case(
        "patch",
        "/api/units/{unit_a}/",
        admin_and_unit(200),
        lambda w, m: {"phone": "023-66201234"},
        name="own contact",
    ),
    Case(
        "patch",
        "/api/units/{unit_a}/",
        admin(200),
        lambda w, m: {"name": "区委办公室（改）"},
        name="own name",
    ),
    Case(
        "patch",
        "/api/units/{unit_b}/",
        admin(200),
        lambda w, m: {"phone": "023-1"},
        name="other unit",
    ),
    Case("put", "/api/units/{unit_a}/", NOPE, lambda w, m: {"phone": "1"}),
    Case("delete", "/api/units/{unit_a}/", NOPE),
    Case(
        "post",
        "/api/units/{unit_a}/retire/",
        admin(200),
        lambda w, m: {"effective_on": "2025-01-01", "document_number": "巴南委〔2025〕1号"},
        name="own",
    ),
    Case(
        "post",
        "/api/units/{unit_b}/retire/",
        admin(200),
        lambda w, m: {"effective_on": "2025-01-01", "document_number": "巴南委〔2025〕1号"},
        name="other unit",
    ),
    Case(
        "post",
        "/api/units/{unit_b}/reinstate/",
        admin(200),
        lambda w, m: {"effective_on": "2025-06-01", "document_number": "巴南委〔2025〕9号"},
        setup=retire_b,
    ),
    # membership changes (recorded by the unit services, never written directly)
    Case("get", "/api/membership-changes/", ALL),
    Case("get", "/api/membership-changes/{join_a}/", OWN_UNIT),
    Case("get", "/api/membership-changes/{join_b}/", OFFICE, name="other unit"),
    Case("get", "/api/membership-changes/99999/", MISSING),
    Case("post", "/api/membership-changes/", NOPE, lambda w, m: {}),
    # seats
    Case("get", "/api/seats/", ALL),
    Case("get", "/api/seats/{term_liaison_a}/", OWN_UNIT),
    Case("get", "/api/seats/{term_liaison_b}/", OFFICE, name="other unit"),
    Case("get", "/api/seats/99999/", MISSING),
    Case(
        "post",
        "/api/seats/",
        admin_and_unit(201),
        lambda w, m: {"unit": w.unit_a.pk, "seat": "liaison", "holder": m.spare_a.pk},
        name="own unit",
    ),
    Case(
        "post",
        "/api/seats/",
        # Unit B and its people are unknown ids to unit A's people.
        expect(403, office_admin=201, unit_liaison=400, unit_head=400),
        lambda w, m: {"unit": w.unit_b.pk, "seat": "liaison", "holder": m.spare_b.pk},
        name="other unit",
    ),
    Case(
        "post",
        "/api/seats/{term_liaison_a2}/end/",
        admin_and_unit(200),
        lambda w, m: {"end_on": "2025-01-01", "reason": "调离"},
        name="own unit",
    ),
    Case(
        "post",
        "/api/seats/{term_liaison_b}/end/",
        admin(200),
        lambda w, m: {"end_on": "2025-01-01"},
        name="other unit",
    ),
    Case(
        "post",
        "/api/seats/{term_liaison_a2}/replace/",
        admin_and_unit(200),
        lambda w, m: {"new_holder": m.spare_a.pk, "on": "2025-01-01"},
        name="own unit",
    ),
    Case(
        "post",
        "/api/seats/{term_liaison_b}/replace/",
        admin(200),
        lambda w, m: {"new_holder": m.spare_b.pk, "on": "2025-01-01"},
        name="other unit",
    ),
    # The editor may change no seat at all: refused before the id is looked at.
    Case("post", "/api/seats/99999/end/", admin(404), lambda w, m: {}),
    Case("patch", "/api/seats/{term_liaison_a}/", NOPE, lambda w, m: {}),
    Case("delete", "/api/seats/{term_liaison_a}/", NOPE),
    # people
    Case("get", "/api/people/", ALL),
    Case("get", "/api/people/{liaison_a2}/", OWN_UNIT, name="colleague"),
    Case("get", "/api/people/{liaison_b}/", OFFICE, name="other unit"),
    Case("get", "/api/people/99999/", MISSING),
    Case("post", "/api/people/", admin_and_unit(201), new_person("unit_a")),
    Case(
        "post",
        "/api/people/",
        expect(403, office_admin=201, unit_liaison=400, unit_head=400),
        new_person("unit_b"),
        name="other unit",
    ),
    Case(
        "post",
        "/api/people/",
        admin(201),
        new_person(None, "office_editor"),
        name="office role",
    ),
    Case(
        "patch",
        "/api/people/{liaison_a2}/",
        admin(200),
        lambda w, m: {"phone": "13800000000"},
        name="colleague",
    ),
    Case(
        "patch",
        "/api/people/{liaison_b}/",
        admin(200),
        lambda w, m: {"phone": "13800000000"},
        name="other unit",
    ),
    Case(
        "post",
        "/api/people/{liaison_a2}/reset-password/",
        admin(200),
        lambda w, m: {},
        name="colleague",
    ),
    Case(
        "post",
        "/api/people/{liaison_b}/set-active/",
        admin(200),
        lambda w, m: {"active": False},
        name="other unit",
    ),
    Case("put", "/api/people/{liaison_a2}/", NOPE, lambda w, m: {}),
    Case("delete", "/api/people/{liaison_a2}/", NOPE),
    # the audit trail and jobs (other apps' viewsets, the same rules)
    Case("get", "/api/audit/", admin(200)),
    Case("post", "/api/audit/", admin(405), lambda w, m: {}),
    Case("get", "/api/jobs/", ALL),
    Case("post", "/api/jobs/", admin(201), lambda w, m: {}),
    # The schema describes the endpoints, not data: public documentation.
    Case("get", "/api/schema/", expect(200, public=200)),
]


def ids(w, m) -> dict[str, int]:
    return {
        "committee": w.committee.pk,
        "chair": m.chair.pk,
        "unit_a": w.unit_a.pk,
        "unit_b": w.unit_b.pk,
        "join_a": m.join_a.pk,
        "join_b": m.join_b.pk,
        "liaison_a2": w.liaison_a2.pk,
        "liaison_b": w.liaison_b.pk,
        **{f"term_{name}": term.pk for name, term in vars(w.terms).items()},
    }


def case_id(case: Case) -> str:
    return f"{case.method.upper()} {case.url}" + (f" ({case.name})" if case.name else "")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_api_matrix(world, more, api_for, role, case):
    if case.setup:
        case.setup(world, more)
    client = api_for(role)
    kwargs = {"data": case.body(world, more), "format": "json"} if case.body else {}
    response = getattr(client, case.method)(case.url.format(**ids(world, more)), **kwargs)
    assert response.status_code == case.expected[role], response.content.decode()[:300]
    if response.status_code >= 400:
        assert response.json()["detail"], response.content  # one readable message


def test_case_ids_are_unique():
    names = [case_id(c) for c in CASES]
    assert len(names) == len(set(names))
