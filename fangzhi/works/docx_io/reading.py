"""Word to manuscript HTML: mammoth, with our style map, heading names and a faster XML
parser, then ``sanitise_html`` and ``html_to_text``.

Import time follows the number of paragraphs and runs; what profiling changed is told
in docs/benchmarks.md ("Manuscripts: Word import and diff").
"""

from __future__ import annotations

import contextlib
import gc
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import mammoth
import mammoth.images
from lxml import etree
from mammoth import conversion as mammoth_conversion
from mammoth import documents as mammoth_documents
from mammoth.docx import office_xml as mammoth_office_xml
from mammoth.docx import xmlparser as mammoth_xmlparser
from mammoth.docx.xmlparser import XmlElement, XmlText

from .checks import DEFAULT_MAX_BYTES, DocxError, check_docx
from .html import html_to_text, sanitise_html


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


class _OfficeTreeBuilder:
    """An lxml parser target that builds mammoth's tree as the parser reads, without
    an lxml tree in between."""

    def __init__(self, namespace_mapping: Any) -> None:
        self.prefixes = {uri: prefix for prefix, uri in namespace_mapping or ()}
        self.names: dict[str, str] = {}
        self.open: list[list[Any]] = []  # the children lists of the open elements
        self.children: list[Any] = []
        self.text: list[str] = []
        self.root: Any = None

    def name_of(self, qualified: str) -> str:
        found = self.names.get(qualified)
        if found is None:
            found = qualified
            if qualified.startswith("{"):
                uri, local = qualified[1:].split("}", 1)
                prefix = self.prefixes.get(uri)
                if prefix is not None:
                    found = f"{prefix}:{local}"
            self.names[qualified] = found
        return found

    def flush(self) -> None:
        # The parser may hand one text over in pieces; a node is one piece of text
        # between two tags, comments or processing instructions, as minidom makes it.
        if self.open:
            self.children.append(XmlText("".join(self.text)))
        self.text = []

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if self.text:
            self.flush()
        name_of = self.name_of
        children: list[Any] = []
        attributes = {name_of(key): value for key, value in attrib.items()} if attrib else {}
        element = XmlElement(name_of(tag), attributes, children)
        if self.open:
            self.children.append(element)
        else:
            self.root = element
        self.open.append(self.children)
        self.children = children

    def end(self, tag: str) -> None:
        if self.text:
            self.flush()
        self.children = self.open.pop()

    def data(self, data: str) -> None:
        self.text.append(data)

    def comment(self, text: str) -> None:
        # Comments and processing instructions are dropped, but split the text.
        if self.text:
            self.flush()

    def pi(self, target: str, data: str | None = None) -> None:
        if self.text:
            self.flush()

    def close(self) -> Any:
        return self.root


def _parse_office_xml(fileobj: Any, namespace_mapping: Any = None) -> Any:
    """mammoth's ``xmlparser.parse_xml`` on lxml instead of xml.dom.minidom.

    Returns the same tree of ``XmlElement`` and ``XmlText`` (names as "prefix:local"
    for known namespaces, whitespace text kept, comments and processing instructions
    dropped), about three times as fast on document.xml and ten times on styles.xml,
    and with entities and network access switched off.
    """
    parser = etree.XMLParser(
        target=_OfficeTreeBuilder(namespace_mapping),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
    )
    return etree.parse(fileobj, parser)


def _use_lxml_in_mammoth() -> None:
    # minidom was the largest single cost of an import. The swap is safe because the
    # tree is identical (the tests compare both parsers on real parts); if a mammoth
    # release moves the function, we leave mammoth as it is.
    if getattr(mammoth_office_xml, "parse_xml", None) is mammoth_xmlparser.parse_xml:
        mammoth_office_xml.parse_xml = _parse_office_xml


_use_lxml_in_mammoth()


def _cached_find_style(original: Callable[[Any, Any, str], Any]) -> Callable[[Any, Any, str], Any]:
    """mammoth's ``_DocumentConverter._find_style``, asked once per kind of element.

    mammoth tries the style map's mappings in turn for every paragraph, every run and
    every bold or italic run; a plain run matches none and so tries them all. Whether a
    mapping matches depends only on the attributes in the key below
    (``conversion._document_matcher_matches``), so the first answer for a key holds
    for the whole document. The cache lives on the converter, one per conversion.
    """

    def find_style(self: Any, element: Any, element_type: str) -> Any:
        cache = self.__dict__.setdefault("_fangzhi_styles", {})
        key = (
            element_type,
            getattr(element, "style_id", None),
            getattr(element, "style_name", None),
            getattr(element, "numbering", None),
            getattr(element, "color", None),
            getattr(element, "break_type", None),
        )
        try:
            return cache[key]
        except KeyError:
            style = cache[key] = original(self, element, element_type)
            return style
        except TypeError:  # an unhashable attribute: no cache for this element
            return original(self, element, element_type)

    find_style.original = original  # type: ignore[attr-defined]
    return find_style


def _cache_styles_in_mammoth() -> None:
    # As with the parser: only on the mammoth we know (the tests compare the output
    # with and without the cache); a release that renames these is left as it is.
    converter = getattr(mammoth_conversion, "_DocumentConverter", None)
    original = getattr(converter, "_find_style", None)
    known = hasattr(mammoth_conversion, "_document_matcher_matches")
    if original is not None and known and not hasattr(original, "original"):
        converter._find_style = _cached_find_style(original)  # type: ignore[union-attr]


_cache_styles_in_mammoth()


@contextlib.contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """mammoth makes several objects per XML node and per run, and each collection
    pass walks all the live ones: on a megabyte of short paragraphs the collector took
    a quarter of the import. Garbage is still freed by reference counting meanwhile;
    cycles wait for the collector, which runs again afterwards. The switch is
    process-wide, so at most one import keeps it off for about a second."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
        with _cycle_collector_paused():
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
