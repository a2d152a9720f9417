"""Statistics tables from Excel, kept as tables (资料年报: 统计资料).

Units send their figures as .xlsx workbooks. Each visible sheet becomes one ``Table``:
a title, a header and rows of plain values. Formulas are never evaluated: the value
Excel saved with each formula is kept and the formulas are counted, so the page can say
"12 formulas: their saved values are kept". A file that is not a plain workbook (an old
.xls, a CSV renamed, a macro-enabled or password-protected file, a damaged zip or a
decompression bomb) is refused with a ``TableError`` before any parser reads it.

Pure Python, no Django: the returns services translate the error codes.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
from dataclasses import dataclass, field
from html import escape
from typing import IO, Any

import openpyxl
from lxml import etree
from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

from fangzhi.core.sniff import ENCRYPTED, OLE_SIGNATURE, sniff

Value = str | int | float | None

# Decompression-bomb limits, as for Word files (works/docx_io/checks.py): sheet XML
# compresses about 10:1, so a real workbook expands far less than these.
MAX_EXPANSION = 20
MAX_MEMBER_RATIO = 200
RATIO_APPLIES_ABOVE = 10 * 1024 * 1024
# openpyxl holds every shared string in memory whatever the mode; a statistics table's
# strings are a few megabytes.
MAX_SHARED_STRINGS = 64 * 1024 * 1024
# Header rows below the first one (two- and three-level headers), at most.
MAX_HEADER_ROWS = 4
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY", "<!DOCTYPE".encode("utf-16-le"))
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


class TableError(ValueError):
    """A workbook that is refused. ``code`` is one of ``not_xlsx``, ``macros``,
    ``encrypted``, ``too_large``, ``corrupt``; the message is short English for logs, the
    caller shows its own translation of the code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Table:
    """One sheet's table. ``header`` has one label per column (a merged, multi-row
    header is joined into one label per column, e.g. "2023年 上半年"); every row has
    as many values as the header; ``formulas`` counts the formula cells inside the
    table, whose values are those Excel saved (None if it saved none)."""

    sheet: str
    title: str
    header: list[str]
    rows: list[list[Value]] = field(default_factory=list)
    formulas: int = 0


def read_tables(data: bytes, *, max_bytes: int, max_cells: int = 200_000) -> list[Table]:
    """The tables of an .xlsx workbook, one per visible sheet that holds anything.

    Guarantees: nothing is evaluated or executed; every value is a str, int, float or
    None (dates and times become ISO 8601 strings, TRUE/FALSE stay text, blank text is
    None); empty trailing rows and empty columns on either side are dropped; the title
    is the first row above the header with a single filled cell, else the sheet's name;
    the header is the first row with two or more filled cells (or, in a one-column
    sheet, the first filled row), extended downwards over merged header cells. Cells
    merged in the body keep their value in their first cell only, as Excel stores them.
    Hidden sheets and chart sheets are left out.

    Raises ``TableError``: ``too_large`` (the file exceeds ``max_bytes``, it expands
    beyond 20 × ``max_bytes``, a member expands more than 200:1 past 10 MB, the shared
    strings exceed 64 MB, or the sheets store more than ``max_cells`` cells),
    ``encrypted`` (a password-protected file or encrypted zip members), ``not_xlsx``
    (anything else than an .xlsx: an old .xls, .xlsb, a Word file, a CSV), ``macros``
    (a VBA project or a macro-enabled workbook), ``corrupt`` (a damaged zip or XML, a
    DTD in any part).
    """
    _check_container(data, max_bytes=max_bytes)
    budget = max_cells
    tables = []
    try:
        with warnings.catch_warnings():
            # openpyxl warns about every extension it does not read (validation,
            # slicers); those are of no concern to the values.
            warnings.simplefilter("ignore", UserWarning)
            workbook = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=True, keep_links=False
            )
            try:
                for sheet in workbook.worksheets:
                    if sheet.sheet_state != "visible":
                        continue
                    # Declared dimensions may lie (A1:XFD1048576); read only stored cells.
                    sheet.reset_dimensions()
                    grid, budget = _read_grid(sheet, budget)
                    # _get_source opens the sheet's XML part, as openpyxl itself does.
                    with sheet._get_source() as source:
                        formula_cells, merges = _scan_sheet(source)
                    table = _make_table(sheet.title, grid, merges, formula_cells)
                    if table is not None:
                        tables.append(table)
            finally:
                workbook.close()
    except TableError:
        raise
    except Exception as exc:
        # A damaged part surfaces as any of a dozen exception types from openpyxl,
        # zipfile or the XML parsers; to the unit it is one thing: a damaged workbook.
        raise TableError("corrupt", f"The workbook cannot be read ({exc}).") from exc
    return tables


def _check_container(data: bytes, *, max_bytes: int) -> None:
    if len(data) > max_bytes:
        raise TableError("too_large", "The file is larger than the limit.")
    if data.startswith(OLE_SIGNATURE):
        if sniff(data) == ENCRYPTED:
            raise TableError("encrypted", "The workbook is protected by a password.")
        raise TableError("not_xlsx", "This is an old binary Office file (.xls), not .xlsx.")
    if not data.startswith(b"PK"):
        raise TableError("not_xlsx", "This is not an Excel workbook (.xlsx).")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise TableError("corrupt", "The zip container is damaged or truncated.") from exc
    with archive:
        members = archive.infolist()
        names = {member.filename for member in members}
        if "xl/workbook.xml" not in names:
            raise TableError("not_xlsx", "The zip file has no xl/workbook.xml.")
        if any(member.flag_bits & 1 for member in members):
            raise TableError("encrypted", "The zip members are encrypted.")
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise TableError("macros", "The workbook carries a VBA project.")
        if sum(member.file_size for member in members) > MAX_EXPANSION * max_bytes:
            raise TableError("too_large", "The workbook expands to too much data.")
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > RATIO_APPLIES_ABOVE and ratio > MAX_MEMBER_RATIO:
                raise TableError("too_large", f"{member.filename} expands {ratio:.0f} times.")
            strings = member.filename.lower().endswith("sharedstrings.xml")
            if strings and member.file_size > MAX_SHARED_STRINGS:
                raise TableError("too_large", "The shared strings are too large.")
        try:
            if "[Content_Types].xml" in names:
                types = archive.read("[Content_Types].xml")
                if b"macroEnabled" in types:
                    raise TableError("macros", "The workbook is macro-enabled.")
            for member in members:
                if member.filename.endswith((".xml", ".rels", ".vml")):
                    with archive.open(member) as stream:
                        start = stream.read(64 * 1024)
                    # Parsers are told not to expand entities; refusing a DTD at all
                    # keeps entity tricks away from every parser. A workbook has none.
                    if any(marker in start for marker in _DTD_MARKERS):
                        raise TableError("corrupt", f"{member.filename} declares a DTD.")
        except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile) as exc:
            raise TableError("corrupt", "A part of the workbook is damaged.") from exc
        except NotImplementedError as exc:
            raise TableError("corrupt", "A part uses an unknown compression.") from exc


def _read_grid(sheet: Any, budget: int) -> tuple[list[list[Value]], int]:
    """The sheet's values row by row (1-based cell (r, c) is grid[r-1][c-1]), trailing
    blanks trimmed; ``budget`` is how many more cells may be read."""
    grid: list[list[Value]] = []
    for row in sheet.iter_rows(values_only=True):
        # An empty row still costs one: a million missing rows are a bomb too.
        budget -= max(len(row), 1)
        if budget < 0:
            raise TableError("too_large", "The workbook has too many cells.")
        values = [_value(value) for value in row]
        while values and values[-1] is None:
            values.pop()
        grid.append(values)
    while grid and not grid[-1]:
        grid.pop()
    return grid, budget


def _value(value: Any) -> Value:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        # Excel shows booleans as TRUE/FALSE; as Python ints they would read 1 and 0.
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return value
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _scan_sheet(source: IO[bytes]) -> tuple[set[tuple[int, int]], list[tuple[int, int, int, int]]]:
    """The 1-based (row, column) of every formula cell, and the merged ranges as
    (min_col, min_row, max_col, max_row), from the sheet's XML, streamed."""
    formulas: set[tuple[int, int]] = set()
    merges: list[tuple[int, int, int, int]] = []
    context = etree.iterparse(
        source,
        events=("start", "end"),
        tag=(f"{_MAIN}c", f"{_MAIN}row", f"{_MAIN}mergeCell"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )
    # Writers may leave out the r= references of rows and cells; they then count on.
    row, column = 0, 0
    for event, element in context:
        tag = element.tag
        if event == "start":
            if tag == f"{_MAIN}row":
                row, column = int(element.get("r") or row + 1), 0
            continue
        if tag == f"{_MAIN}c":
            reference = element.get("r")
            if reference:
                row, column = coordinate_to_tuple(reference)
            else:
                column += 1
            if element.find(f"{_MAIN}f") is not None:
                formulas.add((row, column))
        elif tag == f"{_MAIN}row":
            # Free what was read: a sheet's XML may be hundreds of megabytes.
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
        elif ":" in (reference := element.get("ref") or ""):
            bounds = range_boundaries(reference)
            if all(isinstance(bound, int) for bound in bounds):
                merges.append(bounds)  # type: ignore[arg-type]
    return formulas, merges


def _make_table(
    sheet: str,
    grid: list[list[Value]],
    merges: list[tuple[int, int, int, int]],
    formula_cells: set[tuple[int, int]],
) -> Table | None:
    def cell(r: int, c: int) -> Value:
        return grid[r][c] if r < len(grid) and c < len(grid[r]) else None

    filled = [sum(value is not None for value in row) for row in grid]
    if not any(filled):
        return None
    header_row = next((r for r, n in enumerate(filled) if n >= 2), None)
    if header_row is None:  # a one-column list: its first filled row is its header
        header_row = next(r for r, n in enumerate(filled) if n)
    title_row = next((r for r in range(header_row) if filled[r] == 1), None)
    title = sheet
    if title_row is not None:
        title = _text(next(v for v in grid[title_row] if v is not None))

    # 0-based merges that start inside the table.
    spans = [(c0 - 1, r0 - 1, c1 - 1, r1 - 1) for c0, r0, c1, r1 in merges if r0 - 1 >= header_row]
    header_end = _header_end(grid, spans, header_row)
    last_row = len(grid) - 1
    columns = [
        c
        for r in range(header_row, last_row + 1)
        for c, value in enumerate(grid[r])
        if value is not None
    ]
    columns += [c for c0, r0, c1, _r1 in spans if r0 <= header_end for c in (c0, c1)]
    first_col, last_col = min(columns), max(columns)

    # Header cells merged across columns or rows give their label to every cell they cover.
    labels: dict[tuple[int, int], Value] = {}
    for c0, r0, c1, r1 in spans:
        if r0 <= header_end:
            for r in range(r0, min(r1, header_end) + 1):
                for c in range(c0, c1 + 1):
                    labels[(r, c)] = cell(r0, c0)
    header = []
    for c in range(first_col, last_col + 1):
        parts: list[str] = []
        for r in range(header_row, header_end + 1):
            value = labels.get((r, c), cell(r, c))
            if value is not None and (not parts or parts[-1] != _text(value)):
                parts.append(_text(value))
        header.append(" ".join(parts))

    rows = [
        [cell(r, c) for c in range(first_col, last_col + 1)]
        for r in range(header_end + 1, last_row + 1)
    ]
    formulas = sum(
        header_row < r <= last_row + 1 and first_col < c <= last_col + 1 for r, c in formula_cells
    )
    if title_row is not None:
        title_col = next(c for c, v in enumerate(grid[title_row]) if v is not None)
        formulas += (title_row + 1, title_col + 1) in formula_cells
    return Table(sheet=sheet, title=title, header=header, rows=rows, formulas=formulas)


def _header_end(grid: list[list[Value]], spans: list[tuple[int, int, int, int]], start: int) -> int:
    """The last row of the header: rows covered by a header cell merged downwards, and
    the row under a header cell merged across columns when that row holds only text
    under it (its sub-headings, e.g. 上半年 | 下半年 under 2023年)."""
    end = start
    changed = True
    while changed:
        changed = False
        for c0, r0, c1, r1 in spans:
            if not start <= r0 <= end:
                continue
            target = min(r1, start + MAX_HEADER_ROWS)
            if c1 > c0 and r1 == r0 and r0 + 1 < len(grid) and _sub_heading(grid[r0 + 1], c0, c1):
                target = max(target, min(r0 + 1, start + MAX_HEADER_ROWS))
            if target > end:
                end, changed = target, True
    return min(end, max(len(grid) - 1, start))


def _sub_heading(row: list[Value], c0: int, c1: int) -> bool:
    values = [value for value in row if value is not None]
    under = [value for value in row[c0 : c1 + 1] if value is not None]
    return bool(under) and all(isinstance(value, str) for value in values)


def _text(value: Value) -> str:
    if isinstance(value, float):
        # Excel shows 15 significant digits: 0.1 + 0.2 is 0.3 on screen.
        return format(value, ".15g")
    return "" if value is None else str(value)


def table_to_html(table: Table) -> str:
    """The table as escaped HTML: a ``<table>`` with the title as ``<caption>``, column
    headers as ``<th scope="col">`` in ``<thead>``, values in ``<tbody>`` (numbers
    carry ``class="num"`` so they can be right-aligned)."""
    head = "".join(f'<th scope="col">{escape(label)}</th>' for label in table.header)
    body = []
    for row in table.rows:
        cells = []
        for value in row:
            number = isinstance(value, int | float)
            attribute = ' class="num"' if number else ""
            cells.append(f"<td{attribute}>{escape(_text(value))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f"<table><caption>{escape(table.title)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )
