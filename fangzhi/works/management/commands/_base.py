"""What the works batch commands share: the acting user, the work, Chinese errors.

A command acts as a named account (``--as``) so the services check that person's
permission and the audit trail attributes the change to them. Messages are written in
the site's language; a refused or broken request ends with a ``CommandError`` (exit
status 1) and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from fangzhi.accounts.models import User
from fangzhi.core.errors import ServiceError
from fangzhi.works.models import Work


class WorksCommand(BaseCommand):
    def execute(self, *args: Any, **options: Any) -> Any:
        with translation.override(settings.LANGUAGE_CODE):
            try:
                return super().execute(*args, **options)
            except ServiceError as exc:
                raise CommandError(str(exc)) from exc

    def add_acting_user(self, parser: Any, *, required: bool = True) -> None:
        parser.add_argument(
            "--as",
            dest="acting",
            required=required,
            metavar="USERNAME",
            help="the account the work is done as (its permissions apply; the audit trail "
            "names it)",
        )

    def acting_user(self, username: str) -> User:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(
                _("There is no active account named “%(name)s”.") % {"name": username}
            )
        return user

    def work(self, pk: int, user: User) -> Work:
        work = Work.objects.filter(pk=pk).first()
        if work is None:
            raise CommandError(_("There is no work with the number %(pk)d.") % {"pk": pk})
        if not Work.objects.visible_to(user).filter(pk=pk).exists():
            raise CommandError(_("You do not have permission to do this."))
        return work
