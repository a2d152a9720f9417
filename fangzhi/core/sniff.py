"""What a file really is, told by its content (magic bytes), never by its name.

Units upload pictures, recordings and documents; a name ending in ``.jpg`` proves
nothing, and a browser given the wrong type may run what it should only show. ``sniff``
reads the first bytes (and, for zip and OLE containers, their directory), ``check_kind``
accepts a file only if its content is of a kind the caller allows, and
``safe_filename`` makes an uploaded name safe to store, to put in a ZIP and to send in
``Content-Disposition``.
"""

from __future__ import annotations

import codecs
import io
import re
import struct
import unicodedata
import zipfile

JPEG = "image/jpeg"
PNG = "image/png"
GIF = "image/gif"
WEBP = "image/webp"
TIFF = "image/tiff"
BMP = "image/bmp"
HEIC = "image/heic"
AVIF = "image/avif"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOCM = "application/vnd.ms-word.document.macroEnabled.12"
XLSM = "application/vnd.ms-excel.sheet.macroEnabled.12"
PPTM = "application/vnd.ms-powerpoint.presentation.macroEnabled.12"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ZIP = "application/zip"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
PPT = "application/vnd.ms-powerpoint"
# An Office file with a password is an OLE container holding the encrypted package
# (MS-OFFCRYPTO); libmagic calls it application/encrypted.
ENCRYPTED = "application/encrypted"
OLE = "application/x-ole-storage"
MP3 = "audio/mpeg"
WAV = "audio/wav"
FLAC = "audio/flac"
OGG_AUDIO = "audio/ogg"
M4A = "audio/mp4"
MP4 = "video/mp4"
MOV = "video/quicktime"
THREE_GP = "video/3gpp"
WEBM = "video/webm"
MKV = "video/x-matroska"
AVI = "video/x-msvideo"
OGG_VIDEO = "video/ogg"
TEXT = "text/plain"
CSV = "text/csv"

# What each kind of upload may be. Macro-enabled Office files, encrypted files, bare
# zips, HEIC/AVIF (no thumbnails without extra codecs) and HTML/SVG (they are only
# text/plain here) belong to no kind.
KINDS: dict[str, frozenset[str]] = {
    "image": frozenset({JPEG, PNG, GIF, WEBP, TIFF, BMP}),
    "audio": frozenset({MP3, WAV, FLAC, OGG_AUDIO, M4A}),
    "video": frozenset({MP4, MOV, THREE_GP, WEBM, MKV, AVI, OGG_VIDEO}),
    "document": frozenset({PDF, DOCX, DOC, ODT, PPTX, PPT, TEXT}),
    "spreadsheet": frozenset({XLSX, XLS, ODS, CSV}),
}


class FileKindError(ValueError):
    """A file refused for what it is. ``code`` is ``wrong_kind`` (recognised, but not of
    an allowed kind: a PDF uploaded as a picture, a macro-carrying Word file) or
    ``unknown`` (the content is not recognised). The message is short English for logs;
    callers show their own translation of the code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OOXML_MAIN = {
    "wordprocessingml.document.main+xml": DOCX,
    "spreadsheetml.sheet.main+xml": XLSX,
    "presentationml.presentation.main+xml": PPTX,
    "ms-word.document.macroEnabled.main+xml": DOCM,
    "ms-excel.sheet.macroEnabled.main+xml": XLSM,
    "ms-powerpoint.presentation.macroEnabled.main+xml": PPTM,
}
_OOXML_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX, "ppt/presentation.xml": PPTX}
_MACRO_VARIANT = {DOCX: DOCM, XLSX: XLSM, PPTX: PPTM}
_OPENDOCUMENT = {ODT.encode(): ODT, ODS.encode(): ODS}
# [Content_Types].xml is a few kilobytes; a bigger one is not read.
_MAX_CONTENT_TYPES = 1024 * 1024
_MP4_AUDIO_BRANDS = {b"M4A ", b"M4B ", b"M4P ", b"F4A "}
_MOV_BRANDS = {b"qt  "}
_IMAGE_BRANDS = {b"heic": HEIC, b"heix": HEIC, b"heim": HEIC, b"heis": HEIC, b"mif1": HEIC}
_IMAGE_BRANDS.update({b"msf1": HEIC, b"avif": AVIF, b"avis": AVIF})
# Text: a sample this long is decoded; more proves nothing more.
_TEXT_SAMPLE = 64 * 1024


def sniff(data: bytes) -> str | None:
    """The MIME type the content shows, or None when it is not recognised.

    Recognises JPEG, PNG, GIF, WebP, TIFF, BMP, HEIC/AVIF, PDF; zip containers (Word,
    Excel and PowerPoint files, their macro-enabled variants, OpenDocument text and
    spreadsheets, other zips); OLE containers (old .doc/.xls/.ppt, password-protected
    Office files as ``application/encrypted``, others as ``application/x-ole-storage``);
    MP3 (ID3 tag or two consecutive MPEG audio frames), WAV, FLAC, Ogg (audio, or video
    when it carries Theora), MP4/M4A/MOV/3GP by their ``ftyp`` brand, WebM/Matroska, AVI;
    and UTF-8 text without control characters as ``text/plain``. Never raises.
    """
    head = data[:64]
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return TIFF
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"RIFF") and len(head) >= 12:
        return {b"WEBP": WEBP, b"WAVE": WAV, b"AVI ": AVI}.get(head[8:12])
    if head.startswith(b"BM") and _is_bmp(head):
        return BMP
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(data)
    if head.startswith(OLE_SIGNATURE):
        return _sniff_ole(data)
    if head.startswith(b"fLaC"):
        return FLAC
    if head.startswith(b"OggS"):
        return OGG_VIDEO if b"\x80theora" in data[:512] else OGG_AUDIO
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return WEBM if b"webm" in data[:64] else MKV
    if head[4:8] == b"ftyp" and len(head) >= 12:
        return _sniff_ftyp(head[8:12])
    if head.startswith(b"ID3"):
        return _after_id3(data)
    if _is_mpeg_audio(data):
        return MP3
    if _is_text(data):
        return TEXT
    return None


def _after_id3(data: bytes) -> str:
    """An ID3v2 tag usually starts an MP3, but FLAC files sometimes carry one too."""
    if len(data) >= 10:
        # The tag's size is a "syncsafe" integer: 7 bits per byte.
        size = 0
        for byte in data[6:10]:
            size = (size << 7) | (byte & 0x7F)
        footer = 10 if data[5] & 0x10 else 0
        if data[10 + size + footer :].startswith(b"fLaC"):
            return FLAC
    return MP3


def _is_bmp(head: bytes) -> bool:
    """ "BM" starts plenty of text; a bitmap also has reserved zero bytes and a known DIB
    header size."""
    if len(head) < 18:
        return False
    reserved = head[6:10]
    dib_size = struct.unpack("<I", head[14:18])[0]
    return reserved == b"\x00\x00\x00\x00" and dib_size in (12, 40, 52, 56, 64, 108, 124)


def _sniff_ftyp(brand: bytes) -> str:
    if brand in _MP4_AUDIO_BRANDS:
        return M4A
    if brand in _MOV_BRANDS:
        return MOV
    if brand in _IMAGE_BRANDS:
        return _IMAGE_BRANDS[brand]
    if brand.startswith(b"3g"):
        return THREE_GP
    # isom, iso2, mp41, mp42, avc1, dash, M4V and the many camera brands are MP4.
    return MP4


def _sniff_zip(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            # OpenDocument stores its type, uncompressed, as the first member.
            if members and members[0].filename == "mimetype" and members[0].file_size < 100:
                found = _OPENDOCUMENT.get(archive.read(members[0]).strip())
                if found:
                    return found
            kind = None
            if "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size <= _MAX_CONTENT_TYPES:
                    types = archive.read(info).decode("utf-8", "replace")
                    kind = next((v for k, v in _OOXML_MAIN.items() if k in types), None)
            if kind is None:
                kind = next((v for k, v in _OOXML_PARTS.items() if k in names), None)
            if kind is None:
                return ZIP
            # A workbook saved as .xlsx but still carrying a VBA project is not plain.
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return _MACRO_VARIANT.get(kind, kind)
            return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        # Starts like a zip but its directory cannot be read: damaged or cut short.
        return None
    except NotImplementedError:
        # A member compressed with a method Python does not read (e.g. Deflate64).
        return ZIP


_FREE_SECTORS = 0xFFFFFFFA  # ids from here up are end-of-chain, free and FAT markers


def _ole_names(data: bytes) -> set[str]:
    """Names of the entries in an OLE container's directory (empty if it is damaged).

    Follows the compound file format ([MS-CFB]): the header lists the sectors of the
    allocation table (the first 109 in the header, the rest in a chain of DIFAT
    sectors); the directory is a chain of sectors through that table, made of 128-byte
    entries with a UTF-16 name. Every loop is bounded by the number of sectors, so a
    crafted cycle cannot hang it.
    """
    if len(data) < 512 or not data.startswith(OLE_SIGNATURE):
        return set()
    shift = struct.unpack_from("<H", data, 30)[0]
    if shift not in (9, 12):
        return set()
    size = 1 << shift
    count = max(0, len(data) // size - 1)

    def sector(number: int) -> bytes:
        return data[(number + 1) * size : (number + 2) * size] if number < count else b""

    fat_sectors = [n for n in struct.unpack_from("<109I", data, 76) if n < _FREE_SECTORS]
    difat, seen = struct.unpack_from("<I", data, 68)[0], 0
    while difat < _FREE_SECTORS and seen < count:
        block = sector(difat)
        if len(block) < size:
            return set()
        *ids, difat = struct.unpack(f"<{size // 4}I", block)
        fat_sectors += [n for n in ids if n < _FREE_SECTORS]
        seen += 1
    fat: list[int] = []
    for number in fat_sectors[: count + 1]:
        block = sector(number)
        fat += struct.unpack(f"<{len(block) // 4}I", block)
    names: set[str] = set()
    current, steps = struct.unpack_from("<I", data, 48)[0], 0
    while current < _FREE_SECTORS and steps <= count:
        block = sector(current)
        for offset in range(0, len(block) - 127, 128):
            length = struct.unpack_from("<H", block, offset + 64)[0]
            if 2 <= length <= 64 and block[offset + 66] in (1, 2, 5):
                raw = block[offset : offset + length - 2]
                names.add(raw.decode("utf-16-le", "replace"))
        current = fat[current] if current < len(fat) else _FREE_SECTORS
        steps += 1
    return names


# Storages that hold a VBA project: Word's "Macros", Excel's "_VBA_PROJECT_CUR",
# PowerPoint keeps it in a stream "_VBA_PROJECT" inside.
_OLE_MACROS = {"Macros", "_VBA_PROJECT_CUR", "_VBA_PROJECT", "VBA"}


def _sniff_ole(data: bytes) -> str:
    names = _ole_names(data)
    if "EncryptedPackage" in names:
        return ENCRYPTED
    if "WordDocument" in names:
        return DOC
    if "Workbook" in names or "Book" in names:
        return XLS
    if "PowerPoint Document" in names:
        return PPT
    return OLE


def ole_has_macros(data: bytes) -> bool:
    """Whether an OLE container (old .doc/.xls/.ppt) carries a VBA project."""
    return data.startswith(OLE_SIGNATURE) and bool(_ole_names(data) & _OLE_MACROS)


# MPEG audio frame headers: bit rates (kbit/s) by version and layer, sample rates by
# version; version index 0 = MPEG 2.5, 2 = MPEG 2, 3 = MPEG 1 (1 is reserved).
_BITRATES = {
    (3, 3): (0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (3, 2): (0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (3, 1): (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (2, 3): (0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (2, 2): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_BITRATES[(2, 1)] = _BITRATES[(2, 2)]
for _layer in (1, 2, 3):
    _BITRATES[(0, _layer)] = _BITRATES[(2, _layer)]
_SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def _mpeg_frame_length(header: bytes) -> int | None:
    """The length of the MPEG audio frame that starts with these 4 bytes, or None."""
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return None
    version, layer = (header[1] >> 3) & 3, (header[1] >> 1) & 3
    rate_index, sample_index = header[2] >> 4, (header[2] >> 2) & 3
    # Layer bits 00 are reserved (and mark AAC's ADTS); free-format streams are rare.
    if version == 1 or layer == 0 or rate_index in (0, 15) or sample_index == 3:
        return None
    bitrate = _BITRATES[(version, layer)][rate_index] * 1000
    sample_rate = _SAMPLE_RATES[version][sample_index]
    padding = (header[2] >> 1) & 1
    if layer == 3:  # Layer I
        return (12 * bitrate // sample_rate + padding) * 4
    if layer == 1 and version != 3:  # Layer III, MPEG 2 and 2.5
        return 72 * bitrate // sample_rate + padding
    return 144 * bitrate // sample_rate + padding


def _is_mpeg_audio(data: bytes) -> bool:
    """Two MPEG audio frames in a row: one sync word alone is too likely by chance."""
    length = _mpeg_frame_length(data[:4])
    if length is None:
        return False
    return _mpeg_frame_length(data[length : length + 4]) is not None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _is_text(data: bytes) -> bool:
    if not data:
        return False
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        # final only when the sample is the whole file: a cut multi-byte character at
        # the sample's end is not an error.
        text = decoder.decode(data[:_TEXT_SAMPLE], final=len(data) <= _TEXT_SAMPLE)
    except UnicodeDecodeError:
        return False
    return not _CONTROL.search(text)


def check_kind(data: bytes, filename: str, allowed_kinds: set[str] | frozenset[str]) -> str:
    """The file's MIME type if its content is of one of ``allowed_kinds`` (keys of
    ``KINDS``); otherwise raise ``FileKindError``: ``unknown`` if the content is not
    recognised, ``wrong_kind`` if it is but is not allowed (including an old Office file
    with macros). The name never makes a file acceptable: it only tells a CSV
    (``text/csv``) from other plain text, which content cannot. An unknown kind name is
    a programming error (``KeyError``).
    """
    allowed = frozenset().union(*(KINDS[kind] for kind in allowed_kinds))
    found = sniff(data)
    if found is None:
        raise FileKindError("unknown", "The content of the file is not recognised.")
    if found == TEXT and filename.lower().rstrip(" .").endswith(".csv"):
        found = CSV
    if found not in allowed:
        raise FileKindError("wrong_kind", f"The file is {found}, not of an allowed kind.")
    if found in (DOC, XLS, PPT) and ole_has_macros(data):
        raise FileKindError("wrong_kind", "The Office file carries macros.")
    return found


MAX_NAME_CHARS = 120
# File systems limit a name to 255 bytes; 120 Chinese characters are 360 in UTF-8.
MAX_NAME_BYTES = 240
_WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')
_WINDOWS_RESERVED = re.compile(
    r"(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)", re.IGNORECASE
)
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,10}\Z")
DEFAULT_NAME = "file"


def safe_filename(name: str) -> str:
    """A file name safe on Windows, macOS and Linux, in a ZIP and in a download header.

    Keeps only the last path component (``/`` or ``\\``); removes control and format
    characters (including the right-to-left override that disguises ``gpj.exe`` as
    ``exe.jpg``); replaces characters Windows forbids with ``_``; drops leading dots and
    spaces (no hidden files, no ``..``) and trailing dots and spaces (Windows drops them);
    prefixes Windows' reserved device names (``CON``, ``nul.txt``) with ``_``; keeps
    Chinese and other letters; shortens to 120 characters and 240 UTF-8 bytes keeping the
    extension. Never returns an empty name (``file``).
    """
    text = unicodedata.normalize("NFC", str(name))
    text = re.split(r"[/\\]", text)[-1]
    text = re.sub(r"[\t\n\r]", " ", text)
    text = "".join(
        ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )
    text = _WINDOWS_FORBIDDEN.sub("_", text)
    text = " ".join(text.split())
    text = text.lstrip(". ").rstrip(". ")
    if _WINDOWS_RESERVED.fullmatch(text.partition(".")[0].strip()):
        text = "_" + text
    text = _shorten(text)
    return text or DEFAULT_NAME


def _shorten(text: str) -> str:
    def fits(value: str) -> bool:
        return len(value) <= MAX_NAME_CHARS and len(value.encode()) <= MAX_NAME_BYTES

    if fits(text):
        return text
    match = _EXTENSION.search(text)
    extension = match.group() if match else ""
    stem = text[: len(text) - len(extension)][:MAX_NAME_CHARS]
    while stem and not fits(stem + extension):
        stem = stem[:-1]
    return (stem.rstrip(". ") + extension) if stem else extension.lstrip(".")
