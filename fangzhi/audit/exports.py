"""The audit trail as CSV (UTF-8 with BOM, so Excel reads Chinese) or XLSX.

Both are written entry by entry: the CSV is streamed to the browser, the XLSX is built
with openpyxl's write-only workbook into a file. A value that a spreadsheet would take
for a formula is defused (CSV/XLSX injection): an entry records what people typed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import IO

from auditlog.models import LogEntry
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from fangzhi.text.cells import safe_cell

from .selectors import ChangeFormatter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def header() -> list[str]:
    return [
        _("Time"),
        _("Person"),
        _("Person's unit"),
        _("Action"),
        _("Kind of record"),
        _("Record id"),
        _("Record"),
        _("Changes"),
    ]


def row(entry: LogEntry, formatter: ChangeFormatter) -> list[str]:
    actor = entry.actor
    model = entry.content_type.model_class() if entry.content_type_id else None
    changes = "\n".join(f"{field}: {old} → {new}" for field, old, new in formatter.lines(entry))
    values = [
        timezone.localtime(entry.timestamp).strftime("%Y-%m-%d %H:%M:%S"),
        (actor.full_name or actor.username) if actor else _("system"),
        str(actor.unit) if actor and actor.unit_id else "",
        entry.get_action_display(),
        str(model._meta.verbose_name) if model else "",
        entry.object_pk,
        entry.object_repr,
        changes,
    ]
    return [safe_cell(v) for v in values]


def csv_stream(entries: Iterable[LogEntry]) -> Iterator[str]:
    """The CSV text in pieces: a BOM, the header, then one piece per entry."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    formatter = ChangeFormatter()

    def flush() -> str:
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return value

    writer.writerow(header())
    yield "\ufeff" + flush()
    for entry in entries:
        writer.writerow(row(entry, formatter))
        yield flush()


def write_xlsx(entries: Iterable[LogEntry], handle: IO[bytes]) -> None:
    """Write the workbook to an open binary file."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Audit trail")[:31])  # Excel's sheet-name limit
    sheet.append(header())
    formatter = ChangeFormatter()
    for entry in entries:
        # safe_cell has already dropped the control characters openpyxl refuses.
        sheet.append(row(entry, formatter))
    workbook.save(handle)
