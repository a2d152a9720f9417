"""``fangzhi outline_import``: add the headings of a Word file to a work's outline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from fangzhi.works.services import outline_import_docx

from ._base import WorksCommand


class Command(WorksCommand):
    help = (
        "Import an outline from a .docx: Heading 1 becomes a part (篇), Heading 2 a chapter "
        "and so on, appended at the top level. All or nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("work_id", type=int)
        parser.add_argument("file", help="the .docx file")
        self.add_acting_user(parser)

    def handle(self, *args: Any, work_id: int, file: str, acting: str, **options: Any) -> None:
        user = self.acting_user(acting)
        work = self.work(work_id, user)
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(
                _("The file cannot be read: %(reason)s") % {"reason": exc.strerror or exc}
            ) from None
        count = outline_import_docx(by=user, work=work, data=data)
        self.stdout.write(
            _("%(n)d outline nodes added to 《%(work)s》.") % {"n": count, "work": work.title}
        )
