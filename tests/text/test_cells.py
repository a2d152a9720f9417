"""Spreadsheet cells: nothing a user typed may reach Excel as a formula."""

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from fangzhi.text.cells import FORMULA_PREFIXES, safe_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://example.com","点我")', '\'=HYPERLINK("http://example.com","点我")'),
        ("+86 023 6666", "'+86 023 6666"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\r=1", "'\r=1"),
        ("巴南区地方志办公室", "巴南区地方志办公室"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (12, "12"),
        (-3, "'-3"),
    ],
)
def test_formulas_are_defused_and_text_is_kept(value, expected):
    assert safe_cell(value) == expected


def test_control_characters_are_dropped_before_the_formula_check():
    # Dropped after the check, "\x01=cmd" would become a live "=cmd".
    assert safe_cell("\x01=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    assert safe_cell("巴\x00南\x1f") == "巴南"
    assert safe_cell("第一行\n第二行") == "第一行\n第二行"  # line breaks stay


@given(st.text())
def test_no_cell_starts_like_a_formula_and_openpyxl_accepts_it(text):
    cell = safe_cell(text)
    assert not cell.startswith(FORMULA_PREFIXES)
    workbook = Workbook()
    workbook.active.append([cell])  # refuses illegal characters by raising
    buffer = io.BytesIO()
    workbook.save(buffer)
    stored = load_workbook(buffer).active["A1"]
    assert stored.data_type != "f"
