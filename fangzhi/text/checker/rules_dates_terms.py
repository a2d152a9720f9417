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
from dataclasses import dataclass
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

# Each scan starts with a character class or a literal so that the regular-expression
# engine can skip ahead (an alternation or a leading look-behind makes it try every
# position, ten times slower); what comes before a match is checked afterwards.
_YEAR_NUMBER = re.compile(r"[12][0-9]{3}(?=[年—–－\-~～至到])")
# After a year: the rest of a range (1990—1995年, 1940年5月—2023年8月, 1935—2023）),
# or 年 and a word that makes it a decade or an open period. 前 is "before" only when it
# does not start 前往/前进/前来/前去.
_RANGE_REST = re.compile(
    rf"(?:年(?:\d{{1,2}}月(?:\d{{1,2}}日)?)?)?\s*[—–－\-~～至到]\s*({_Y})(?:年|(?=[）)]))"
)
_YEAR_SUFFIX = re.compile(r"代|以前|之前|以后|之后|以来|前后|前(?![往进来去])|后|起")
_CENTURY = re.compile(r"世纪([0-9])0年代")
_CN_YEAR = re.compile(r"[〇○零一二三四五六七八九]{4}年")


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    years: Interval


def _year_mentions(text: str) -> list[_Mention]:
    """Every year, range of years, decade or open period the text names, in order."""
    found: list[_Mention] = []
    covered = -1  # the end of the last range, whose second year is not a mention of its own
    for m in _YEAR_NUMBER.finditer(text):
        start = m.start()
        if start < covered or (start and text[start - 1] in "0123456789.．"):
            continue
        year = int(m.group())
        if year > 2099:
            continue
        rest = _RANGE_REST.match(text, m.end())
        if rest:
            covered = rest.end()
            found.append(_Mention(start, rest.end(), (year, int(rest.group(1)))))
            continue
        if text[m.end()] != "年":
            continue
        end = m.end() + 1
        years = (year, year)
        suffix = _YEAR_SUFFIX.match(text, end)
        if suffix:
            end = suffix.end()
            word = suffix.group()
            if word == "代":
                years = (year, year + 9)
            elif word in ("以前", "之前", "前"):
                years = (_FAR_PAST, year)
            elif word != "前后":
                years = (year, _FAR_FUTURE)
        found.append(_Mention(start, end, years))
    for m in _CENTURY.finditer(text):
        century = text[m.start() - 2 : m.start()]
        if century.isdecimal() and century.isascii():
            decade = (int(century) - 1) * 100 + int(m.group(1)) * 10
            found.append(_Mention(m.start() - 2, m.end(), (decade, decade + 9)))
    for m in _CN_YEAR.finditer(text):
        year = int("".join(str(_CN_DIGITS[c]) for c in m.group()[:4]))
        found.append(_Mention(m.start(), m.end(), (year, year)))
    found.sort(key=lambda mention: mention.start)
    return found


# --- Chronicle entries ------------------------------------------------------------------

# The date a paragraph opens with: a year (with month and day), a month (with day), or
# the chronicle's words for "the same month/day/year".
_ENTRY_BODY = (
    r"[ \t\u3000]*(?:"
    rf"(?P<y>{_Y})年(?:(?P<m>\d{{1,2}})月(?:(?P<d>\d{{1,2}})(?:日|[—\-~～至]\d{{1,2}}日))?)?"
    r"|(?P<m2>\d{1,2})月(?:(?P<d2>\d{1,2})(?:日|[—\-~～至]\d{1,2}日))?"
    r"|(?P<d3>\d{1,2})(?:日|[—\-~～至]\d{1,2}日)"
    r"|(?P<rel>是月|同月|当月|是日|同日|当日|是年|同年|当年)"
    r")"
)
_ENTRY_FIRST = re.compile(_ENTRY_BODY)  # the text's first line
_ENTRY = re.compile("\n" + _ENTRY_BODY)  # every other line, led by its line break
# After the date, these make it a period or a count rather than an entry's date.
_NOT_ENTRY_TAIL = re.compile(
    r"[ \t\u3000]*(?:以来|以后|以前|之前|之后|至|到|[—\-~～]|代|间|来|多|余)"
)
_MONTH_ONLY_TAIL = re.compile(r"上旬|中旬|下旬|初|中|底|末")
# An entry known to the month sorts after the days of the month (是月), as in
# ``fangzhi.text.dates``; ordinals are year * 10000 + month * 100 + day.
_AFTER_DAYS = 32
# A chronicle sets its dates apart (``3月　…``, a line ``1986年``); a paragraph opening
# ``1960年，…`` is prose, whose order is the writer's (a topic told year by year, then
# an earlier one). Entries dated to the day, and 是月/是日, are chronicle entries whatever
# follows them.
_CHRONICLE_LAYOUT = ("", " ", "\t", "\u3000", "\n", "\r")


@dataclass(frozen=True)
class Entry:
    """A paragraph's opening date: ``paragraph`` index, the date's span, the year it
    belongs to (None when unknown) and the ordinals it may stand for."""

    paragraph: int
    start: int
    end: int
    year: int | None
    lo: int
    hi: int
    chronicle: bool  # laid out as a chronicle's entry (see _CHRONICLE_LAYOUT)


@dataclass
class _Dates:
    """What rules 8 and 9 need of a document, computed once (year mentions only when
    first asked for)."""

    text: str
    paragraph_starts: list[int]
    entries: list[Entry]
    entry_of_paragraph: dict[int, Entry]
    _mentions: list[_Mention] | None = None
    _mention_starts: list[int] | None = None

    def mentions(self) -> tuple[list[_Mention], list[int]]:
        if self._mentions is None or self._mention_starts is None:
            self._mentions = _year_mentions(self.text)
            self._mention_starts = [mention.start for mention in self._mentions]
        return self._mentions, self._mention_starts


_CACHE: WeakKeyDictionary[Document, _Dates] = WeakKeyDictionary()


def _dates(doc: Document) -> _Dates:
    cached = _CACHE.get(doc)
    if cached is None:
        cached = _CACHE[doc] = _build(doc)
    return cached


def _build(doc: Document) -> _Dates:
    text = doc.text
    starts = [s for s, _e in doc.paragraphs]
    entries: list[Entry] = []
    year: int | None = None  # the year and month the chronicle has reached
    month: int | None = None
    prev: Entry | None = None
    first = _ENTRY_FIRST.match(text)
    for m in [first, *_ENTRY.finditer(text)] if first else _ENTRY.finditer(text):
        line_start = m.start() + (m is not first)
        i = bisect.bisect_right(starts, line_start) - 1
        if i < 0 or starts[i] != line_start:
            continue  # an empty line's start, not a paragraph
        if _NOT_ENTRY_TAIL.match(text, m.end()):
            continue
        rel = m.group("rel")
        if m.group("y"):
            year, month = int(m.group("y")), None
        if m.group("m") or m.group("m2"):
            month = int(m.group("m") or m.group("m2"))
        day = m.group("d") or m.group("d2") or m.group("d3")
        if m.group("d3") and month is None:
            continue  # a day of an unknown month
        y = (year or 0) * 10000
        if rel:
            if prev is None or prev.paragraph != i - 1:
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
        elif day is None or _MONTH_ONLY_TAIL.match(text, m.end()):
            lo, hi = y + month * 100 + 1, y + month * 100 + _AFTER_DAYS
        else:
            lo = hi = y + month * 100 + int(day)
        date_start = m.end() - len(m.group(0).lstrip("\n \t\u3000"))
        layout = bool(rel or (day and month)) or text[m.end() : m.end() + 1] in _CHRONICLE_LAYOUT
        entry = Entry(i, date_start, m.end(), year, lo, hi, layout)
        entries.append(entry)
        prev = entry
    return _Dates(text, starts, entries, {e.paragraph: e for e in entries})


def year_context(doc: Document, pos: int) -> Interval | None:
    """The years the text at ``pos`` speaks of: the nearest year written before it in
    the same paragraph, else the year of the chronicle entry the paragraph is, else
    None (unknown)."""
    d = _dates(doc)
    par = bisect.bisect_right(d.paragraph_starts, pos) - 1
    par_start = d.paragraph_starts[par] if par >= 0 else 0
    mentions, mention_starts = d.mentions()
    k = bisect.bisect_right(mention_starts, pos) - 1
    while k >= 0 and mentions[k].start >= par_start:
        mention = mentions[k]
        if mention.end <= pos:
            return mention.years
        k -= 1
    entry = d.entry_of_paragraph.get(par)
    if entry is not None and entry.year is not None:
        return entry.year, entry.year
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
        if year is None:
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
    entries = _dates(doc).entries
    run: list[Entry] = []
    for entry in [*entries, None]:
        if entry is not None and not entry.chronicle:
            entry = None  # prose ends a run
        if entry is not None and run and entry.paragraph == run[-1].paragraph + 1:
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


def _term_marks(doc: Document, config: CheckConfig, notices: bool) -> Iterator[Mark]:
    terms = _fixed_terms(config)
    right_of = dict(terms)
    pattern = _terms_pattern(tuple(right_of))
    if pattern is None:
        return
    text = doc.text
    for m in pattern.finditer(text):
        wrong = m.group(0)
        if (wrong in defaults_names.NOTICE_TERMS) != notices:
            continue
        start, end = m.start(), m.end()
        not_before, not_after = defaults_names.TERM_CONTEXT.get(wrong, ("", ""))
        if start and text[start - 1] in not_before and not_before:
            continue
        if end < len(text) and not_after and text[end] in not_after:
            continue
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
