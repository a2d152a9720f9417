"""The audit trail: who changed what and when, with the old and new values, whatever the
surface (services, pages, the API); read and exported by office administrators only;
never changed or deleted by anyone.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from types import SimpleNamespace

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command, get_commands
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from fangzhi.accounts import services as people
from fangzhi.accounts.models import User
from fangzhi.accounts.roles import Role
from fangzhi.audit.immutable import AuditTrailImmutable
from fangzhi.org import services as org
from fangzhi.org.models import SeatTerm, Unit

from ..a11y import parse
from ..conftest import ROLES
from ..factories import UserFactory

pytestmark = pytest.mark.django_db

NON_ADMINS = [r for r in ROLES if r not in ("office_admin", "public")]


# --- helpers --------------------------------------------------------------------------------------


def entries_for(obj) -> list[LogEntry]:
    """The object's entries, oldest first."""
    return list(LogEntry.objects.get_for_object(obj).order_by("timestamp", "pk"))


def last_entry(obj) -> LogEntry:
    found = entries_for(obj)
    assert found, f"no audit entry for {obj!r}"
    return found[-1]


def old_new(entry: LogEntry, field: str) -> tuple[str | None, str | None]:
    """The (old, new) values auditlog stored for one field, as text; None for none."""

    def text(value):
        return None if value in (None, "None") else str(value)

    old, new = entry.changes_dict[field]
    return text(old), text(new)


class Clock:
    """The moments around an action, to check an entry's time."""

    def __enter__(self):
        self.start = timezone.now()
        return self

    def __exit__(self, *exc):
        self.end = timezone.now()

    def holds(self, entry: LogEntry) -> bool:
        return self.start <= entry.timestamp <= self.end


def token_client(user, *, session_user=None) -> APIClient:
    client = APIClient()
    if session_user is not None:  # a browser session of someone else in the same client
        client.force_login(session_user)
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def spare(unit, username):
    """A liaison of the unit without a seat yet."""
    return UserFactory(username=username, role=Role.UNIT_LIAISON, unit=unit)


# --- every create and change is recorded: services --------------------------------------------


def test_unit_create_and_change_through_services(world):
    admin = world.office_admin
    with Clock() as clock:
        unit = org.unit_add(
            by=admin,
            name="区审计局",
            category=Unit.Category.DEPARTMENT,
            joined_on=dt.date(2024, 1, 1),
            document_number="巴南委〔2024〕2号",
            phone="023-1",
        )
    created = last_entry(unit)
    assert created.action == LogEntry.Action.CREATE and created.actor == admin
    assert clock.holds(created)
    assert old_new(created, "name") == (None, "区审计局")
    assert old_new(created, "phone") == (None, "023-1")

    with Clock() as clock:
        org.unit_update(by=admin, unit=unit, phone="023-66220000", name="区审计局（新）")
    changed = last_entry(unit)
    assert changed.action == LogEntry.Action.UPDATE and changed.actor == admin
    assert clock.holds(changed)
    assert old_new(changed, "phone") == ("023-1", "023-66220000")
    assert old_new(changed, "name") == ("区审计局", "区审计局（新）")
    assert set(changed.changes_dict) == {"phone", "name"}  # unchanged fields are not listed

    org.unit_retire(
        by=admin, unit=unit, retired_on=dt.date(2025, 3, 1), document_number="巴南委〔2025〕3号"
    )
    retired = last_entry(unit)
    assert retired.actor == admin and old_new(retired, "status") == ("active", "retired")
    join, retire = (entries_for(c)[0] for c in unit.membership_changes.order_by("pk"))
    assert {join.actor, retire.actor} == {admin}


def test_seat_create_and_change_through_services(world):
    liaison = world.unit_liaison  # the unit manages its own seats
    newcomer = spare(world.unit_a, "newcomer_a")
    with Clock() as clock:
        term = org.seat_appoint(
            by=liaison, unit=world.unit_a, seat=SeatTerm.Seat.LIAISON, holder=newcomer
        )
    created = last_entry(term)
    assert created.action == LogEntry.Action.CREATE and created.actor == liaison
    assert clock.holds(created)
    assert old_new(created, "holder") == (None, str(newcomer.pk))

    org.seat_end(by=liaison, term=term, end_on=term.start_on, reason="调离")
    ended = last_entry(term)
    assert ended.action == LogEntry.Action.UPDATE and ended.actor == liaison
    assert old_new(ended, "end_on") == (None, term.start_on.isoformat())
    assert old_new(ended, "end_reason")[1] == "调离"


def test_seat_replacement_records_every_row_it_touches(world):
    head_b = world.head_b
    successor = spare(world.unit_b, "successor_b")
    old_term = world.terms.liaison_b
    new_term = org.seat_replace(by=head_b, term=old_term, new_holder=successor, reason="退休")
    ended = last_entry(old_term)
    assert ended.actor == head_b and old_new(ended, "end_on")[0] is None
    started = last_entry(new_term)
    assert started.action == LogEntry.Action.CREATE and started.actor == head_b
    assert old_new(started, "replaces") == (None, str(old_term.pk))
    leaver = last_entry(world.liaison_b)  # the leaver's account is disabled, on record
    assert leaver.actor == head_b and old_new(leaver, "is_active") == ("True", "False")


def test_person_create_and_change_through_services(world):
    admin = world.office_admin
    with Clock() as clock:
        person, _password = people.person_create(
            by=admin, username="wangwu", full_name="王五", role=Role.OFFICE_EDITOR
        )
    created = last_entry(person)
    assert created.action == LogEntry.Action.CREATE and created.actor == admin
    assert clock.holds(created)
    assert old_new(created, "full_name") == (None, "王五")
    assert old_new(created, "role") == (None, Role.OFFICE_EDITOR.value)

    people.person_update(by=admin, person=person, full_name="王五一", phone="139")
    changed = last_entry(person)
    assert changed.actor == admin and old_new(changed, "full_name") == ("王五", "王五一")

    people.person_update(by=person, person=person, title="编辑")  # people edit their own data
    assert last_entry(person).actor == person

    User.objects.filter(pk=person.pk).update(must_change_password=False)  # they signed in
    people.person_reset_password(by=admin, person=person)
    reset = last_entry(person)
    assert reset.actor == admin and old_new(reset, "must_change_password") == ("False", "True")
    # Passwords (even hashed) and login times are never history.
    for entry in entries_for(person):
        assert "password" not in entry.changes_dict and "last_login" not in entry.changes_dict


# --- pages --------------------------------------------------------------------------------------


def test_unit_change_through_a_page_names_the_person_and_address(world, client_for):
    liaison = world.unit_liaison
    response = client_for("unit_liaison").post(
        reverse("org:unit_edit", args=[world.unit_a.pk]),
        {"address": "鱼洞街道新市街1号", "phone": "023-66001234"},
    )
    assert response.status_code == 302, response.content[:500]
    entry = last_entry(world.unit_a)
    assert entry.action == LogEntry.Action.UPDATE and entry.actor == liaison
    assert old_new(entry, "phone")[1] == "023-66001234"
    assert entry.remote_addr == "127.0.0.1"


def test_seat_appointment_through_a_page(world, client_for):
    newcomer = spare(world.unit_a, "newcomer_page")
    response = client_for("unit_head").post(
        reverse("org:seat_appoint", args=[world.unit_a.pk]),
        {"seat": SeatTerm.Seat.LIAISON, "holder": newcomer.pk, "start_on": "2025-05-01"},
    )
    assert response.status_code == 302, response.content[:500]
    term = SeatTerm.objects.get(holder=newcomer)
    entry = last_entry(term)
    assert entry.action == LogEntry.Action.CREATE and entry.actor == world.unit_head
    assert old_new(entry, "start_on") == (None, "2025-05-01")


def test_person_create_and_edit_through_pages(world, client_for):
    client = client_for("office_admin")
    response = client.post(
        reverse("accounts:person_create"),
        {"full_name": "赵六", "username": "zhaoliu", "role": Role.REVIEWER},
    )
    assert response.status_code in (200, 302), response.content[:500]
    person = User.objects.get(username="zhaoliu")
    assert last_entry(person).actor == world.office_admin

    response = client.post(
        reverse("accounts:person_edit", args=[person.pk]),
        {"full_name": "赵六六", "username": "zhaoliu", "role": Role.REVIEWER},
    )
    assert response.status_code == 302, response.content[:500]
    entry = last_entry(person)
    assert entry.actor == world.office_admin
    assert old_new(entry, "full_name") == ("赵六", "赵六六")


# --- the API: the actor is the token's user -----------------------------------------------------


def test_api_changes_are_attributed_to_the_tokens_user(world):
    admin = world.office_admin
    # The same client also carries an editor's browser session: the token decides who acts.
    client = token_client(admin, session_user=world.office_editor)
    r = client.patch(f"/api/units/{world.unit_b.pk}/", {"phone": "023-7"}, format="json")
    assert r.status_code == 200, r.content
    entry = last_entry(world.unit_b)
    assert entry.actor == admin and old_new(entry, "phone")[1] == "023-7"
    assert entry.remote_addr == "127.0.0.1"

    r = client.post(
        "/api/people/",
        {"username": "api_person", "full_name": "接口新人", "role": "office_editor"},
        format="json",
    )
    assert r.status_code == 201, r.content
    assert last_entry(User.objects.get(username="api_person")).actor == admin


def test_api_seat_changes_by_a_units_liaison(world):
    liaison = world.unit_liaison
    client = token_client(liaison)
    newcomer = spare(world.unit_a, "newcomer_api")
    r = client.post(
        "/api/seats/",
        {"unit": world.unit_a.pk, "seat": "liaison", "holder": newcomer.pk},
        format="json",
    )
    assert r.status_code == 201, r.content
    term = SeatTerm.objects.get(pk=r.json()["id"])
    assert last_entry(term).actor == liaison

    r = client.post(f"/api/seats/{term.pk}/end/", {"reason": "借调"}, format="json")
    assert r.status_code == 200, r.content
    entry = last_entry(term)
    assert entry.actor == liaison and old_new(entry, "end_reason")[1] == "借调"

    r = client.patch(f"/api/people/{liaison.pk}/", {"phone": "138"}, format="json")
    assert r.status_code == 200, r.content
    assert last_entry(liaison).actor == liaison


# --- filters: page, API and exports answer the same rows ---------------------------------------


@pytest.fixture
def trail(world):
    """Changes by different people, to different units and kinds of record, and four entries
    at the edges of two office-local days (2020-03-01 and 2020-03-02, Asia/Shanghai)."""
    admin, liaison = world.office_admin, world.unit_liaison
    org.unit_update(by=liaison, unit=world.unit_a, phone="023-1")
    org.unit_update(by=admin, unit=world.unit_b, phone="023-2")
    people.person_update(by=admin, person=world.liaison_b, full_name="乙联络员")
    ct = ContentType.objects.get_for_model(Unit)
    tz = timezone.get_default_timezone()
    assert str(tz) == "Asia/Shanghai"

    def at(moment: dt.datetime, unit: Unit) -> LogEntry:
        # New entries are allowed; only existing ones are frozen.
        return LogEntry.objects.create(
            content_type=ct,
            object_pk=str(unit.pk),
            object_id=unit.pk,
            object_repr=str(unit),
            action=LogEntry.Action.UPDATE,
            changes={"address": ["旧址", "新址"]},
            actor=admin,
            timestamp=moment,
        )

    return SimpleNamespace(
        before=at(dt.datetime(2020, 2, 29, 23, 59, 59, tzinfo=tz), world.unit_a),
        first=at(dt.datetime(2020, 3, 1, 0, 0, 0, tzinfo=tz), world.unit_a),
        last=at(dt.datetime(2020, 3, 2, 23, 59, 59, tzinfo=tz), world.unit_b),
        after=at(dt.datetime(2020, 3, 3, 0, 0, 0, tzinfo=tz), world.unit_b),
    )


def page_ids(client, params) -> set[int]:
    response = client.get(reverse("audit:log"), {**params, "page": 1})
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert page.paginator.num_pages == 1, "narrow the filter: the test reads one page"
    return {entry.pk for entry, _changes in response.context["rows"]}


def api_ids(client, params) -> set[int]:
    response = client.get("/api/audit/", params)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["next"] is None, "narrow the filter: the test reads one page"
    return {row["id"] for row in body["results"]}


def csv_rows(client, params) -> list[list[str]]:
    response = client.get(reverse("audit:export"), {**params, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the Chinese only with a BOM
    return list(csv.reader(io.StringIO(text[1:])))[1:]


def xlsx_rows(client, params) -> list[list[str]]:
    response = client.get(reverse("audit:export"), {**params, "format": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    return [["" if v is None else str(v) for v in row] for row in rows[1:]]


RECORD_ID = 5  # the column of the record's id in both exports
ACTION = 3


def created(obj) -> LogEntry:
    return LogEntry.objects.get_for_object(obj).get(action=LogEntry.Action.CREATE)


def expected(**filters) -> set[int]:
    from fangzhi.audit.selectors import audit_entries

    return set(audit_entries(**filters).values_list("pk", flat=True))


def filter_cases(world, trail):
    unit_ct = ContentType.objects.get_for_model(Unit)
    user_ct = ContentType.objects.get_for_model(User)
    return [
        # (params, entries that must be in, entries that must be out)
        (
            {"actor": world.unit_liaison.pk},
            [last_entry(world.unit_a)],
            [last_entry(world.unit_b), trail.first],
        ),
        (
            {"unit": world.unit_b.pk},
            [last_entry(world.unit_b), last_entry(world.liaison_b), trail.last, trail.after],
            [last_entry(world.unit_a), trail.first, entries_for(world.unit_liaison)[0]],
        ),
        (
            {"content_type": user_ct.pk},
            [last_entry(world.liaison_b)],
            [last_entry(world.unit_a), trail.first],
        ),
        (
            {"content_type": unit_ct.pk, "actor": world.office_admin.pk},
            [last_entry(world.unit_b), trail.before, trail.after],
            [last_entry(world.unit_a), last_entry(world.liaison_b)],
        ),
        (
            {"date_from": "2020-03-01", "date_to": "2020-03-02"},
            [trail.first, trail.last],
            [trail.before, trail.after, last_entry(world.unit_a)],
        ),
        (
            {"date_to": "2020-02-29"},
            [trail.before],
            [trail.first, trail.last, trail.after],
        ),
        (
            {"date_from": "2020-03-03", "unit": world.unit_a.pk},
            [last_entry(world.unit_a)],
            [trail.before, trail.first, trail.after, last_entry(world.unit_b)],
        ),
        (
            {"action": LogEntry.Action.CREATE, "unit": world.unit_a.pk},
            [created(world.unit_a)],
            [last_entry(world.unit_a), trail.first],
        ),
    ]


def test_page_and_api_filter_and_exclude(world, trail, client_for):
    page = client_for("office_admin")
    api = token_client(world.office_admin)
    for params, inside, outside in filter_cases(world, trail):
        shown = page_ids(page, params)
        assert {e.pk for e in inside} <= shown, params
        assert not {e.pk for e in outside} & shown, params
        assert api_ids(api, params) == shown, params


def test_exports_hold_the_filtered_rows_only(world, trail, client_for):
    client = client_for("office_admin")
    for params, inside, outside in filter_cases(world, trail):
        ids = page_ids(client, params)
        for rows in (csv_rows(client, params), xlsx_rows(client, params)):
            assert len(rows) == len(ids), params
            exported = sorted((row[RECORD_ID], row[ACTION]) for row in rows)
            wanted = sorted(
                (e.object_pk, e.get_action_display()) for e in LogEntry.objects.filter(pk__in=ids)
            )
            assert exported == wanted, params


def test_unit_filter_follows_the_units_people_and_seats(world, trail, client_for):
    """unit=B: changes by B's people, to B, to B's seats and people; nothing of unit A."""
    shown = page_ids(client_for("office_admin"), {"unit": world.unit_b.pk})
    assert shown == expected(unit=world.unit_b)
    for pk in shown:
        entry = LogEntry.objects.get(pk=pk)
        model = entry.content_type.model_class()
        obj = model._default_manager.filter(pk=entry.object_pk).first()
        about_b = obj == world.unit_b or getattr(obj, "unit_id", None) == world.unit_b.pk
        by_b = entry.actor is not None and entry.actor.unit_id == world.unit_b.pk
        assert about_b or by_b, entry
    assert created(world.terms.liaison_b).pk in shown
    assert created(world.liaison_b).pk in shown
    assert not {e.pk for e in entries_for(world.terms.liaison_a)} & shown


def test_a_reversed_date_range_is_refused(world, trail, client_for):
    client = client_for("office_admin")
    params = {"date_from": "2020-03-02", "date_to": "2020-03-01"}
    response = client.get(reverse("audit:log"), params)
    assert response.status_code == 200 and response.context["rows"] == []
    assert "errorlist" in response.content.decode()
    assert client.get(reverse("audit:export"), {**params, "format": "csv"}).status_code == 400
    r = token_client(world.office_admin).get("/api/audit/", params)
    assert r.status_code == 400


def test_exports_defuse_formulas(world, client_for):
    name = '=HYPERLINK("http://example.com/x","点我")'
    unit = org.unit_add(
        by=world.office_admin,
        name=name,
        category=Unit.Category.DEPARTMENT,
        joined_on=dt.date(2024, 1, 1),
        document_number="+1 号",
    )
    people.person_update(by=world.office_admin, person=world.office_admin, full_name="@管理员")
    people.person_update(by=world.office_admin, person=world.unit_liaison, full_name="-联络员")
    client = client_for("office_admin")
    ct = ContentType.objects.get_for_model(Unit)
    params = {"content_type": ct.pk, "actor": world.office_admin.pk}
    for rows in (csv_rows(client, params), xlsx_rows(client, params)):
        row = next(r for r in rows if r[RECORD_ID] == str(unit.pk))
        assert row[6] == "'" + name  # the record's name
        assert row[1] == "'@管理员"  # the person
        for cell in (c for r in rows for c in r):
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    people_rows = csv_rows(client, {"content_type": ContentType.objects.get_for_model(User).pk})
    assert any(r[6] == "'-联络员" for r in people_rows)


# --- entries are never changed or deleted ------------------------------------------------------


def test_an_entry_cannot_be_saved_again(world):
    entry = last_entry(world.unit_a)
    entry.object_repr = "篡改"
    with pytest.raises(AuditTrailImmutable), transaction.atomic():
        entry.save()
    assert LogEntry.objects.get(pk=entry.pk).object_repr == str(world.unit_a)


def test_entries_cannot_be_deleted(world):
    count = LogEntry.objects.count()
    entry = last_entry(world.unit_a)
    with pytest.raises(AuditTrailImmutable), transaction.atomic():
        entry.delete()
    with pytest.raises(AuditTrailImmutable), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AuditTrailImmutable), transaction.atomic():
        LogEntry.objects.all().delete()
    assert LogEntry.objects.count() == count


def test_deleting_a_content_type_keeps_its_history(world):
    """``remove_stale_contenttypes`` would otherwise cascade to the model's entries."""
    count = LogEntry.objects.count()
    with pytest.raises(AuditTrailImmutable), transaction.atomic():
        ContentType.objects.get_for_model(SeatTerm).delete()
    assert LogEntry.objects.count() == count


def test_entries_cannot_be_changed_in_bulk(world):
    entry = last_entry(world.unit_a)
    with pytest.raises(AuditTrailImmutable), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(object_repr="篡改")
    entry.object_repr = "篡改"
    with pytest.raises(AuditTrailImmutable), transaction.atomic():
        LogEntry.objects.bulk_update([entry], ["object_repr"])
    assert LogEntry.objects.get(pk=entry.pk).object_repr == str(world.unit_a)


def test_auditlogflush_is_ours_and_refuses(world):
    assert get_commands()["auditlogflush"] == "fangzhi.audit", (
        "fangzhi.audit must come before auditlog in INSTALLED_APPS"
    )
    count = LogEntry.objects.count()
    assert count
    for args in (["-y"], ["-y", "--before-date", "2999-01-01"], ["-y", "--truncate"]):
        with pytest.raises(CommandError):
            call_command("auditlogflush", *args)
        assert LogEntry.objects.count() == count


# --- nothing offers an edit or a delete; only office admins read -------------------------------


def test_api_offers_no_write(world):
    entry = last_entry(world.unit_a)
    url = f"/api/audit/{entry.pk}/"
    for role_user, status in ((world.office_admin, 405), (world.office_editor, 403)):
        client = token_client(role_user)
        assert client.put(url, {"object_repr": "x"}, format="json").status_code == status
        assert client.patch(url, {"object_repr": "x"}, format="json").status_code == status
        assert client.delete(url).status_code == status
        assert client.post("/api/audit/", {}, format="json").status_code == status
    assert LogEntry.objects.get(pk=entry.pk).object_repr == entry.object_repr
    allowed = token_client(world.office_admin).options(url)
    assert not {"PUT", "PATCH", "DELETE", "POST"} & {
        m.strip() for m in allowed.get("Allow", "").split(",")
    }


def test_pages_offer_no_write(world, client_for):
    client = client_for("office_admin")
    entry = last_entry(world.unit_a)
    urls = [
        reverse("audit:log"),
        reverse("audit:entry", args=[entry.pk]),
        reverse("audit:export"),
    ]
    for url in urls:
        for method in ("post", "put", "patch", "delete"):
            assert getattr(client, method)(url).status_code == 405, (method, url)
    count = LogEntry.objects.count()
    for url in urls[:2]:
        root = parse(client.get(url).content.decode())
        # The only forms that post are the site's own (sign out, language), never to /audit/.
        for form in (n for n in root.iter() if n.tag == "form"):
            if (form.attrs.get("method") or "get").lower() != "get":
                assert not (form.attrs.get("action") or url).startswith("/audit"), form.attrs
    assert LogEntry.objects.count() == count


def test_audit_routes_are_read_only():
    from django.urls import get_resolver

    resolver = get_resolver()
    audit = next(p for p in resolver.url_patterns if getattr(p, "namespace", None) == "audit")
    names = {p.name for p in audit.url_patterns}
    assert names == {"log", "entry", "export"}
    for pattern in audit.url_patterns:
        assert set(pattern.callback.view_class.http_method_names) <= {"get", "head", "options"}


@pytest.mark.parametrize("role", [*NON_ADMINS, "public"])
def test_only_office_admins_read_the_trail(world, client_for, role):
    client = client_for(role)
    entry = last_entry(world.unit_a)
    urls = [
        reverse("audit:log"),
        reverse("audit:log") + f"?unit={world.unit_a.pk}",
        reverse("audit:entry", args=[entry.pk]),
        reverse("audit:entry", args=[999999]),
        reverse("audit:export") + "?format=csv",
        reverse("audit:export") + "?format=xlsx",
    ]
    for url in urls:
        response = client.get(url)
        if role == "public":
            assert response.status_code == 302 and "/accounts/login/" in response.url, url
        else:
            assert response.status_code == 403, (url, response.status_code)
    user = getattr(world, role, None)
    api = token_client(user) if user is not None else APIClient()
    for url in ("/api/audit/", f"/api/audit/{entry.pk}/", f"/api/audit/?unit={world.unit_a.pk}"):
        status = api.get(url).status_code
        assert status == (401 if user is None else 403), (url, status)


def test_office_admins_read_the_trail(world, client_for):
    client = client_for("office_admin")
    entry = last_entry(world.unit_a)
    assert client.get(reverse("audit:log")).status_code == 200
    detail = client.get(reverse("audit:entry", args=[entry.pk]))
    assert detail.status_code == 200 and world.unit_a.name in detail.content.decode()
    assert client.get(reverse("audit:entry", args=[999999])).status_code == 404
    assert token_client(world.office_admin).get(f"/api/audit/{entry.pk}/").status_code == 200
