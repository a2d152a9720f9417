"""``fangzhi reminders``: send today's deadline and filing reminders now, or queue them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from fangzhi.works.reminders import reminders_send, reminders_start

from ._base import WorksCommand


class Command(WorksCommand):
    help = (
        "Send the reminders of approaching and missed deadlines and overdue filings "
        "(each person is told of each event once)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="the day to remind for, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--queue", action="store_true", help="queue the job for the worker instead"
        )
        self.add_acting_user(parser, required=False)

    def handle(
        self, *args: Any, date: str | None, queue: bool, acting: str | None, **options: Any
    ) -> None:
        on = None
        if date:
            try:
                on = dt.date.fromisoformat(date)
            except ValueError:
                raise CommandError(_("Give the date as YYYY-MM-DD.")) from None
        by = self.acting_user(acting) if acting else None
        if queue:
            job = reminders_start(by=by, on=on)
            self.stdout.write(_("Queued as job %(pk)d.") % {"pk": job.pk})
            return
        counts = reminders_send(on=on)
        self.stdout.write(
            _(
                "%(date)s: deadlines approaching %(deadline_soon)d, missed %(deadline_missed)d, "
                "filings overdue %(filing_overdue)d; notifications sent %(sent)d."
            )
            % counts
        )
