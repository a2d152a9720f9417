"""Reading a .txt or .docx for ``fangzhi check FILE`` (no Django).

A .txt file's encoding is detected, not guessed from the system: a BOM names UTF-8 or
UTF-16; otherwise UTF-8, GB18030 and Big5 are tried as strict decodes over the whole
file (streamed) and the one that decodes cleanly with the most CJK Unified Ideographs
wins (UTF-8 whenever it decodes cleanly: valid multi-byte UTF-8 is never an accident).
Binary data and text no candidate decodes are refused. The text is then read again in
paragraph-aligned chunks so that a file of tens of millions of characters is checked in
bounded memory. Newlines are read as Python's text mode reads them (CRLF and CR become
LF); offsets refer to that text.
"""

from __future__ import annotations

import bisect
import codecs
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

BLOCK = 1 << 20  # bytes read at a time
CHUNK = 1 << 20  # characters checked at a time (cut at a paragraph break)
HARD_CHUNK = 4 * CHUNK  # a paragraph longer than this is cut anyway
CANDIDATES = ("utf-8", "gb18030", "big5")
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 11, 12, 13, 26))


class TextFileError(ValueError):
    """``code``: ``binary`` or ``undecodable``; the caller shows its own message."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _cjk(text: str) -> int:
    return sum(1 for c in text if "\u4e00" <= c <= "\u9fff")


def _looks_binary(sample: bytes) -> bool:
    if b"\x00" in sample:
        return True
    controls = sum(sample.count(bytes([c])) for c in _CONTROL)
    return controls > max(8, len(sample) // 100)


def detect_encoding(handle: BinaryIO) -> str:
    """The encoding of a text file (a codec name Python's ``open`` accepts)."""
    handle.seek(0)
    head = handle.read(4)
    handle.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = ""
    if encoding:
        # Still strict all the way through, and no control characters after decoding.
        decoder = codecs.getincrementaldecoder(encoding)("strict")
        try:
            while block := handle.read(BLOCK):
                text = decoder.decode(block)
                if _looks_binary(text.encode("utf-8", "surrogatepass")):
                    raise TextFileError("binary")
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise TextFileError("undecodable") from None
        return encoding

    first = handle.read(BLOCK)
    if _looks_binary(first):
        raise TextFileError("binary")
    handle.seek(0)
    alive = {name: codecs.getincrementaldecoder(name)("strict") for name in CANDIDATES}
    scores = dict.fromkeys(CANDIDATES, 0)
    while block := handle.read(BLOCK):
        if b"\x00" in block:
            raise TextFileError("binary")
        for name in list(alive):
            try:
                scores[name] += _cjk(alive[name].decode(block))
            except UnicodeDecodeError:
                del alive[name]
    for name in list(alive):
        try:
            alive[name].decode(b"", final=True)
        except UnicodeDecodeError:
            del alive[name]
    handle.seek(0)
    if not alive:
        raise TextFileError("undecodable")
    if "utf-8" in alive:
        return "utf-8"
    return max(alive, key=lambda name: (scores[name], -CANDIDATES.index(name)))


@dataclass
class ChunkState:
    """Where the chunk being checked starts: its offset, its first line's number and the
    offsets (in the chunk) of its line breaks, for line:column of a mark."""

    offset: int = 0
    line: int = 1
    breaks: list[int] = field(default_factory=list)
    next_offset: int = 0
    next_line: int = 1

    def advance(self, chunk: str) -> None:
        self.offset, self.line = self.next_offset, self.next_line
        self.breaks = [i for i, c in enumerate(chunk) if c == "\n"]
        self.next_offset += len(chunk)
        self.next_line += len(self.breaks)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset inside the current chunk."""
        local = offset - self.offset
        i = bisect.bisect_left(self.breaks, local)
        line_start = self.breaks[i - 1] + 1 if i else 0
        return self.line + i, local - line_start + 1


def paragraph_chunks(reader: io.TextIOBase, state: ChunkState) -> Iterator[str]:
    """The text in chunks that end at a line break (a paragraph longer than
    ``HARD_CHUNK`` characters is cut anyway); ``state`` describes the chunk last yielded."""
    buffer = ""
    eof = False
    while True:
        while not eof and len(buffer) < CHUNK:
            piece = reader.read(CHUNK)
            eof = not piece
            buffer += piece
        if not buffer:
            return
        if eof and len(buffer) <= HARD_CHUNK:
            cut = len(buffer)
        else:
            cut = buffer.rfind("\n", 0, HARD_CHUNK) + 1
            if cut == 0 and not eof and len(buffer) < HARD_CHUNK:
                piece = reader.read(CHUNK)
                eof = not piece
                buffer += piece
                continue
            cut = cut or min(len(buffer), HARD_CHUNK)
        chunk, buffer = buffer[:cut], buffer[cut:]
        state.advance(chunk)
        yield chunk


def text_chunks(text: str, state: ChunkState) -> Iterator[str]:
    """A text already in memory (a .docx's), in the same chunks."""
    yield from paragraph_chunks(io.StringIO(text), state)


def open_text(path: Path) -> tuple[io.TextIOBase, str]:
    """The file as text (encoding detected), with universal newlines."""
    raw = path.open("rb")
    try:
        encoding = detect_encoding(raw)
    except Exception:
        raw.close()
        raise
    raw.seek(0)
    return io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline=None), encoding
