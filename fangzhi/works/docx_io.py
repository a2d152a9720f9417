"""Word files in and out, for manuscripts (文稿) and outlines (篇目). Pure Python, no Django.

Units send manuscripts as .docx from Word or WPS Office; the office sends back outlines
and finished manuscripts as .docx and .xlsx. Every uploaded file is checked before any
parser sees it (``check_docx``): the office's server opens files from dozens of units,
so an encrypted, macro-carrying, damaged or decompression-bomb file is refused with a
``DocxError`` whose ``code`` the caller turns into a Chinese message.

Manuscript HTML is the one stored form of the text: ``docx_to_html`` produces it through
mammoth, ``sanitise_html`` keeps the same small allow-list for text typed in the browser,
``html_to_text`` derives the plain text that diffs and checks read, and ``html_to_docx``
writes it back to Word.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

import mammoth
import mammoth.images
import nh3
from docx import Document
from docx.document import Document as DocumentObject
from docx.exceptions import InvalidSpanError
from docx.image.image import Image as DocxImage
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree
from mammoth import documents as mammoth_documents
from mammoth.docx import office_xml as mammoth_office_xml
from mammoth.docx import xmlparser as mammoth_xmlparser
from mammoth.docx.xmlparser import XmlElement, XmlText
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class DocxError(ValueError):
    """An uploaded file that is refused. ``code`` is one of ``not_docx``, ``encrypted``,
    ``macros``, ``too_large``, ``corrupt``, ``empty``; the message is a short English
    explanation for logs, the caller shows its own translation of the code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


# --- checking an upload -------------------------------------------------------------

# Office files with a password are an OLE compound file holding an "EncryptedPackage"
# stream (MS-OFFCRYPTO), and so is an old binary .doc without one.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
MAIN_PART = "word/document.xml"
# Decompression-bomb limits: a real .docx expands a few times (XML compresses ~10:1).
MAX_EXPANSION = 20
MAX_MEMBER_RATIO = 200
RATIO_APPLIES_ABOVE = 10 * 1024 * 1024
# A .docx never declares a DTD; refusing one keeps entity-expansion attacks away from
# the XML parsers mammoth and python-docx use.
_DTD_MARKERS = (b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"), b"<!ENTITY")
_CHUNK = 1024 * 1024


def check_docx(data: bytes, *, max_bytes: int) -> None:
    """Refuse anything but a plain, intact .docx of at most ``max_bytes``.

    Raises ``DocxError`` with code ``too_large`` (the file, its total expansion beyond
    20 × ``max_bytes``, or one member expanding more than 200:1 past 10 MB),
    ``encrypted`` (password-protected Office file, or encrypted zip members),
    ``not_docx`` (an old .doc, another format, a zip without ``word/document.xml``, an
    empty file), ``macros`` (``vbaProject.bin`` or a macro-enabled content type), or
    ``corrupt`` (a damaged zip: bad CRC, truncated, unreadable member; malformed
    ``document.xml``; a DTD in any XML part). Returns None for an acceptable file. Reads
    every member once, in 1 MB chunks, only after the size limits have passed.
    """
    if len(data) > max_bytes:
        raise DocxError("too_large", "The file is larger than the limit.")
    if data.startswith(OLE_SIGNATURE):
        if ENCRYPTED_STREAM in data:
            raise DocxError("encrypted", "The document is protected by a password.")
        raise DocxError("not_docx", "This is an old binary Word file (.doc), not a .docx.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        # A file that starts like a zip but has no readable directory was cut short.
        if data.startswith(b"PK"):
            raise DocxError("corrupt", "The zip container is damaged or truncated.") from exc
        raise DocxError("not_docx", "This is not a Word document (.docx).") from exc
    with archive:
        members = archive.infolist()
        names = {member.filename for member in members}
        if MAIN_PART not in names:
            raise DocxError("not_docx", "The zip file has no word/document.xml.")
        if sum(member.file_size for member in members) > MAX_EXPANSION * max_bytes:
            raise DocxError("too_large", "The document expands to too much data.")
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > RATIO_APPLIES_ABOVE and ratio > MAX_MEMBER_RATIO:
                raise DocxError("too_large", f"{member.filename} expands {ratio:.0f} times.")
        if any(member.flag_bits & 0x1 for member in members):
            raise DocxError("encrypted", "The zip members are encrypted.")
        if any(name.lower().rsplit("/", 1)[-1] == "vbaproject.bin" for name in names):
            raise DocxError("macros", "The document contains macros (vbaProject.bin).")
        if "[Content_Types].xml" in names:
            content_types = _read_member(archive, "[Content_Types].xml")
            if b"macroenabled" in content_types.lower():
                raise DocxError("macros", "The document is of a macro-enabled type.")
        for member in members:
            _verify_member(archive, member)
        _parse_xml(_read_member(archive, MAIN_PART), MAIN_PART)


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as exc:
        raise DocxError("corrupt", f"{name} cannot be read.") from exc


def _verify_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Decompress one member as ``ZipFile.testzip`` does (the CRC is checked at its end)
    and look for a DTD in XML parts on the way."""
    is_xml = member.filename.endswith((".xml", ".rels"))
    tail = b""
    try:
        with archive.open(member) as handle:
            while chunk := handle.read(_CHUNK):
                if is_xml:
                    window = tail + chunk
                    if any(marker in window for marker in _DTD_MARKERS):
                        raise DocxError("corrupt", f"{member.filename} declares a DTD.")
                    tail = window[-20:]
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as exc:
        raise DocxError("corrupt", f"{member.filename} is damaged.") from exc


def _parse_xml(data: bytes, name: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise DocxError("corrupt", f"{name} is not well-formed XML.") from exc


# --- sanitising ---------------------------------------------------------------------

ALLOWED_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "u", "s", "sub", "sup", "br"}
    | {"ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "a", "img", "blockquote"}
)
_ALLOWED_ATTRIBUTES = {
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "a": {"href", "id"},
    "img": {"src", "alt"},
    "li": {"id"},
    "sup": {"id"},
}
# Tags removed with everything inside them (must be disjoint from ALLOWED_TAGS).
_DROP_WITH_CONTENT = {"script", "style", "template", "noscript", "iframe", "object", "svg"}
# Only the ids mammoth gives footnotes and their references survive: an arbitrary id
# could shadow a global in the page's scripts (DOM clobbering).
_NOTE_ID = re.compile(r"(?:footnote|endnote)(?:-ref)?-[0-9]+")
_IMAGE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@lru_cache(maxsize=32)
def _cleaner(image_prefix: str) -> nh3.Cleaner:
    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "id":
            return value if _NOTE_ID.fullmatch(value) else None
        if attribute == "href":
            # Links inside the manuscript (notes) only; an outside address in a
            # manuscript is text, not something a reviewer should click.
            return value if value.startswith("#") and len(value) > 1 else None
        if attribute == "src":
            name = value[len(image_prefix) :]
            stored = bool(image_prefix) and value.startswith(image_prefix)
            return value if stored and _IMAGE_NAME.fullmatch(name) and ".." not in name else None
        if attribute in ("colspan", "rowspan"):
            return value if value.isascii() and value.isdigit() and 0 < int(value) <= 1000 else None
        return value

    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags=_DROP_WITH_CONTENT,
        attributes=_ALLOWED_ATTRIBUTES,
        attribute_filter=keep,
        link_rel=None,
        strip_comments=True,
    )


def sanitise_html(html: str, *, image_prefix: str) -> str:
    """``html`` reduced to the manuscript allow-list.

    Guarantees: only ``ALLOWED_TAGS`` remain; no script, style, event handler or
    ``javascript:`` URL survives; links keep only ``#fragment`` targets; images keep
    ``src`` only if it starts with ``image_prefix`` followed by a plain file name
    (what ``store_image`` returned), so no outside image is fetched by a reader's
    browser; ids survive only in the footnote form. Table spans must be 1–1000.
    """
    return _cleaner(image_prefix).clean(html)


_TEXT_BLOCKS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "div"}
    | {"table", "thead", "tbody", "tfoot", "tr"}
)
_CELL_SEPARATORS = _TEXT_BLOCKS | {"br", "td", "th"}
_HTML_SPACE = re.compile(r"[\t\n\r\f]")
_BACK_LINKS = ("#footnote-ref-", "#endnote-ref-")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.cell_depth = 0
        self.cell_start = 0
        self.cells_in_row = 0
        self.skipping = 0

    def _break(self) -> None:
        line = "".join(self.current).strip(" ")
        if line:
            self.lines.append(line)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and (dict(attrs).get("href") or "").startswith(_BACK_LINKS):
            self.skipping += 1  # the "↑" back to a note's reference is not text
        elif self.cell_depth:
            # Inside a cell, paragraphs (and nested tables) stay on the row's line.
            if tag in ("td", "th"):
                self.cell_depth += 1
            if tag in _CELL_SEPARATORS and len(self.current) > self.cell_start:
                self.current.append(" ")
        elif tag == "tr":
            self._break()
            self.cells_in_row = 0
        elif tag in ("td", "th"):
            if self.cells_in_row:
                self.current.append("\t")
            self.cells_in_row += 1
            self.cell_depth = 1
            self.cell_start = len(self.current)
        elif tag in _TEXT_BLOCKS or tag == "br":
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.skipping:
            self.skipping -= 1
        elif tag in ("td", "th"):
            self.cell_depth = max(0, self.cell_depth - 1)
        elif tag in _TEXT_BLOCKS and not self.cell_depth:
            self._break()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.current.append(_HTML_SPACE.sub(" ", data))


def html_to_text(html: str) -> str:
    """The plain text of manuscript HTML: one line per paragraph, heading or list item
    (joined by "\\n", no blank lines), one line per table row with cells separated by a
    tab. Characters are kept exactly (ideographic spaces included); only HTML layout
    whitespace at the ends of a line is dropped. Note back-links ("↑") are left out."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    collector._break()
    return "\n".join(collector.lines)


# --- Word to HTML -------------------------------------------------------------------


@dataclass
class ImportResult:
    """A converted manuscript: sanitised ``html``, its plain ``text``, mammoth's
    ``warnings`` and the ``images`` URLs that ``store_image`` returned, in order."""

    html: str
    text: str
    warnings: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)


# Word writes built-in style names in English whatever its language ("heading 1");
# WPS Office and documents made from Chinese templates often carry "标题 1" or "标题1"
# as a custom style. Import and outlines recognise headings by this one pattern.
HEADING_STYLE = re.compile(r"(?:heading|标题)\s*([1-9])", re.IGNORECASE)
TITLE_STYLES = frozenset({"title", "标题"})


def _style_map() -> str:
    """mammoth's default style map, reordered, used instead of it.

    mammoth tries the mappings in order for every paragraph, every run and every bold
    or italic run, which was a large share of an import (bench/import_docx.py): the
    commonest matches come first, and heading names are unified beforehand
    (``_normalise_headings``) so that six entries cover every spelling.
    """
    lines = [
        "b => strong",
        "i => em",
        # mammoth drops underline by default (it looks like a link on the web); in
        # Chinese texts an underline can be the proper-name mark (专名号), so keep it.
        "u => u",
        "strike => s",
    ]
    # Lists before Normal: a numbered paragraph is a list item whatever its style
    # (WPS numbers Normal paragraphs).
    for depth in range(1, 6):
        outer = "ul|ol > li > " * (depth - 1)
        lines.append(f"p:unordered-list({depth}) => {outer}ul > li:fresh")
        lines.append(f"p:ordered-list({depth}) => {outer}ol > li:fresh")
    lines.append("p[style-name='Normal'] => p:fresh")
    lines += [f"p[style-name='heading {level}'] => h{level}:fresh" for level in range(1, 7)]
    lines.append("p[style-name='Title'] => h1:fresh")
    # Notes: their text is plain paragraphs, their reference marks are written by
    # mammoth itself (Word's, then LibreOffice's style names).
    for kind in ("footnote", "endnote"):
        lines += [f"p[style-name='{kind} text'] => p:fresh", f"r[style-name='{kind} reference'] =>"]
    for kind in ("Footnote", "Endnote"):
        lines += [f"p[style-name='{kind}'] => p:fresh", f"r[style-name='{kind} anchor'] =>"]
    lines += ["r[style-name='Strong'] => strong", "r[style-name='Hyperlink'] =>"]
    return "\n".join(lines)


def _normalise_headings(document: Any) -> Any:
    """Rename every heading paragraph's style to "heading N" (or "Title") in mammoth's
    document model, in place; other paragraphs keep their style names."""
    stack = [document]
    while stack:
        element = stack.pop()
        if isinstance(element, mammoth_documents.Paragraph):
            name = element.style_name or ""
            match = HEADING_STYLE.fullmatch(name)
            if match and int(match.group(1)) <= 6:
                element.style_name = f"heading {match.group(1)}"
            elif name.lower() in TITLE_STYLES:
                element.style_name = "Title"
        children = getattr(element, "children", None)
        if children:
            stack.extend(children)
    return document


STYLE_MAP = _style_map()


def _parse_office_xml(fileobj: Any, namespace_mapping: Any = None) -> Any:
    """mammoth's ``xmlparser.parse_xml`` on lxml instead of xml.dom.minidom.

    Returns the same tree of ``XmlElement`` and ``XmlText`` (names as "prefix:local"
    for known namespaces, whitespace text kept, comments and processing instructions
    dropped), about twice as fast on document.xml and eight times on styles.xml, and
    with entities and network access switched off.
    """
    prefixes = {uri: prefix for prefix, uri in namespace_mapping or ()}
    names: dict[str, str] = {}

    def name_of(qualified: str) -> str:
        found = names.get(qualified)
        if found is None:
            found = qualified
            if qualified.startswith("{"):
                uri, local = qualified[1:].split("}", 1)
                prefix = prefixes.get(uri)
                if prefix is not None:
                    found = f"{prefix}:{local}"
            names[qualified] = found
        return found

    def convert(element: Any) -> Any:
        children = []
        if element.text is not None:
            children.append(XmlText(element.text))
        for child in element:
            # Comments and processing instructions are dropped but not their tails,
            # so text stays split exactly as minidom splits it.
            if isinstance(child.tag, str):
                children.append(convert(child))
            if child.tail is not None:
                children.append(XmlText(child.tail))
        attributes = {name_of(key): value for key, value in element.attrib.items()}
        return XmlElement(name_of(element.tag), attributes, children)

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return convert(etree.parse(fileobj, parser).getroot())


def _use_lxml_in_mammoth() -> None:
    # minidom was the largest single cost of an import. The swap is safe because the
    # tree is identical (the tests compare both parsers on real parts); if a mammoth
    # release moves the function, we leave mammoth as it is.
    if getattr(mammoth_office_xml, "parse_xml", None) is mammoth_xmlparser.parse_xml:
        mammoth_office_xml.parse_xml = _parse_office_xml


_use_lxml_in_mammoth()


class _CallerError(Exception):
    """Carries an exception raised by ``store_image`` through mammoth unchanged."""

    def __init__(self, original: BaseException) -> None:
        super().__init__(str(original))
        self.original = original


def docx_to_html(
    data: bytes,
    *,
    store_image: Callable[[bytes, str], str],
    image_prefix: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ImportResult:
    """Convert a .docx (Word or WPS) to sanitised manuscript HTML.

    Runs ``check_docx`` first, so a refused file raises ``DocxError`` before anything
    is stored. Headings (English, Chinese and WPS style names) become h1–h6; bold,
    italic, underline, strike, sub/superscript, lists, tables, footnotes and endnotes
    (a numbered list at the end, with ``footnote-N`` ids) are kept. Each image is
    passed to ``store_image(content, content_type)`` once, and the URL it returns must
    start with ``image_prefix`` to survive sanitising. An empty document gives empty
    HTML and a warning. Exceptions raised by ``store_image`` propagate unchanged.
    """
    check_docx(data, max_bytes=max_bytes)
    images: list[str] = []

    def convert(image: Any) -> dict[str, str]:
        with image.open() as handle:
            content = handle.read()
        try:
            url = store_image(content, image.content_type or "application/octet-stream")
        except Exception as exc:
            raise _CallerError(exc) from exc
        images.append(url)
        return {"src": url}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=STYLE_MAP,
            convert_image=mammoth.images.img_element(convert),
            include_default_style_map=False,
            transform_document=_normalise_headings,
            # A style map embedded in an uploaded file must not steer our conversion.
            include_embedded_style_map=False,
        )
    except _CallerError as exc:
        raise exc.original from None
    except Exception as exc:
        # mammoth raises whatever its readers hit (KeyError, ValueError, XML errors) on
        # parts that passed the container checks but make no sense.
        raise DocxError("corrupt", "The document's contents cannot be read.") from exc
    warnings = list(dict.fromkeys(message.message for message in result.messages))
    html = sanitise_html(result.value, image_prefix=image_prefix)
    text = html_to_text(html)
    if not text and not images:
        warnings.append("The document has no text.")
    return ImportResult(html=html, text=text, warnings=warnings, images=images)


# --- HTML to Word -------------------------------------------------------------------


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


# --- outlines -----------------------------------------------------------------------

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


# Same rule as fangzhi.audit.exports.safe_cell. That module imports Django models, and
# this one must stay importable without Django, so the rule is repeated, not imported.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """The value as text a spreadsheet will not run: a leading ``'`` defuses a formula,
    and characters XML cannot carry are dropped."""
    text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


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
