"""Replaces django-auditlog's ``auditlogflush``: the audit trail is never flushed.

Django finds a command in the first installed app that has it, so this one answers
only while ``fangzhi.audit`` comes before ``auditlog`` in INSTALLED_APPS. Without it,
auditlog's command still fails on deleting (see ``fangzhi.audit.immutable``), except
``--truncate`` on PostgreSQL, which bypasses the ORM.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from fangzhi.audit.immutable import MESSAGE


class Command(BaseCommand):
    help = "Refuses: audit entries are kept for ever (replaces auditlog's flush command)."

    def add_arguments(self, parser: Any) -> None:
        # The same options as auditlog's command, so that scripts get this clear refusal
        # rather than an argument error.
        parser.add_argument("-y", "--yes", action="store_true")
        parser.add_argument("-b", "--before-date", dest="before_date")
        parser.add_argument("-t", "--truncate", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        raise CommandError(str(MESSAGE))
