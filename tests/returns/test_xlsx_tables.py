"""Excel statistics tables: kept as tables, formulas never evaluated, bad files refused."""

import datetime as dt
import io
import re
import struct
import zipfile

import openpyxl
import pytest
from docx import Document

from fangzhi.returns.xlsx_tables import Table, TableError, read_tables, table_to_html

MB = 1024 * 1024


def workbook_bytes(workbook, cached=None):
    """Save an openpyxl workbook; ``cached`` maps "Sheet!B3" to the value Excel would
    have saved with that cell's formula (openpyxl cannot compute formulas, so the value
    is patched into the sheet XML)."""
    out = io.BytesIO()
    workbook.save(out)
    data = out.getvalue()
    if not cached:
        return data
    sheets = {ws.title: f"xl/worksheets/sheet{i}.xml" for i, ws in enumerate(workbook, 1)}
    patches = {}
    for key, value in cached.items():
        sheet, coordinate = key.split("!")
        patches.setdefault(sheets[sheet], {})[coordinate] = value

    def patch(name, body):
        if name not in patches:
            return body

        def cached_value(match):
            cell, formula = match.group(1).decode(), match.group(2).decode()
            value = patches[name].get(cell)
            if value is None:
                return match.group(0)
            kind = ' t="str"' if isinstance(value, str) else ""
            return f'<c r="{cell}"{kind}>{formula}<v>{value}</v></c>'.encode()

        pattern = rb'<c r="([A-Z]+[0-9]+)"[^>]*>(<f>[^<]*</f>)<v\s*/?>(?:</v>)?</c>'
        return re.sub(pattern, cached_value, body)

    return rezip(data, transform=patch)


def rezip(data, *, transform=None, add=None, drop=()):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            body = src.read(info)
            if transform:
                body = transform(info.filename, body)
            dst.writestr(info.filename, body, zipfile.ZIP_DEFLATED)
        for name, body in (add or {}).items():
            dst.writestr(name, body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def read(data, **kwargs):
    return read_tables(data, max_bytes=10 * MB, **kwargs)


def statistics_sheet(ws):
    """A typical yearbook table: a merged title, a two-level header, a total row."""
    ws.title = "农业"
    ws["A1"] = "2023年全区主要农产品产量"
    ws.merge_cells("A1:E1")
    ws["A2"] = "项目"
    ws.merge_cells("A2:A3")
    ws["B2"] = "2023年"
    ws.merge_cells("B2:C2")
    ws["B3"] = "上半年"
    ws["C3"] = "下半年"
    ws["D2"] = "合计"
    ws.merge_cells("D2:D3")
    ws["E2"] = "单位"
    ws.merge_cells("E2:E3")
    ws.append(["粮食", 1200, 1300.5, "=B4+C4", "吨"])
    ws.append(["蔬菜", 800, 950, "=B5+C5", "吨"])
    ws.append(["合计", "=SUM(B4:B5)", "=SUM(C4:C5)", "=SUM(D4:D5)", None])
    ws["A8"] = None  # an empty trailing row that Excel stores for its formatting
    ws["G10"].number_format = "0.00"


def test_a_yearbook_table():
    workbook = openpyxl.Workbook()
    statistics_sheet(workbook.active)
    data = workbook_bytes(
        workbook,
        cached={
            "农业!D4": 2500.5,
            "农业!D5": 1750,
            "农业!B6": 2000,
            "农业!C6": 2250.5,
            "农业!D6": 4250.5,
        },
    )
    [table] = read(data)
    assert table == Table(
        sheet="农业",
        title="2023年全区主要农产品产量",
        header=["项目", "2023年 上半年", "2023年 下半年", "合计", "单位"],
        rows=[
            ["粮食", 1200, 1300.5, 2500.5, "吨"],
            ["蔬菜", 800, 950, 1750, "吨"],
            ["合计", 2000, 2250.5, 4250.5, None],
        ],
        formulas=5,
    )


def test_a_formula_without_a_saved_value_is_none_and_counted():
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.append(["单位", "一季度", "二季度", "合计"])
    ws.append(["水利局", 1, 2, "=B2+C2"])
    ws.append(["教育局", 3, 4, "=B3+C3"])
    [table] = read(workbook_bytes(workbook))
    assert table.rows == [["水利局", 1, 2, None], ["教育局", 3, 4, None]]
    assert table.formulas == 2
    assert table.title == "Sheet"


def test_formulas_outside_the_table_are_not_counted():
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws["A1"] = '="标题"'
    ws.append(["a", "b"])
    ws.append([1, "=A2"])
    data = workbook_bytes(workbook, cached={"Sheet!A1": "标题", "Sheet!B3": 1})
    [table] = read(data)
    # The title cell's formula counts: its saved value is what the title shows.
    assert (table.title, table.formulas) == ("标题", 2)
    assert table.rows == [[1, 1]]


def test_values_become_plain():
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.append(["事项", "日期", "时间", "完成", "比例"])
    ws.append(["开工", dt.date(2023, 3, 5), dt.datetime(2023, 3, 5, 14, 30), True, 0.1 + 0.2])
    ws.append(["  ", None, None, False, 3])
    [table] = read(workbook_bytes(workbook))
    assert table.rows[0][:4] == ["开工", "2023-03-05", "2023-03-05T14:30:00", "TRUE"]
    assert table.rows[0][4] == pytest.approx(0.3)
    assert table.rows[1] == [None, None, None, "FALSE", 3]
    html = table_to_html(table)
    assert '<td class="num">0.3</td>' in html


def test_empty_edges_are_dropped_and_the_sheet_name_is_the_title():
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "人口"
    ws["C3"], ws["D3"] = "乡镇", "人口"
    ws["C4"], ws["D4"] = "城关镇", 52000
    ws["C6"], ws["D6"] = "河口乡", 8000
    ws["H20"].value = "   "  # only blanks: not a value
    [table] = read(workbook_bytes(workbook))
    assert table.title == "人口"
    assert table.header == ["乡镇", "人口"]
    # An empty row inside the table stays, as the unit laid it out.
    assert table.rows == [["城关镇", 52000], [None, None], ["河口乡", 8000]]


def test_a_header_merged_across_columns_over_data_is_one_label():
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.append(["单位", "备注", None])
    ws.merge_cells("B1:C1")
    ws.append(["水利局", "已完成", 3])
    [table] = read(workbook_bytes(workbook))
    assert table.header == ["单位", "备注", "备注"]
    assert table.rows == [["水利局", "已完成", 3]]


def test_body_merges_keep_their_value_in_the_first_cell():
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.append(["类别", "项目", "数量"])
    ws.append(["农业", "粮食", 1])
    ws.append([None, "蔬菜", 2])
    ws.merge_cells("A2:A3")
    [table] = read(workbook_bytes(workbook))
    assert table.rows == [["农业", "粮食", 1], [None, "蔬菜", 2]]


def test_one_column_list():
    workbook = openpyxl.Workbook()
    ws = workbook.active
    for value in ("获奖单位", "水利局", "教育局"):
        ws.append([value])
    [table] = read(workbook_bytes(workbook))
    assert (table.title, table.header, table.rows) == (
        "Sheet",
        ["获奖单位"],
        [["水利局"], ["教育局"]],
    )


def test_every_visible_sheet_with_content_is_a_table():
    workbook = openpyxl.Workbook()
    workbook.active.append(["a", "b"])
    workbook.create_sheet("空表")
    hidden = workbook.create_sheet("辅助")
    hidden.append(["x", "y"])
    hidden.sheet_state = "hidden"
    second = workbook.create_sheet("第二表")
    second.append(["c", "d"])
    second.append([1, 2])
    tables = read(workbook_bytes(workbook))
    assert [t.sheet for t in tables] == ["Sheet", "第二表"]
    assert tables[0].rows == []


def test_html_is_escaped_and_accessible():
    table = Table(
        sheet="s",
        title="<b>表</b>",
        header=["名称", "数量 & 单位"],
        rows=[["<script>alert(1)</script>", 3], [None, 2.5]],
        formulas=0,
    )
    html = table_to_html(table)
    assert html.startswith("<table><caption>&lt;b&gt;表&lt;/b&gt;</caption><thead><tr>")
    assert '<th scope="col">数量 &amp; 单位</th>' in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert '<td class="num">3</td>' in html and "<td></td>" in html
    assert html.endswith("</tbody></table>")


# --- refused files -----------------------------------------------------------------------


def simple_xlsx():
    workbook = openpyxl.Workbook()
    workbook.active.append(["a", "b"])
    return workbook_bytes(workbook)


def ole(*names):
    entries = b""
    for i, name in enumerate(("Root Entry", *names)):
        raw = name.encode("utf-16-le") + b"\x00\x00"
        entries += raw.ljust(64, b"\x00") + struct.pack("<HB", len(raw), 5 if i == 0 else 2)
        entries = entries.ljust(-(-len(entries) // 128) * 128, b"\x00")
    entries = entries.ljust(512, b"\x00")
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
    header += struct.pack("<9I", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    header += struct.pack("<I", 0) + b"\xff" * 432
    fat = struct.pack("<2I", 0xFFFFFFFD, 0xFFFFFFFE).ljust(512, b"\xff")
    return header + fat + entries


def docx_bytes():
    out = io.BytesIO()
    Document().save(out)
    return out.getvalue()


def sheet_xml(rows_xml):
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows_xml}</sheetData></worksheet>"
    ).encode()


def replace_sheet(body):
    return rezip(
        simple_xlsx(), transform=lambda n, b: body if n == "xl/worksheets/sheet1.xml" else b
    )


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda: "单位,人数\n水利局,3\n".encode(), "not_xlsx"),
        (lambda: b"", "not_xlsx"),
        (docx_bytes, "not_xlsx"),
        (lambda: ole("Workbook"), "not_xlsx"),
        (lambda: ole("EncryptionInfo", "EncryptedPackage"), "encrypted"),
        (lambda: rezip(simple_xlsx(), add={"xl/vbaProject.bin": b"\x00vba"}), "macros"),
        (
            lambda: rezip(
                simple_xlsx(),
                transform=lambda n, b: b.replace(
                    b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
                ),
            ),
            "macros",
        ),
        (lambda: simple_xlsx()[:200], "corrupt"),
        (lambda: replace_sheet(b"<worksheet><sheetData><row"), "corrupt"),
        (
            lambda: replace_sheet(
                b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + sheet_xml("")[38:]
            ),
            "corrupt",
        ),
    ],
)
def test_refused(make, code):
    with pytest.raises(TableError) as caught:
        read(make())
    assert caught.value.code == code
    assert isinstance(caught.value, ValueError)


def test_an_xlsm_is_refused_for_its_macros():
    workbook = openpyxl.Workbook()
    workbook.active.append(["a", "b"])
    data = rezip(
        workbook_bytes(workbook),
        add={"xl/vbaProject.bin": b"\xcc" * 64},
        transform=lambda n, b: b.replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        ),
    )
    with pytest.raises(TableError) as caught:
        read(data)
    assert caught.value.code == "macros"


def test_larger_than_the_limit():
    with pytest.raises(TableError) as caught:
        read_tables(simple_xlsx(), max_bytes=1000)
    assert caught.value.code == "too_large"


def test_a_zip_bomb_is_refused_before_parsing():
    # 50 MB of blanks in the sheet compress to about 50 KB: 1000 times.
    padding = b" " * (50 * MB)
    data = replace_sheet(sheet_xml("")[: -len(b"</worksheet>")] + padding + b"</worksheet>")
    assert len(data) < 1 * MB
    with pytest.raises(TableError) as caught:
        read_tables(data, max_bytes=5 * MB)
    assert caught.value.code == "too_large"


def test_total_expansion_is_limited():
    padding = b" " * (3 * MB)
    data = replace_sheet(sheet_xml("")[: -len(b"</worksheet>")] + padding + b"</worksheet>")
    with pytest.raises(TableError) as caught:
        read_tables(data, max_bytes=100_000)
    assert caught.value.code == "too_large"


def test_too_many_cells():
    rows = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>1</v></c></row>'
        for r in range(1, 2001)
    )
    with pytest.raises(TableError) as caught:
        read(replace_sheet(sheet_xml(rows)), max_cells=1000)
    assert caught.value.code == "too_large"
    assert len(read(replace_sheet(sheet_xml(rows)), max_cells=5000)[0].rows) == 1999


def test_a_far_away_cell_is_not_a_million_rows():
    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    )
    with pytest.raises(TableError) as caught:
        read(replace_sheet(sheet_xml(rows)))
    assert caught.value.code == "too_large"


def test_cells_without_references_count_formulas_in_place():
    rows = (
        '<row><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c></row>'
        "<row><c><v>1</v></c><c><f>A2*2</f><v>2</v></c></row>"
    )
    [table] = read(replace_sheet(sheet_xml(rows)))
    assert (table.header, table.rows, table.formulas) == (["a", "b"], [[1, 2]], 1)
