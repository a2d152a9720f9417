"""Manuscript HTML: the allow-list every stored manuscript passes (``sanitise_html``) and
the plain text that diffs and checks read (``html_to_text``)."""

from __future__ import annotations

import re
from functools import lru_cache
from html import unescape
from html.parser import HTMLParser

import nh3

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


# nh3 writes every tag one way: lower-case names, each attribute with a double-quoted
# value, "<" in text as "&lt;". HTML in that shape is read with these expressions, at
# twice HTMLParser's speed; anything else goes through HTMLParser.
_TOKEN = re.compile(
    r'([^<]+)|<([a-z][a-z0-9]*)((?:\s+[a-z][a-z0-9_-]*="[^"]*")*)\s*(/?)>|</([a-z][a-z0-9]*)\s*>'
)
_ATTRIBUTE = re.compile(r'\s+([a-z][a-z0-9_-]*)="([^"]*)"')
# HTMLParser reads these as raw text up to their end tag.
_RAW_TEXT = frozenset({"script", "style"})


def _collect_sanitised(html: str, collector: _TextCollector) -> bool:
    """Feed ``html`` to the collector's handlers as HTMLParser would, if it is in nh3's
    shape; False (and nothing fed) if it is not."""
    tokens = []
    position, end, match = 0, len(html), _TOKEN.match
    while position < end:
        token = match(html, position)
        if token is None or token.group(2) in _RAW_TEXT:
            return False
        tokens.append(token.groups())
        position = token.end()
    for data, tag, attributes, closed, end_tag in tokens:
        if data is not None:
            collector.handle_data(unescape(data) if "&" in data else data)
        elif end_tag is not None:
            collector.handle_endtag(end_tag)
        else:
            attrs: list[tuple[str, str | None]] = []
            if tag == "a" and attributes:  # only a link's href is read
                attrs = [(name, unescape(value)) for name, value in _ATTRIBUTE.findall(attributes)]
            if closed:
                collector.handle_startendtag(tag, attrs)
            else:
                collector.handle_starttag(tag, attrs)
    return True


def html_to_text(html: str) -> str:
    """The plain text of manuscript HTML: one line per paragraph, heading or list item
    (joined by "\\n", no blank lines), one line per table row with cells separated by a
    tab. Characters are kept exactly (ideographic spaces included); only HTML layout
    whitespace at the ends of a line is dropped. Note back-links ("↑") are left out."""
    collector = _TextCollector()
    if not _collect_sanitised(html, collector):
        collector.feed(html)
        collector.close()
    collector._break()
    return "\n".join(collector.lines)
