"""Reminders of the annual returns' due date (三.六), sent by the daily reminder job.

``returns_reminders_send`` runs with the works reminders (``deadline_reminders`` job in
``fangzhi/works/reminders.py``) and by hand with ``fangzhi returns_reminders``. A unit is
told once per event, not once per category: the key names the campaign, the unit and
the due date, so a second run tells nobody twice and a moved due date is a new event.
A returned return needs nothing extra: the return itself notified the unit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fangzhi.org.models import Unit
from fangzhi.works.services.notify import notify_unit

from .models import Campaign, ReportingUnit, Submission
from .selectors import DONE, unit_returns_url


def _owed(campaigns: list[Campaign]) -> dict[tuple[int, int], list[str]]:
    """{(campaign, unit): [category labels]} of active reporting units' returns that are
    neither submitted nor accepted, nor returned (the return already told the unit)."""
    active = set(
        ReportingUnit.objects.filter(campaign__in=campaigns, active=True).values_list(
            "campaign_id", "unit_id"
        )
    )
    owed: dict[tuple[int, int], list[str]] = defaultdict(list)
    rows = (
        Submission.objects.filter(campaign__in=campaigns)
        .exclude(status__in=[*DONE, Submission.Status.RETURNED])
        .order_by("campaign_id", "unit_id", "category")
    )
    for submission in rows:
        key = (submission.campaign_id, submission.unit_id)
        if key in active:
            owed[key].append(str(submission.get_category_display()))
    return owed


def returns_reminders_send(*, on: dt.date | None = None) -> dict[str, Any]:
    """Send the day's returns reminders; returns the counts of units reminded and of
    notifications sent (those sent on an earlier run are not counted again).

    - due within ``settings.REMINDER_DAYS`` days (the due day included):
      ``returns_due_soon:{campaign}:{unit}:{due}`` to the unit's head and liaisons;
    - past the due date: ``returns_missed:{campaign}:{unit}:{due}`` to the same people.
    """
    on = on or timezone.localdate()
    last_soon = on + dt.timedelta(days=settings.REMINDER_DAYS)
    campaigns = list(Campaign.objects.filter(status=Campaign.Status.OPEN, due_on__lte=last_soon))
    owed = _owed(campaigns)
    by_pk = {c.pk: c for c in campaigns}
    units = Unit.objects.in_bulk({unit_id for _c, unit_id in owed})
    counts = {"date": on.isoformat(), "returns_due_soon": 0, "returns_missed": 0, "sent": 0}
    # No request here: messages are written in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        for (campaign_id, unit_id), categories in sorted(owed.items()):
            campaign, unit = by_pk[campaign_id], units[unit_id]
            due = campaign.due_on
            values = {
                "year": campaign.year,
                "due": due.isoformat(),
                "n": len(categories),
                "categories": "、".join(categories),
            }
            if due >= on:
                event = "returns_due_soon"
                title = _("Annual returns %(year)d due on %(due)s") % values
                body = (
                    _(
                        "Not yet submitted (%(n)d): %(categories)s. The unit head signs off each "
                        "category by %(due)s."
                    )
                    % values
                    + " "
                    + _("Days left: %(days)d.") % {"days": (due - on).days}
                )
            else:
                event = "returns_missed"
                title = _("Annual returns %(year)d overdue") % values
                body = (
                    _("The due date %(due)s has passed; not yet submitted (%(n)d): %(categories)s.")
                    % values
                )
            counts[event] += 1
            counts["sent"] += notify_unit(
                unit=unit,
                event_key=f"{event}:{campaign_id}:{unit_id}:{due.isoformat()}",
                title=title,
                body=body,
                url=unit_returns_url(campaign_id, unit_id),
            )
    return counts
