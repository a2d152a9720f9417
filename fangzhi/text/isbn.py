"""ISBNs of published gazetteers and yearbooks, as people type them.

Offices copy ISBNs from colophons (版权页) and CIP data, in every form: "ISBN
978-7-5366-9293-1", full-width digits from a Chinese input method, an old ten-digit
ISBN from a book printed before 2007. We keep one form, the thirteen digits, and refuse
anything whose check digit does not add up, because a mistyped ISBN in a 备案 record is
hard to find later.
"""

from __future__ import annotations

import re
import unicodedata

# Hyphen-like characters word processors substitute for "-", and the spaces people use
# to group digits. NFKC has already turned full-width forms into ASCII.
_SEPARATORS = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014\u2212\u00ad]+")
_PREFIX = re.compile(r"^ISBN(?:-?1[03])?[:\s]*", re.IGNORECASE)
# ISBN-13 is an EAN-13 in the "Bookland" ranges; other EAN-13s are not books.
_BOOKLAND = ("978", "979")


class InvalidISBN(ValueError):
    """The value is not an ISBN. ``reason`` is one of ``length``, ``characters``,
    ``check_digit`` or ``prefix``, for callers that translate the message."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def isbn13_check_digit(first12: str) -> str:
    """The check digit of an ISBN-13 (EAN-13) from its first twelve digits."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return str((10 - total % 10) % 10)


def isbn10_check_digit(first9: str) -> str:
    """The check character ("0"–"9" or "X") of an ISBN-10 from its first nine digits."""
    total = sum(int(d) * (10 - i) for i, d in enumerate(first9))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


def normalise_isbn(value: str) -> str:
    """The thirteen digits of the ISBN in ``value``.

    Accepts ISBN-10 or ISBN-13, with or without an "ISBN" / "ISBN-13:" prefix, hyphens,
    spaces and full-width characters. An ISBN-10 is converted to its 978-prefixed
    ISBN-13. Raises ``InvalidISBN`` for a wrong length, a character that is not a digit
    (except a final X in an ISBN-10), a thirteen-digit number outside 978/979, or a
    wrong check digit. Any single mistyped digit is refused: both check-digit schemes
    detect every single-digit error.
    """
    text = unicodedata.normalize("NFKC", value).strip()
    text = _PREFIX.sub("", text)
    compact = _SEPARATORS.sub("", text).upper()
    if not compact:
        raise InvalidISBN("length", "An ISBN has 10 or 13 digits; none were given.")
    if not re.fullmatch(r"[0-9]+X?", compact, re.ASCII):
        raise InvalidISBN("characters", "An ISBN has only digits (and X as the last of ten).")
    if len(compact) == 10:
        if isbn10_check_digit(compact[:9]) != compact[9]:
            raise InvalidISBN("check_digit", "The check digit of this ISBN-10 is wrong.")
        first12 = "978" + compact[:9]
        return first12 + isbn13_check_digit(first12)
    if len(compact) == 13 and not compact.endswith("X"):
        if not compact.startswith(_BOOKLAND):
            raise InvalidISBN("prefix", "An ISBN-13 starts with 978 or 979.")
        if isbn13_check_digit(compact[:12]) != compact[12]:
            raise InvalidISBN("check_digit", "The check digit of this ISBN-13 is wrong.")
        return compact
    if compact.endswith("X"):
        raise InvalidISBN("characters", "Only an ISBN-10 may end with X.")
    raise InvalidISBN("length", f"An ISBN has 10 or 13 digits, not {len(compact)}.")


def format_isbn13(digits: str) -> str:
    """The ISBN with one hyphen after the 978/979 prefix, e.g. "978-7530212345".

    The full hyphenation (group, publisher, title) needs the ISBN agency's range table,
    which changes as publishers are added; a wrong grouping would look authoritative, so
    we only separate the prefix, which is always three digits. ``digits`` may be in any
    form ``normalise_isbn`` accepts; an invalid value raises ``InvalidISBN``.
    """
    isbn = normalise_isbn(digits)
    return f"{isbn[:3]}-{isbn[3:]}"
