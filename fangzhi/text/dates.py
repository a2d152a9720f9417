"""Dates with a precision, as a gazetteer's chronicle (大事记) writes them.

A chronicle entry is dated to the day when the day is known, otherwise to the month
(是月), the season or only the year (是年). ``FuzzyDate`` keeps the precision, says which
days it may mean, orders entries the way a chronicle prints them and writes itself in
Chinese; ``parse_fuzzy_date`` reads what people type.

Seasons follow the quarter convention of gazetteers and yearbooks: 春 January–March,
夏 April–June, 秋 July–September, 冬 October–December. A season therefore never leaves its
year, so a chronicle arranged by year keeps every entry under the right year heading.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

MIN_YEAR = 1
MAX_YEAR = 2999
SEASON_NAMES = {1: "春", 2: "夏", 3: "秋", 4: "冬"}
_SEASON_NUMBERS = {name: number for number, name in SEASON_NAMES.items()}

# Slots in the second and third place of ``sort_key``: a day is 1–31, an entry known only
# to the month comes after day 31 (是月), a season after the month entries of its last
# month, and a year-only entry (是年) after every month. All parts are non-negative and
# below 10 000, so callers may store the key as zero-padded text that sorts the same way.
_MONTH_SLOT = 32
_SEASON_SLOT = 33
_YEAR_SLOT = 13


class DateError(ValueError):
    """A date that cannot be. ``code`` is ``impossible`` (no such month or day, e.g.
    2023-02-30 or month 13; a season outside 1–4), ``incomplete`` (the parts do not
    match the precision: one missing, or one that does not belong to it), ``year_range``
    (outside 1–2999) or ``unreadable`` (text that is not a date). The message is short
    English for logs; callers show their own translation of the code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class Precision(StrEnum):
    """How much of a date is known (a str, so it stores and serialises as its value)."""

    DAY = "day"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"


# Which optional parts each precision uses; every other part must be None.
_PARTS = {
    Precision.DAY: ("month", "day"),
    Precision.MONTH: ("month",),
    Precision.SEASON: ("season",),
    Precision.YEAR: (),
}


@dataclass(frozen=True)
class FuzzyDate:
    """A date known to the day, the month, the season (1–4 = 春夏秋冬) or the year.

    Construction does not check the parts; ``validate()`` does, and ``parse_fuzzy_date``
    only returns valid dates.
    """

    year: int
    precision: Precision
    month: int | None = None
    day: int | None = None
    season: int | None = None

    def validate(self) -> FuzzyDate:
        """Return the date itself if it exists; raise ``DateError`` otherwise.

        Checks, in this order: the precision is known, every part is a whole number,
        the year is within 1–2999 (``year_range``), the precision's parts are present and
        no other part is (``incomplete``), and the month, day and season exist
        (``impossible``: month 1–12, the day within that month of that year, season 1–4).
        """
        try:
            precision = Precision(self.precision)
        except ValueError:
            raise DateError("incomplete", f"Unknown precision {self.precision!r}.") from None
        for name in ("year", "month", "day", "season"):
            value = getattr(self, name)
            # bool is an int in Python, but True is not a month.
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise DateError("impossible", f"The {name} must be a whole number.")
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise DateError("year_range", f"The year must be within {MIN_YEAR}–{MAX_YEAR}.")
        wanted = _PARTS[precision]
        for name in ("month", "day", "season"):
            present = getattr(self, name) is not None
            if name in wanted and not present:
                raise DateError("incomplete", f"A {precision.value} date needs its {name}.")
            if name not in wanted and present:
                raise DateError("incomplete", f"A {precision.value} date has no {name}.")
        if self.month is not None and not 1 <= self.month <= 12:
            raise DateError("impossible", f"There is no month {self.month}.")
        if self.day is not None and self.month is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise DateError(
                    "impossible", f"{self.year}-{self.month:02d} has no day {self.day}."
                )
        if self.season is not None and self.season not in SEASON_NAMES:
            raise DateError("impossible", f"There is no season {self.season}.")
        return self

    def first_day(self) -> dt.date:
        """The first day the date may mean (a season starts on the 1st of its first
        month: 春 1 January, 夏 1 April, 秋 1 July, 冬 1 October). Validates first."""
        self.validate()
        if self.precision == Precision.DAY:
            return dt.date(self.year, self.month or 1, self.day or 1)
        if self.precision == Precision.MONTH:
            return dt.date(self.year, self.month or 1, 1)
        if self.precision == Precision.SEASON:
            return dt.date(self.year, 3 * (self.season or 1) - 2, 1)
        return dt.date(self.year, 1, 1)

    def last_day(self) -> dt.date:
        """The last day the date may mean (冬 ends on 31 December of the same year).
        Validates first."""
        self.validate()
        if self.precision == Precision.DAY:
            return dt.date(self.year, self.month or 1, self.day or 1)
        if self.precision == Precision.YEAR:
            return dt.date(self.year, 12, 31)
        month = self.month if self.precision == Precision.MONTH else 3 * (self.season or 1)
        month = month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def sort_key(self) -> tuple[int, int, int]:
        """The chronicle's order: ``(year, month slot, day slot)``.

        Guarantees: an earlier year always sorts first; within a month, day-dated entries
        sort by day and an entry known only to the month (是月) follows all of them and
        precedes the next month; a season entry follows everything dated in (or to) the
        last month of its season and precedes the next month; a year-only entry (是年)
        follows everything else of its year. Equal dates give equal keys. Every part is
        an integer in 0–9999. Does not validate: call ``validate()`` first.
        """
        if self.precision == Precision.DAY:
            return (self.year, self.month or 0, self.day or 0)
        if self.precision == Precision.MONTH:
            return (self.year, self.month or 0, _MONTH_SLOT)
        if self.precision == Precision.SEASON:
            return (self.year, 3 * (self.season or 0), _SEASON_SLOT)
        return (self.year, _YEAR_SLOT, 0)

    def chinese(self) -> str:
        """The date as a chronicle writes it in full: 2023年3月5日, 2023年3月, 2023年春,
        2023年. ``parse_fuzzy_date`` reads it back to an equal date."""
        text = f"{self.year}年"
        if self.precision == Precision.DAY:
            return f"{text}{self.month}月{self.day}日"
        if self.precision == Precision.MONTH:
            return f"{text}{self.month}月"
        if self.precision == Precision.SEASON:
            return text + SEASON_NAMES.get(self.season or 0, "")
        return text


_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4}
_DIGITS.update({"五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "两": 2})
_NUMERAL = "0-9〇○零一二三四五六七八九十廿卅两"
_ISO = re.compile(r"([0-9]{1,4})(?:[-/.]([0-9]{1,2})(?:[-/.]([0-9]{1,2}))?)?")
_CHINESE = re.compile(
    rf"([{_NUMERAL}]{{1,4}})年"
    rf"(?:([{_NUMERAL}]{{1,3}})月(?:([{_NUMERAL}]{{1,3}})[日号])?|([春夏秋冬])[季天]?)?"
)


def _chinese_number(text: str, *, year: bool = False) -> int:
    """Arabic digits, digit-by-digit numerals (二〇二三) or, for months and days, counted
    numerals (十二, 二十五, 廿五, 卅一)."""
    if text.isascii() and text.isdigit():
        return int(text)
    if year or not any(ch in text for ch in "十廿卅"):
        if not all(ch in _DIGITS for ch in text):
            raise DateError("unreadable", f"{text!r} is not a number.")
        return int("".join(str(_DIGITS[ch]) for ch in text))
    text = text.replace("廿", "二十").replace("卅", "三十")
    tens, _sep, units = text.partition("十")
    if "十" in units or any(ch not in _DIGITS for ch in tens + units) or len(tens) > 1:
        raise DateError("unreadable", f"{text!r} is not a number.")
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[units] if units else 0)


def parse_fuzzy_date(text: str) -> FuzzyDate:
    """Read a date as people type it and return a valid ``FuzzyDate``.

    Accepts ``2023-03-05``, ``2023-03``, ``2023`` (also with ``/`` or ``.``),
    ``2023年3月5日`` (or 号), ``2023年3月``, ``2023年春`` (or 春季), ``2023年``, with
    full-width digits and spaces anywhere, and Chinese numerals (二〇二三年三月五日,
    十二月廿五日). Raises ``DateError``: ``unreadable`` for anything else, and the codes
    of ``validate()`` for a date that cannot be (2023-02-30, month 13, year 0).
    """
    # NFKC turns full-width digits and punctuation into ASCII ones.
    cleaned = "".join(unicodedata.normalize("NFKC", str(text)).split())
    if match := _ISO.fullmatch(cleaned):
        year_text, month_text, day_text = match.groups()
        year = int(year_text)
        month = int(month_text) if month_text else None
        day = int(day_text) if day_text else None
    elif match := _CHINESE.fullmatch(cleaned):
        year_text, month_text, day_text, season_text = match.groups()
        year = _chinese_number(year_text, year=True)
        if season_text:
            season = _SEASON_NUMBERS[season_text]
            return FuzzyDate(year, Precision.SEASON, season=season).validate()
        month = _chinese_number(month_text) if month_text else None
        day = _chinese_number(day_text) if day_text else None
    else:
        raise DateError("unreadable", f"{text!r} is not a date.")
    if day is not None:
        precision = Precision.DAY
    else:
        precision = Precision.MONTH if month is not None else Precision.YEAR
    return FuzzyDate(year, precision, month=month, day=day).validate()


def shift_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (or earlier); 29 February becomes 28 February in a
    year that has no leap day (next year's deadline, next year's campaign)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
