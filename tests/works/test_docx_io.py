"""Word import and export: real-looking files from Word and WPS, broken and hostile files,
sanitising, round trips, outlines in Word and Excel.

Every fixture is built here with python-docx, and where python-docx has no API (footnotes,
fields, WPS style ids, macros) by editing the zip's XML the way those programs write it.
"""

import datetime as dt
import io
import re
import struct
import zipfile
import zlib

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from fangzhi.works.docx_io import (
    DocxError,
    check_docx,
    docx_to_html,
    html_to_docx,
    html_to_text,
    outline_from_docx,
    outline_to_docx,
    outline_to_xlsx,
    safe_cell,
    sanitise_html,
)

MB = 1024 * 1024
PREFIX = "/works/7/assets/"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# --- building files -----------------------------------------------------------------


def png(width=1, height=1, rgb=(200, 30, 30)):
    """A valid PNG written by hand (no Pillow needed)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def saved(document):
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rezip(data, *, replace=None, add=None, drop=(), stored=()):
    """A copy of a zip with members replaced, added or dropped."""
    source = zipfile.ZipFile(io.BytesIO(data))
    members = {name: source.read(name) for name in source.namelist() if name not in drop}
    members.update(replace or {})
    members.update(add or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in members.items():
            kind = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            target.writestr(name, content, compress_type=kind)
    return out.getvalue()


def edit_member(data, name, edit):
    content = zipfile.ZipFile(io.BytesIO(data)).read(name).decode("utf-8")
    return rezip(data, replace={name: edit(content).encode("utf-8")})


def note_reference(paragraph, kind, note_id):
    run = paragraph.add_run()
    properties = OxmlElement("w:rPr")
    align = OxmlElement("w:vertAlign")
    align.set(qn("w:val"), "superscript")
    properties.append(align)
    run._r.append(properties)
    reference = OxmlElement(f"w:{kind}Reference")
    reference.set(qn("w:id"), str(note_id))
    run._r.append(reference)


def notes_part(kind, notes):
    body = "".join(
        f'<w:{kind} w:id="{i}"><w:p><w:r><w:{kind}Ref/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:{kind}>'
        for i, text in notes.items()
    )
    separators = (
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        f"<w:continuationSeparator/></w:r></w:p></w:{kind}>"
    )
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    return f'{declaration}<w:{kind}s xmlns:w="{W_NS}">{separators}{body}</w:{kind}s>'.encode()


def add_notes_parts(data, footnotes, endnotes):
    """Add footnotes.xml and endnotes.xml with their relationships and content types,
    as Word writes them."""
    rels_name = "word/_rels/document.xml.rels"
    archive = zipfile.ZipFile(io.BytesIO(data))
    rels = archive.read(rels_name).decode()
    rel_base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdFn" Type="{rel_base}/footnotes" Target="footnotes.xml"/>'
        f'<Relationship Id="rIdEn" Type="{rel_base}/endnotes" Target="endnotes.xml"/>'
        "</Relationships>",
    )
    types = archive.read("[Content_Types].xml").decode()
    base = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    types = types.replace(
        "</Types>",
        f'<Override PartName="/word/footnotes.xml" ContentType="{base}.footnotes+xml"/>'
        f'<Override PartName="/word/endnotes.xml" ContentType="{base}.endnotes+xml"/>'
        "</Types>",
    )
    return rezip(
        data,
        replace={rels_name: rels.encode(), "[Content_Types].xml": types.encode()},
        add={
            "word/footnotes.xml": notes_part("footnote", footnotes),
            "word/endnotes.xml": notes_part("endnote", endnotes),
        },
    )


def field(paragraph, instruction, result):
    """A complex field (begin, instruction, separate, result, end) as Word writes it."""

    def run_with(tag, **attributes):
        run = paragraph.add_run()
        element = OxmlElement(tag)
        for key, value in attributes.items():
            element.set(qn(key), value)
        run._r.append(element)
        return element

    run_with("w:fldChar", **{"w:fldCharType": "begin"})
    run_with("w:instrText").text = instruction
    run_with("w:fldChar", **{"w:fldCharType": "separate"})
    paragraph.add_run(result)
    run_with("w:fldChar", **{"w:fldCharType": "end"})


def word_manuscript():
    """A unit's manuscript as Word writes it: headings, bold, a table, an image,
    a footnote, an endnote and a date field."""
    document = docx.Document()
    document.add_heading("第三篇 建置沿革", 1)
    document.add_heading("第一章 县治", 2)
    paragraph = document.add_paragraph("　　巴县之名，始于")
    paragraph.add_run("南朝").bold = True
    paragraph.add_run("，")
    paragraph.add_run("一说始于北周").italic = True
    paragraph.add_run("。")
    note_reference(paragraph, "footnote", 1)
    table = document.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "年份", (0, 1): "户数", (1, 0): "1911", (1, 1): "84125"}.items():
        table.cell(r, c).text = text
    document.add_picture(io.BytesIO(png(4, 3)))
    closing = document.add_paragraph("本章截至")
    field(closing, ' DATE \\@ "yyyy年M月d日" ', "2026年11月25日")
    closing.add_run("。")
    note_reference(closing, "endnote", 1)
    data = saved(document)
    return add_notes_parts(
        data, footnotes={1: "见《巴县志》卷三。"}, endnotes={1: "据区档案馆藏件。"}
    )


def wps_manuscript(names=("标题 1", "标题 2")):
    """WPS Office's way: heading styles with numeric ids "2" and "3", named "标题 1" /
    "标题 2" (Chinese templates) or "heading 1" / "heading 2" (WPS's own)."""
    document = docx.Document()
    document.add_heading("第一篇 自然环境", 1)
    document.add_heading("第一章 地质", 2)
    document.add_paragraph("区境地处川东平行岭谷。")
    document.add_heading("第二章 地貌", 2)
    data = saved(document)

    def restyle(xml):
        for old, new in (("Heading1", "2"), ("Heading2", "3")):
            xml = xml.replace(f'w:styleId="{old}"', f'w:styleId="{new}"')
            xml = xml.replace(f'w:val="{old}"', f'w:val="{new}"')
        return xml.replace('w:val="heading 1"', f'w:val="{names[0]}"').replace(
            'w:val="heading 2"', f'w:val="{names[1]}"'
        )

    data = edit_member(data, "word/styles.xml", restyle)
    return edit_member(data, "word/document.xml", restyle)


def ole_file(encrypted):
    stream = "EncryptedPackage" if encrypted else "WordDocument"
    return (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 504
        + stream.encode("utf-16-le")
        + b"\0" * 600
    )


def minimal_zip(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


class ImageStore:
    def __init__(self, prefix=PREFIX):
        self.prefix = prefix
        self.images = {}

    def __call__(self, content, content_type):
        url = f"{self.prefix}{len(self.images)}.png"
        self.images[url] = (content, content_type)
        return url

    def load(self, src):
        found = self.images.get(src)
        return found[0] if found else None


def convert(data, store=None, **kwargs):
    store = store or ImageStore()
    return docx_to_html(data, store_image=store, image_prefix=PREFIX, **kwargs)


# --- checks ---------------------------------------------------------------------------


def refused(data, max_bytes=10 * MB):
    with pytest.raises(DocxError) as caught:
        check_docx(data, max_bytes=max_bytes)
    return caught.value.code


def test_a_word_file_passes():
    assert check_docx(word_manuscript(), max_bytes=10 * MB) is None


def test_over_the_size_limit():
    data = word_manuscript()
    assert refused(data, max_bytes=len(data) - 1) == "too_large"


def test_password_protected_and_old_binary_word_files():
    assert refused(ole_file(encrypted=True)) == "encrypted"
    assert refused(ole_file(encrypted=False)) == "not_docx"


def test_files_that_are_not_docx():
    assert refused("这是一个改了扩展名的文本文件。".encode()) == "not_docx"
    assert refused(b"") == "not_docx"
    assert refused(b"%PDF-1.7\n") == "not_docx"
    # A zip, but an .xlsx rather than a Word document.
    assert refused(minimal_zip({"xl/workbook.xml": "<workbook/>"})) == "not_docx"


def test_damaged_files():
    data = word_manuscript()
    assert refused(data[: len(data) // 2]) == "corrupt"  # truncated download
    # A flipped byte in a stored member: the CRC no longer matches.
    stored = rezip(data, stored={"word/document.xml"})
    at = stored.index(b"<w:body>")
    assert refused(stored[:at] + b"<w:bodx>" + stored[at + 8 :]) == "corrupt"
    broken_xml = rezip(data, replace={"word/document.xml": b"<w:document><w:body><w:p>"})
    assert refused(broken_xml) == "corrupt"


def test_a_dtd_is_refused_in_any_part():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><w:styles xmlns:w="' + W_NS.encode() + b'"/>'
    )
    assert refused(rezip(word_manuscript(), replace={"word/styles.xml": laughs})) == "corrupt"


def test_macros_are_refused():
    data = word_manuscript()
    assert refused(rezip(data, add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})) == "macros"
    docm = edit_member(
        data,
        "[Content_Types].xml",
        lambda xml: xml.replace(
            "wordprocessingml.document.main+xml", "ms-word.document.macroEnabled.main+xml"
        ),
    )
    assert "macroEnabled" in zipfile.ZipFile(io.BytesIO(docm)).read("[Content_Types].xml").decode()
    assert refused(docm) == "macros"


def test_zip_bombs_are_refused_before_decompressing():
    data = word_manuscript()
    bomb = rezip(data, add={"word/media/image9.png": b"\0" * (30 * MB)})
    assert len(bomb) < MB  # 30 MB of zeros compress to ~30 kB
    assert refused(bomb, max_bytes=MB) == "too_large"  # expands past 20 × the limit
    assert refused(bomb, max_bytes=10 * MB) == "too_large"  # one member expands > 200:1


def test_a_large_but_ordinary_member_is_accepted():
    # 12 MB that compresses only ~2:1 is a big photo, not a bomb.
    noise = bytes((i * 7919 + (i >> 8) * 31) % 251 for i in range(12 * MB // 2)) * 2
    data = rezip(word_manuscript(), add={"word/media/photo.bin": noise})
    assert check_docx(data, max_bytes=100 * MB) is None


def test_error_codes_and_messages():
    error = DocxError("macros", "The document contains macros.")
    assert isinstance(error, ValueError)
    assert error.code == "macros"
    assert str(error) == "The document contains macros."


# --- Word to HTML ------------------------------------------------------------------


def test_word_manuscript_to_html():
    store = ImageStore()
    result = convert(word_manuscript(), store)
    html = result.html
    assert "<h1>第三篇 建置沿革</h1>" in html
    assert "<h2>第一章 县治</h2>" in html
    assert "<strong>南朝</strong>" in html
    assert "<em>一说始于北周</em>" in html
    assert re.search(r"<table>.*<td><p>年份</p></td>.*<td><p>84125</p></td>.*</table>", html)
    # The image went through store_image and is referred to by the URL it returned.
    assert result.images == [f"{PREFIX}0.png"]
    assert f'<img src="{PREFIX}0.png">' in html
    assert store.images[f"{PREFIX}0.png"] == (png(4, 3), "image/png")
    # Footnote and endnote: reference in the text, note at the end, linked by ids.
    assert '<a href="#footnote-1" id="footnote-ref-1">' in html
    assert '<li id="footnote-1">' in html and "见《巴县志》卷三。" in html
    assert '<li id="endnote-1">' in html and "据区档案馆藏件。" in html
    # The field shows its result, not its instruction.
    assert "2026年11月25日" in html and "DATE" not in html
    assert result.text.splitlines() == [
        "第三篇 建置沿革",
        "第一章 县治",
        "　　巴县之名，始于南朝，一说始于北周。[1]",
        "年份\t户数",
        "1911\t84125",
        "本章截至2026年11月25日。[2]",
        "见《巴县志》卷三。",
        "据区档案馆藏件。",
    ]


@pytest.mark.parametrize("names", [("标题 1", "标题 2"), ("heading 1", "heading 2")])
def test_wps_heading_styles(names):
    data = wps_manuscript(names)
    assert 'w:styleId="2"' in zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
    result = convert(data)
    assert result.html.startswith("<h1>第一篇 自然环境</h1><h2>第一章 地质</h2>")
    assert "<h2>第二章 地貌</h2>" in result.html
    assert not any("Unrecognised" in w for w in result.warnings)


def test_the_fast_xml_parser_builds_the_same_tree_as_mammoths():
    """docx_io swaps mammoth's minidom parser for lxml; the trees must be identical."""
    from mammoth.docx import office_xml, xmlparser

    from fangzhi.works.docx_io import reading

    assert office_xml.parse_xml is reading._parse_office_xml
    archive = zipfile.ZipFile(io.BytesIO(word_manuscript()))
    parts = [n for n in archive.namelist() if n.endswith((".xml", ".rels"))]
    assert {"word/document.xml", "word/styles.xml", "word/footnotes.xml"} <= set(parts)
    for name in parts:
        content = archive.read(name)
        content = content.replace(b"<w:body>", b"<w:body><!-- a comment --> <?pi x?>\n")
        expected = xmlparser.parse_xml(io.BytesIO(content), office_xml._namespaces)
        assert reading._parse_office_xml(io.BytesIO(content), office_xml._namespaces) == expected


def styled_manuscript():
    """Every kind of lookup the style map answers: headings, the title, lists at two
    depths, Normal and unknown paragraph styles, bold, italic, underline, strike,
    highlight, character styles known and unknown, a table, notes."""
    document = docx.Document(io.BytesIO(word_manuscript()))
    styles = document.styles
    document.add_paragraph("志", style="Title")
    for style in ("List Bullet", "List Bullet 2", "List Number", "List Number 2", "List Bullet"):
        document.add_paragraph(f"{style}项", style=style)
    document.add_paragraph("自定义段落", style=styles.add_style("巴南正文", 1))
    unknown_character = styles.add_style("巴南字符", 2)
    for _ in range(3):
        paragraph = document.add_paragraph("　　正文")
        paragraph.add_run("粗").bold = True
        paragraph.add_run("下").underline = True
        paragraph.add_run("删").font.strike = True
        paragraph.add_run("强", style="Strong")
        paragraph.add_run("字", style=unknown_character)
        marked = paragraph.add_run("亮")
        highlight = OxmlElement("w:highlight")
        highlight.set(qn("w:val"), "yellow")
        marked._r.get_or_add_rPr().append(highlight)
    return saved(document)


def test_the_style_cache_changes_nothing(monkeypatch):
    """docx_io caches mammoth's style-map lookups per kind of element; with and without
    the cache the same HTML and the same warnings come out."""
    from mammoth import conversion

    cached = conversion._DocumentConverter._find_style
    assert cached.original is not None  # the cache is installed
    data = styled_manuscript()
    with_cache = convert(data)
    assert "<li>List Bullet 2项</li>" in with_cache.html
    assert "<strong>强</strong>" in with_cache.html and "<u>下</u>" in with_cache.html
    assert any("巴南正文" in w for w in with_cache.warnings)
    assert any("巴南字符" in w for w in with_cache.warnings)
    monkeypatch.setattr(conversion._DocumentConverter, "_find_style", cached.original)
    without_cache = convert(data)
    assert (with_cache.html, with_cache.warnings) == (without_cache.html, without_cache.warnings)


def test_an_import_leaves_the_cycle_collector_as_it_found_it():
    import gc

    convert(word_manuscript())
    assert gc.isenabled()
    gc.disable()
    try:
        convert(word_manuscript())
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(DocxError):
        convert(rezip(word_manuscript(), replace={"word/styles.xml": b"<w:styles"}))
    assert gc.isenabled()


@pytest.mark.parametrize(
    ("style_name", "tag"),
    [("标题 3", "h3"), ("标题4", "h4"), ("Heading 5", "h5"), ("heading 6", "h6"), ("标题", "h1")],
)
def test_chinese_and_english_heading_names(style_name, tag):
    document = docx.Document()
    styles = document.styles
    # Word's built-in headings are in python-docx's template; the Chinese names are not.
    style = styles[style_name] if style_name in styles else styles.add_style(style_name, 1)
    document.add_paragraph("区境概貌", style=style)
    assert convert(saved(document)).html == f"<{tag}>区境概貌</{tag}>"


def test_empty_document_imports_with_a_warning():
    result = convert(saved(docx.Document()))
    assert result.html == ""
    assert result.text == ""
    assert result.images == []
    assert result.warnings == ["The document has no text."]


def test_document_with_only_a_table():
    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    for i, text in enumerate(["乡镇", "面积", "人口"]):
        table.cell(0, i).text = text
    result = convert(saved(document))
    assert result.html == (
        "<table><tbody><tr><td><p>乡镇</p></td><td><p>面积</p></td>"
        "<td><p>人口</p></td></tr></tbody></table>"
    )
    assert result.text == "乡镇\t面积\t人口"
    assert result.warnings == []


def test_a_very_long_paragraph_is_kept_whole():
    text = "嘉陵江自合川入境，" * 25_000  # 225,000 characters
    document = docx.Document()
    document.add_paragraph(text)
    result = convert(saved(document))
    assert result.text == text


def test_external_links_and_foreign_images_do_not_survive_import():
    document = docx.Document()
    paragraph = document.add_paragraph("参见")
    field(paragraph, ' HYPERLINK "http://evil.example/track" ', "区政府网站")
    data = saved(document)
    result = convert(data)
    assert "区政府网站" in result.text
    assert "evil.example" not in result.html
    # store_image handing back an address outside the prefix: the image is dropped.
    doc_with_image = docx.Document()
    doc_with_image.add_picture(io.BytesIO(png()))
    outside = docx_to_html(
        saved(doc_with_image),
        store_image=lambda content, kind: "https://cdn.example/x.png",
        image_prefix=PREFIX,
    )
    assert "cdn.example" not in outside.html
    assert outside.images == ["https://cdn.example/x.png"]


def test_refused_files_store_nothing():
    calls = []
    for data, code in [
        (ole_file(encrypted=True), "encrypted"),
        (rezip(word_manuscript(), add={"word/vbaProject.bin": b"x"}), "macros"),
        (word_manuscript()[:-100], "corrupt"),
    ]:
        with pytest.raises(DocxError) as caught:
            docx_to_html(
                data, store_image=lambda c, t: calls.append(c) or PREFIX + "a", image_prefix=PREFIX
            )
        assert caught.value.code == code
    assert calls == []
    with pytest.raises(DocxError) as caught:
        convert(word_manuscript(), max_bytes=1000)
    assert caught.value.code == "too_large"


def test_store_image_failures_propagate_unchanged():
    def full_disk(content, content_type):
        raise OSError("No space left on device")

    with pytest.raises(OSError, match="No space left"):
        docx_to_html(word_manuscript(), store_image=full_disk, image_prefix=PREFIX)


# --- sanitising ---------------------------------------------------------------------

HOSTILE = (
    '<h1 onclick="steal()">标题</h1>'
    "<script>alert('x')</script>"
    "<style>body{display:none}</style>"
    '<p style="color:red">正文<img src="x" onerror="alert(1)">'
    '<img src="https://tracker.example/p.gif" alt="外链">'
    f'<img src="{PREFIX}ok.png" alt="图一">'
    f'<img src="{PREFIX}../../admin/x.png">'
    '<img src="data:image/png;base64,AAAA">'
    '<a href="javascript:alert(1)">点击</a>'
    '<a href="http://evil.example/">外站</a>'
    '<a href="#footnote-1" id="footnote-ref-1">[1]</a>'
    '<a id="csrftoken">覆盖</a></p>'
    '<iframe src="http://evil.example"></iframe>'
    "<svg><script>alert(2)</script></svg>"
    '<table><tr><td colspan="2" rowspan="x" onmouseover="x">格</td></tr></table>'
    "<form action='/x'><input name=q></form><!-- 注释 -->"
)


def test_sanitise_removes_everything_executable():
    clean = sanitise_html(HOSTILE, image_prefix=PREFIX)
    lowered = clean.lower()
    for forbidden in [
        "<script",
        "alert",
        "<style",
        "display:none",
        "onerror",
        "onclick",
        "onmouseover",
        "javascript:",
        "style=",
        "tracker.example",
        "evil.example",
        "data:",
        "<iframe",
        "<svg",
        "<form",
        "<input",
        "csrftoken",
        "<!--",
        "../",
    ]:
        assert forbidden not in lowered, forbidden
    assert "<h1>标题</h1>" in clean
    assert f'<img src="{PREFIX}ok.png" alt="图一">' in clean
    assert '<a href="#footnote-1" id="footnote-ref-1">[1]</a>' in clean
    assert '<td colspan="2">格</td>' in clean
    # Texts of dropped elements that readers typed stay; script and style contents go.
    assert "点击" in clean and "外站" in clean and "覆盖" in clean


def test_without_a_prefix_no_image_keeps_its_source():
    clean = sanitise_html(f'<img src="{PREFIX}ok.png">', image_prefix="")
    assert "src" not in clean


def test_sanitise_keeps_the_allow_list():
    html = (
        "<h2>二</h2><h6>六</h6><p><strong>粗</strong><em>斜</em><u>下</u><s>删</s>"
        "H<sub>2</sub>O m<sup>2</sup><br></p><blockquote><p>引</p></blockquote>"
        "<ul><li>甲</li></ul><ol><li>乙</li></ol>"
        '<table><thead><tr><th rowspan="2">表头</th></tr></thead>'
        "<tbody><tr><td>格</td></tr></tbody></table>"
    )
    assert sanitise_html(html, image_prefix=PREFIX) == html


def test_html_to_text():
    html = (
        "<h1>第一篇</h1><p>　　正文&amp;<strong>加粗</strong></p>"
        "<table><tr><td><p>甲</p><p>乙</p></td><td>丙</td></tr></table>"
        "<ul><li>一<ul><li>二</li></ul></li></ul><p>前<br>后</p><p>   </p>"
        '<ol><li id="footnote-1"><p>注 <a href="#footnote-ref-1">↑</a></p></li></ol>'
    )
    assert html_to_text(html) == "第一篇\n　　正文&加粗\n甲 乙\t丙\n一\n二\n前\n后\n注"


def parsed_by_htmlparser(html):
    """html_to_text as HTMLParser alone reads it, without the fast path for nh3's HTML."""
    from fangzhi.works.docx_io.html import _TextCollector

    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    collector._break()
    return "\n".join(collector.lines)


ODD_HTML = [
    HOSTILE,
    "<P>大写</P><p>小写</p>",
    "<p>甲 < 乙</p><p>丙</p>",
    "<p>前<!-- 注释 -->后</p>",
    "<p>一</p><script><p>二</p></script><p>三</p>",
    "<p class=x>未加引号</p><br/><p/>四",
    '<p>&lt;实体&gt; &amp;amp; &#x5DF4;&#21335;</p><a href="#footnote-ref-1">↑</a>回',
    "<table><tr><td>甲<td>乙</tr></table>",
]


@pytest.mark.parametrize("html", ODD_HTML)
def test_html_to_text_reads_any_html_as_htmlparser_does(html):
    assert html_to_text(html) == parsed_by_htmlparser(html)
    clean = sanitise_html(html, image_prefix=PREFIX)
    assert html_to_text(clean) == parsed_by_htmlparser(clean)


@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                ["<p>", "</p>", "<td>", "</td>", "<tr>", "</tr>", "<table>", "</table>"]
                + ["<li>", "</li>", "<ol>", "</ol>", "<br>", "<br />", "<h2>", "</h2>"]
                + ['<a href="#footnote-ref-1">', '<a href="#x" title="a>b">', "</a>"]
                + ["&amp;", "&lt;", "&#12288;", '<img src="/works/7/assets/a.png" alt="">']
            ),
            st.text(alphabet="巴南志 \t\n\u3000&<>\"'=", max_size=6),
        ),
        max_size=30,
    )
)
def test_html_to_text_fast_path_matches_htmlparser(pieces):
    html = "".join(pieces)
    assert html_to_text(html) == parsed_by_htmlparser(html)
    clean = sanitise_html(html, image_prefix=PREFIX)
    assert html_to_text(clean) == parsed_by_htmlparser(clean)


# --- HTML to Word -------------------------------------------------------------------

ROUND_TRIP_HTML = (
    "<h1>第五篇 人口</h1><h2>第一章 人口数量</h2><h3>第一节 户口</h3>"
    "<p>　　清乾隆年间，巴县编户<strong>四十二里</strong>，<em>人丁</em>渐增；"
    "水分子H<sub>2</sub>O，面积m<sup>2</sup>，<u>下划线</u>与<s>删除线</s>。𩔖字不缺。</p>"
    f'<p><img src="{PREFIX}0.png" alt="户口册"></p>'
    "<table><thead><tr><th>年份</th><th>户数</th><th>口数</th></tr></thead>"
    "<tbody><tr><td>1911</td><td>84125</td><td>412357</td></tr>"
    '<tr><td colspan="2">合计</td><td>412357</td></tr></tbody></table>'
    "<ol><li>城区<ol><li>渝中</li></ol></li><li>乡村</li></ol>"
    "<ul><li>注：数据来自档案</li></ul>"
    f'<p>另见<img src="{PREFIX}1.png"></p>'
    "<h4>一、人口分布</h4><p>完。</p>"
)


def round_trip(html):
    store = ImageStore()
    store.images = {
        f"{PREFIX}0.png": (png(2, 2), "image/png"),
        f"{PREFIX}1.png": (png(), "image/png"),
    }
    data = html_to_docx(html, title="巴南区志·人口", load_image=store.load)
    back = ImageStore()
    return data, convert(data, back), back


def test_round_trip_keeps_structure_and_text():
    data, result, back = round_trip(ROUND_TRIP_HTML)
    html = result.html
    assert re.findall(r"<h(\d)>(.*?)</h\d>", html) == [
        ("1", "第五篇 人口"),
        ("2", "第一章 人口数量"),
        ("3", "第一节 户口"),
        ("4", "一、人口分布"),
    ]
    assert "<strong>四十二里</strong>" in html
    assert "<em>人丁</em>" in html
    assert "<sub>2</sub>" in html and "<sup>2</sup>" in html
    assert "<u>下划线</u>" in html and "<s>删除线</s>" in html
    assert html.count("<img") == 2 and len(back.images) == 2
    # Word shows header cells bold only if told, so the bold comes back explicitly.
    assert "<thead><tr><th><p><strong>年份</strong></p></th>" in html
    assert '<td colspan="2"><p>合计</p></td>' in html
    assert "<ol><li>城区<ol><li>渝中</li></ol></li><li>乡村</li></ol>" in html
    assert "<ul><li>注：数据来自档案</li></ul>" in html
    assert result.text == html_to_text(sanitise_html(ROUND_TRIP_HTML, image_prefix=PREFIX))
    assert result.warnings == []


def test_word_file_properties_and_fonts():
    data, _, _ = round_trip(ROUND_TRIP_HTML)
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.title == "巴南区志·人口"
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "宋体"
    assert fonts.get(qn("w:eastAsiaTheme")) is None
    heading_fonts = document.styles["Heading 1"].element.rPr.rFonts
    assert heading_fonts.get(qn("w:eastAsia")) == "黑体"
    assert heading_fonts.get(qn("w:eastAsiaTheme")) is None
    # The header row repeats on each page.
    header_row = document.tables[0].rows[0]._tr
    assert header_row.trPr is not None and header_row.trPr.find(qn("w:tblHeader")) is not None


def test_each_ordered_list_starts_at_one():
    data = html_to_docx(
        "<ol><li>甲</li></ol><p>隔</p><ol><li>乙</li></ol>", title="t", load_image=lambda s: None
    )
    document = docx.Document(io.BytesIO(data))
    numbering = document.part.numbering_part.element
    num_ids = [
        p._p.pPr.numPr.numId.val
        for p in document.paragraphs
        if p._p.pPr is not None and p._p.pPr.numPr is not None
    ]
    assert len(num_ids) == 2 and num_ids[0] != num_ids[1]
    for num_id in num_ids:
        num = numbering.num_having_numId(num_id)
        override = num.find(qn("w:lvlOverride")).find(qn("w:startOverride"))
        assert override.get(qn("w:val")) == "1"


def test_footnotes_become_a_notes_section():
    result = convert(word_manuscript())
    data = html_to_docx(result.html, title="建置", load_image=lambda src: None)
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert "注释" in texts
    notes = texts[texts.index("注释") + 1 :]
    assert notes == ["[1] 见《巴县志》卷三。", "[2] 据区档案馆藏件。"]
    assert "　　巴县之名，始于南朝，一说始于北周。[1]" in texts
    # The missing image (load_image returned None) leaves a visible mark.
    assert any("［图片缺失］" in text for text in texts)


def test_images_that_cannot_be_read_become_placeholders():
    data = html_to_docx(
        f'<p><img src="{PREFIX}a.png" alt="地图"></p>',
        title="t",
        load_image=lambda src: b"not an image",
    )
    document = docx.Document(io.BytesIO(data))
    assert document.paragraphs[0].text == "［图片缺失］地图"
    assert not document.inline_shapes


def test_html_to_docx_survives_control_characters_and_odd_spans():
    html = (
        "<p>控制\x01字符\x0b</p>"
        '<table><tr><td rowspan="5" colspan="3">大</td><td>小</td></tr>'
        '<tr><td colspan="9">宽</td></tr></table>'
    )
    data = html_to_docx(html, title="t\x02", load_image=lambda src: None)
    document = docx.Document(io.BytesIO(data))
    assert document.paragraphs[0].text == "控制字符"
    assert document.tables[0].cell(0, 0).text == "大"


# --- outlines ---------------------------------------------------------------------


def test_outline_from_word_headings():
    document = docx.Document()
    document.add_heading("巴南区志", 0)  # the Title is the book, not a 篇
    document.add_heading("第一篇 总述", 1)
    document.add_paragraph("正文不进入篇目。")
    document.add_heading("第一章 区情", 2)
    document.add_heading("第一节 位置", 3)
    document.add_heading("一、 经纬度", 4)
    document.add_heading("（一）子目", 5)  # below 目: ignored
    document.add_heading("第二章   建置", 2)
    document.add_heading("第二篇 自然", 1)
    document.add_heading("第一节 跳级", 3)  # skips 章: attaches to the 篇
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).paragraphs[0].style = document.styles["Heading 1"]
    table.cell(0, 0).paragraphs[0].text = "表内标题不算"
    tree = outline_from_docx(saved(document), max_bytes=10 * MB)
    assert tree == [
        {
            "title": "第一篇 总述",
            "children": [
                {
                    "title": "第一章 区情",
                    "children": [
                        {
                            "title": "第一节 位置",
                            "children": [{"title": "一、 经纬度", "children": []}],
                        }
                    ],
                },
                {"title": "第二章 建置", "children": []},
            ],
        },
        {"title": "第二篇 自然", "children": [{"title": "第一节 跳级", "children": []}]},
    ]


def test_outline_from_wps_style_names():
    tree = outline_from_docx(wps_manuscript(), max_bytes=10 * MB)
    assert tree == [
        {
            "title": "第一篇 自然环境",
            "children": [
                {"title": "第一章 地质", "children": []},
                {"title": "第二章 地貌", "children": []},
            ],
        }
    ]


def test_outline_levels_set_on_paragraphs_and_styles():
    document = docx.Document()

    def outline_level(element, value):
        properties = element.get_or_add_pPr()
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(value))
        properties.append(level)

    outline_level(document.add_paragraph("第一篇 经济")._p, 0)
    custom = document.styles.add_style("篇章二级", 1)
    outline_level(custom.element, 1)
    document.add_paragraph("第一章 农业", style=custom)
    derived = document.styles.add_style("我的标题", 1)
    derived.base_style = document.styles["Heading 3"]
    document.add_paragraph("第一节 种植", style=derived)
    outline_level(document.add_paragraph("正文级别")._p, 9)
    tree = outline_from_docx(saved(document), max_bytes=10 * MB)
    assert tree == [
        {
            "title": "第一篇 经济",
            "children": [
                {"title": "第一章 农业", "children": [{"title": "第一节 种植", "children": []}]}
            ],
        }
    ]


def test_outline_without_headings_is_empty():
    document = docx.Document()
    document.add_paragraph("只有正文。")
    with pytest.raises(DocxError) as caught:
        outline_from_docx(saved(document), max_bytes=10 * MB)
    assert caught.value.code == "empty"
    with pytest.raises(DocxError) as caught:
        outline_from_docx(ole_file(encrypted=True), max_bytes=10 * MB)
    assert caught.value.code == "encrypted"


OUTLINE_ROWS = [
    {
        "depth": 1,
        "number": "1",
        "title": "总述",
        "unit": "区地方志办公室",
        "deadline": dt.date(2026, 12, 31),
        "expected_length": 30000,
        "notes": "",
        "level_label": "篇",
        "state": "编写中",
    },
    {
        "depth": 2,
        "number": "1.1",
        "title": '=HYPERLINK("http://evil")',
        "unit": "-区委办",
        "deadline": None,
        "expected_length": None,
        "notes": "@备注",
        "state": "未开始",
    },
    {
        "depth": 3,
        "number": "1.1.1",
        "title": "位置",
        "unit": "",
        "deadline": dt.date(2027, 3, 1),
        "expected_length": 5000,
        "notes": "含图",
    },
]


def test_outline_to_docx_reads_back():
    data = outline_to_docx("巴南区志篇目", OUTLINE_ROWS)
    tree = outline_from_docx(data, max_bytes=10 * MB)
    assert tree == [
        {
            "title": "1 总述",
            "children": [
                {
                    "title": '1.1 =HYPERLINK("http://evil")',
                    "children": [{"title": "1.1.1 位置", "children": []}],
                }
            ],
        }
    ]
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert texts[0] == "巴南区志篇目"
    assert "承编单位：区地方志办公室　截止日期：2026-12-31　预计字数：30000" in texts
    assert "截止日期：2027-03-01　预计字数：5000" in texts
    assert "备注：@备注" in texts


def test_outline_to_xlsx():
    sheet = load_workbook(io.BytesIO(outline_to_xlsx("巴南区志篇目", OUTLINE_ROWS))).active
    assert sheet.title == "巴南区志篇目"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("层级", "编号", "标题", "承编单位", "截止日期", "预计字数", "状态", "备注")
    assert rows[1] == (
        "篇",
        "1",
        "总述",
        "区地方志办公室",
        dt.datetime(2026, 12, 31),
        30000,
        "编写中",
        None,
    )
    # Formula injection is defused: the value starts with a quote, never a formula.
    assert rows[2][2] == '\'=HYPERLINK("http://evil")'
    assert rows[2][3] == "'-区委办"
    assert rows[2][7] == "'@备注"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert rows[3][0] == "节"  # no level_label: named by depth
    assert sheet.freeze_panes == "A2"
    assert sheet["E2"].is_date and sheet["E2"].number_format == "yyyy-mm-dd"
    assert sheet["C4"].alignment.indent == 2
    assert sheet.column_dimensions["C"].width == 40


def test_safe_cell_matches_the_audit_export_rule():
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("+86") == "'+86"
    assert safe_cell("\tcmd") == "'\tcmd"
    assert safe_cell("巴南") == "巴南"
    assert safe_cell(None) == ""
    assert safe_cell(12) == "12"
