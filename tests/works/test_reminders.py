"""Deadline and filing reminders: who is told, when, and never twice."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail

from fangzhi.core.models import Job, Notification
from fangzhi.works import reminders, services
from fangzhi.works.models import ReviewDecision
from fangzhi.works.reminders import reminders_send
from tests.jobs.test_queues import consumer, redis_answers, wait_for  # noqa: F401 (fixture)

from .data import DEADLINE

DAYS = settings.REMINDER_DAYS


@pytest.fixture
def rw(works_world):
    """The works world with e-mail addresses, and the assignment notices cleared away."""
    w = works_world
    for person in (
        w.unit_head,
        w.unit_liaison,
        w.liaison_a2,
        w.head_b,
        w.liaison_b,
        w.office_admin,
        w.office_editor,
    ):
        person.email = f"{person.username}@example.cn"
        person.save(update_fields=["email"])
    w.unit_a_people = {w.unit_head, w.unit_liaison, w.liaison_a2}
    w.unit_b_people = {w.head_b, w.liaison_b}
    mail.outbox.clear()
    return w


def told(prefix):
    """{event_key: {recipient}} of the reminders whose key starts with ``prefix``."""
    found = {}
    for note in Notification.objects.filter(event_key__startswith=prefix).select_related(
        "recipient"
    ):
        found.setdefault(note.event_key, set()).add(note.recipient)
    return found


def mails_to(person):
    return [m for m in mail.outbox if m.to == [person.email]]


@pytest.mark.django_db
def test_more_than_reminder_days_before_sends_nothing(rw):
    counts = reminders_send(on=DEADLINE - dt.timedelta(days=DAYS + 1))
    assert counts["deadline_soon"] == 0 and counts["sent"] == 0
    assert not told("deadline_") and mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize("before", [DAYS, 1, 0], ids=["first-day", "day-before", "deadline-day"])
def test_within_reminder_days_tells_the_units_people(rw, before):
    counts = reminders_send(on=DEADLINE - dt.timedelta(days=before))
    key_a = f"deadline_soon:{rw.node_a.pk}:{DEADLINE.isoformat()}"
    key_b = f"deadline_soon:{rw.node_b.pk}:{DEADLINE.isoformat()}"
    key_town = f"deadline_soon:{rw.town_node.pk}:{DEADLINE.isoformat()}"
    assert told("deadline_soon:") == {
        key_a: rw.unit_a_people,
        key_b: rw.unit_b_people,
        key_town: rw.unit_b_people,
    }
    assert counts["deadline_soon"] == 3 and counts["deadline_missed"] == 0
    assert counts["sent"] == 3 + 2 + 2
    assert not told("deadline_missed:")
    # Nobody at the office is told of an approaching deadline.
    assert not rw.office_admin.notifications.filter(event_key__startswith="deadline").exists()
    note = Notification.objects.get(recipient=rw.unit_head, event_key=key_a)
    assert rw.node_a.title in note.title and "巴南年鉴（2025）" in note.body
    assert DEADLINE.isoformat() in note.body
    assert note.url == f"/works/nodes/{rw.node_a.pk}/"
    assert note.emailed_at is not None
    (message,) = mails_to(rw.unit_head)
    assert rw.node_a.title in message.subject
    assert f"{settings.SITE_URL.rstrip('/')}/works/nodes/{rw.node_a.pk}/" in message.body


@pytest.mark.django_db
def test_the_day_after_the_deadline_is_missed_and_the_office_is_told(rw):
    counts = reminders_send(on=DEADLINE + dt.timedelta(days=1))
    key_a = f"deadline_missed:{rw.node_a.pk}:{DEADLINE.isoformat()}"
    assert counts["deadline_missed"] == 3 and counts["deadline_soon"] == 0
    missed = told("deadline_missed:")
    assert missed[key_a] == rw.unit_a_people | {rw.office_admin}
    assert len(missed) == 3
    # The admin gets one notice per missed node, not one per unit person.
    assert (
        rw.office_admin.notifications.filter(event_key__startswith="deadline_missed").count() == 3
    )
    assert not rw.office_editor.notifications.filter(event_key__startswith="deadline").exists()
    assert len(mails_to(rw.office_admin)) == 3


@pytest.mark.django_db
def test_running_twice_sends_nothing_new(rw):
    on = DEADLINE - dt.timedelta(days=2)
    first = reminders_send(on=on)
    rows, mails = Notification.objects.count(), len(mail.outbox)
    second = reminders_send(on=on)
    assert first["sent"] == 7 and second["sent"] == 0
    assert second["deadline_soon"] == 3  # still due, but already told
    assert Notification.objects.count() == rows and len(mail.outbox) == mails
    for person in rw.unit_a_people:
        assert len(mails_to(person)) == 1
    # A later day of the same window is the same event: still nothing new.
    assert reminders_send(on=on + dt.timedelta(days=1))["sent"] == 0
    assert len(mail.outbox) == mails


@pytest.mark.django_db
def test_two_workers_at_once_cannot_double_send(rw, monkeypatch):
    """The bulk look-up of what was sent is only a shortcut: when a second worker reads
    before the first has written, the unique constraint still refuses the repeat."""
    on = DEADLINE + dt.timedelta(days=3)
    reminders_send(on=on)
    rows, mails = Notification.objects.count(), len(mail.outbox)
    monkeypatch.setattr(reminders._Sender, "already_sent", staticmethod(lambda keys: set()))
    assert reminders_send(on=on)["sent"] == 0
    assert Notification.objects.count() == rows and len(mail.outbox) == mails
    assert len(mails_to(rw.unit_liaison)) == 1


@pytest.mark.django_db
def test_a_changed_deadline_is_a_new_event(rw):
    reminders_send(on=DEADLINE - dt.timedelta(days=1))
    new_deadline = DEADLINE + dt.timedelta(days=30)
    services.node_assign(by=rw.office_admin, node=rw.node_a, unit=rw.unit_a, deadline=new_deadline)
    mail.outbox.clear()
    counts = reminders_send(on=new_deadline - dt.timedelta(days=2))
    key = f"deadline_soon:{rw.node_a.pk}:{new_deadline.isoformat()}"
    assert told("deadline_soon:")[key] == rw.unit_a_people
    assert counts["deadline_soon"] == 1
    # unit_a's people hear of the new date once (node_b and the town node are missed).
    for person in rw.unit_a_people:
        (message,) = mails_to(person)
        assert new_deadline.isoformat() in message.body


@pytest.mark.django_db
def test_withdrawn_accepted_and_submitted_nodes_are_not_reminded(rw):
    services.node_withdraw(by=rw.office_admin, node=rw.node_b)
    services.node_sign_off(by=rw.unit_head, node=rw.node_a)
    rw.node_a.refresh_from_db()
    services.node_accept(by=rw.office_admin, node=rw.node_a)
    services.version_save_html(
        by=rw.liaison_b, node=rw.town_node, html="<p>建置沿革。</p>", base_revision=0
    )
    services.node_sign_off(by=rw.head_b, node=rw.town_node)  # submitted, waits for the office
    mail.outbox.clear()
    counts = reminders_send(on=DEADLINE + dt.timedelta(days=1))
    assert counts == {
        "date": (DEADLINE + dt.timedelta(days=1)).isoformat(),
        "deadline_soon": 0,
        "deadline_missed": 0,
        "filing_overdue": 0,
        "sent": 0,
    }
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_returned_node_is_reminded_again(rw):
    services.node_sign_off(by=rw.unit_head, node=rw.node_a)
    rw.node_a.refresh_from_db()
    services.node_return(by=rw.office_admin, node=rw.node_a, reason="请补充数据。")
    reminders_send(on=DEADLINE)
    key = f"deadline_soon:{rw.node_a.pk}:{DEADLINE.isoformat()}"
    assert told("deadline_soon:")[key] == rw.unit_a_people


PUBLISHED_ON = dt.date(2025, 1, 15)
FILING_DUE = dt.date(2025, 4, 15)  # three months after publication


def publish_town_work(w):
    work = w.town_work
    services.work_submit_for_review(by=w.head_b, work=work)
    services.review_step_record(
        by=w.head_b,
        work=work,
        step="compiler_preliminary",
        decision=ReviewDecision.Decision.PASS,
        decided_on=dt.date(2025, 1, 2),
    )
    services.review_step_record(
        by=w.office_admin,
        work=work,
        step="office_acceptance",
        decision=ReviewDecision.Decision.PASS,
        decided_on=dt.date(2025, 1, 10),
        document_number="巴南志办〔2025〕3号",
    )
    services.publication_record(
        by=w.office_admin, work=work, publisher="重庆出版社", published_on=PUBLISHED_ON
    )
    work.refresh_from_db()
    return work


@pytest.mark.django_db
def test_filing_overdue_the_day_after_three_months(rw):
    work = publish_town_work(rw)
    assert services.filing_due(work) == FILING_DUE
    counts = reminders_send(on=FILING_DUE)
    assert counts["filing_overdue"] == 0 and not told("filing_overdue:")

    counts = reminders_send(on=FILING_DUE + dt.timedelta(days=1))
    key = f"filing_overdue:{work.pk}:{FILING_DUE.isoformat()}"
    assert counts["filing_overdue"] == 1
    assert told("filing_overdue:") == {key: {rw.office_admin} | rw.unit_b_people}
    note = Notification.objects.get(recipient=rw.office_admin, event_key=key)
    assert note.url == f"/works/{work.pk}/publication/"
    assert "鱼洞街道志" in note.title and FILING_DUE.isoformat() in note.body
    # Still overdue the next day, but already told.
    assert reminders_send(on=FILING_DUE + dt.timedelta(days=2))["sent"] == 0


@pytest.mark.django_db
def test_a_filed_work_is_not_reminded(rw):
    work = publish_town_work(rw)
    services.filing_record(by=rw.office_admin, work=work, filed_on=dt.date(2025, 5, 1))
    assert reminders_send(on=dt.date(2025, 6, 1))["filing_overdue"] == 0
    assert not told("filing_overdue:")


@pytest.mark.django_db
def test_reminders_for_many_nodes_take_bounded_queries(rw, django_assert_max_num_queries):
    """Reading the nodes, the seat holders and what was sent does not grow per node."""
    for i in range(30):
        node = services.node_add(by=rw.office_admin, work=rw.yearbook, title=f"条目{i}")
        services.node_assign(by=rw.office_admin, node=node, unit=rw.unit_a, deadline=DEADLINE)
    on = DEADLINE - dt.timedelta(days=1)
    reminders_send(on=on)  # the first run writes one row (and a savepoint) per notice
    with django_assert_max_num_queries(8):
        assert reminders_send(on=on)["sent"] == 0


@pytest.mark.django_db
def test_the_job_handler_runs_it_with_progress(rw, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = reminders.reminders_start(on=DEADLINE)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.log
    assert job.created_by is None and job.kind == "deadline_reminders"
    assert job.progress == 100
    assert job.result["deadline_soon"] == 3 and job.result["sent"] == 7
    assert "7" in job.log


# --- scheduling -------------------------------------------------------------------------------


def test_the_daily_task_is_registered_at_reminder_hour_local_time():
    from huey.contrib.djhuey import HUEY

    from fangzhi.works.tasks import deadline_reminders_daily

    periodic = {type(t).__name__ for t in HUEY._registry.periodic_tasks}
    task = deadline_reminders_daily.task_class()
    assert type(task).__name__ in periodic
    hour = settings.REMINDER_HOUR
    # huey passes a naive UTC time; the reminder hour is the site's local hour.
    local = dt.datetime(2026, 3, 2, hour, 0, tzinfo=ZoneInfo(settings.TIME_ZONE))
    utc = local.astimezone(dt.UTC).replace(tzinfo=None)
    assert task.validate_datetime(utc)
    assert not task.validate_datetime(utc + dt.timedelta(minutes=1))
    assert not task.validate_datetime(utc + dt.timedelta(hours=1))
    assert not task.validate_datetime(utc - dt.timedelta(minutes=1))
    assert all(task.validate_datetime(utc + dt.timedelta(days=d)) for d in range(7))
    if local.utcoffset():
        assert not task.validate_datetime(local.replace(tzinfo=None))


def test_the_worker_runs_periodic_tasks():
    from huey.consumer_options import ConsumerConfig

    assert ConsumerConfig(**settings.HUEY["consumer"]).periodic is True


@pytest.mark.django_db
def test_the_daily_task_queues_the_job(rw, django_capture_on_commit_callbacks):
    from fangzhi.works.tasks import deadline_reminders_daily

    with django_capture_on_commit_callbacks(execute=True):
        pk = deadline_reminders_daily.call_local()
    job = Job.objects.get(pk=pk)
    assert job.kind == "deadline_reminders" and job.created_by is None
    assert job.status == Job.Status.DONE, job.log


# --- through a real worker ---------------------------------------------------------------------


@pytest.mark.queue
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("storage", ["sqlite", "redis"])
def test_the_reminder_job_runs_in_a_real_consumer(rw, consumer, storage):  # noqa: F811
    """The consumer finds the ``deadline_reminders`` handler through huey's autodiscovery
    of ``fangzhi/works/tasks.py`` and writes the notifications to the shared database."""
    from fangzhi.core.tasks import run_job

    if storage == "redis" and not redis_answers():
        pytest.skip("Redis does not answer PING at 127.0.0.1:6379")
    producer, proc = consumer(storage)
    on = DEADLINE + dt.timedelta(days=1)
    job = Job.objects.create(
        kind="deadline_reminders", title="reminders", params={"date": on.isoformat()}
    )
    producer.task()(run_job.func)(job.pk)
    try:
        job = wait_for(job)
    except AssertionError:
        proc.terminate()
        raise AssertionError(proc.communicate(timeout=20)[0][-3000:]) from None
    assert job.status == Job.Status.DONE, job.log
    assert job.result["deadline_missed"] == 3
    assert job.result["sent"] == 3 + 2 + 2 + 3  # three units' people, the admin thrice
    key_a = f"deadline_missed:{rw.node_a.pk}:{DEADLINE.isoformat()}"
    assert told("deadline_missed:")[key_a] == rw.unit_a_people | {rw.office_admin}
    assert Notification.objects.filter(event_key=key_a, emailed_at__isnull=False).count() == 4
    # The same day again, here: nothing new.
    assert reminders_send(on=on)["sent"] == 0
