"""Scheduled work of the works app, found by huey's autodiscovery of ``tasks`` modules
(``run_huey`` imports the ``tasks`` module of every installed app, as it does
``fangzhi/core/tasks.py``).

The reminder run is started as a ``deadline_reminders`` job, so it shows on the jobs
page with its progress and log. ``fangzhi serve`` (``make run``) starts the consumer,
which runs periodic tasks (huey's consumer option ``periodic``, on by default).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task

from .reminders import reminders_start


def local_crontab(*, minute: str, hour: str) -> Callable[[dt.datetime], bool]:
    """huey's ``crontab``, read in the site's time zone (``settings.TIME_ZONE``).

    huey hands periodic tasks a naive UTC time when its ``utc`` option is on (the
    default), so a plain ``crontab(hour=8)`` would fire at 16:00 in Chongqing.
    """
    matches = crontab(minute=minute, hour=hour)

    def validate(timestamp: dt.datetime) -> bool:
        if HUEY.utc and timestamp.tzinfo is None:
            timestamp = timestamp.replace(tzinfo=dt.UTC)
        if timestamp.tzinfo is not None:
            timestamp = timezone.localtime(timestamp).replace(tzinfo=None)
        return matches(timestamp)

    validate.minute, validate.hour = minute, hour  # type: ignore[attr-defined]
    return validate


@db_periodic_task(local_crontab(minute="0", hour=str(settings.REMINDER_HOUR)))
def deadline_reminders_daily() -> int:
    """Every day at ``REMINDER_HOUR``:00 local time, queue the reminder job."""
    return reminders_start(by=None).pk
