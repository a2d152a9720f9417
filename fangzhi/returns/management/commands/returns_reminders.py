"""``fangzhi returns_reminders [--date]``: send the annual returns' due-date reminders now."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from fangzhi.returns.reminders import returns_reminders_send

from ._base import ReturnsCommand


class Command(ReturnsCommand):
    help = (
        "Send the reminders of the annual returns' approaching and missed due dates "
        "(each unit is told of each event once)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="the day to remind for, YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, date: str | None, **options: Any) -> None:
        on = None
        if date:
            try:
                on = dt.date.fromisoformat(date)
            except ValueError:
                raise CommandError(_("Give the date as YYYY-MM-DD.")) from None
        counts = returns_reminders_send(on=on)
        self.stdout.write(
            _(
                "%(date)s: units reminded of the due date %(returns_due_soon)d, of a missed "
                "due date %(returns_missed)d; notifications sent %(sent)d."
            )
            % counts
        )
