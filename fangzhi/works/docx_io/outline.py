"""Outlines (篇目) in and out: the heading tree of a .docx, and the outline as .docx
and .xlsx for the office and the units."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from fangzhi.text.cells import safe_cell

from .checks import DocxError, check_docx
from .reading import HEADING_STYLE
from .writing import _clean_text, _new_document

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OUTLINE_DEPTH = 4  # 篇, 章, 节, 目
LEVEL_LABELS = {1: "篇", 2: "章", 3: "节", 4: "目"}
_TITLE_SPACE = re.compile(r"[ \t\r\n\v\f]+")


def _outline_value(element: Any) -> int | None:
    p_pr = element.find(qn("w:pPr"))
    node = p_pr.find(qn("w:outlineLvl")) if p_pr is not None else None
    value = node.get(qn("w:val")) if node is not None else None
    return int(value) if value is not None and value.isdigit() else None


def _style_level(style: Any) -> int | None:
    """The outline level a paragraph style gives, following its base styles."""
    seen: set[str] = set()
    while style is not None and style.style_id not in seen:
        seen.add(style.style_id)
        match = HEADING_STYLE.fullmatch(style.name or "")
        if match:
            return int(match.group(1))
        value = _outline_value(style.element)
        if value is not None:
            return value + 1 if value < 9 else None  # 9 is "body text"
        style = style.base_style
    return None


def outline_from_docx(data: bytes, *, max_bytes: int) -> list[dict[str, Any]]:
    """The heading tree of a .docx: ``[{"title": str, "children": [...]}]``.

    Levels 1–4 (篇, 章, 节, 目) come from heading styles (Heading N, heading N, 标题 N,
    标题N, and styles based on them) or from an outline level set on the paragraph or
    its style, as WPS does; deeper headings, the Title style, body text, tables and the
    table of contents are ignored. A heading that skips a level is attached to the
    nearest shallower heading. Runs ``check_docx`` first; raises ``DocxError`` with code
    ``empty`` if the file has no heading.
    """
    check_docx(data, max_bytes=max_bytes)
    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:
        raise DocxError("corrupt", "The document's contents cannot be read.") from exc
    roots: list[dict[str, Any]] = []
    stack: list[tuple[int, dict[str, Any]]] = []
    style_levels: dict[str, int | None] = {}
    for paragraph in document.paragraphs:
        style = paragraph.style
        named = HEADING_STYLE.fullmatch(style.name or "") if style is not None else None
        direct = _outline_value(paragraph._p)
        if named:
            # A heading style keeps its level whatever the paragraph says, as in Word.
            level: int | None = int(named.group(1))
        elif direct is not None:
            # WPS and "段落 > 大纲级别" set the level on the paragraph itself.
            level = direct + 1 if direct < 9 else None
        else:
            key = style.style_id if style is not None else ""
            if key not in style_levels:
                style_levels[key] = _style_level(style)
            level = style_levels[key]
        if level is None or level > OUTLINE_DEPTH:
            continue
        title = _TITLE_SPACE.sub(" ", paragraph.text).strip()
        if not title:
            continue
        node: dict[str, Any] = {"title": title, "children": []}
        while stack and stack[-1][0] >= level:
            stack.pop()
        (stack[-1][1]["children"] if stack else roots).append(node)
        stack.append((level, node))
    if not roots:
        raise DocxError("empty", "The document has no headings.")
    return roots


def _details(row: dict[str, Any]) -> str:
    parts = []
    if row.get("unit"):
        parts.append(f"承编单位：{row['unit']}")
    deadline = row.get("deadline")
    if deadline:
        shown = deadline.isoformat() if isinstance(deadline, dt.date) else str(deadline)
        parts.append(f"截止日期：{shown}")
    if row.get("expected_length"):
        parts.append(f"预计字数：{row['expected_length']}")
    return "　".join(parts)


def outline_to_docx(title: str, rows: list[dict[str, Any]]) -> bytes:
    """The outline as a .docx: ``title`` in the Title style, then each row (a flat
    pre-order list with ``depth``, ``number``, ``title``, ``unit``, ``deadline``,
    ``expected_length``, ``notes``) as a heading of its depth ("1.2 概述"), followed by a
    small grey line with unit, deadline and expected length, and one with the notes,
    when present. ``outline_from_docx`` reads the headings back."""
    document = _new_document(title)
    document.add_heading(_clean_text(title), level=0)
    for row in rows:
        depth = max(1, min(int(row.get("depth") or 1), 9))
        number = str(row.get("number") or "").strip()
        text = str(row.get("title") or "")
        document.add_heading(_clean_text(f"{number} {text}" if number else text), level=depth)
        for line in (_details(row), f"备注：{row['notes']}" if row.get("notes") else ""):
            if line:
                run = document.add_paragraph().add_run(_clean_text(line))
                run.font.size = Pt(9)
                run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


OUTLINE_HEADER = ["层级", "编号", "标题", "承编单位", "截止日期", "预计字数", "状态", "备注"]
_COLUMN_WIDTHS = [8, 10, 40, 24, 12, 10, 10, 40]
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def outline_to_xlsx(title: str, rows: list[dict[str, Any]]) -> bytes:
    """The outline as an .xlsx: one sheet named after ``title``, a bold frozen header
    row (层级, 编号, 标题, 承编单位, 截止日期, 预计字数, 状态, 备注), one row per outline row
    with titles indented by depth, deadlines as real Excel dates and lengths as
    numbers. Every text cell goes through ``safe_cell`` (no formula injection). The
    level shows ``level_label`` when given, else 篇/章/节/目 by depth."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _SHEET_FORBIDDEN.sub("", _clean_text(title)).strip()[:31] or "篇目"
    workbook.properties.title = safe_cell(title)
    sheet.append(OUTLINE_HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        depth = max(1, int(row.get("depth") or 1))
        deadline = row.get("deadline")
        if isinstance(deadline, dt.datetime):
            deadline = deadline.date()
        length = row.get("expected_length")
        sheet.append(
            [
                safe_cell(row.get("level_label") or LEVEL_LABELS.get(depth, str(depth))),
                safe_cell(row.get("number")),
                safe_cell(row.get("title")),
                safe_cell(row.get("unit")),
                deadline if isinstance(deadline, dt.date) else safe_cell(deadline),
                length if isinstance(length, int) else safe_cell(length),
                safe_cell(row.get("state")),
                safe_cell(row.get("notes")),
            ]
        )
        line = sheet.max_row
        sheet.cell(line, 3).alignment = Alignment(indent=depth - 1)
        sheet.cell(line, 5).number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    for index, width in enumerate(_COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[chr(ord("A") + index - 1)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
