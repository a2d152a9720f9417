"""Spreadsheet cells that are safe to hand to Excel, LibreOffice or WPS 表格.

The office exports what people typed (audit trails, outlines) to CSV and XLSX. A cell
whose text starts like a formula would be run when the file is opened (CSV/XLSX
injection, e.g. ``=HYPERLINK(...)`` in a unit's name), so it is written as text with a
leading ``'``. Characters XML 1.0 cannot carry are dropped first: openpyxl refuses them,
and dropping them after the check would let ``"\\x01=cmd"`` turn into a live formula.
"""

from __future__ import annotations

import re

# Excel, LibreOffice and Google Sheets start a formula with these; tab and CR can hide one.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# The C0 controls other than tab, LF and CR (openpyxl's ILLEGAL_CHARACTERS_RE).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_cell(value: object) -> str:
    """``value`` as cell text: ``None`` is empty, XML-illegal control characters are
    dropped, and text a spreadsheet would take for a formula gets a leading ``'``."""
    text = _XML_ILLEGAL.sub("", "" if value is None else str(value))
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
