"""Basic accessibility checks of a rendered page, with the standard library's HTML parser.

``assert_accessible(html, url=...)`` fails with every problem of the page at once. The
checks are the ones a person with a screen reader or a keyboard meets first (WCAG 2.1 AA):

- the page says its language (``<html lang>``);
- one ``<h1>``, and headings never skip a level going down (h2 → h4);
- every form control has an accessible name: ``<label for>``, a wrapping ``<label>``,
  ``aria-label`` or ``aria-labelledby``;
- every image has ``alt``; every link and button says what it does (text, an image's
  alt text, ``aria-label`` or ``aria-labelledby``);
- no positive ``tabindex`` (it breaks the reading order); ids are unique;
- a table of data has header cells (``<th>``);
- a "skip to content" link or a ``<main>`` landmark;
- keyboard: nothing but a real control reacts to a click (``onclick`` or an htmx click
  trigger) unless it has a ``role`` and a ``tabindex``.

Contrast is checked on the style sheet, not per page (tests/core/test_accessibility.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}
# Elements closed implicitly by a sibling or their parent's end (enough for our pages).
IMPLIED_END = {
    "p": {"p", "div", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section"},
    "li": {"li"},
    "dt": {"dt", "dd"},
    "dd": {"dt", "dd"},
    "tr": {"tr", "tbody", "tfoot"},
    "td": {"td", "th", "tr", "tbody", "tfoot"},
    "th": {"td", "th", "tr", "tbody", "tfoot"},
    "option": {"option", "optgroup"},
}
NOT_NAMED_INPUTS = {"hidden", "submit", "button", "reset", "image"}
BUTTON_INPUTS = {"submit", "button", "reset"}
# Elements a keyboard reaches and activates by themselves.
INTERACTIVE = {"button", "input", "select", "textarea", "option", "summary", "details", "label"}
HTMX_VERBS = ("hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete")


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def text(self) -> str:
        """The text a screen reader announces: text, and images' alt text."""
        if self.attrs.get("aria-hidden") == "true":
            return ""
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag == "img":
                parts.append(child.attrs.get("alt") or "")
            elif child.tag not in ("script", "style", "template"):
                parts.append(child.text())
        return " ".join(p.strip() for p in parts if p.strip())

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def describe(self) -> str:
        shown = " ".join(
            f'{k}="{v}"' if v is not None else k
            for k, v in self.attrs.items()
            if k in ("id", "name", "type", "href", "class", "role")
        )
        return f"<{self.tag}{' ' + shown if shown else ''}>"


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        while self.current.tag in IMPLIED_END and tag in IMPLIED_END[self.current.tag]:
            self.current = self.current.parent or self.root
        node = Node(tag, dict(attrs), parent=self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, dict(attrs), parent=self.current))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        # Close up to the matching open element; a stray end tag is ignored.
        for node in (self.current, *self.current.ancestors()):
            if node.tag == tag:
                self.current = node.parent or self.root
                return

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def _nonblank(value: str | None) -> bool:
    return bool(value and value.strip())


def _labelledby_ok(node: Node, ids: dict[str, Node]) -> bool:
    refs = (node.attrs.get("aria-labelledby") or "").split()
    return bool(refs) and all(r in ids for r in refs) and any(ids[r].text() for r in refs)


def structure_problems(root: Node) -> list[str]:
    problems: list[str] = []
    nodes = list(root.iter())
    by_tag: dict[str, list[Node]] = {}
    for node in nodes:
        by_tag.setdefault(node.tag, []).append(node)

    html = by_tag.get("html", [])
    if not html or not _nonblank(html[0].attrs.get("lang")):
        problems.append("<html> has no lang attribute")

    ids: dict[str, Node] = {}
    for node in nodes:
        node_id = node.attrs.get("id")
        if node_id is None:
            continue
        if node_id in ids:
            problems.append(f'id "{node_id}" is used more than once')
        ids.setdefault(node_id, node)

    headings = [n for n in nodes if re.fullmatch(r"h[1-6]", n.tag)]
    h1 = [n for n in headings if n.tag == "h1"]
    if len(h1) != 1:
        problems.append(f"{len(h1)} <h1> elements, expected exactly one")
    previous = 0
    for heading in headings:
        level = int(heading.tag[1])
        if previous and level > previous + 1:
            problems.append(
                f"heading skips a level: <h{previous}> then <h{level}> “{heading.text()[:40]}”"
            )
        previous = level
    for heading in headings:
        if not heading.text():
            problems.append(f"empty heading {heading.describe()}")

    labelled_ids = {
        n.attrs["for"] for n in by_tag.get("label", []) if _nonblank(n.attrs.get("for"))
    }
    controls = [
        n
        for n in nodes
        if n.tag in ("select", "textarea")
        or (n.tag == "input" and (n.attrs.get("type") or "text").lower() not in NOT_NAMED_INPUTS)
    ]
    for control in controls:
        named = (
            (control.attrs.get("id") in labelled_ids)
            or any(a.tag == "label" for a in control.ancestors())
            or _nonblank(control.attrs.get("aria-label"))
            or _labelledby_ok(control, ids)
        )
        if not named:
            problems.append(f"form control without a label: {control.describe()}")

    for img in by_tag.get("img", []):
        if "alt" not in img.attrs:
            problems.append(f"image without alt: {img.describe()} src={img.attrs.get('src')}")

    actionable = [n for n in by_tag.get("a", []) if "href" in n.attrs] + by_tag.get("button", [])
    for node in actionable:
        if not (
            node.text() or _nonblank(node.attrs.get("aria-label")) or _labelledby_ok(node, ids)
        ):
            problems.append(f"{node.tag} without text or aria-label: {node.describe()}")
    for node in by_tag.get("input", []):
        kind = (node.attrs.get("type") or "").lower()
        if kind in BUTTON_INPUTS and not (
            _nonblank(node.attrs.get("value")) or _nonblank(node.attrs.get("aria-label"))
        ):
            problems.append(f"input button without a value: {node.describe()}")

    for node in nodes:
        tabindex = (node.attrs.get("tabindex") or "").strip()
        if tabindex.lstrip("+").isdigit() and int(tabindex) > 0:
            problems.append(f"positive tabindex {tabindex}: {node.describe()}")

    for table in by_tag.get("table", []):
        if table.attrs.get("role") in ("presentation", "none"):
            continue
        cells = [n.tag for n in table.iter() if n.tag in ("td", "th")]
        if "td" in cells and "th" not in cells:
            problems.append(f"data table without header cells: {table.describe()}")

    skip_link = any(
        (n.attrs.get("href") or "").startswith("#") and n.attrs["href"][1:] in ids
        for n in by_tag.get("a", [])
    )
    if (
        not skip_link
        and not by_tag.get("main")
        and not any(n.attrs.get("role") == "main" for n in nodes)
    ):
        problems.append('no "skip to content" link and no <main> landmark')
    return problems


def _htmx_click(node: Node) -> bool:
    """Whether htmx fires the node's request on a click (htmx's default for most tags)."""
    if not any(verb in node.attrs for verb in HTMX_VERBS):
        return False
    trigger = node.attrs.get("hx-trigger")
    if trigger is None:
        return node.tag not in ("form", "input", "select", "textarea")
    return bool(re.search(r"(^|[\s,])click\b", trigger))


def keyboard_problems(root: Node) -> list[str]:
    """Elements that react to a click but that a keyboard cannot reach or activate."""
    problems = []
    for node in root.iter():
        if node.tag in INTERACTIVE or (node.tag == "a" and "href" in node.attrs):
            continue
        if not ("onclick" in node.attrs or _htmx_click(node)):
            continue
        if not (_nonblank(node.attrs.get("role")) and "tabindex" in node.attrs):
            problems.append(f"clickable {node.describe()} without role and tabindex")
    return problems


def accessibility_problems(html: str) -> list[str]:
    root = parse(html)
    return structure_problems(root) + keyboard_problems(root)


def assert_accessible(html: str, *, url: str = "") -> None:
    """Fail with every accessibility problem of the page ``html`` (served at ``url``)."""
    problems = accessibility_problems(html)
    where = f" on {url}" if url else ""
    assert not problems, f"accessibility problems{where}:\n  " + "\n  ".join(problems)
