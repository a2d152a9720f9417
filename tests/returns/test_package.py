"""Archive packages of a unit's returns: contents, manifest, tampering, determinism."""

import csv
import datetime as dt
import hashlib
import io
import json
import time
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from PIL import Image

from fangzhi.returns.package import PackageFile, Section, build_package, verify_package

CREATED = dt.datetime(2026, 1, 15, 9, 30, 0)


def jpeg(color="red"):
    out = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(out, "JPEG")
    return out.getvalue()


def sample(**overrides):
    arguments = {
        "title": "2025年资料年报",
        "unit": "区水利局",
        "year": 2025,
        "sections": [
            Section(
                category_label="大事记",
                entries=[
                    {"日期": "3月5日", "内容": "全区春季水利建设动员会召开。\n会议部署了……"},
                    {"日期": "是年", "内容": "完成河道清淤12公里。"},
                ],
            ),
            Section(category_label="图片音像资料", entries=[{"标题": "清淤现场", "作者": "张三"}]),
            Section(category_label="其他", entries=[]),
        ],
        "files": [
            PackageFile(
                path="清淤现场.jpg",
                data=jpeg(),
                entry_ref="图片 #7 清淤现场",
                category="图片音像资料",
            ),
            PackageFile(
                path="C:\\照片\\清淤现场.JPG",
                data=jpeg("blue"),
                entry_ref="图片 #8 堤坝",
                category="图片音像资料",
            ),
            PackageFile(
                path="会议纪要.txt",
                data="会议纪要\n".encode(),
                entry_ref='=HYPERLINK("x")',
                category="大事记",
            ),
        ],
        "created_at": CREATED,
    }
    arguments.update(overrides)
    return build_package(**arguments)


def members(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_contents():
    files = members(sample())
    assert sorted(files) == [
        "README.txt",
        "attachments/图片音像资料/清淤现场 (2).jpg",
        "attachments/图片音像资料/清淤现场.JPG",
        "attachments/大事记/会议纪要.txt",
        "manifest.csv",
        "manifest.json",
        "returns.docx",
    ]
    # Names are given in sorted order, so which of two same-named files gets "(2)" does
    # not depend on the order they came in.
    assert files["attachments/图片音像资料/清淤现场.JPG"] == jpeg("blue")
    assert files["attachments/图片音像资料/清淤现场 (2).jpg"] == jpeg("red")


def test_the_manifest_lists_every_file_with_its_hash():
    files = members(sample())
    manifest = json.loads(files["manifest.json"])
    assert manifest["format"] == "fangzhi.returns.package"
    assert (manifest["unit"], manifest["year"], manifest["title"]) == (
        "区水利局",
        2025,
        "2025年资料年报",
    )
    assert manifest["created_at"] == "2026-01-15T09:30:00"
    assert manifest["sections"] == [
        {"category": "大事记", "entries": 2},
        {"category": "图片音像资料", "entries": 1},
        {"category": "其他", "entries": 0},
    ]
    listed = {row["path"]: row for row in manifest["files"]}
    assert set(listed) == set(files) - {"manifest.json", "manifest.csv"}
    for path, row in listed.items():
        assert row["sha256"] == hashlib.sha256(files[path]).hexdigest()
        assert row["bytes"] == len(files[path])
    assert listed["attachments/大事记/会议纪要.txt"]["category"] == "大事记"
    assert listed["attachments/图片音像资料/清淤现场.JPG"]["entry"] == "图片 #8 堤坝"
    assert verify_package(sample()) == []


def test_the_csv_manifest_opens_in_excel():
    raw = members(sample())["manifest.csv"]
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["path", "sha256", "bytes", "category", "entry"]
    assert len(rows) == 6
    by_path = {row[0]: row for row in rows[1:]}
    # A unit's text that looks like a formula is not run by Excel.
    assert by_path["attachments/大事记/会议纪要.txt"][4] == '\'=HYPERLINK("x")'


def test_readme_in_chinese():
    text = members(sample())["README.txt"].decode("utf-8-sig")
    assert "区水利局2025年度资料年报的归档包" in text
    assert "manifest.csv" in text and "SHA-256" in text
    assert "\r\n" in text


def test_the_word_file():
    document = Document(io.BytesIO(members(sample())["returns.docx"]))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "2025年资料年报"
    assert "填报单位：区水利局" in texts and "年度：2025年" in texts
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["大事记", "图片音像资料", "其他"]
    assert "（无）" in texts
    first = document.tables[0]
    assert [c.text for c in first.rows[0].cells] == ["日期", "3月5日"]
    assert first.rows[1].cells[1].text == "全区春季水利建设动员会召开。\n会议部署了……"
    assert len(document.tables) == 3
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "宋体"
    assert len(document.inline_shapes) == 0
    assert document.core_properties.author == "区水利局"


def test_text_that_xml_cannot_hold_is_dropped():
    sections = [Section(category_label="其他", entries=[{"内容": "a\x00b\x0bc\x1f"}])]
    data = sample(sections=sections)
    document = Document(io.BytesIO(members(data)["returns.docx"]))
    assert document.tables[0].rows[0].cells[1].text == "abc"


def test_deterministic(monkeypatch):
    first = sample()
    # Later, in another order: the same bytes.
    monkeypatch.setattr(time, "time", lambda: 2_000_000_000.0)
    arguments_files = [
        PackageFile(
            path="会议纪要.txt",
            data="会议纪要\n".encode(),
            entry_ref='=HYPERLINK("x")',
            category="大事记",
        ),
        PackageFile(
            path="C:\\照片\\清淤现场.JPG",
            data=jpeg("blue"),
            entry_ref="图片 #8 堤坝",
            category="图片音像资料",
        ),
        PackageFile(
            path="清淤现场.jpg", data=jpeg(), entry_ref="图片 #7 清淤现场", category="图片音像资料"
        ),
    ]
    again = sample(files=arguments_files)
    assert again == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 1, 15, 9, 30, 0)}
        with zipfile.ZipFile(io.BytesIO(archive.read("returns.docx"))) as inner:
            assert {info.date_time for info in inner.infolist()} == {(2026, 1, 15, 9, 30, 0)}
    assert sample(created_at=CREATED + dt.timedelta(days=1)) != first


def test_an_aware_time():
    aware = dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    data = sample(created_at=aware)
    assert json.loads(members(data)["manifest.json"])["created_at"] == "2026-01-15T09:30:00+08:00"
    assert verify_package(data) == []


def test_chinese_names_are_flagged_utf8():
    with zipfile.ZipFile(io.BytesIO(sample())) as archive:
        for info in archive.infolist():
            if not info.filename.isascii():
                assert info.flag_bits & 0x800


def test_unsafe_names_are_made_safe():
    files = [
        PackageFile(path="../../etc/passwd", data=b"x", entry_ref="1", category="其他"),
        PackageFile(path="", data=b"y", entry_ref="2", category="../其他"),
        PackageFile(path="CON", data=b"z", entry_ref="3", category="其他"),
    ]
    names = sorted(members(sample(files=files)))
    assert "attachments/其他/passwd" in names
    assert "attachments/其他/file" in names
    assert "attachments/其他/_CON" in names
    assert all(".." not in name.split("/") for name in names)


def test_many_files_with_one_long_name_stay_unique_and_short():
    long = "很长的文件名" * 30 + ".jpg"
    files = [
        PackageFile(path=long, data=bytes([i]), entry_ref=str(i), category="图片")
        for i in range(12)
    ]
    names = [n for n in members(sample(files=files)) if n.startswith("attachments/")]
    assert len({n.casefold() for n in names}) == 12
    assert all(len(n.rsplit("/", 1)[1]) <= 120 and n.endswith(".jpg") for n in names)
    assert any(n.endswith(" (12).jpg") for n in names)


# --- tampering ---------------------------------------------------------------------------


def rebuild(data, *, change=None, drop=(), add=None):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            body = src.read(info)
            if change and info.filename in change:
                body = change[info.filename](body)
            dst.writestr(info.filename, body)
        for name, body in (add or {}).items():
            dst.writestr(name, body)
    return out.getvalue()


def test_a_changed_file_is_found():
    data = rebuild(sample(), change={"attachments/大事记/会议纪要.txt": lambda b: b + b"!"})
    assert verify_package(data) == [
        "size_mismatch: attachments/大事记/会议纪要.txt",
        "hash_mismatch: attachments/大事记/会议纪要.txt",
    ]


def test_a_same_size_change_is_found():
    data = rebuild(sample(), change={"returns.docx": lambda b: b[:-1] + bytes([b[-1] ^ 1])})
    assert verify_package(data) == ["hash_mismatch: returns.docx"]


def test_a_missing_file_is_found():
    data = rebuild(sample(), drop={"attachments/图片音像资料/清淤现场.JPG"})
    assert verify_package(data) == ["missing: attachments/图片音像资料/清淤现场.JPG"]


def test_an_unlisted_file_is_found():
    data = rebuild(sample(), add={"attachments/其他/后加.txt": b"added"})
    assert verify_package(data) == ["unlisted: attachments/其他/后加.txt"]


def test_an_edited_csv_manifest_is_found():
    data = rebuild(sample(), change={"manifest.csv": lambda b: b.replace(b"README", b"readme")})
    assert verify_package(data) == ["manifest_mismatch: manifest.csv"]


def test_a_manifest_edited_to_match_a_changed_file_is_still_checked_against_the_csv():
    def forge(body):
        manifest = json.loads(body)
        for row in manifest["files"]:
            if row["path"] == "README.txt":
                row["sha256"] = hashlib.sha256(b"forged").hexdigest()
                row["bytes"] = 6
        return json.dumps(manifest).encode()

    data = rebuild(sample(), change={"manifest.json": forge, "README.txt": lambda b: b"forged"})
    assert verify_package(data) == ["manifest_mismatch: manifest.csv"]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"not a zip", "not_zip"),
        (lambda: rebuild(sample(), drop={"manifest.json"}), "no_manifest"),
        (lambda: rebuild(sample(), change={"manifest.json": lambda b: b"{"}), "bad_manifest"),
        (lambda: rebuild(sample(), drop={"manifest.csv"}), "missing"),
        (lambda: rebuild(sample(), add={"../evil.txt": b"x"}), "unsafe_path"),
    ],
)
def test_broken_packages(data, code):
    problems = verify_package(data() if callable(data) else data)
    assert any(problem.startswith(f"{code}: ") for problem in problems)
