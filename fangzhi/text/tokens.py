"""Tokenising folded text for exact full-text search (no Django).

The rule that makes search exact: **every character of the folded text, whatever its
class (Chinese, Latin, digits, punctuation, spaces, line breaks), stands at its own
position in two token streams**:

- ``bigrams``: the overlapping pairs ``text[i:i+2]`` for every ``i``;
- ``unigrams``: every single character ``text[i]``.

So adjacency in a stream is adjacency in the text. A folded query ``q`` of one character
is the unigram ``q``; of two or more characters it is the phrase of its overlapping
bigrams, which matches at position ``i`` exactly when ``text[i:i+len(q)] == q``. Nothing
is skipped: "GDP增长" (bigrams gd dp p增 增长) matches "GDP增长" and never "GDP，增长"
(folded "gdp,增长", bigrams gd dp p, ,增 增长). The oracle of the property tests is the
plain substring test ``q in folded_text``; the index answers exactly that.

Latin words and numbers are also indexed as whole **words** (maximal runs of letters and
digits outside the CJK blocks), for prefix search (``econ*``: some word starts with
``econ``).

Search engines split and normalise tokens with their own tokenizer (SQLite FTS5's
``ascii`` tokenizer splits on ASCII punctuation and spaces and lower-cases A-Z;
PostgreSQL lexemes are quoted), so each character is first **encoded** into a code made
only of characters no tokenizer touches: non-ASCII characters and ASCII ``[a-z0-9]``.
The code is prefix-free, so the encoding of a pair is unique and no two different
n-grams ever share a token:

- ``a``–``z``, ``0``–``9`` and non-ASCII characters outside plane 16 are themselves;
- every other ASCII character ``c`` (space, punctuation, controls, ``A``–``Z``) is the
  single private-use character ``U+100000 + ord(c)``;
- a character of plane 16 itself (U+100000–U+10FFFF, private use) is ``U+10FFFE``
  followed by five hexadecimal digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

PLANE16 = 0x100000
ESCAPE = chr(0x10FFFE)
# Marks the word stream where a backend keeps every stream in one vocabulary
# (PostgreSQL): U+10FFFD never starts a code, so a word never equals an n-gram.
WORD_MARK = chr(0x10FFFD)

_KEEP = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_ASCII_TABLE = {i: chr(PLANE16 + i) for i in range(128) if chr(i) not in _KEEP}
_PLANE16_RE = re.compile("[\U00100000-\U0010ffff]")


def encode_char(c: str) -> str:
    """The code of one character (see the module's docstring)."""
    o = ord(c)
    if o < 128:
        return c if c in _KEEP else chr(PLANE16 + o)
    if o >= PLANE16:
        return f"{ESCAPE}{o - PLANE16:05x}"
    return c


def _codes(text: str) -> list[str]:
    """The code of each character of ``text``, one list item per character."""
    if _PLANE16_RE.search(text) is None:
        return list(text.translate(_ASCII_TABLE))  # one code character per character
    return [encode_char(c) for c in text]


def encode(text: str) -> str:
    """The codes of ``text`` joined (prefix-free, so unique)."""
    return "".join(_codes(text))


@dataclass(frozen=True)
class Streams:
    """The token streams of one folded text, each a list of encoded tokens in order."""

    bigrams: list[str]
    unigrams: list[str]
    words: list[str]

    def joined(self) -> tuple[str, str, str]:
        """Each stream as one space-separated string (what a tokenizer splits again)."""
        return " ".join(self.bigrams), " ".join(self.unigrams), " ".join(self.words)


def joined_streams(folded: str) -> tuple[str, str, str]:
    """``streams(folded).joined()`` built without a Python call per token (the index
    build's hot path): the codes are computed once, the pairs by ``map``."""
    codes = _codes(folded)
    return (
        " ".join(map(str.__add__, codes, codes[1:])),
        " ".join(codes),
        " ".join(map(encode, _WORD_RE.findall(folded))),
    )


def bigrams(folded: str) -> list[str]:
    codes = _codes(folded)
    return list(map(str.__add__, codes, codes[1:]))


def unigrams(folded: str) -> list[str]:
    return _codes(folded)


def is_word_char(c: str) -> bool:
    """Letters and digits outside the CJK and later blocks (Latin, Greek, Cyrillic …)."""
    return c.isalnum() and ord(c) < 0x2E80


# Letters and digits below U+2E80: ``\w`` is ``str.isalnum()`` plus "_".
_WORD_RE = re.compile("[^\\W_\u2e80-\U0010ffff]+")


def iter_words(folded: str) -> Iterator[tuple[int, str]]:
    """``(start, word)`` for every maximal run of word characters."""
    for m in _WORD_RE.finditer(folded):
        yield m.start(), m.group()


def words(folded: str) -> list[str]:
    return [encode(w) for _, w in iter_words(folded)]


def streams(folded: str) -> Streams:
    codes = _codes(folded)
    return Streams(
        bigrams=list(map(str.__add__, codes, codes[1:])),
        unigrams=codes,
        words=words(folded),
    )


def is_word(folded: str) -> bool:
    """True if ``folded`` is one word (what a prefix query can look up as a word)."""
    return bool(folded) and all(is_word_char(c) for c in folded)


def query_tokens(folded_query: str) -> tuple[str, list[str]]:
    """How a folded query term is looked up: ``("unigram", [token])`` for one character,
    ``("bigrams", tokens)`` (a phrase) for two or more, ``("empty", [])`` for none."""
    if not folded_query:
        return "empty", []
    if len(folded_query) == 1:
        return "unigram", unigrams(folded_query)
    return "bigrams", bigrams(folded_query)


def find_all(haystack: str, needle: str) -> list[int]:
    """Start of every occurrence of ``needle``, overlapping ones included."""
    if not needle:
        return []
    found = []
    i = haystack.find(needle)
    while i >= 0:
        found.append(i)
        i = haystack.find(needle, i + 1)
    return found


def word_starts(folded: str, prefix: str) -> list[int]:
    """Start of every word of ``folded`` that begins with ``prefix``."""
    return [i for i, w in iter_words(folded) if w.startswith(prefix)]
