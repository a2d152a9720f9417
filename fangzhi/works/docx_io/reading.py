"""Word to manuscript HTML: mammoth, with our style map, heading names and a faster XML
parser, then ``sanitise_html`` and ``html_to_text``."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import mammoth
import mammoth.images
from lxml import etree
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
