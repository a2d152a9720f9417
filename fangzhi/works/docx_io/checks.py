"""Checking an uploaded file before any parser sees it.

The office's server opens files from dozens of units, so an encrypted, macro-carrying,
damaged or decompression-bomb file is refused with a ``DocxError`` whose ``code`` the
caller turns into a Chinese message.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from lxml import etree

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class DocxError(ValueError):
    """An uploaded file that is refused. ``code`` is one of ``not_docx``, ``encrypted``,
    ``macros``, ``too_large``, ``corrupt``, ``empty``; the message is a short English
    explanation for logs, the caller shows its own translation of the code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


# Office files with a password are an OLE compound file holding an "EncryptedPackage"
# stream (MS-OFFCRYPTO), and so is an old binary .doc without one.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
MAIN_PART = "word/document.xml"
# Decompression-bomb limits: a real .docx expands a few times (XML compresses ~10:1).
MAX_EXPANSION = 20
MAX_MEMBER_RATIO = 200
RATIO_APPLIES_ABOVE = 10 * 1024 * 1024
# A .docx never declares a DTD; refusing one keeps entity-expansion attacks away from
# the XML parsers mammoth and python-docx use.
_DTD_MARKERS = (b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"), b"<!ENTITY")
_CHUNK = 1024 * 1024


def check_docx(data: bytes, *, max_bytes: int) -> None:
    """Refuse anything but a plain, intact .docx of at most ``max_bytes``.

    Raises ``DocxError`` with code ``too_large`` (the file, its total expansion beyond
    20 × ``max_bytes``, or one member expanding more than 200:1 past 10 MB),
    ``encrypted`` (password-protected Office file, or encrypted zip members),
    ``not_docx`` (an old .doc, another format, a zip without ``word/document.xml``, an
    empty file), ``macros`` (``vbaProject.bin`` or a macro-enabled content type), or
    ``corrupt`` (a damaged zip: bad CRC, truncated, unreadable member; malformed
    ``document.xml``; a DTD in any XML part). Returns None for an acceptable file. Reads
    every member once, in 1 MB chunks, only after the size limits have passed.
    """
    if len(data) > max_bytes:
        raise DocxError("too_large", "The file is larger than the limit.")
    if data.startswith(OLE_SIGNATURE):
        if ENCRYPTED_STREAM in data:
            raise DocxError("encrypted", "The document is protected by a password.")
        raise DocxError("not_docx", "This is an old binary Word file (.doc), not a .docx.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        # A file that starts like a zip but has no readable directory was cut short.
        if data.startswith(b"PK"):
            raise DocxError("corrupt", "The zip container is damaged or truncated.") from exc
        raise DocxError("not_docx", "This is not a Word document (.docx).") from exc
    with archive:
        members = archive.infolist()
        names = {member.filename for member in members}
        if MAIN_PART not in names:
            raise DocxError("not_docx", "The zip file has no word/document.xml.")
        if sum(member.file_size for member in members) > MAX_EXPANSION * max_bytes:
            raise DocxError("too_large", "The document expands to too much data.")
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > RATIO_APPLIES_ABOVE and ratio > MAX_MEMBER_RATIO:
                raise DocxError("too_large", f"{member.filename} expands {ratio:.0f} times.")
        if any(member.flag_bits & 0x1 for member in members):
            raise DocxError("encrypted", "The zip members are encrypted.")
        if any(name.lower().rsplit("/", 1)[-1] == "vbaproject.bin" for name in names):
            raise DocxError("macros", "The document contains macros (vbaProject.bin).")
        if "[Content_Types].xml" in names:
            content_types = _read_member(archive, "[Content_Types].xml")
            if b"macroenabled" in content_types.lower():
                raise DocxError("macros", "The document is of a macro-enabled type.")
        for member in members:
            _verify_member(archive, member)
        _parse_xml(_read_member(archive, MAIN_PART), MAIN_PART)


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as exc:
        raise DocxError("corrupt", f"{name} cannot be read.") from exc


def _verify_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Decompress one member as ``ZipFile.testzip`` does (the CRC is checked at its end)
    and look for a DTD in XML parts on the way."""
    is_xml = member.filename.endswith((".xml", ".rels"))
    tail = b""
    try:
        with archive.open(member) as handle:
            while chunk := handle.read(_CHUNK):
                if is_xml:
                    window = tail + chunk
                    if any(marker in window for marker in _DTD_MARKERS):
                        raise DocxError("corrupt", f"{member.filename} declares a DTD.")
                    tail = window[-20:]
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as exc:
        raise DocxError("corrupt", f"{member.filename} is damaged.") from exc


def _parse_xml(data: bytes, name: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise DocxError("corrupt", f"{name} is not well-formed XML.") from exc
