"""Pages pass basic accessibility checks: labels, headings, contrast, keyboard use.

Every page of the permission matrix (tests/test_page_matrix.py) is fetched as every role
and each HTML page it serves is checked with ``tests.a11y.assert_accessible``, so a page
added to the matrix is checked without a change here. Contrast is checked on the colour
pairs declared at the top of fangzhi/static/css/fangzhi.css.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

import fangzhi

from .. import test_page_matrix as page_matrix
from ..a11y import accessibility_problems, assert_accessible, keyboard_problems, parse
from ..conftest import ROLES

GET_MATRIX = page_matrix.GET_MATRIX
OWN_UNIT = page_matrix.OWN_UNIT
matrix_world = page_matrix.matrix_world  # the fixture: ``world`` plus works, a job, an entry

# Works pages (fangzhi/works/templates/) that fail the checks today; their authors fix
# them, then remove the name here (test_known_works_failures_still_fail tells when).
KNOWN_WORKS_FAILURES: set[str] = set()

PACKAGE = Path(fangzhi.__file__).parent
CSS = PACKAGE / "static" / "css" / "fangzhi.css"


def _pages(world, table):
    for name, (kwargs, _expected) in table.items():
        yield name, reverse(name, kwargs=kwargs(world) if kwargs else None)


def _is_html(response) -> bool:
    return response.status_code == 200 and response.get("Content-Type", "").startswith("text/html")


# --- pages --------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_page_is_accessible(matrix_world, client_for, role):
    client = client_for(role)
    checked, failures = 0, []
    for table in (GET_MATRIX, OWN_UNIT):
        for name, url in _pages(matrix_world, table):
            if name in KNOWN_WORKS_FAILURES:
                continue
            response = client.get(url)
            if not _is_html(response):
                continue
            checked += 1
            problems = accessibility_problems(response.content.decode())
            if problems:
                failures.append(f"{name} {url}:\n    " + "\n    ".join(problems))
    assert checked, f"{role} was served no page"
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_known_works_failures_still_fail(matrix_world, client_for):
    """A name stays in KNOWN_WORKS_FAILURES only while its page still fails."""
    client = client_for("office_admin")
    fixed = []
    for table in (GET_MATRIX, OWN_UNIT):
        for name, url in _pages(matrix_world, table):
            if name not in KNOWN_WORKS_FAILURES:
                continue
            response = client.get(url)
            if _is_html(response) and not accessibility_problems(response.content.decode()):
                fixed.append(name)
    assert not fixed, f"fixed, remove from KNOWN_WORKS_FAILURES: {sorted(fixed)}"
    assert not KNOWN_WORKS_FAILURES - set(GET_MATRIX) - set(OWN_UNIT), "unknown url names"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["office_editor", "public"])
def test_error_pages_are_accessible(matrix_world, client_for, role):
    client = client_for(role)
    if role == "public":
        response = client.get("/no-such-page/")
        assert response.status_code == 404
    else:
        response = client.get(reverse("audit:log"))
        assert response.status_code == 403
    assert_accessible(response.content.decode(), url=f"{role}: {response.status_code}")


@pytest.mark.django_db
def test_a_form_with_errors_is_accessible(matrix_world, client_for):
    """Error messages are shown next to still-labelled fields."""
    response = client_for("office_admin").post(reverse("org:unit_add"), {"name": ""})
    assert response.status_code == 200 and b"errorlist" in response.content
    assert_accessible(response.content.decode(), url="org:unit_add (invalid POST)")


# --- the checker itself: each rule catches what it should --------------------------------------

GOOD_PAGE = """<!DOCTYPE html><html lang="zh-hans"><head><title>t</title></head><body>
<a class="skip-link" href="#main">跳到正文</a>
<main id="main"><h1>标题</h1><h2>小节</h2><h3>细目</h3>
<form><label for="q">检索</label><input id="q" name="q">
<label>单位 <select name="u"><option>甲</option></select></label>
<textarea aria-label="备注"></textarea><input type="hidden" name="x">
<button type="submit">提交</button></form>
<img src="a.png" alt=""><a href="/x/"><img src="b.png" alt="导出"></a>
<table><tr><th scope="col">名称</th></tr><tr><td>甲</td></tr></table>
<div role="button" tabindex="0" onclick="go()">打开</div>
</main></body></html>"""


def test_the_checker_passes_a_good_page():
    assert_accessible(GOOD_PAGE)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (('<html lang="zh-hans">', "<html>"), "no lang"),
        (("<h2>小节</h2>", "<h1>小节</h1>"), "2 <h1>"),
        (("<h3>细目</h3>", "<h4>细目</h4>"), "skips a level"),
        (('<label for="q">检索</label>', ""), "without a label"),
        (('aria-label="备注"', ""), "without a label"),
        (('<img src="a.png" alt="">', '<img src="a.png">'), "without alt"),
        (('alt="导出"', 'alt=""'), "a without text"),
        (('<button type="submit">提交</button>', '<button type="submit"></button>'), "button"),
        (('<input id="q" name="q">', '<input id="q" name="q" tabindex="2">'), "positive"),
        (('name="x">', 'name="x" id="q">'), 'id "q"'),
        (('<th scope="col">名称</th>', "<td>名称</td>"), "without header cells"),
        (('<div role="button" tabindex="0"', "<div"), "clickable <div>"),
        (('<main id="main">', '<main><p id="main">'), None),  # a skip link alone is enough
    ],
)
def test_the_checker_finds_each_fault(change, problem):
    old, new = change
    assert old in GOOD_PAGE
    problems = accessibility_problems(GOOD_PAGE.replace(old, new))
    if problem is None:
        assert problems == []
    else:
        assert any(problem in p for p in problems), problems


def test_the_checker_requires_a_skip_link_or_main():
    page = GOOD_PAGE.replace('<a class="skip-link" href="#main">跳到正文</a>', "")
    page = page.replace('<main id="main">', "<div>").replace("</main>", "</div>")
    assert any("skip" in p for p in accessibility_problems(page))


# --- keyboard -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "reachable"),
    [
        ('<tr onclick="open()"><td>甲</td></tr>', False),
        ('<span hx-get="/x/">展开</span>', False),  # htmx fires on click by default
        ('<div hx-get="/x/" hx-trigger="load">…</div>', True),
        ('<div hx-get="/x/" hx-trigger="every 2s">…</div>', True),
        ('<div hx-post="/x/" hx-trigger="click">…</div>', False),
        ('<a onclick="go()">无链接</a>', False),
        ('<a href="/x/" hx-get="/x/">有链接</a>', True),
        ('<button hx-post="/x/">提交</button>', True),
        ('<form hx-get="/x/"><input name="q" aria-label="q"></form>', True),
        ('<li role="button" tabindex="0" onclick="go()">可达</li>', True),
    ],
)
def test_keyboard_check(html, reachable):
    assert (keyboard_problems(parse(html)) == []) is reachable


def _template_files():
    roots = [PACKAGE / "templates", *PACKAGE.glob("*/templates")]
    return sorted(p for root in roots for p in root.rglob("*.html"))


def test_no_template_makes_a_non_control_clickable():
    """Also the fragments htmx swaps in and pages not in the matrix: read the sources.

    Template tags are blanked first so that ``{% if %}`` inside a tag cannot confuse
    the parser; a clickable element must still carry its role and tabindex.
    """
    failures = []
    for path in _template_files():
        source = re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}", "", path.read_text(), flags=re.S)
        for problem in keyboard_problems(parse(source)):
            failures.append(f"{path.relative_to(PACKAGE)}: {problem}")
    assert not failures, "\n".join(failures)


# --- contrast -----------------------------------------------------------------------------------

PAIR_RE = re.compile(r"^\s*(text|ui):\s*(\S+)\s+on\s+(\S+)\s*$", re.M)
MINIMUM = {"text": 4.5, "ui": 3.0}  # WCAG 2.1 AA: 1.4.3 normal text, 1.4.11 non-text


def _css() -> tuple[str, str]:
    """The header comment (where the pairs are declared) and the rules without comments."""
    text = CSS.read_text(encoding="utf-8")
    header = re.match(r"\s*/\*(.*?)\*/", text, re.S)
    assert header, "fangzhi.css must start with the comment that declares its colour pairs"
    return header.group(1), re.sub(r"/\*.*?\*/", "", text, flags=re.S)


def _properties(rules: str) -> dict[str, str]:
    root = re.search(r":root\s*{(.*?)}", rules, re.S)
    assert root, "fangzhi.css has no :root block"
    return {
        name: value.lower()
        for name, value in re.findall(r"(--[\w-]+)\s*:\s*(#[0-9a-fA-F]{3,6})\s*;", root.group(1))
    }


def _pairs() -> list[tuple[str, str, str]]:
    header, _rules = _css()
    return PAIR_RE.findall(header)


def _hex(colour: str, properties: dict[str, str]) -> str:
    if colour.startswith("--"):
        assert colour in properties, f"{colour} is not a colour of :root"
        return properties[colour]
    assert re.fullmatch(r"#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}", colour), f"not a colour: {colour}"
    return colour.lower()


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of an sRGB ``#rgb`` or ``#rrggbb`` colour."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = []
    for i in (0, 2, 4):
        c = int(digits[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    dark, light = sorted((relative_luminance(a), relative_luminance(b)))
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#fff", "#fff") == 1


def test_colour_pairs_are_declared():
    kinds = {kind for kind, _fg, _bg in _pairs()}
    assert kinds == {"text", "ui"}, "fangzhi.css declares no text or no ui colour pairs"


@pytest.mark.parametrize(("kind", "fg", "bg"), _pairs(), ids=lambda v: v)
def test_colour_pair_contrast(kind, fg, bg):
    properties = _properties(_css()[1])
    ratio = contrast_ratio(_hex(fg, properties), _hex(bg, properties))
    assert ratio >= MINIMUM[kind], f"{fg} on {bg}: {ratio:.2f}:1, needs {MINIMUM[kind]}:1"


def test_every_text_and_background_colour_is_in_a_pair():
    """A colour used in a rule for text or a background is in a declared text pair."""
    _header, rules = _css()
    body = re.sub(r":root\s*{.*?}", "", rules, count=1, flags=re.S)
    text_pairs = [(fg, bg) for kind, fg, bg in _pairs() if kind == "text"]
    foregrounds = {fg for fg, _bg in text_pairs}
    backgrounds = {bg for _fg, bg in text_pairs}

    def colours(value: str) -> list[str]:
        return re.findall(r"var\((--[\w-]+)\)|(#[0-9a-fA-F]{3,6})\b", value)

    missing = []
    for value in re.findall(r"(?<![\w-])color\s*:\s*([^;}]+)", body):
        for var, literal in colours(value):
            if (var or literal.lower()) not in foregrounds:
                missing.append(f"color: {value.strip()}")
    for value in re.findall(r"(?<![\w-])background(?:-color)?\s*:\s*([^;}]+)", body):
        for var, literal in colours(value):
            if (var or literal.lower()) not in backgrounds:
                missing.append(f"background: {value.strip()}")
    assert not missing, "colours without a declared pair in fangzhi.css: " + ", ".join(missing)
