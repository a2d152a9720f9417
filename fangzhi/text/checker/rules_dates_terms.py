"""Rules 9 and 10: dates that cannot be, and the office's fixed terms (规范表述).

Rule 9 reads every ``…月…日`` once (impossible months and days, weekdays that do not
match the date) and the dates that open paragraphs (a chronicle, 大事记, is a run of
paragraphs each opening with its date, in order). The year an undated entry belongs to
(``3月5日　…`` under a heading ``2023年``) is resolved here too; rule 8 asks
``year_context`` which years a place in the text speaks of.

Rule 10 runs one alternation of the office's wrong forms and marks each outside
quotations and 《》 titles.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from weakref import WeakKeyDictionary

from . import defaults_names
from .core import CheckConfig, Document, Mark, Severity, rule

# Years a modern gazetteer writes about; a four-digit number outside is not a year.
_Y = r"(?:1[0-9]\d\d|20\d\d)"
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4}
_CN_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_FAR_PAST = -10_000
_FAR_FUTURE = 10_000

Interval = tuple[int, int]  # years, inclusive

# --- Years the text speaks of -----------------------------------------------------------

# Scans start with a character class or a literal so that the regular-expression engine
# can skip ahead (an alternation or a leading look-behind makes it try every position,
# several times slower); what comes before a match is checked afterwards.
#
# A year, a range (1990—1995年, 1940年5月—2023年8月, 1935—2023）), or a year and a word
# that makes it a decade or an open period. 前 is "before" only when it does not start
# 前往/前进/前来/前去.
_YEAR = re.compile(
    r"[12][0-9]{3}(?:"
    r"(?:年(?:[0-9]{1,2}月(?:[0-9]{1,2}日)?)?)?[ \t]*[—–－\-~～至到][ \t]*"
    r"([12][0-9]{3})(?:年|(?=[）)]))"
    r"|年(代|以前|之前|以后|之后|以来|前后|前(?![往进来去])|后|起)?)"
)
_BEFORE = frozenset({"以前", "之前", "前"})
_CENTURY = re.compile(r"世纪([0-9])0年代")
_CN_YEAR = re.compile(r"[〇○零一二三四五六七八九]{4}年")
_NOT_A_YEAR_AFTER = "0123456789.．"

Mention = tuple[int, int, int, int]  # start, end, first year, last year


def year_mentions(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Every year, range of years, decade or open period named in text[start:end]."""
    end = len(text) if end is None else end
    found: list[Mention] = []
    for m in _YEAR.finditer(text, start, end):
        s = m.start()
        if s and text[s - 1] in _NOT_A_YEAR_AFTER:
            continue
        year = int(text[s : s + 4])
        if year > 2099:
            continue
        last, word = m.group(1, 2)
        if last:
            found.append((s, m.end(), year, int(last)))
        elif word is None or word == "前后":
            found.append((s, m.end(), year, year))
        elif word == "代":
            found.append((s, m.end(), year, year + 9))
        elif word in _BEFORE:
            found.append((s, m.end(), _FAR_PAST, year))
        else:
            found.append((s, m.end(), year, _FAR_FUTURE))
    if "世纪" in text[start:end]:
        for m in _CENTURY.finditer(text, start, end):
            century = text[m.start() - 2 : m.start()]
            if century.isdecimal() and century.isascii():
                decade = (int(century) - 1) * 100 + int(m.group(1)) * 10
                found.append((m.start() - 2, m.end(), decade, decade + 9))
    for m in _CN_YEAR.finditer(text, start, end):
        year = int("".join(str(_CN_DIGITS[c]) for c in m.group()[:4]))
        found.append((m.start(), m.end(), year, year))
    found.sort()
    return found


# --- Chronicle entries ------------------------------------------------------------------

# The date a paragraph opens with: a year (with month and day), a month (with day), a
# day (of the month the chronicle has reached), or the chronicle's words for "the same
# month/day/year". The date is atomic: followed by a word that makes it a period or a
# count (以来, 至, 代, 多 …) it is not an entry's date at all.
_ENTRY_BODY = (
    r"[ \t\u3000]*(?>"
    r"([12][0-9]{3})年(?:([0-9]{1,2})月(?:([0-9]{1,2})(?:日|[—\-~～至][0-9]{1,2}日))?)?"
    r"|([0-9]{1,2})月(?:([0-9]{1,2})(?:日|[—\-~～至][0-9]{1,2}日))?"
    r"|([0-9]{1,2})(?:日|[—\-~～至][0-9]{1,2}日)"
    r"|(是月|同月|当月|是日|同日|当日|是年|同年|当年)"
    r")(?![ \t\u3000]*(?:以来|以后|以前|之前|之后|至|到|[—\-~～]|代|间|来|多|余))"
    r"(上旬|中旬|下旬|初|中|底|末)?"
)
_ENTRY_FIRST = re.compile(_ENTRY_BODY)  # the text's first line
_ENTRY = re.compile("\n" + _ENTRY_BODY)  # every other line, led by its line break
# An entry known to the month sorts after the days of the month (是月), as in
# ``fangzhi.text.dates``; ordinals are year * 10000 + month * 100 + day.
_AFTER_DAYS = 32
# A chronicle sets its dates apart (``3月　…``, a line ``1986年``); a paragraph opening
# ``1960年，…`` is prose, whose order is the writer's (a topic told year by year, then
# an earlier one). Entries dated to the day, and 是月/是日, are chronicle entries whatever
# follows them.
_CHRONICLE_LAYOUT = ("", " ", "\t", "\u3000", "\n", "\r")


@dataclass(frozen=True, slots=True)
class Entry:
    """A paragraph's opening date: the date's span, the year it belongs to (None when
    unknown) and the ordinals it may stand for; ``follows`` when the paragraph comes
    right after the previous entry's (no other paragraph between)."""

    start: int
    end: int
    year: int | None
    lo: int
    hi: int
    chronicle: bool  # laid out as a chronicle's entry (see _CHRONICLE_LAYOUT)
    follows: bool


@dataclass
class _Dates:
    """What rules 8 and 9 need of a document, each part computed when first asked for."""

    text: str
    _entries: list[Entry] | None = None
    _paragraph_mentions: dict[int, tuple[list[int], list[Mention]]] = field(default_factory=dict)
    _year_lines: tuple[list[int], list[int]] | None = None
    _line_starts: list[int] | None = None

    def entries(self) -> list[Entry]:
        if self._entries is None:
            self._entries = _entries(self.text)
        return self._entries

    def mentions(self, par_start: int) -> tuple[list[int], list[Mention]]:
        """The year mentions of the paragraph starting at ``par_start``."""
        cached = self._paragraph_mentions.get(par_start)
        if cached is None:
            end = self.text.find("\n", par_start)
            found = year_mentions(self.text, par_start, len(self.text) if end < 0 else end)
            cached = self._paragraph_mentions[par_start] = ([f[0] for f in found], found)
        return cached

    def paragraph_start(self, pos: int) -> int:
        """Where the line holding ``pos`` starts (a bisection: a paragraph may be long)."""
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            i = find("\n")
            while i >= 0:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        return self._line_starts[bisect.bisect_right(self._line_starts, pos) - 1]

    def year_lines(self) -> tuple[list[int], list[int]]:
        """(line starts, years) of the lines that open with a year: the years a
        chronicle's undated entries (``3月5日　…``) belong to."""
        if self._year_lines is None:
            starts: list[int] = []
            years: list[int] = []
            first = _ENTRY_FIRST.match(self.text)
            for m in [first, *_ENTRY.finditer(self.text)] if first else _ENTRY.finditer(self.text):
                if m.group(1):
                    starts.append(m.start())
                    years.append(int(m.group(1)))
            self._year_lines = (starts, years)
        return self._year_lines


_CACHE: WeakKeyDictionary[Document, _Dates] = WeakKeyDictionary()


def _dates(doc: Document) -> _Dates:
    cached = _CACHE.get(doc)
    if cached is None:
        cached = _CACHE[doc] = _Dates(doc.text)
    return cached


def _entries(text: str) -> list[Entry]:
    entries: list[Entry] = []
    year: int | None = None  # the year and month the chronicle has reached
    month: int | None = None
    prev: Entry | None = None
    prev_line_end = -1
    first = _ENTRY_FIRST.match(text)
    for m in [first, *_ENTRY.finditer(text)] if first else _ENTRY.finditer(text):
        line_start = m.start() + (m is not first)
        y_, m1, d1, m2, d2, d3, rel, part = m.groups()
        # the paragraph follows the previous entry's when only blank lines lie between
        follows = prev_line_end >= 0 and not text[prev_line_end:line_start].strip()
        line_end = text.find("\n", m.end())
        if y_:
            year, month = int(y_), None
        if m1 or m2:
            month = int(m1 or m2)
        day = d1 or d2 or d3
        if d3 and month is None:
            continue  # a day of an unknown month
        y = (year or 0) * 10000
        if rel:
            if prev is None or not follows:
                continue  # 是月 means nothing outside a run of entries
            if rel[1] == "年":
                lo, hi = y + 101, y + 1200 + _AFTER_DAYS
            elif rel[1] == "月":
                base = prev.lo // 100 * 100
                lo, hi = base + 1, base + _AFTER_DAYS
            else:
                lo, hi = prev.lo, prev.hi
        elif month is None or not 1 <= month <= 12:
            # no month, or one that cannot be (rule 9 marks it): the whole year
            lo, hi = y + 101, y + 1200 + _AFTER_DAYS
        elif day is None or part:
            lo, hi = y + month * 100 + 1, y + month * 100 + _AFTER_DAYS
        else:
            lo = hi = y + month * 100 + int(day)
        date_end = m.end(7) if rel else m.end() - len(part or "")
        date_start = date_end - len(m.group(0).lstrip("\n \t\u3000")) + len(part or "")
        layout = bool(rel or (day and month)) or text[date_end : date_end + 1] in _CHRONICLE_LAYOUT
        prev = Entry(date_start, date_end, year, lo, hi, layout, follows)
        entries.append(prev)
        prev_line_end = len(text) if line_end < 0 else line_end
    return entries


# A year that dates a person, not an event: 1968年生, 1935年出生, 生于1920年, 1998年逝世.
_LIFE_AFTER = re.compile(
    r"(?:[0-9]{1,2}月(?:[0-9]{1,2}日)?)?(?:出生|生(?![产活态效物长源])|生人|卒|逝世|去世|病逝|病故)"
)
_LIFE_BEFORE = ("生于", "出生于", "卒于", "逝世于", "去世于", "病逝于")
_SENTENCE_END = "。！？!?"
# A sentence opening with one of these speaks of the year of the sentence before it.
_SAME_YEAR = ("同年", "是年", "当年", "该年", "这一年")
_NEXT_YEAR = ("次年", "翌年", "第二年")
_LATER = ("此后", "其后", "之后", "后来", "以后")


def year_context(doc: Document, pos: int, *, sentence: bool = False) -> Interval | None:
    """The years the text at ``pos`` speaks of: the nearest year written before it in
    the same paragraph, else, when the paragraph is a chronicle entry without a year
    (``3月5日　…``), the year of the chronicle, else None (unknown).

    With ``sentence``, a year reaches only as far as its sentence: the next sentence
    speaks of it only when it says so (同年, 次年, 此后 …) or when the paragraph is a
    chronicle entry dated with it (``1986年3月5日　…``); and a year of birth or death
    (1968年生, 卒于1998年) dates a person, not what the sentence records."""
    d = _dates(doc)
    text = doc.text
    par_start = d.paragraph_start(pos)
    starts, mentions = d.mentions(par_start)
    k = bisect.bisect_right(starts, pos) - 1
    if not sentence:
        while k >= 0:
            start, end, lo, hi = mentions[k]
            if end <= pos:
                return lo, hi
            k -= 1
    else:
        found = _event_year_before(text, par_start, pos, mentions, k)
        if found is not None:
            return found
    entry = _ENTRY_FIRST.match(text, par_start)
    if entry is None:
        return None
    if entry.group(1):
        if not sentence:
            return None
        # a chronicle entry dated with its year: the whole entry is of that year
        date_end = entry.end()
        if entry.group(3) or text[date_end : date_end + 1] in _CHRONICLE_LAYOUT[1:]:
            year = int(entry.group(1))
            return year, year
        return None
    line_starts, years = d.year_lines()
    i = bisect.bisect_left(line_starts, par_start - 1) - 1  # a line before this one
    return (years[i], years[i]) if i >= 0 else None


def _event_year_before(
    text: str, par_start: int, pos: int, mentions: list[Mention], k: int
) -> Interval | None:
    """The nearest year before ``pos`` in its sentence that dates an event, or one the
    sentence refers back to (同年 …); None when there is none."""
    sentence_start = par_start
    for i in range(pos - 1, par_start - 1, -1):
        if text[i] in _SENTENCE_END:
            sentence_start = i + 1
            break
    reach = sentence_start
    opening = text[sentence_start : sentence_start + 6].lstrip(" \t\u3000，")
    shift: Interval | None = None
    if opening.startswith(_SAME_YEAR):
        shift = (0, 0)
    elif opening.startswith(_NEXT_YEAR):
        shift = (1, 1)
    elif opening.startswith(_LATER):
        shift = (0, _FAR_FUTURE)
    if shift is not None:
        reach = par_start  # the sentence points back to the year before it
    while k >= 0:
        start, end, lo, hi = mentions[k]
        k -= 1
        if end > pos:
            continue
        if start < reach:
            break
        if _LIFE_AFTER.match(text, end) or text[max(0, start - 3) : start].endswith(_LIFE_BEFORE):
            continue  # a year of birth or death
        if start < sentence_start and shift is not None:
            if shift[1] == _FAR_FUTURE:
                return lo, _FAR_FUTURE
            return lo + shift[0], hi + shift[1]
        return lo, hi
    return None


# --- Rule 9 -----------------------------------------------------------------------------

# A month, its day and weekday; the year before it is read afterwards (see _YEAR_NUMBER).
_DATE = re.compile(
    r"([0-9]{1,2})月(?:([0-9]{1,2})日"
    r"(?:[ \t]*([（(])?[ \t]*(?:星期|礼拜|周)([一二三四五六日天])[ \t]*([)）])?)?)?"
)
_DIGITS = "0123456789.．"
_WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class _DateFinding:
    rule: str
    start: int
    end: int
    message: str
    suggestion: str


_DATE_CACHE: WeakKeyDictionary[Document, list[_DateFinding]] = WeakKeyDictionary()


def _date_findings(doc: Document) -> list[_DateFinding]:
    cached = _DATE_CACHE.get(doc)
    if cached is None:
        cached = _DATE_CACHE[doc] = list(_scan_dates(doc))
    return cached


def _scan_dates(doc: Document) -> Iterator[_DateFinding]:
    text = doc.text
    for m in _DATE.finditer(text):
        start = m.start()
        if start and text[start - 1] in _DIGITS:
            continue  # part of a longer number
        year = None
        if text[start - 5 : start].endswith("年") and start >= 5:
            digits = text[start - 5 : start - 1]
            if (
                digits.isdecimal()
                and digits.isascii()
                and (start == 5 or text[start - 6] not in _DIGITS)
            ):
                year, start = int(digits), start - 5
        month = int(m.group(1))
        if not 1 <= month <= 12:
            if m.group(2) is None and text.startswith("龄", m.end()):
                continue  # 13月龄: an age in months
            end = m.end(2) + 1 if m.group(2) else m.end(1) + 1
            yield _DateFinding("R09", start, end, f"没有{month}月。", "核对月份")
            continue
        if m.group(2) is None:
            continue
        day = int(m.group(2))
        if year is None and (m.group(4) or (month == 2 and day == 29)):
            # the year matters only for 2月29日 and for a weekday
            context = year_context(doc, start)
            if context and context[0] == context[1] and context[0] > 0:
                year = context[0]
        days = calendar.monthrange(year or 2000, month)[1]  # 2000: 2月29日 may be right
        if not 1 <= day <= days:
            where = f"{year}年{month}月" if year else f"{month}月"
            yield _DateFinding(
                "R09", start, m.end(2) + 1, f"{where}没有{day}日（该月只有{days}天）。", "核对日期"
            )
            continue
        if m.group(4) and year and bool(m.group(3)) == bool(m.group(5)):
            # (a bracket opened must be the weekday's own)
            actual = dt.date(year, month, day).weekday()
            written = 6 if m.group(4) in "日天" else _WEEKDAYS.index(m.group(4))
            if actual != written:
                yield _DateFinding(
                    "R09.2",
                    start,
                    m.end(),
                    f"{year}年{month}月{day}日是星期{_WEEKDAYS[actual]}，不是星期{m.group(4)}。",
                    f"星期{_WEEKDAYS[actual]}",
                )


# A chronicle is a run of at least this many consecutive paragraphs opening with a date;
# two paragraphs of prose that happen to open with years are not one.
_MIN_RUN = 3


def _out_of_order(doc: Document) -> Iterator[Mark]:
    entries = _dates(doc).entries()
    run: list[Entry] = []
    for entry in [*entries, None]:
        if entry is not None and not entry.chronicle:
            entry = None  # prose ends a run
        if entry is not None and run and entry.follows:
            run.append(entry)
            continue
        if len(run) >= _MIN_RUN:
            for prev, cur in zip(run, run[1:], strict=False):
                if cur.hi < prev.lo:
                    yield Mark(
                        "R09.1",
                        "dates",
                        Severity.WARNING,
                        cur.start,
                        cur.end,
                        doc.text[cur.start : cur.end],
                        f"大事记条目“{doc.text[cur.start : cur.end]}”早于上一条"
                        f"“{doc.text[prev.start : prev.end]}”，未按时间顺序排列。",
                        "按时间先后调整条目顺序",
                    )
        run = [entry] if entry is not None else []


_DATES_EXPLANATION = (
    "日期须真实无误：不得出现不存在的月、日（如2月30日、13月）；大事记按时间先后排列；"
    "注明的星期须与日期相符（《地方志书质量规定》：资料准确、大事记以时为序；"
    "GB/T 15835—2011《出版物上数字用法》）。"
)


def _date_marks(doc: Document, rule_id: str, severity: Severity) -> Iterator[Mark]:
    for f in _date_findings(doc):
        if f.rule == rule_id:
            yield Mark(
                rule_id,
                "dates",
                severity,
                f.start,
                f.end,
                doc.text[f.start : f.end],
                f.message,
                f.suggestion,
            )


@rule("R09", "dates", Severity.ERROR, _DATES_EXPLANATION)
def impossible_dates(doc: Document, config: CheckConfig) -> Iterator[Mark]:
    return _date_marks(doc, "R09", Severity.ERROR)


@rule("R09.1", "dates", Severity.WARNING, _DATES_EXPLANATION)
def chronicle_order(doc: Document, config: CheckConfig) -> Iterator[Mark]:
    return _out_of_order(doc)


@rule("R09.2", "dates", Severity.ERROR, _DATES_EXPLANATION)
def wrong_weekday(doc: Document, config: CheckConfig) -> Iterator[Mark]:
    return _date_marks(doc, "R09.2", Severity.ERROR)


# --- Rule 10 ----------------------------------------------------------------------------

_TERMS_EXPLANATION = (
    "规范表述：涉及政治、历史、民族、外交等的表述须使用规定的写法，不用不规范或已停用的说法"
    "（地方志工作机构的规范表述清单；《地方志书质量规定》：观点正确、表述规范）。"
)


@lru_cache(maxsize=16)
def _terms_pattern(wrongs: tuple[str, ...]) -> re.Pattern[str] | None:
    if not wrongs:
        return None
    ordered = sorted(set(wrongs), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in ordered))


def _fixed_terms(config: CheckConfig) -> list[tuple[str, str]]:
    return [(w, r) for w, r in (config.fixed_terms or defaults_names.FIXED_TERMS) if w]


_TERM_CACHE: WeakKeyDictionary[Document, tuple[re.Pattern[str], list[tuple[int, int]]]] = (
    WeakKeyDictionary()
)


def _term_spans(doc: Document, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """Where the pattern matches (one scan shared by R10 and R10.1)."""
    cached = _TERM_CACHE.get(doc)
    if cached is None or cached[0] is not pattern:
        cached = _TERM_CACHE[doc] = (pattern, [m.span() for m in pattern.finditer(doc.text)])
    return cached[1]


def _term_marks(doc: Document, config: CheckConfig, notices: bool) -> Iterator[Mark]:
    terms = _fixed_terms(config)
    right_of = dict(terms)
    pattern = _terms_pattern(tuple(right_of))
    if pattern is None:
        return
    text = doc.text
    for start, end in _term_spans(doc, pattern):
        wrong = text[start:end]
        if (wrong in defaults_names.NOTICE_TERMS) != notices:
            continue
        not_before, not_after = defaults_names.TERM_CONTEXT.get(wrong, ("", ""))
        if start and text[start - 1] in not_before and not_before:
            continue
        if end < len(text) and not_after and text[end] in not_after:
            continue
        name_after = defaults_names.GIVEN_NAME_CONTEXT.get(wrong, "")
        if (
            name_after
            and start
            and text[start - 1] in defaults_names.GIVEN_NAME_SURNAMES
            and text[end : end + 1] in tuple(name_after)
        ):
            continue  # 李解放后来…: a person's name
        right = right_of[wrong]
        if right and _inside(text, right, start, end):
            continue  # the wrong form is only part of the right one
        if doc.is_protected(start, end):
            continue
        if right:
            message = f"“{wrong}”不是规范表述，应写作“{right}”。"
        else:
            message = f"“{wrong}”不应在志书中使用。"
        yield Mark(
            "R10.1" if notices else "R10",
            "terms",
            Severity.NOTICE if notices else Severity.WARNING,
            start,
            end,
            wrong,
            message,
            right,
        )


def _inside(text: str, longer: str, start: int, end: int) -> bool:
    """Whether an occurrence of ``longer`` covers [start, end)."""
    i = text.find(longer, max(0, end - len(longer)), start + len(longer))
    while i >= 0 and i <= start:
        if i + len(longer) >= end:
            return True
        i = text.find(longer, i + 1, start + len(longer))
    return False


@rule("R10", "terms", Severity.WARNING, _TERMS_EXPLANATION)
def fixed_terms(doc: Document, config: CheckConfig) -> Iterator[Mark]:
    return _term_marks(doc, config, notices=False)


@rule("R10.1", "terms", Severity.NOTICE, _TERMS_EXPLANATION)
def fixed_terms_notice(doc: Document, config: CheckConfig) -> Iterator[Mark]:
    return _term_marks(doc, config, notices=True)
