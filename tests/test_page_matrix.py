"""Every role against every page, including another unit's records.

The table must name every URL the project routes: a new page without an entry here
fails ``test_every_url_is_in_the_matrix``. ``unit_b`` and its people are *another*
unit for the unit liaison and head (who belong to ``unit_a``).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fangzhi.core.jobs import job_start
from fangzhi.org.models import CommitteePost

from .conftest import ROLES
from .matrix import ADMIN_ONLY, ANY_ACCOUNT, OTHER_UNIT_READ, STAFF_AND_UNITS, statuses
from .quality import matrix_quality
from .returns import matrix_campaigns, matrix_submissions
from .returns.data import make_returns
from .search import matrix_search
from .works import matrix_manuscripts, matrix_outline
from .works.data import make_works

A, E, L, H, R, P = ROLES  # office_admin, office_editor, unit_liaison, unit_head, reviewer, public


# url name -> (kwargs builder, {role: status}) for GET
GET_MATRIX = {
    "core:dashboard": (None, ANY_ACCOUNT),
    "core:job_list": (None, ANY_ACCOUNT),
    "core:job_detail": (lambda w: {"pk": w.job.pk}, ADMIN_ONLY),
    "core:notification_list": (None, ANY_ACCOUNT),
    "accounts:login": (None, statuses(302, public=200)),
    "accounts:password_change": (None, ANY_ACCOUNT),
    "accounts:person_list": (None, ANY_ACCOUNT),
    "accounts:person_create": (
        None,
        statuses(403, office_admin=200, unit_liaison=200, unit_head=200),
    ),
    "accounts:person_detail": (lambda w: {"pk": w.liaison_b.pk}, OTHER_UNIT_READ),
    "accounts:person_edit": (lambda w: {"pk": w.liaison_b.pk}, ADMIN_ONLY),
    "org:committee": (None, STAFF_AND_UNITS),
    "org:committee_post_assign": (None, ADMIN_ONLY),
    "org:committee_post_end": (lambda w: {"pk": w.post.pk}, ADMIN_ONLY),
    "org:unit_list": (None, ANY_ACCOUNT),
    "org:unit_add": (None, ADMIN_ONLY),
    "org:unit_detail": (lambda w: {"pk": w.unit_b.pk}, OTHER_UNIT_READ),
    "org:unit_edit": (lambda w: {"pk": w.unit_b.pk}, ADMIN_ONLY),
    "org:unit_retire": (lambda w: {"pk": w.unit_b.pk}, ADMIN_ONLY),
    "org:unit_reinstate": (lambda w: {"pk": w.unit_b.pk}, ADMIN_ONLY),
    "org:seat_appoint": (lambda w: {"pk": w.unit_b.pk}, ADMIN_ONLY),
    "org:seat_replace": (lambda w: {"pk": w.terms.liaison_b.pk}, ADMIN_ONLY),
    "org:seat_end": (lambda w: {"pk": w.terms.liaison_b.pk}, ADMIN_ONLY),
    "audit:log": (None, ADMIN_ONLY),
    "audit:entry": (lambda w: {"pk": w.audit_entry.pk}, ADMIN_ONLY),
    "audit:export": (None, ADMIN_ONLY),
    "works:work_list": (None, ANY_ACCOUNT),
    "returns:campaign_list": (None, STAFF_AND_UNITS),
}
# Pages of the unit's own records, where the unit's people are let in.
OWN_UNIT = {
    "org:unit_detail": (lambda w: {"pk": w.unit_a.pk}, statuses(200, reviewer=403)),
    "org:unit_edit": (
        lambda w: {"pk": w.unit_a.pk},
        statuses(403, office_admin=200, unit_liaison=200, unit_head=200),
    ),
    "org:seat_appoint": (
        lambda w: {"pk": w.unit_a.pk},
        statuses(403, office_admin=200, unit_liaison=200, unit_head=200),
    ),
    "org:seat_replace": (
        lambda w: {"pk": w.terms.liaison_a2.pk},
        statuses(403, office_admin=200, unit_liaison=200, unit_head=200),
    ),
    "org:seat_end": (
        lambda w: {"pk": w.terms.liaison_a2.pk},
        statuses(403, office_admin=200, unit_liaison=200, unit_head=200),
    ),
    "accounts:person_detail": (lambda w: {"pk": w.liaison_a2.pk}, statuses(200, reviewer=403)),
}
# URLs that only take POST (GET is refused) or that belong to libraries.
POST_ONLY = {
    "accounts:logout",
    "accounts:person_reset_password",
    "accounts:person_set_active",
    "core:job_system_check",
    "core:notification_read",
    "core:notification_read_all",
    "set_language",
}
API_URLS_TESTED_IN_TESTS_API = "api"

for _part in (
    matrix_outline,
    matrix_manuscripts,
    matrix_campaigns,
    matrix_submissions,
    matrix_quality,
    matrix_search,
):
    GET_MATRIX.update(_part.GET)
    OWN_UNIT.update(_part.OWN)
    POST_ONLY |= _part.POST_ONLY


def all_url_names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from all_url_names(p, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + p.name


@pytest.fixture
def matrix_world(world):
    from auditlog.models import LogEntry

    world.job = job_start(by=world.office_admin, kind="system_check", title="check")
    world.post = CommitteePost.objects.create(
        committee=world.committee, post="vice_chair", person_name="王某", start_on="2023-01-01"
    )
    world.audit_entry = LogEntry.objects.first()
    return make_returns(make_works(world))


def test_every_url_is_in_the_matrix():
    api = {n for n in all_url_names() if n.startswith("api") or "-" in n}
    pages = set(all_url_names()) - api
    missing = pages - set(GET_MATRIX) - POST_ONLY
    assert not missing, f"pages without a permission expectation: {sorted(missing)}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("table", [GET_MATRIX, OWN_UNIT], ids=["other", "own"])
def test_get_matrix(matrix_world, client_for, role, table):
    client = client_for(role)
    failures = []
    for name, (kwargs, expected) in table.items():
        url = reverse(name, kwargs=kwargs(matrix_world) if kwargs else None)
        status = client.get(url).status_code
        if status != expected[role]:
            failures.append(f"{name} {url}: {status}, expected {expected[role]}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["unit_liaison", "unit_head"])
def test_missing_ids_look_like_other_units_ids(matrix_world, client_for, role):
    """A unit's people get 403 for a non-existent id too: nothing leaks existence."""
    client = client_for(role)
    for name in ("org:unit_detail", "org:seat_replace", "accounts:person_detail"):
        assert client.get(reverse(name, kwargs={"pk": 99999})).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_post_only_actions(matrix_world, client_for, role):
    client = client_for(role)
    w = matrix_world
    expected_ok = role == "office_admin"
    for name, kwargs in (
        ("accounts:person_reset_password", {"pk": w.liaison_b.pk}),
        ("accounts:person_set_active", {"pk": w.liaison_b.pk}),
        ("core:job_system_check", None),
    ):
        url = reverse(name, kwargs=kwargs)
        assert client.get(url).status_code in (302, 403, 405)
        status = client.post(url, {"active": "1"}).status_code
        if role == "public":
            assert status == 302 and "/accounts/login/" in client.post(url).url
        elif expected_ok:
            assert status in (200, 302), (name, status)
        else:
            assert status == 403, (name, status)
