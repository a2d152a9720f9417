"""Telling files by their content: real minimal files made here, never trusted names."""

import io
import struct
import wave
import zipfile

import openpyxl
import pytest
from docx import Document
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from fangzhi.core.sniff import (
    FileKindError,
    check_kind,
    ole_has_macros,
    safe_filename,
    sniff,
)

# --- files made for the tests ------------------------------------------------------------


def image(fmt, mode="RGB"):
    out = io.BytesIO()
    Image.new(mode, (4, 3), "red" if mode == "RGB" else 1).save(out, fmt)
    return out.getvalue()


def mp3_frame():
    # MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, no padding: 144 * 128000 // 44100 = 417 bytes.
    return b"\xff\xfb\x90\x00" + bytes(413)


def id3(body=b""):
    size = 20
    syncsafe = bytes((size >> shift) & 0x7F for shift in (21, 14, 7, 0))
    return b"ID3\x04\x00\x00" + syncsafe + bytes(size) + body


def wav():
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(bytes(160))
    return out.getvalue()


def flac():
    streaminfo = struct.pack(">HH", 4096, 4096) + bytes(6) + bytes.fromhex("0ac442f000000000")
    return b"fLaC" + b"\x80" + len(streaminfo + bytes(16)).to_bytes(3, "big") + streaminfo


def ogg(codec):
    page = b"OggS\x00\x02" + bytes(20) + b"\x01\x1e"
    packet = {"vorbis": b"\x01vorbis", "theora": b"\x80theora"}[codec]
    return page + packet + bytes(30 - len(packet))


def ftyp(brand):
    box = b"ftyp" + brand + b"\x00\x00\x02\x00" + brand + b"isom"
    return struct.pack(">I", len(box) + 4) + box + b"\x00\x00\x00\x08free"


def ebml(doctype):
    element = b"\x42\x82" + bytes([0x80 | len(doctype)]) + doctype
    return b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(element) + 4]) + b"\x42\x86\x81\x01" + element


def avi():
    return b"RIFF" + struct.pack("<I", 24) + b"AVI LIST" + struct.pack("<I", 4) + b"hdrl"


def docx():
    document = Document()
    document.add_paragraph("大事记")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx():
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "统计"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rezip(data, *, add=None, replace=None):
    """A copy of a zip with members added or their text replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            for old, new in (replace or {}).items():
                body = body.replace(old, new)
            dst.writestr(info, body)
        for name, body in (add or {}).items():
            dst.writestr(name, body)
    return out.getvalue()


def zip_of(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()


PPTX_TYPES = (
    b'<?xml version="1.0"?><Types><Override PartName="/ppt/presentation.xml" ContentType='
    b'"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>'
    b"</Types>"
)


def ole(*names, size=512):
    """A minimal compound file: sector 0 is the allocation table, then the directory."""
    entries = b""
    for i, name in enumerate(("Root Entry", *names)):
        raw = name.encode("utf-16-le") + b"\x00\x00"
        kind = 5 if i == 0 else 2
        entries += raw.ljust(64, b"\x00") + struct.pack("<HB", len(raw), kind).ljust(64, b"\x00")
    per_sector = size // 128
    entries = entries.ljust(-(-len(entries) // size) * size, b"\x00")
    directory_sectors = len(entries) // size
    fat = [0xFFFFFFFD] + [n + 2 for n in range(directory_sectors - 1)] + [0xFFFFFFFE]
    fat_sector = struct.pack(f"<{len(fat)}I", *fat).ljust(size, b"\xff")
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += struct.pack("<HHHHH", 0x3E, 3 if size == 512 else 4, 0xFFFE, size.bit_length() - 1, 6)
    header += bytes(6) + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    header += struct.pack("<I", 0) + b"\xff" * 4 * 108
    assert len(header) == 512 and per_sector
    return header.ljust(size, b"\x00") + fat_sector + entries


# --- sniff -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: image("JPEG"), "image/jpeg"),
        (lambda: image("PNG"), "image/png"),
        (lambda: image("GIF"), "image/gif"),
        (lambda: image("WEBP"), "image/webp"),
        (lambda: image("TIFF"), "image/tiff"),
        (lambda: image("BMP"), "image/bmp"),
        (
            lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
            "application/pdf",
        ),
        (lambda: mp3_frame() * 2, "audio/mpeg"),
        (lambda: id3(mp3_frame()), "audio/mpeg"),
        (lambda: id3(flac()), "audio/flac"),
        (wav, "audio/wav"),
        (flac, "audio/flac"),
        (lambda: ogg("vorbis"), "audio/ogg"),
        (lambda: ogg("theora"), "video/ogg"),
        (lambda: ftyp(b"M4A "), "audio/mp4"),
        (lambda: ftyp(b"isom"), "video/mp4"),
        (lambda: ftyp(b"mp42"), "video/mp4"),
        (lambda: ftyp(b"qt  "), "video/quicktime"),
        (lambda: ftyp(b"3gp4"), "video/3gpp"),
        (lambda: ftyp(b"heic"), "image/heic"),
        (lambda: ebml(b"webm"), "video/webm"),
        (lambda: ebml(b"matroska"), "video/x-matroska"),
        (avi, "video/x-msvideo"),
        (docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (
            lambda: zip_of({"[Content_Types].xml": PPTX_TYPES, "ppt/presentation.xml": b"<p/>"}),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        (
            lambda: rezip(xlsx(), add={"xl/vbaProject.bin": b"vba"}),
            "application/vnd.ms-excel.sheet.macroEnabled.12",
        ),
        (
            lambda: rezip(
                docx(),
                replace={b"wordprocessingml.document.main": b"ms-word.document.macroEnabled.main"},
            ),
            "application/vnd.ms-word.document.macroEnabled.12",
        ),
        # Members alone tell the kind when [Content_Types].xml is missing.
        (
            lambda: zip_of({"word/document.xml": b"<w/>"}),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            lambda: zip_of({"xl/workbook.xml": b"<w/>"}),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            lambda: zip_of({"mimetype": b"application/vnd.oasis.opendocument.text", "a": b""}),
            "application/vnd.oasis.opendocument.text",
        ),
        (lambda: zip_of({"photo.jpg": image("JPEG")}), "application/zip"),
        (lambda: ole("WordDocument", "1Table"), "application/msword"),
        (lambda: ole("Workbook"), "application/vnd.ms-excel"),
        (lambda: ole("PowerPoint Document"), "application/vnd.ms-powerpoint"),
        (lambda: ole("EncryptedInfo", "EncryptedPackage"), "application/encrypted"),
        (lambda: ole("Something"), "application/x-ole-storage"),
        (lambda: ole("WordDocument", size=4096), "application/msword"),
        (lambda: ole("A", "B", "C", "D", "E", "F", "WordDocument"), "application/msword"),
        (lambda: "方志年鉴\n2023年大事记\r\n".encode(), "text/plain"),
        (lambda: "\ufeff单位,数量\n水利局,3\n".encode(), "text/plain"),
    ],
)
def test_sniff(make, expected):
    assert sniff(make()) == expected


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00\x01\x02\x03" * 10,
        "方志".encode("gbk") + b"\xff\xfe",
        "年鉴".encode("utf-16"),
        b"PK\x03\x04" + bytes(40),  # a zip cut short
        b"\xff\xfb\x90\x00" + bytes(100),  # one frame sync and nothing after it
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(20),
    ],
)
def test_sniff_does_not_guess(data):
    assert sniff(data) in (None, "application/x-ole-storage")


def test_text_starting_like_a_bitmap_is_text():
    assert sniff(b"BM is the start of this line\n") == "text/plain"


def test_a_long_text_cut_inside_a_character_is_still_text():
    data = ("方" * 30000).encode()  # 90 000 bytes: the 64 KiB sample ends mid-character
    assert sniff(data) == "text/plain"


def test_ole_with_a_directory_cycle_ends():
    data = bytearray(ole("WordDocument"))
    struct.pack_into("<I", data, 512 + 4, 1)  # the directory sector points to itself
    assert sniff(bytes(data)) == "application/msword"


@given(st.binary(max_size=600))
def test_sniff_never_raises(data):
    sniff(data)
    sniff(b"PK\x03\x04" + data)
    sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + data)
    sniff(b"ID3" + data)


# --- check_kind --------------------------------------------------------------------------


def test_a_pdf_named_jpg_is_not_a_picture():
    pdf = b"%PDF-1.7\n%%EOF"
    with pytest.raises(FileKindError) as caught:
        check_kind(pdf, "照片.jpg", {"image"})
    assert caught.value.code == "wrong_kind"
    assert check_kind(pdf, "照片.jpg", {"image", "document"}) == "application/pdf"


def test_the_name_does_not_matter():
    assert check_kind(image("PNG"), "report.pdf", {"image"}) == "image/png"


def test_unknown_content():
    with pytest.raises(FileKindError) as caught:
        check_kind(b"\x00\x01\x02binary", "a.jpg", {"image", "document"})
    assert caught.value.code == "unknown"
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("make", "kinds"),
    [
        (lambda: rezip(xlsx(), add={"xl/vbaProject.bin": b"vba"}), {"spreadsheet", "document"}),
        (lambda: ole("EncryptedPackage"), {"spreadsheet", "document"}),
        (lambda: ole("WordDocument", "Macros"), {"document"}),
        (lambda: ole("Workbook", "_VBA_PROJECT_CUR"), {"spreadsheet"}),
        (lambda: zip_of({"a.txt": b"x"}), {"document", "spreadsheet"}),
        (lambda: ftyp(b"heic"), {"image"}),
        (
            lambda: b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            {"image"},
        ),
        (wav, {"video"}),
        (lambda: ftyp(b"M4A "), {"video"}),
    ],
)
def test_refused_as_wrong_kind(make, kinds):
    with pytest.raises(FileKindError) as caught:
        check_kind(make(), "file", kinds)
    assert caught.value.code == "wrong_kind"


@pytest.mark.parametrize(
    ("make", "kind", "expected"),
    [
        (lambda: ole("WordDocument", "1Table"), "document", "application/msword"),
        (wav, "audio", "audio/wav"),
        (lambda: ebml(b"webm"), "video", "video/webm"),
        (
            docx,
            "document",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (xlsx, "spreadsheet", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_accepted(make, kind, expected):
    assert check_kind(make(), "x", {kind}) == expected


def test_csv_is_told_by_its_name_only_among_text():
    data = "单位,人数\n水利局,3\n".encode()
    assert check_kind(data, "统计.CSV", {"spreadsheet"}) == "text/csv"
    assert check_kind(data, "统计.txt", {"document"}) == "text/plain"
    with pytest.raises(FileKindError):
        check_kind(data, "统计.txt", {"spreadsheet"})
    with pytest.raises(FileKindError):
        check_kind(image("PNG"), "统计.csv", {"spreadsheet"})


def test_an_unknown_kind_name_is_a_programming_error():
    with pytest.raises(KeyError):
        check_kind(b"%PDF-", "a.pdf", {"pictures"})


def test_ole_macros():
    assert ole_has_macros(ole("WordDocument", "Macros"))
    assert not ole_has_macros(ole("WordDocument"))
    assert not ole_has_macros(b"%PDF-")


# --- safe_filename -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2023年水利局大事记.docx", "2023年水利局大事记.docx"),
        ("C:\\Users\\张三\\Desktop\\照片.jpg", "照片.jpg"),
        ("../../etc/passwd", "passwd"),
        (".htaccess", "htaccess"),
        ("...", "file"),
        ("", "file"),
        ("   ", "file"),
        ("a\x00b\nc\x1f.txt", "ab c.txt"),
        ("photo\u202egpj.exe", "photogpj.exe"),
        ('what?<is>:this|"*.txt', "what__is__this___.txt"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("com1.jpg", "_com1.jpg"),
        ("console.txt", "console.txt"),
        ("报告. ", "报告"),
        ("a   b\tc.pdf", "a b c.pdf"),
        ("ｆｕｌｌ.pdf", "ｆｕｌｌ.pdf"),
    ],
)
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected


def test_long_names_keep_their_extension():
    name = safe_filename("长" * 300 + ".jpeg")
    assert name.endswith("长.jpeg")
    assert len(name) <= 120 and len(name.encode()) <= 240
    latin = safe_filename("a" * 300 + ".pdf")
    assert latin == "a" * 116 + ".pdf"


@given(st.text(max_size=400))
def test_safe_filename_is_always_safe(name):
    safe = safe_filename(name)
    assert safe
    assert len(safe) <= 120 and len(safe.encode("utf-8")) <= 240
    assert not any(ch in safe for ch in '/\\<>:"|?*')
    assert not safe.startswith((".", " ")) and not safe.endswith((".", " "))
    assert all(ord(ch) >= 32 and ch != "\x7f" for ch in safe)
    assert safe_filename(safe) == safe
