"""Reminders of approaching and missed deadlines, and of overdue filings (三.三, 三.四).

``reminders_send`` is run every morning by the worker (``works/tasks.py``) as the
``deadline_reminders`` job, and by hand with ``fangzhi reminders``. Each reminder names
its event in the key (the node and its deadline, the work and its filing due date), and
``core.notify`` refuses a second notification for the same person and event, so running
it twice, or on two workers at once, tells nobody twice. A changed deadline is a new
event and is reminded of again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from fangzhi.accounts.models import User
from fangzhi.accounts.roles import Role
from fangzhi.core.jobs import Report, job_handler
from fangzhi.core.models import Job, Notification
from fangzhi.core.notify import notify
from fangzhi.org.models import SeatTerm

from .models import OutlineNode, Work
from .services.common import today
from .services.reviews import filing_due, overdue_filings

# Nodes still waiting for the unit's manuscript: assigned, or returned for revision.
WAITING_STATES = (OutlineNode.State.ASSIGNED, OutlineNode.State.RETURNED)
CHUNK = 500


def node_url(node: OutlineNode) -> str:
    return f"/works/nodes/{node.pk}/"


def publication_url(work: Work) -> str:
    return f"/works/{work.pk}/publication/"


class _Sender:
    """Sends each (person, event) once, asking the database in bulk what was already sent.

    The unique constraint behind ``notify`` stays the guarantee; the bulk look-up only
    spares a daily run thousands of refused inserts.
    """

    def __init__(self) -> None:
        self.sent = 0

    @staticmethod
    def already_sent(keys: set[str]) -> set[tuple[int, str]]:
        return set(
            Notification.objects.filter(event_key__in=keys).values_list("recipient_id", "event_key")
        )

    def send(self, messages: list[tuple[Any, str, str, str, str]]) -> None:
        """``messages``: (recipient, event_key, title, body, url)."""
        for start in range(0, len(messages), CHUNK):
            chunk = messages[start : start + CHUNK]
            known = self.already_sent({key for _person, key, *_rest in chunk})
            for person, key, title, body, url in chunk:
                if (person.pk, key) in known:
                    continue
                if notify(recipient=person, event_key=key, title=title, body=body, url=url):
                    self.sent += 1
                known.add((person.pk, key))


def _unit_people(unit_ids: Iterable[int]) -> dict[int, list[Any]]:
    """The current head and liaisons of each unit, in one query."""
    people: dict[int, list[Any]] = defaultdict(list)
    terms = (
        SeatTerm.objects.current()
        .filter(unit_id__in=set(unit_ids), holder__is_active=True)
        .select_related("holder")
        .order_by("unit_id", "seat", "pk")
    )
    for term in terms:
        if all(p.pk != term.holder_id for p in people[term.unit_id]):
            people[term.unit_id].append(term.holder)
    return people


def _office_admins() -> list[Any]:
    return list(User.objects.filter(role=Role.OFFICE_ADMIN, is_active=True).order_by("pk"))


def _deadline_messages(
    on: dt.date, admins: list[Any]
) -> tuple[list[tuple[Any, str, str, str, str]], int, int]:
    last_soon = on + dt.timedelta(days=settings.REMINDER_DAYS)
    nodes = list(
        OutlineNode.objects.filter(
            withdrawn=False,
            unit__isnull=False,
            deadline__isnull=False,
            deadline__lte=last_soon,
            state__in=WAITING_STATES,
        )
        .select_related("work")
        .order_by("deadline", "pk")
    )
    people = _unit_people(node.unit_id for node in nodes)
    messages: list[tuple[Any, str, str, str, str]] = []
    soon = missed = 0
    for node in nodes:
        deadline = node.deadline
        values = {
            "work": node.work.title,
            "title": node.title,
            "deadline": deadline.isoformat(),
        }
        if deadline >= on:
            soon += 1
            key = f"deadline_soon:{node.pk}:{deadline.isoformat()}"
            title = _("Deadline approaching: %(title)s") % values
            values["days"] = (deadline - on).days
            body = (
                _("《%(work)s》: the manuscript of “%(title)s” is due on %(deadline)s.") % values
                + " "
                + _("Days left: %(days)d.") % values
            )
            recipients = people.get(node.unit_id, [])
        else:
            missed += 1
            key = f"deadline_missed:{node.pk}:{deadline.isoformat()}"
            title = _("Deadline missed: %(title)s") % values
            body = (
                _(
                    "《%(work)s》: the manuscript of “%(title)s” was due on %(deadline)s "
                    "and has not been submitted."
                )
                % values
            )
            # The unit's people, and the office admins once (admins hold no unit seat).
            recipients = [*people.get(node.unit_id, []), *admins]
        url = node_url(node)
        messages.extend((person, key, title, body, url) for person in recipients)
    return messages, soon, missed


def _filing_messages(
    on: dt.date, admins: list[Any]
) -> tuple[list[tuple[Any, str, str, str, str]], int]:
    works = overdue_filings(on)
    people = _unit_people(work.compiler_id for work in works)
    messages: list[tuple[Any, str, str, str, str]] = []
    for work in works:
        due = filing_due(work)
        values = {
            "title": work.title,
            "published": work.publication.published_on.isoformat(),
            "due": due.isoformat() if due else "",
        }
        key = f"filing_overdue:{work.pk}:{values['due']}"
        title = _("Filing overdue: %(title)s") % values
        body = (
            _(
                "《%(title)s》 was published on %(published)s; it should have been filed with "
                "the district gazetteer office by %(due)s."
            )
            % values
        )
        url = publication_url(work)
        recipients = [*admins, *people.get(work.compiler_id, [])]
        messages.extend((person, key, title, body, url) for person in recipients)
    return messages, len(works)


def reminders_send(*, on: dt.date | None = None, report: Report | None = None) -> dict:
    """Send the day's reminders; returns how many nodes and works were due and how many
    notifications were sent (those already sent before are not counted again).

    - a waiting node (assigned or returned) whose deadline is within
      ``settings.REMINDER_DAYS`` days, the deadline day included: its unit's head and
      liaisons (``deadline_soon``);
    - a waiting node whose deadline has passed: its unit's people and the office admins
      (``deadline_missed``);
    - a published unit-named work not filed within three months: the office admins and
      the compiling unit's people (``filing_overdue``).
    """
    on = on or today()
    progress: Callable[[int, str], None] = report or (lambda _p, _m="": None)
    sender = _Sender()
    # No request here: messages are written in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        admins = _office_admins()
        messages, soon, missed = _deadline_messages(on, admins)
        progress(
            20,
            _("Nodes due soon: %(soon)d; overdue: %(missed)d.")
            % {
                "soon": soon,
                "missed": missed,
            },
        )
        for start in range(0, len(messages), CHUNK):
            sender.send(messages[start : start + CHUNK])
            done = min(len(messages), start + CHUNK)
            progress(20 + int(60 * done / len(messages)), "")
        filing, overdue = _filing_messages(on, admins)
        progress(85, _("Works whose filing is overdue: %(n)d.") % {"n": overdue})
        sender.send(filing)
        progress(100, _("Notifications sent: %(n)d.") % {"n": sender.sent})
    return {
        "date": on.isoformat(),
        "deadline_soon": soon,
        "deadline_missed": missed,
        "filing_overdue": overdue,
        "sent": sender.sent,
    }


@job_handler("deadline_reminders")
def deadline_reminders(job: Job, report: Report) -> dict:
    """The daily reminder run as a background job (``params.date`` for another day); the
    annual returns' due-date reminders run with it."""
    from fangzhi.returns.reminders import returns_reminders_send

    day = job.params.get("date") if job.params else None
    on = dt.date.fromisoformat(day) if day else None
    result = reminders_send(on=on, report=report)
    result["returns"] = returns_reminders_send(on=on)
    return result


def reminders_start(*, by: Any = None, on: dt.date | None = None) -> Job:
    """Queue the reminder job (the scheduler starts it with nobody acting)."""
    from fangzhi.core.jobs import job_start

    return job_start(
        by=by,
        kind="deadline_reminders",
        title=_("Deadline reminders"),
        params={"date": on.isoformat()} if on else {},
    )
