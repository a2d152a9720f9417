"""``fangzhi outline_export``: write a work's outline (篇目) to a Word or Excel file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from fangzhi.works.docx_io import outline_to_docx, outline_to_xlsx
from fangzhi.works.services import outline_rows

from ._base import WorksCommand

WRITERS = {"docx": outline_to_docx, "xlsx": outline_to_xlsx}


class Command(WorksCommand):
    help = "Export a work's outline to .docx or .xlsx (only the nodes the account may see)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("work_id", type=int)
        parser.add_argument("--format", choices=sorted(WRITERS), required=True)
        parser.add_argument("-o", "--output", required=True, help="the file to write")
        self.add_acting_user(parser)

    def handle(
        self, *args: Any, work_id: int, format: str, output: str, acting: str, **options: Any
    ) -> None:
        user = self.acting_user(acting)
        work = self.work(work_id, user)
        rows = outline_rows(work, user)
        data = WRITERS[format](work.title, rows)
        try:
            Path(output).write_bytes(data)
        except OSError as exc:
            raise CommandError(
                _("The file cannot be written: %(reason)s") % {"reason": exc.strerror or exc}
            ) from None
        self.stdout.write(
            _("%(n)d outline nodes written to %(file)s.") % {"n": len(rows), "file": output}
        )
