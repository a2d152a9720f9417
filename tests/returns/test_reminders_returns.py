"""Due-date reminders of the annual returns: once per unit and event, never twice, around
the boundary of ``settings.REMINDER_DAYS``, and with the daily reminder job."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail

from fangzhi.core.models import Job, Notification
from fangzhi.returns import services
from fangzhi.returns.models import Campaign, Category, Submission
from fangzhi.returns.reminders import returns_reminders_send
from fangzhi.works import reminders as works_reminders

from ..works.data import make_works
from .data import make_returns

pytestmark = pytest.mark.django_db

DAYS = settings.REMINDER_DAYS
DUE = dt.date(2026, 2, 28)  # the campaign's due date in tests/returns/data.py


@pytest.fixture
def rw(world):
    w = make_returns(make_works(world))
    assert w.campaign.due_on == DUE
    for person in (w.unit_head, w.unit_liaison, w.liaison_a2, w.head_b, w.liaison_b):
        person.email = f"{person.username}@example.cn"
        person.save(update_fields=["email"])
    w.unit_a_people = {w.unit_head, w.unit_liaison, w.liaison_a2}
    w.unit_b_people = {w.head_b, w.liaison_b}
    Notification.objects.all().delete()
    mail.outbox.clear()
    return w


def told(prefix):
    """{event_key: {recipient}} of the notifications whose key starts with ``prefix``."""
    found = {}
    for note in Notification.objects.filter(event_key__startswith=prefix).select_related(
        "recipient"
    ):
        found.setdefault(note.event_key, set()).add(note.recipient)
    return found


def key(event, w, unit):
    return f"{event}:{w.campaign.pk}:{unit.pk}:{DUE.isoformat()}"


def test_nothing_before_the_reminder_days(rw):
    counts = returns_reminders_send(on=DUE - dt.timedelta(days=DAYS + 1))
    assert counts == {
        "date": (DUE - dt.timedelta(days=DAYS + 1)).isoformat(),
        "returns_due_soon": 0,
        "returns_missed": 0,
        "sent": 0,
    }
    assert not told("returns_") and mail.outbox == []


def test_due_soon_on_the_first_day_tells_each_units_people_once(rw):
    counts = returns_reminders_send(on=DUE - dt.timedelta(days=DAYS))
    assert counts["returns_due_soon"] == 2 and counts["returns_missed"] == 0
    assert counts["sent"] == 5
    assert told("returns_") == {
        key("returns_due_soon", rw, rw.unit_a): rw.unit_a_people,
        key("returns_due_soon", rw, rw.unit_b): rw.unit_b_people,
    }
    note = Notification.objects.get(recipient=rw.head_b)
    assert note.url == f"/returns/{rw.campaign.pk}/units/{rw.unit_b.pk}/"
    assert "2026-02-28" in note.title and "7" in note.body  # seven categories owed
    assert len(mail.outbox) == 5
    # a second run, or a later day in the window, tells nobody again
    assert returns_reminders_send(on=DUE - dt.timedelta(days=DAYS))["sent"] == 0
    assert returns_reminders_send(on=DUE)["sent"] == 0
    assert Notification.objects.count() == 5


def test_missed_the_day_after_the_due_date(rw):
    assert returns_reminders_send(on=DUE)["returns_missed"] == 0  # the due day is not missed
    Notification.objects.all().delete()
    counts = returns_reminders_send(on=DUE + dt.timedelta(days=1))
    assert counts["returns_missed"] == 2 and counts["returns_due_soon"] == 0
    assert told("returns_missed") == {
        key("returns_missed", rw, rw.unit_a): rw.unit_a_people,
        key("returns_missed", rw, rw.unit_b): rw.unit_b_people,
    }
    assert returns_reminders_send(on=DUE + dt.timedelta(days=2))["sent"] == 0


def test_a_moved_due_date_is_a_new_event(rw):
    returns_reminders_send(on=DUE)
    later = DUE + dt.timedelta(days=10)
    services.campaign_update(by=rw.office_admin, campaign=rw.campaign, due_on=later)
    counts = returns_reminders_send(on=later)
    assert counts["sent"] == 5
    assert f"returns_due_soon:{rw.campaign.pk}:{rw.unit_a.pk}:{later.isoformat()}" in told(
        "returns_due_soon"
    )


def test_units_that_submitted_everything_or_were_returned_are_not_reminded(rw):
    # unit_b: signed off, accepted or returned in every category
    subs = Submission.objects.filter(campaign=rw.campaign, unit=rw.unit_b)
    for submission, status in zip(
        subs.order_by("category"),
        ["submitted", "accepted", "returned", "submitted", "accepted", "returned", "accepted"],
        strict=True,
    ):
        Submission.objects.filter(pk=submission.pk).update(status=status)
    counts = returns_reminders_send(on=DUE + dt.timedelta(days=1))
    assert counts["returns_missed"] == 1
    assert set(told("returns_")) == {key("returns_missed", rw, rw.unit_a)}


def test_the_reminder_names_the_categories_owed_not_those_returned(rw):
    Submission.objects.filter(pk=rw.sub_a.pk).update(status="returned")
    returns_reminders_send(on=DUE)
    body = Notification.objects.get(recipient=rw.unit_head).body
    assert str(Category.OVERVIEW.label) in body and str(Category.PEOPLE.label) in body
    assert str(Category.CHRONICLE.label) not in body


def test_units_no_longer_reporting_and_closed_campaigns_are_not_reminded(rw):
    services.campaign_units_set(by=rw.office_admin, campaign=rw.campaign, units=[rw.unit_a])
    returns_reminders_send(on=DUE)
    assert set(told("returns_")) == {key("returns_due_soon", rw, rw.unit_a)}
    Notification.objects.all().delete()
    services.campaign_close(by=rw.office_admin, campaign=rw.campaign)
    assert returns_reminders_send(on=DUE + dt.timedelta(days=1))["sent"] == 0
    assert Campaign.objects.get().status == Campaign.Status.CLOSED


def test_the_daily_reminder_job_sends_the_returns_reminders_too(
    rw, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = works_reminders.reminders_start(on=DUE - dt.timedelta(days=1))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.log
    assert job.result["returns"]["returns_due_soon"] == 2
    assert job.result["returns"]["sent"] == 5
    assert set(told("returns_due_soon")) == {
        key("returns_due_soon", rw, rw.unit_a),
        key("returns_due_soon", rw, rw.unit_b),
    }
