"""The audit trail as CSV (UTF-8 with BOM, so Excel reads Chinese) or XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from auditlog.models import LogEntry
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .selectors import change_lines

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """Defuse spreadsheet formulas a hostile value could smuggle in (CSV/XLSX injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def header() -> list[str]:
    return [
        _("Time"),
        _("Person"),
        _("Member unit"),
        _("Action"),
        _("Kind of record"),
        _("Record id"),
        _("Record"),
        _("Changes"),
    ]


def row(entry: LogEntry) -> list[str]:
    actor = entry.actor
    model = entry.content_type.model_class() if entry.content_type_id else None
    changes = "\n".join(f"{f}: {old} → {new}" for f, old, new in change_lines(entry))
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
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return value

    yield "\ufeff"
    writer.writerow(header())
    yield flush()
    for entry in entries:
        writer.writerow(row(entry))
        yield flush()


def xlsx_bytes(entries: Iterable[LogEntry]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Audit trail"))
    ws.append(header())
    for entry in entries:
        ws.append(row(entry))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
