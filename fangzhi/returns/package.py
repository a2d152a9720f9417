"""A unit's year of returns as an archive package (归档, 三.六: 纳入当年文书档案归档).

The package is a ZIP an archivist can open on any office computer and check years later:

- ``returns.docx``: a title page, then one heading per category and each entry as a
  two-column table of label and value (宋体 for Chinese; no images inside);
- ``attachments/<category>/<name>``: every attached file, under a safe, unique name;
- ``manifest.csv`` (UTF-8 with BOM, so Excel shows the Chinese) and ``manifest.json``
  (the same list and the package's details): each file's path, SHA-256, size, category
  and entry;
- ``README.txt``: what the package is, in Chinese.

The same inputs always give the same bytes (times come from ``created_at``, members are
sorted), so a package rebuilt later can be compared byte for byte. ``verify_package``
checks a package against its manifest. Pure Python, no Django.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import posixpath
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.shared import Cm, Pt, RGBColor

from fangzhi.core.sniff import safe_filename, sniff

FORMAT = "fangzhi.returns.package"
FORMAT_VERSION = 1
DOCUMENT = "returns.docx"
README = "README.txt"
MANIFEST_CSV = "manifest.csv"
MANIFEST_JSON = "manifest.json"
ATTACHMENTS = "attachments"
MANIFEST_COLUMNS = ("path", "sha256", "bytes", "category", "entry")
BODY_FONT, HEADING_FONT, LATIN_FONT = "宋体", "黑体", "Times New Roman"
# Deflating JPEGs, videos or Office files again costs time and saves nothing.
_STORED_TYPES = {
    "image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/avif",
    "audio/mpeg", "audio/mp4", "audio/flac", "audio/ogg",
    "video/mp4", "video/quicktime", "video/3gpp", "video/webm", "video/x-matroska",
    "video/ogg", "application/zip", "application/encrypted",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
}  # fmt: skip
# Characters XML 1.0 cannot hold; python-docx refuses text that contains them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Section:
    """One category of the returns: its label and its entries, each an ordered mapping
    of label to value, already in Chinese."""

    category_label: str
    entries: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class PackageFile:
    """An attached file: its original name (``path``; only the last part is used), its
    bytes, the entry it belongs to (as the manifest shows it) and its category label."""

    path: str
    data: bytes
    entry_ref: str
    category: str


def build_package(
    *,
    title: str,
    unit: str,
    year: int,
    sections: list[Section],
    files: list[PackageFile],
    created_at: dt.datetime,
) -> bytes:
    """The archive package as ZIP bytes.

    Guarantees: byte-identical output for identical inputs (with the same zlib and
    python-docx), whatever the order of ``files``: members are sorted by path and every
    timestamp is ``created_at``'s wall-clock time, as given (pass local time to see local
    times in the ZIP). Attachment names are ``safe_filename`` names, unique within their
    category folder ignoring case (the second ``照片.jpg`` becomes ``照片 (2).jpg``);
    member names are UTF-8 (flagged so); the manifests list every member but themselves,
    and ``verify_package`` of the result is empty.
    """
    placed = _place_files(files)
    members: dict[str, bytes] = {
        DOCUMENT: _document(title=title, unit=unit, year=year, sections=sections, at=created_at),
        README: _readme(title=title, unit=unit, year=year, at=created_at, count=len(placed)),
    }
    listing = [{"path": path, "category": "", "entry": ""} for path in (DOCUMENT, README)] + [
        {"path": path, "category": f.category, "entry": f.entry_ref} for path, f in placed
    ]
    members.update((path, f.data) for path, f in placed)
    rows = sorted(
        (
            {
                "path": item["path"],
                "sha256": hashlib.sha256(members[item["path"]]).hexdigest(),
                "bytes": len(members[item["path"]]),
                "category": item["category"],
                "entry": item["entry"],
            }
            for item in listing
        ),
        key=lambda row: str(row["path"]),
    )
    members[MANIFEST_CSV] = _manifest_csv(rows)
    members[MANIFEST_JSON] = _manifest_json(
        rows, title=title, unit=unit, year=year, sections=sections, at=created_at
    )
    return _zip(members, at=created_at)


def _place_files(files: Iterable[PackageFile]) -> list[tuple[str, PackageFile]]:
    """Each file's path in the package: ``attachments/<category>/<name>``, unique."""
    named = sorted(
        (
            (
                safe_filename(f.category),
                safe_filename(posixpath.basename(f.path.replace("\\", "/"))),
                f,
            )
            for f in files
        ),
        key=lambda item: (
            item[0],
            item[1],
            hashlib.sha256(item[2].data).hexdigest(),
            item[2].entry_ref,
        ),
    )
    taken: set[str] = set()
    placed = []
    for folder, name, f in named:
        candidate, number = name, 1
        # Windows and macOS folders ignore case: 照片.JPG and 照片.jpg would collide.
        while f"{folder}/{candidate}".casefold() in taken:
            number += 1
            candidate = _numbered(name, number)
        taken.add(f"{folder}/{candidate}".casefold())
        placed.append((f"{ATTACHMENTS}/{folder}/{candidate}", f))
    return placed


def _numbered(name: str, number: int) -> str:
    """``name (n).ext``, shortened like ``safe_filename`` if it would grow too long."""
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > 10:
        stem, extension = name, ""
    suffix = f" ({number})" + (f".{extension}" if extension else "")
    while stem and safe_filename(stem + suffix) != stem + suffix:
        stem = stem[:-1]
    return stem + suffix


def _xml_text(value: object) -> str:
    return _NOT_XML.sub("", str(value))


def _chinese_time(at: dt.datetime) -> str:
    return f"{at.year}年{at.month}月{at.day}日 {at.hour:02d}:{at.minute:02d}"


def _set_fonts(style: object, east_asian: str, *, size: float | None = None) -> None:
    """Give a style explicit fonts: Word applies the theme's fonts (not Chinese ones)
    whenever a theme attribute is present, so those are removed."""
    font = style.font  # type: ignore[attr-defined]
    font.name = LATIN_FONT
    font.color.rgb = RGBColor(0, 0, 0)
    if size:
        font.size = Pt(size)
    rpr = style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:eastAsia"), east_asian)
    language = rpr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        # Word refuses run properties out of the schema's order.
        rpr.insert_element_before(language, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    language.set(qn("w:eastAsia"), "zh-CN")


def _document(
    *, title: str, unit: str, year: int, sections: list[Section], at: dt.datetime
) -> bytes:
    document = Document()
    page = document.sections[0]
    page.page_width, page.page_height = Cm(21), Cm(29.7)  # A4, not the template's Letter
    styles = document.styles
    _set_fonts(styles["Normal"], BODY_FONT, size=12)
    _set_fonts(styles["Title"], HEADING_FONT, size=22)
    _set_fonts(styles["Heading 1"], HEADING_FONT, size=16)
    _set_fonts(styles["Heading 2"], HEADING_FONT, size=13)
    properties = document.core_properties
    properties.title = _xml_text(title)[:255]
    properties.author = properties.last_modified_by = _xml_text(unit)[:255]
    properties.comments = ""
    properties.revision = 1
    # docProps must not carry "now": the package is rebuilt byte for byte.
    stamp = at.astimezone(dt.UTC).replace(tzinfo=None) if at.tzinfo else at
    properties.created = properties.modified = stamp
    properties.last_printed = stamp

    heading = document.add_paragraph(_xml_text(title), style="Title")
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in (f"填报单位：{unit}", f"年度：{year}年", f"生成时间：{_chinese_time(at)}"):
        paragraph = document.add_paragraph(_xml_text(line))
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    for section in sections:
        document.add_heading(_xml_text(section.category_label), level=1)
        if not section.entries:
            document.add_paragraph("（无）")
        for number, entry in enumerate(section.entries, 1):
            document.add_heading(f"第{number}条", level=2)
            table = document.add_table(rows=0, cols=2)
            table.style = styles["Table Grid"]
            for label, value in entry.items():
                cells = table.add_row().cells
                cells[0].width, cells[1].width = Cm(3.5), Cm(12.5)
                cells[0].text = _xml_text(label)
                lines = _xml_text(value).splitlines() or [""]
                cells[1].text = lines[0]
                for line in lines[1:]:
                    cells[1].add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    # python-docx stamps each member with the current time; restamp them.
    return _restamp(out.getvalue(), at=at)


def _zip_time(at: dt.datetime) -> tuple[int, int, int, int, int, int]:
    # ZIP times start in 1980 and have two-second steps.
    clipped = max(at.replace(tzinfo=None), dt.datetime(1980, 1, 1))
    return (clipped.year, clipped.month, clipped.day, clipped.hour, clipped.minute, clipped.second)


def _info(name: str, *, at: dt.datetime, stored: bool) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_zip_time(at))
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, whatever system builds it, so the bytes never differ
    info.external_attr = 0o100644 << 16
    return info


def _restamp(data: bytes, *, at: dt.datetime) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            target.writestr(
                _info(member.filename, at=at, stored=False), source.read(member), compresslevel=6
            )
    return out.getvalue()


def _zip(members: dict[str, bytes], *, at: dt.datetime) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in sorted(members):
            body = members[name]
            stored = name.startswith(f"{ATTACHMENTS}/") and sniff(body) in _STORED_TYPES
            archive.writestr(_info(name, at=at, stored=stored), body, compresslevel=6)
    return out.getvalue()


def _manifest_csv(rows: list[dict[str, object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(MANIFEST_COLUMNS)
    for row in rows:
        writer.writerow([_spreadsheet_safe(str(row[column])) for column in MANIFEST_COLUMNS])
    # The BOM tells Excel the file is UTF-8; without it Chinese shows as mojibake.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _spreadsheet_safe(value: str) -> str:
    """Entry titles come from units: Excel would run ``=HYPERLINK(...)`` as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _manifest_json(
    rows: list[dict[str, object]],
    *,
    title: str,
    unit: str,
    year: int,
    sections: list[Section],
    at: dt.datetime,
) -> bytes:
    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "title": title,
        "unit": unit,
        "year": year,
        "created_at": at.isoformat(),
        "sections": [
            {"category": section.category_label, "entries": len(section.entries)}
            for section in sections
        ],
        "files": rows,
    }
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _readme(*, title: str, unit: str, year: int, at: dt.datetime, count: int) -> bytes:
    lines = [
        title,
        "",
        f"填报单位：{unit}",
        f"年度：{year}年",
        f"生成时间：{_chinese_time(at)}",
        "",
        f"本压缩包是{unit}{year}年度资料年报的归档包，由方志系统生成，",
        "供纳入当年文书档案归档。",
        "",
        "包内文件：",
        *(
            f"  {name:<16}{what}"
            for name, what in (
                (DOCUMENT, "各类资料的条目，按类别排列，每条为一张“项目—内容”表格"),
                (f"{ATTACHMENTS}/", f"条目所附的文件（共{count}个），按类别分文件夹存放"),
                (MANIFEST_CSV, "文件清单，可用 Excel 打开：路径、SHA-256 校验值、字节数、"),
                ("", "类别、所属条目"),
                (MANIFEST_JSON, "同一清单及归档包信息，供系统核验"),
                (README, "本说明"),
            )
        ),
        "",
        "核验方法：逐个计算文件的 SHA-256 校验值，应与清单一致；",
        "如有不符，说明该文件已被改动或损坏。",
    ]
    # BOM and CRLF: older Windows Notepad shows UTF-8 Chinese correctly only so.
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def verify_package(data: bytes) -> list[str]:
    """The problems of a package, each ``"<code>: <path or detail>"``; empty when sound.

    Codes: ``not_zip`` (unreadable ZIP), ``no_manifest`` / ``bad_manifest``
    (``manifest.json`` missing or unreadable), ``unsafe_path`` (an absolute or ``..``
    member name), ``duplicate`` (a name twice), ``missing`` (listed but absent, including
    ``manifest.csv``), ``size_mismatch``, ``hash_mismatch``, ``corrupt`` (a member that
    cannot be read), ``unlisted`` (a file the manifest does not list), ``manifest_mismatch``
    (``manifest.csv`` differs from ``manifest.json``). Reads each member in 1 MB chunks.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        return [f"not_zip: {exc}"]
    problems: list[str] = []
    with archive:
        names = [info.filename for info in archive.infolist() if not info.is_dir()]
        seen: set[str] = set()
        for name in names:
            if name in seen:
                problems.append(f"duplicate: {name}")
            seen.add(name)
            parts = name.replace("\\", "/").split("/")
            if name.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", name):
                problems.append(f"unsafe_path: {name}")
        if MANIFEST_JSON not in seen:
            return [*problems, f"no_manifest: {MANIFEST_JSON}"]
        try:
            manifest = json.loads(archive.read(MANIFEST_JSON).decode("utf-8"))
            listed = {str(row["path"]): row for row in manifest["files"]}
            expected_csv = _expected_csv_rows(manifest["files"])
        except (ValueError, KeyError, TypeError, AttributeError, zipfile.BadZipFile) as exc:
            return [*problems, f"bad_manifest: {exc}"]
        for path, row in sorted(listed.items()):
            if path not in seen:
                problems.append(f"missing: {path}")
                continue
            try:
                digest, size = _hash_member(archive, path)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                problems.append(f"corrupt: {path} ({exc})")
                continue
            if size != row.get("bytes"):
                problems.append(f"size_mismatch: {path}")
            if digest != row.get("sha256"):
                problems.append(f"hash_mismatch: {path}")
        for name in sorted(seen - set(listed) - {MANIFEST_JSON, MANIFEST_CSV}):
            problems.append(f"unlisted: {name}")
        if MANIFEST_CSV not in seen:
            problems.append(f"missing: {MANIFEST_CSV}")
        elif _csv_rows(archive.read(MANIFEST_CSV)) != expected_csv:
            problems.append(f"manifest_mismatch: {MANIFEST_CSV}")
    return problems


def _hash_member(archive: zipfile.ZipFile, name: str) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with archive.open(name) as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _csv_rows(data: bytes) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    except (UnicodeDecodeError, csv.Error):
        return []


def _expected_csv_rows(files: list[dict[str, object]]) -> list[list[str]]:
    return _csv_rows(_manifest_csv(files))
