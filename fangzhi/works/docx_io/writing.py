"""Manuscript HTML back to Word (python-docx), and the document template outlines share."""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.exceptions import InvalidSpanError
from docx.image.image import Image as DocxImage
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .html import _BACK_LINKS, _HTML_SPACE


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    children: list[_Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def elements(self, *tags: str) -> list[_Node]:
        return [c for c in self.children if isinstance(c, _Node) and (not tags or c.tag in tags)]


_VOID = frozenset({"br", "img", "hr", "wbr"})


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        # Close up to the matching open tag; a stray end tag is ignored.
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _parse_html(html: str) -> _Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_INLINE_FORMAT = {
    "strong": "bold",
    "b": "bold",
    "em": "italic",
    "i": "italic",
    "u": "underline",
    "s": "strike",
    "strike": "strike",
    "del": "strike",
    "sub": "subscript",
    "sup": "superscript",
}
_BLOCK_TAGS = frozenset(
    {"p", "ul", "ol", "li", "table", "blockquote", "div", "hr"} | set(_HEADINGS)
)
# python-docx refuses characters XML 1.0 cannot carry.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_NOTE_LI = re.compile(r"(?:footnote|endnote)-[0-9]+")
MISSING_IMAGE = "［图片缺失］"
NOTES_HEADING = "注释"


@dataclass
class _Run:
    text: str = ""
    formats: frozenset[str] = frozenset()
    image: str | None = None  # src
    alt: str = ""
    line_break: bool = False


def _clean_text(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def _set_fonts(document: DocumentObject) -> None:
    """Chinese text in Word needs an East-Asian font named explicitly: with only the
    theme's, Word may fall back to a font without the character and show boxes."""
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    fonts = [(styles["Normal"].element.get_or_add_rPr(), "宋体")]
    fonts += [(styles[f"Heading {n}"].element.get_or_add_rPr(), "黑体") for n in range(1, 7)]
    fonts.append((styles["Title"].element.get_or_add_rPr(), "黑体"))
    if defaults is not None:
        default_rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if default_rpr is not None:
            fonts.append((default_rpr, "宋体"))
    for rpr, name in fonts:
        rfonts = rpr.get_or_add_rFonts()
        rfonts.set(qn("w:eastAsia"), name)
        # A theme attribute beats the explicit name in the same element.
        rfonts.attrib.pop(qn("w:eastAsiaTheme"), None)
    normal = styles["Normal"].element.get_or_add_rPr()
    lang = normal.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        normal.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _new_document(title: str) -> DocumentObject:
    document = Document()
    document.core_properties.title = _clean_text(title)[:255]
    document.core_properties.language = "zh-CN"
    section = document.sections[0]
    # Offices print on A4.
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(25)
    _set_fonts(document)
    return document


class _WordWriter:
    """Writes a parsed manuscript into a python-docx document.

    python-docx's convenience calls look up the style by name and search the whole
    body for its end on every paragraph, which made exporting a long manuscript
    quadratic; the writer keeps style ids and the body's end at hand instead.
    """

    def __init__(self, document: DocumentObject, load_image: Callable[[str], bytes | None]):
        self.document = document
        self.load_image = load_image
        section = document.sections[0]
        self.text_width = section.page_width - section.left_margin - section.right_margin
        self.body_end = document.element.body.sectPr  # paragraphs go before it
        self.style_ids: dict[str, str] = {}
        self.notes: list[tuple[str, _Node]] = []
        self.note_labels: dict[str, str] = {}
        self.list_definitions: dict[bool, int] = {}

    def style_id(self, name: str) -> str:
        if name not in self.style_ids:
            self.style_ids[name] = self.document.styles[name].style_id
        return self.style_ids[name]

    # Containers are the document body or a table cell; a new cell already holds one
    # empty paragraph, which we fill first.
    def paragraph(self, container: Any, style: str | None = None) -> Paragraph:
        if isinstance(container, _Cell):
            paragraphs = container.paragraphs
            if len(paragraphs) == 1 and not paragraphs[0].runs and not paragraphs[0].text:
                paragraph = paragraphs[0]
            else:
                paragraph = container.add_paragraph()
        elif self.body_end is not None:
            element = OxmlElement("w:p")
            self.body_end.addprevious(element)
            paragraph = Paragraph(element, container._body)
        else:
            paragraph = container.add_paragraph()
        if style:
            paragraph._p.style = self.style_id(style)
        return paragraph

    def add_table(self, container: Any, rows: int, columns: int) -> Any:
        if isinstance(container, _Cell):
            table = container.add_table(rows, columns)
        else:
            table = container._body.add_table(rows, columns, self.text_width)
        table._tbl.tblPr.style = self.style_id("Table Grid")
        return table

    def blocks(
        self,
        container: Any,
        nodes: Iterable[_Node | str],
        *,
        style: str | None = None,
        formats: frozenset[str] = frozenset(),
    ) -> None:
        pending: list[_Node | str] = []
        for node in nodes:
            if isinstance(node, _Node) and node.tag in _BLOCK_TAGS:
                self.inline_paragraph(container, pending, style, formats)
                pending = []
                self.block(container, node, style=style, formats=formats)
            else:
                pending.append(node)
        self.inline_paragraph(container, pending, style, formats)

    def block(
        self, container: Any, node: _Node, *, style: str | None, formats: frozenset[str]
    ) -> None:
        if node.tag in _HEADINGS:
            self.inline_paragraph(
                container, node.children, f"Heading {_HEADINGS[node.tag]}", formats
            )
        elif node.tag in ("ul", "ol"):
            if node.tag == "ol" and self.collect_notes(node):
                return
            self.items(container, node, level=1, formats=formats)
        elif node.tag == "li":
            self.items(container, _Node("ul", {}, [node]), level=1, formats=formats)
        elif node.tag == "table":
            self.table(container, node, formats)
        elif node.tag == "blockquote":
            self.blocks(container, node.children, style="Quote", formats=formats)
        elif node.tag == "hr":
            return
        else:  # p, div
            self.blocks(container, node.children, style=style, formats=formats)

    def inline_paragraph(
        self,
        container: Any,
        nodes: Iterable[_Node | str],
        style: str | None,
        formats: frozenset[str],
    ) -> None:
        runs = _trim(list(self.runs(nodes, formats)))
        if runs:
            self.write_runs(self.paragraph(container, style), runs)

    def runs(self, nodes: Iterable[_Node | str], formats: frozenset[str]) -> Iterable[_Run]:
        for node in nodes:
            if isinstance(node, str):
                yield _Run(text=_HTML_SPACE.sub(" ", node), formats=formats)
            elif node.tag == "br":
                yield _Run(line_break=True)
            elif node.tag == "img":
                yield _Run(image=node.attrs.get("src", ""), alt=node.attrs.get("alt", ""))
            elif node.tag == "a" and node.attrs.get("href", "").startswith(_BACK_LINKS):
                continue
            elif node.tag in _BLOCK_TAGS:
                # A block inside a list item or a note: keep its text on a new line.
                yield _Run(line_break=True)
                yield from self.runs(node.children, formats)
            else:
                if node.tag == "a" and node.attrs.get("href", "").startswith("#"):
                    self.note_labels[node.attrs["href"][1:]] = node.text().strip()
                extra = _INLINE_FORMAT.get(node.tag)
                yield from self.runs(node.children, formats | {extra} if extra else formats)

    def write_runs(self, paragraph: Paragraph, runs: list[_Run]) -> None:
        for item in runs:
            if item.line_break:
                paragraph.add_run().add_break()
            elif item.image is not None:
                self.image(paragraph, item)
            elif item.text:
                element = paragraph._p.add_r()
                element.add_t(_clean_text(item.text))
                if item.formats:
                    font = Run(element, paragraph).font
                    for name in item.formats:
                        setattr(font, name, True)

    def image(self, paragraph: Paragraph, item: _Run) -> None:
        content = self.load_image(item.image) if item.image else None
        if content:
            try:
                native = DocxImage.from_blob(content)
                width = min(native.width, self.text_width)
                paragraph.add_run().add_picture(io.BytesIO(content), width=width)
                return
            except Exception:  # noqa: S110 -- any undecodable image becomes the placeholder
                pass
        paragraph.add_run(MISSING_IMAGE + (_clean_text(item.alt) if item.alt else ""))

    def items(self, container: Any, node: _Node, *, level: int, formats: frozenset[str]) -> None:
        ilvl = min(level, 9) - 1
        num_id = self.new_list(ordered=node.tag == "ol", ilvl=ilvl)
        for item in node.elements("li"):
            inline = [c for c in item.children if not _is_node(c, "ul", "ol", "table")]
            runs = _trim(list(self.runs(inline, formats)))
            paragraph = self.paragraph(container, "List Paragraph")
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = ilvl
            num_pr.get_or_add_numId().val = num_id
            self.write_runs(paragraph, runs)
            for child in item.elements("ul", "ol", "table"):
                if child.tag == "table":
                    self.table(container, child, formats)
                else:
                    self.items(container, child, level=level + 1, formats=formats)

    def new_list(self, *, ordered: bool, ilvl: int) -> int:
        """A numbering instance for one list, counting from 1 at its level.

        The template's list styles have one level each, so nested lists would come
        back flat; we add one nine-level definition per kind. Instances of one
        definition share their counters in Word unless told to restart.
        """
        numbering = self.document.part.numbering_part.element
        if ordered not in self.list_definitions:
            self.list_definitions[ordered] = _add_list_definition(numbering, ordered)
        num = numbering.add_num(self.list_definitions[ordered])
        num.add_lvlOverride(ilvl=ilvl).add_startOverride(1)
        return int(num.numId)

    def collect_notes(self, node: _Node) -> bool:
        items = node.elements("li")
        if not items or not all(_NOTE_LI.fullmatch(i.attrs.get("id", "")) for i in items):
            return False
        self.notes.extend((item.attrs["id"], item) for item in items)
        return True

    def table(self, container: Any, node: _Node, formats: frozenset[str]) -> None:
        rows: list[tuple[_Node, bool]] = []
        for part in node.elements():
            if part.tag == "tr":
                rows.append((part, False))
            elif part.tag in ("thead", "tbody", "tfoot"):
                rows += [(tr, part.tag == "thead") for tr in part.elements("tr")]
        # Lay cells on a grid, skipping places taken by a cell spanning rows above.
        taken: set[tuple[int, int]] = set()
        placed: list[tuple[int, int, int, int, _Node, bool]] = []
        for r, (tr, in_head) in enumerate(rows):
            c = 0
            cells = tr.elements("td", "th")
            header = in_head or (bool(cells) and all(cell.tag == "th" for cell in cells))
            for cell in cells:
                while (r, c) in taken:
                    c += 1
                rowspan = min(_span(cell, "rowspan"), len(rows) - r)
                colspan = _span(cell, "colspan")
                for dr in range(rowspan):
                    for dc in range(colspan):
                        taken.add((r + dr, c + dc))
                placed.append((r, c, rowspan, colspan, cell, header))
                c += colspan
        columns = max((col for _, col in taken), default=-1) + 1
        if not rows or not columns:
            return
        table = self.add_table(container, len(rows), columns)
        for r in sorted({place[0] for place in placed if place[5]}):
            # Repeat header rows on each page, as Word's "重复标题行".
            table.rows[r]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for r, c, rowspan, colspan, cell_node, header in placed:
            cell = table.cell(r, c)
            if rowspan > 1 or colspan > 1:
                # Spans that overlap (hand-made HTML) leave the cells unmerged.
                with contextlib.suppress(InvalidSpanError):
                    cell = cell.merge(table.cell(r + rowspan - 1, c + colspan - 1))
            cell_formats = formats | {"bold"} if header else formats
            self.blocks(cell, cell_node.children, formats=cell_formats)

    def write_notes(self) -> None:
        if not self.notes:
            return
        heading = self.document.add_paragraph()
        heading.add_run(NOTES_HEADING).bold = True
        for number, (note_id, item) in enumerate(self.notes, start=1):
            label = self.note_labels.get(note_id) or f"[{number}]"
            runs = _trim(list(self.runs(item.children, frozenset())))
            paragraph = self.document.add_paragraph()
            paragraph.add_run(label + " ")
            self.write_runs(paragraph, runs)


_BULLETS = ("●", "○", "■")


def _add_list_definition(numbering: Any, ordered: bool) -> int:
    """Add a nine-level list definition (decimal or bullet) and return its id."""
    ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    new_id = max(ids, default=-1) + 1
    levels = []
    for ilvl in range(9):
        if ordered:
            fmt, text = (
                ("decimal", f"%{ilvl + 1}.") if ilvl % 2 == 0 else ("decimal", f"(%{ilvl + 1})")
            )
        else:
            fmt, text = "bullet", _BULLETS[ilvl % len(_BULLETS)]
        # Two Chinese characters (10.5 pt) of indent per level.
        levels.append(
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{420 * (ilvl + 1)}" w:hanging="420"/></w:pPr></w:lvl>'
        )
    definition = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{new_id}">'
        f'<w:multiLevelType w:val="hybridMultilevel"/>{"".join(levels)}</w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    # The schema puts every abstractNum before the first num.
    if first_num is not None:
        first_num.addprevious(definition)
    else:
        numbering.append(definition)
    return new_id


def _is_node(node: _Node | str, *tags: str) -> bool:
    return isinstance(node, _Node) and node.tag in tags


def _span(node: _Node, attribute: str) -> int:
    value = node.attrs.get(attribute, "1")
    return max(1, min(int(value), 1000)) if value.isascii() and value.isdigit() else 1


_EDGE_SPACE = " \t\n\r\f"


def _trim(runs: list[_Run]) -> list[_Run]:
    """Drop HTML layout whitespace at the ends of a paragraph (not ideographic spaces,
    which indent Chinese paragraphs) and leading line breaks from block nesting."""
    while runs and (
        runs[0].line_break or (runs[0].image is None and not runs[0].text.strip(_EDGE_SPACE))
    ):
        runs.pop(0)
    while runs and (
        runs[-1].line_break or (runs[-1].image is None and not runs[-1].text.strip(_EDGE_SPACE))
    ):
        runs.pop()
    if runs and runs[0].image is None:
        runs[0].text = runs[0].text.lstrip(_EDGE_SPACE)
    if runs and runs[-1].image is None:
        runs[-1].text = runs[-1].text.rstrip(_EDGE_SPACE)
    return runs


def html_to_docx(html: str, *, title: str, load_image: Callable[[str], bytes | None]) -> bytes:
    """A .docx of sanitised manuscript HTML.

    h1–h6 become Heading 1–6; bold, italic, underline, strike, sub- and superscript are
    kept on runs; lists use Word's list styles (each ordered list numbered from 1);
    tables keep their spans and repeat their header rows; ``load_image(src)`` supplies
    each image (scaled to the text width), and an image it cannot supply becomes the
    text "［图片缺失］". Footnotes and endnotes (mammoth's note list) become a "注释"
    section at the end, each note behind its reference label, since python-docx cannot
    write real footnotes. ``title`` goes into the document properties, not the text.
    Normal text is set in 宋体 and headings in 黑体, on A4.
    """
    document = _new_document(title)
    writer = _WordWriter(document, load_image)
    writer.blocks(document, _parse_html(html).children)
    writer.write_notes()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
