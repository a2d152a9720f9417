"""``fangzhi credits_generate``: credit everyone the records show worked on a work (署名)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fangzhi.works.services import credits_generate

from ._base import WorksCommand


class Command(WorksCommand):
    help = (
        "Add credits for the authors, editors and reviewers the records of a work show; "
        "existing credits are kept."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("work_id", type=int)
        self.add_acting_user(parser)

    def handle(self, *args: Any, work_id: int, acting: str, **options: Any) -> None:
        user = self.acting_user(acting)
        work = self.work(work_id, user)
        added = credits_generate(by=user, work=work)
        self.stdout.write(
            _("%(n)d credits added to 《%(work)s》.") % {"n": added, "work": work.title}
        )
