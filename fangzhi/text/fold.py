"""Text folding for search: one folding for what is indexed and for what is asked.

``fold(text)`` applies, in order: Unicode NFKC (full-width letters and digits become
half-width, compatibility ideographs become unified ones), traditional → simplified with
OpenCC's ``t2s`` dictionary, the variant table (异体字 → 正字, ``fangzhi.text.variants``)
and case folding. A reader searching 巴县 finds 巴縣, 卷一 finds 巻一, ROAD finds road.

Why character by character: OpenCC's converter works on phrases, so the same
character may come out differently in different contexts (乾隆 stays 乾隆, 乾燥 becomes
干燥). An index needs a mapping that does not depend on the neighbours, or a query
would not match the text it was cut from. The table is built once per process by
converting every CJK code point on its own with OpenCC (the dictionaries ship with the
``opencc`` package; nothing is downloaded) and keeping single-character results.

The result keeps a map back to the original text: ``Folded.offsets[i]`` is the index in
the original of the character that gave folded character i, and
``offsets[len(folded)] == len(original)``, so snippets and highlights are cut from the
original text. Where one character gives several (ß → ss, ㍿ → 株式会社) or several give
one (e + ◌́ → é), every folded character of the group points at the group's start; use
``Folded.original_span`` to map a folded match to the original without cutting a group.

Kanripo's entities for characters that Unicode lacks (``&KR0789;``) are one character
each: they fold to themselves, unchanged, as one group.

Invisible characters that only steer rendering (variation selectors, zero-width spaces
and joiners, soft hyphens, byte-order marks) are dropped: 葛 with a variation selector
is still 葛 to a reader.

Speed: text without such special characters is folded by one ``str.translate`` with a
precomputed table and its offsets are the identity; the rest is cut into runs. See
``tests/text/test_fold.py`` for the measured rate.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from fangzhi.text.variants import BUILTIN_VARIANTS

#: Kanripo's named missing characters, e.g. ``&KR0789;``: one character each.
ENTITY_PATTERN = r"&KR[0-9]+;"

#: Variant → standard form, applied after traditional → simplified. Extend it with
#: ``register_variants`` (which rebuilds the tables), not by assignment.
VARIANTS: dict[str, str] = dict(BUILTIN_VARIANTS)

# Characters that are dropped: they steer rendering and never carry text.
_DROPPED = frozenset(
    [chr(c) for c in range(0xFE00, 0xFE10)]  # variation selectors 1–16
    + [chr(c) for c in range(0xE0100, 0xE01F0)]  # variation selectors 17–256 (IVS)
    + ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
)

# Code points that OpenCC's t2s may change: the CJK blocks (radicals, symbols and
# punctuation, unified ideographs with every extension, compatibility ideographs).
_CJK_RANGES = (
    (0x2E80, 0x2FE0),
    (0x3000, 0x3040),
    (0x3400, 0x4DC0),
    (0x4E00, 0xA000),
    (0xF900, 0xFB00),
    (0x20000, 0x2A6E0),
    (0x2A700, 0x2EE60),
    (0x2F800, 0x2FA20),
    (0x30000, 0x323B0),
)

# Blocks known to be stable under NFKC and case folding, with combining class 0 and no
# composition: skipped when the Unicode tables are scanned, to keep the build fast.
_STABLE_BLOCKS = (
    (0x3400, 0x4DC0),
    (0x4E00, 0xA000),
    (0xAC00, 0xD7A4),  # Hangul syllables (a following trailing jamo is "continuing")
    (0xD800, 0xF900),  # surrogates and the private use area
    (0x20000, 0x2F800),  # extensions B–F
)

# Hangul jamo that compose with what precedes them (vowels and trailing consonants).
_HANGUL_CONTINUING = [chr(c) for c in range(0x1161, 0x1176)] + [
    chr(c) for c in range(0x11A8, 0x11C3)
]


@dataclass(frozen=True)
class _Tables:
    simple: list[str]  # BMP code point → its folded character (for str.translate)
    pattern: re.Pattern[str]  # entities, expanding or dropped characters, continuing runs
    expand: dict[str, str]  # character → folded text of any length other than one
    per_char: dict[int, str]  # t2s, variant and case of one character, before NFKC
    fingerprint: str


@dataclass(frozen=True)
class Folded:
    """Folded text and the way back to the original."""

    text: str
    # Runs that do not map one to one: (folded start, folded end, original start,
    # original end), in order. Outside them the offsets step by one.
    _groups: tuple[tuple[int, int, int, int], ...] = field(repr=False)
    _length: int = field(repr=False)

    @property
    def offsets(self) -> list[int]:
        """``offsets[i]``: index in the original of folded character i; one more entry,
        ``len(original)``, at the end. Built on first use (the index needs only text)."""
        cached: list[int] | None = self.__dict__.get("_offsets")
        if cached is not None:
            return cached
        result: list[int] = []
        folded_at = 0
        original_at = 0
        for fstart, fend, ostart, oend in self._groups:
            result.extend(range(original_at, original_at + fstart - folded_at))
            result.extend([ostart] * (fend - fstart))
            folded_at, original_at = fend, oend
        result.extend(range(original_at, original_at + len(self.text) - folded_at))
        result.append(self._length)
        object.__setattr__(self, "_offsets", result)
        return result

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of folded ``[start, end)``, widened to whole groups: a match
        that ends inside ß → ss still highlights the ß."""
        offsets = self.offsets
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside 0:{len(self.text)}")
        if start == end:
            return offsets[start], offsets[start]
        last = offsets[end - 1]
        # The first folded position after ``end - 1`` that starts another group.
        stop = bisect.bisect_right(offsets, last, lo=end - 1)
        return offsets[start], offsets[stop]


_lock = threading.Lock()
_tables: _Tables | None = None


def register_variants(mapping: Mapping[str, str]) -> None:
    """Add variant → standard pairs (one character each) and rebuild the tables. The
    search index must be rebuilt afterwards: its folded text was made with the old ones."""
    global _tables
    for variant, standard in mapping.items():
        if len(variant) != 1 or len(standard) != 1:
            raise ValueError(f"variant pairs are single characters: {variant!r} → {standard!r}")
    with _lock:
        VARIANTS.update(mapping)
        _tables = None


def table_fingerprint() -> str:
    """A short hash of the folding tables (OpenCC's dictionary, the variants, Unicode's
    version): an index built with another fingerprint is stale."""
    return _get_tables().fingerprint


def fold(text: str) -> Folded:
    """Fold ``text`` for indexing or matching, keeping the map back to ``text``."""
    tables = _get_tables()
    matches = list(tables.pattern.finditer(text))
    if not matches:
        return Folded(text.translate(tables.simple), (), len(text))
    parts: list[str] = []
    groups: list[tuple[int, int, int, int]] = []
    folded_len = 0
    position = 0
    after_expand = False  # the last group is an expanding character ending at ``position``
    for match in matches:
        start, end = match.span()
        kind = match.lastgroup
        if kind == "cont":
            # A continuing run (marks, jamo, dropped characters) takes the character
            # before it, unless that is an entity: e + ◌́ composes, 葛 + selector is 葛.
            if after_expand and start == position:
                _, _, start, _ = groups.pop()
                folded_len -= len(parts.pop())
            elif start > position:
                start -= 1
            folded_piece = _fold_cluster(text[start:end], tables)
        elif kind == "entity":
            folded_piece = match.group()
        else:
            folded_piece = tables.expand[match.group()]
        if start > position:
            run = text[position:start].translate(tables.simple)
            parts.append(run)
            folded_len += len(run)
        parts.append(folded_piece)
        groups.append((folded_len, folded_len + len(folded_piece), start, end))
        folded_len += len(folded_piece)
        position = end
        after_expand = kind == "expand"
    if position < len(text):
        parts.append(text[position:].translate(tables.simple))
    return Folded("".join(parts), tuple(groups), len(text))


def fold_query(text: str) -> str:
    """The same folding for a query: the folded text alone."""
    return fold(text).text


# --- building the tables ---------------------------------------------------------------


def _get_tables() -> _Tables:
    global _tables
    tables = _tables
    if tables is None:
        with _lock:
            if _tables is None:
                _tables = _build_tables(dict(VARIANTS))
            tables = _tables
    return tables


def _t2s_table() -> dict[str, str]:
    """Traditional → simplified, one code point at a time (see the module docstring)."""
    import opencc

    converter = opencc.OpenCC("t2s")
    chars = [chr(c) for start, stop in _CJK_RANGES for c in range(start, stop)]
    # One call for all: a newline between characters keeps OpenCC's phrases out.
    converted = converter.convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - a converter that drops lines
        converted = [converter.convert(c) for c in chars]
    return {c: s for c, s in zip(chars, converted, strict=True) if s != c and len(s) == 1}


def _scan_unicode() -> Iterable[str]:
    """Every assigned code point outside the blocks known to be stable (planes 0–2 and
    the plane of tags and variation selectors; the others hold no decomposition)."""
    ranges = [(0, 0x30000), (0xE0000, 0xE1000)]
    for stable_start, stable_stop in _STABLE_BLOCKS:
        ranges = [
            piece
            for start, stop in ranges
            for piece in ((start, min(stop, stable_start)), (max(start, stable_stop), stop))
            if piece[0] < piece[1]
        ]
    for start, stop in ranges:
        for c in range(start, stop):
            ch = chr(c)
            if unicodedata.category(ch) != "Cn":
                yield ch


def _build_tables(variants: dict[str, str]) -> _Tables:
    t2s = _t2s_table()

    def one(ch: str) -> str:
        # t2s, then the variant, then t2s of the standard form, then case.
        ch = t2s.get(ch, ch)
        ch = variants.get(ch, ch)
        ch = t2s.get(ch, ch)
        return "" if ch in _DROPPED else ch.casefold()

    def fold_chars(s: str) -> str:
        # NFKC around the per-character map, until nothing changes (casefold or t2s may
        # give text that NFKC changes again; three rounds settle every code point).
        for _ in range(3):
            folded = unicodedata.normalize(
                "NFKC", "".join(one(c) for c in unicodedata.normalize("NFKC", s))
            )
            if folded == s:
                break
            s = folded
        return s

    candidates = set(_scan_unicode())
    # Skipped blocks hold CJK that t2s and the variants change (and the scan of the
    # stable blocks would only find them unchanged otherwise).
    candidates.update(t2s)
    candidates.update(variants)
    candidates.update(c for c in _DROPPED)

    # Characters that compose with what precedes them: the second character of every
    # canonical pair, and the Hangul vowels and trailing consonants.
    composing: set[str] = set(_HANGUL_CONTINUING)
    for ch in candidates:
        decomposition = unicodedata.decomposition(ch)
        if decomposition and not decomposition.startswith("<"):
            parts = decomposition.split()
            if len(parts) == 2:
                composing.add(chr(int(parts[1], 16)))

    def continuing(ch: str) -> bool:
        if unicodedata.combining(ch) or ch in composing or ch in _DROPPED:
            return True
        normal = unicodedata.normalize("NFKC", ch)
        return bool(normal) and (unicodedata.combining(normal[0]) > 0 or normal[0] in composing)

    per_char = {ord(c): one(c) for c in candidates if one(c) != c}
    simple: dict[int, str] = {}
    expand: dict[str, str] = {}
    cont: list[str] = []
    for ch in sorted(candidates):
        if continuing(ch):
            cont.append(ch)
            continue
        folded = fold_chars(ch)
        if len(folded) != 1 or (folded != ch and ord(ch) > 0xFFFF):
            # Beyond the BMP they go the slower way, to keep the translate table small.
            expand[ch] = folded
        elif folded != ch:
            if continuing(folded):  # pragma: no cover - no such code point today
                cont.append(ch)
            else:
                simple[ord(ch)] = folded

    # ``str.translate`` is fastest with a list that answers every BMP code point (a
    # miss in a dict costs an exception inside CPython).
    translate = [chr(c) for c in range(0x10000)]
    for code, folded in simple.items():
        translate[code] = folded

    # The lookahead lets the regex engine skip ahead with one compact class: the BMP
    # specials, and any character beyond the BMP (rarer; the alternatives sort them out).
    specials = _char_class([c for c in (*expand, *cont, "&") if ord(c) <= 0xFFFF])
    pattern = re.compile(
        f"(?={specials[:-1]}\U00010000-\U0010ffff])"
        f"(?:(?P<entity>{ENTITY_PATTERN})"
        f"|(?P<expand>{_char_class(expand)})"
        f"|(?P<cont>{_char_class(cont)}+))",
        re.DOTALL,
    )
    digest = hashlib.sha256()
    for key in (simple, expand):
        digest.update(repr(sorted(key.items())).encode())
    digest.update(repr(sorted(cont)).encode())
    digest.update(unicodedata.unidata_version.encode())
    return _Tables(translate, pattern, expand, per_char, digest.hexdigest()[:16])


def _fold_cluster(cluster: str, tables: _Tables) -> str:
    """A character with the marks and jamo that follow it: NFKC over the whole, then the
    per-character map, then NFKC again (a folded letter may compose anew), as
    ``fold_chars`` does for one character in ``_build_tables``."""
    for _ in range(3):
        normal = unicodedata.normalize("NFKC", cluster)
        folded = unicodedata.normalize("NFKC", normal.translate(tables.per_char))
        if folded == cluster:
            break
        cluster = folded
    return cluster


def _char_class(chars: Iterable[str]) -> str:
    """A regular-expression class of ``chars``, as ranges of consecutive code points."""
    codes = sorted({ord(c) for c in chars})
    ranges: list[str] = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        first, last = re.escape(chr(codes[i])), re.escape(chr(codes[j]))
        ranges.append(first if i == j else f"{first}-{last}")
        i = j + 1
    return "[" + "".join(ranges) + "]" if ranges else "(?!)"
