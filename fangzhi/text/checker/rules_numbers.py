"""Rule 4: numbers per GB/T 15835-2011《出版物上数字用法》 and the legal units of measurement.

Variants (statistics group them under R04):

- R04.1 mixed forms: 3万5千, 5千元, 三万5千 (only 万 and 亿 may follow Arabic numerals);
- R04.2 Chinese-numeral years in modern text: 二〇二三年 where 2023年 is expected;
- R04.3 redundant approximations: 约100人左右, 大约50岁上下, 约300余人, 100多人左右;
- R04.4 ranges: 3-5万 (3万～5万), 20—30% (20%～30%), 3-5人 (3～5人), 1949-1952年
  (1949—1952年);
- R04.5 thousands separators used in one document and not in another number of it
  (12,600 among plain 1286 and 3600);
- R04.6 units that are not legal units of measurement: 公尺, 公分, 市斤, 英尺, 马力 ….

Quotations and 《》 titles are not marked: an old document's title or words are
reproduced as written (《一九五六年工作总结》).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from .core import CheckConfig, Document, Mark, Severity, rule

_STANDARD = "GB/T 15835-2011《出版物上数字用法》"
_CN_DIGITS = {
    "〇": 0, "○": 0, "Ｏ": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}


def _mark(rule_id: str, start: int, end: int, text: str, message: str, suggestion: str) -> Mark:
    return Mark(rule_id, "numbers", Severity.ERROR, start, end, text, message, suggestion)


def _plain(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


# --- R04.1 mixed forms --------------------------------------------------------------

_NUM = r"[0-9]+(?:\.[0-9]+)?"
_CN1 = "一二三四五六七八九两十"
# An Arabic number with 十/百/千 as a unit (3万5千, 5千, 2亿3千万, 1百20万), or Arabic and Chinese
# numerals mixed (三万5千, 5万三千). 千 before 米/克/瓦… is a unit prefix (5千米, 3千克).
# Every pattern of this module starts with a plain character class and checks what
# precedes the match with a look-behind *after* the first character: the regex engine
# then skips quickly to candidate positions.
_MIXED_RE = re.compile(
    rf"[0-9{_CN1}]"
    rf"(?:(?<=[0-9])(?<![0-9.,][0-9])[0-9]*(?:\.[0-9]+)?"
    rf"(?:(?:[万亿]{_NUM})*[十百千](?:[十百千万亿]|{_NUM})*"
    rf"(?:(?<=千)(?![米克瓦伏帕卡焦赫兆])|(?<=[十百万亿0-9]))(?![0-9.十百千万亿])"
    rf"|[万亿][{_CN1[:-1]}]+[千百十][万亿]?)"
    rf"|(?<=[{_CN1}])(?<![〇零{_CN1}百千][{_CN1}])[{_CN1}]*[万亿][0-9]+(?:[十百千]|(?![0-9])))"
)
# Where a mixed form must be: a digit right before 十/百/千, a digit before 万/亿 and
# Chinese numerals after, or the reverse. Finding these rare spots first and matching
# ``_MIXED_RE`` only there is much faster than matching it at every digit.
_MIXED_ANCHOR_RE = re.compile(
    r"[十百千万亿](?:(?<=[0-9][十百千万亿])(?:(?<=[十百千])|(?=[一二三四五六七八九两]+[千百十]))"
    r"|(?<=[一二三四五六七八九两十][万亿])(?=[0-9]))"
)
_EXPR_TAIL_RE = re.compile(r"[0-9.一二三四五六七八九两十百千万亿〇零]{1,24}$")


def _mixed_matches(text: str) -> Iterator[re.Match[str]]:
    done = -1
    for anchor in _MIXED_ANCHOR_RE.finditer(text):
        p = anchor.start()
        if p < done:
            continue
        tail = _EXPR_TAIL_RE.search(text, max(0, p - 24), p)
        for start in range(tail.start() if tail else p, p):
            m = _MIXED_RE.match(text, start)
            if m and m.end() > p:
                done = m.end()
                yield m
                break


_TOKEN_RE = re.compile(r"([0-9]+(?:\.[0-9]+)?|[〇零一二三四五六七八九两]+)?([十百千万亿]*)")


def _value(expr: str) -> float | None:
    """3万5千 → 35000; 2亿3千万 → 230000000; 1百20万 → 1200000; None when unreadable."""
    total = high = section = 0.0  # 亿 and above, 万 to 亿, below 万
    for number, units in _TOKEN_RE.findall(expr):
        if not number and not units:
            continue
        if number and number[0].isdigit():
            n = float(number)
        elif number:
            if len(number) > 1:
                return None
            n = float(_CN_DIGITS[number])
        else:
            n = 1.0
        for u in units:
            if u == "万":
                high += (section + n) * 10_000
                section = n = 0.0
            elif u == "亿":
                total = (total + high + section + n) * 100_000_000
                high = section = n = 0.0
            else:
                n *= _UNITS[u]
        section += n
    return total + high + section


@rule(
    "R04.1",
    "numbers",
    Severity.ERROR,
    f"{_STANDARD}：阿拉伯数字只可与“万”“亿”连用，不与“十”“百”“千”连用，也不与汉字数字"
    "混合书写（不写“3万5千”“5千”，写“3.5万”“35000”“5000”）。",
)
def mixed_numbers(doc: Document, config: CheckConfig) -> Iterator[Mark]:
    for m in _mixed_matches(doc.text):
        start, end = m.span()
        if doc.is_protected(start, end):
            continue
        expr = m.group()
        value = _value(expr)
        if value is None:
            suggestion = "统一用阿拉伯数字，大数以“万”“亿”为单位"
        elif value >= 10_000:
            suggestion = f"写“{_plain(value)}”或“{_plain(value / 10_000)}万”"
        else:
            suggestion = f"写“{_plain(value)}”"
        yield _mark(
            "R04.1",
            start,
            end,
            expr,
            f"“{expr}”数字形式混用：阿拉伯数字不与“十”“百”“千”或汉字数字连用",
            suggestion,
        )


# --- R04.2 Chinese-numeral years ----------------------------------------------------

_CN = "〇○Ｏ零一二三四五六七八九"
_YEAR_RE = re.compile(
    rf"[一二](?<![{_CN}十百千万][一二])(?:(?<=一)[{_CN}]|(?<=二)[〇○Ｏ零])[{_CN}]{{2}}年"
    r"(?:[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?)?"
)
# 年 after four Chinese digits: rarer than 一 or 二, so the search starts from it.
_YEAR_ANCHOR_RE = re.compile(rf"年(?<=[一二][{_CN}]{{3}}年)")
_MONTH_DAY_RE = re.compile(
    r"年(?:([一二三四五六七八九十]{1,2})月(?:([一二三四五六七八九十]{1,3})日)?)?"
)


def _small_cn(s: str) -> int:
    """一 … 三十一."""
    if "十" not in s:
        return _CN_DIGITS[s]
    tens, _, ones = s.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


@rule(
    "R04.2",
    "numbers",
    Severity.ERROR,
    f"{_STANDARD}：公历世纪、年代、年、月、日用阿拉伯数字（写“2023年5月8日”，不写"
    "“二〇二三年五月八日”）；引文和旧文件标题照录原文。",
)
def chinese_years(doc: Document, config: CheckConfig) -> Iterator[Mark]:
    text = doc.text
    for anchor in _YEAR_ANCHOR_RE.finditer(text):
        m = _YEAR_RE.match(text, anchor.start() - 4)
        if m is None:
            continue
        start, end = m.span()
        if doc.is_protected(start, end):
            continue
        expr = m.group()
        year = "".join(str(_CN_DIGITS[c]) for c in expr[:4])
        md = _MONTH_DAY_RE.match(expr, 4)
        arabic = f"{year}年"
        if md and md.group(1):
            arabic += f"{_small_cn(md.group(1))}月"
            if md.group(2):
                arabic += f"{_small_cn(md.group(2))}日"
        yield _mark(
            "R04.2",
            start,
            end,
            expr,
            f"公历年月日“{expr}”应使用阿拉伯数字",
            f"写“{arabic}”",
        )


# --- R04.3 redundant approximations -------------------------------------------------

_APPROX_NUM = (
    r"(?:[0-9][0-9.,]*|[〇零一二三四五六七八九十两百千万])"
    r"[0-9.,〇零一二三四五六七八九十百千万亿两]*"
)
_STOP = r"[^，。；：！？、\s“”（）]"
# 约/近 + a number + 余/多, or + a few characters + 左右/上下.
_APPROX_RE = re.compile(
    rf"(?:大约|大概|将近|约|近)(?:有|为|计|达)?{_APPROX_NUM}"
    rf"(?:(?P<more>[余多])|{_STOP}{{0,6}}?(?P<tail>左右|上下))"
)
# A number + 余/多 + a few characters + 左右/上下 (100多人左右); the number is checked
# before the match.
_TAIL_RE = re.compile("左右|上下")
_MORE_BEFORE_RE = re.compile(rf"[余多]{_STOP}{{0,5}}$")
_NUMBER_BEFORE_RE = re.compile(r"[0-9〇零一二三四五六七八九十百千万两]$")
_NUMBER_TAIL_RE = re.compile(r"[0-9.,〇零一二三四五六七八九十百千万两]+$")
_APPROX_PREFIXES = ("大约", "大概", "将近", "约", "近")
# 约 is the tail of another word here: 签约3个项目, 节约200元, 制约 ….
_NOT_APPROX_BEFORE = set("签节制契预公条邀简相隐婚合践违履毁失赴誓守特解")
# 上下 and 左右 as words of their own: 上下班, 上下游, 左右两侧 ….
_NOT_TAIL_AFTER = set("班楼学课车级文游水功铺层手侧岸翼边")


@rule(
    "R04.3",
    "numbers",
    Severity.ERROR,
    f"{_STANDARD}：表示概数时“约”“近”“大约”与“左右”“上下”“余”“多”不同时使用"
    "（不写“约100人左右”，写“约100人”或“100人左右”）。",
)
def redundant_approximation(doc: Document, config: CheckConfig) -> Iterator[Mark]:
    text = doc.text
    n = len(text)
    marks: list[Mark] = []
    for m in _APPROX_RE.finditer(text):
        start, end = m.span()
        expr = m.group()
        pre = next(p for p in _APPROX_PREFIXES if expr.startswith(p))
        if len(pre) == 1 and start and text[start - 1] in _NOT_APPROX_BEFORE:
            continue
        tail = m.group("tail")
        if tail and end < n and text[end] in _NOT_TAIL_AFTER:
            continue
        if doc.is_protected(start, end):
            continue
        if tail:
            message = f"“{expr}”中“{pre}”与“{tail}”同用，概数表达重复"
            suggestion = f"写“{expr[: -len(tail)]}”或“{expr[len(pre) :]}”"
        else:
            more = m.group("more")
            message = f"“{expr}”中“{pre}”与“{more}”同用，概数表达重复"
            suggestion = f"写“{expr[:-1]}”或“{expr[len(pre) :]}”"
        marks.append(_mark("R04.3", start, end, expr, message, suggestion))
    first_starts = [mk.start for mk in marks]
    for tail_match in _TAIL_RE.finditer(text):
        end = tail_match.end()
        more_match = _MORE_BEFORE_RE.search(
            text, max(0, tail_match.start() - 6), tail_match.start()
        )
        if more_match is None:
            continue
        start = more_match.start()
        if not _NUMBER_BEFORE_RE.search(text, max(0, start - 1), start):
            continue
        i = bisect.bisect_right(first_starts, start) - 1
        if i >= 0 and start < marks[i].end:
            continue  # 约100余人左右: already marked from 约
        if end < n and text[end] in _NOT_TAIL_AFTER:
            continue
        num = _NUMBER_TAIL_RE.search(text, max(0, start - 12), start)
        first = start - len(num.group()) if num else start
        if doc.is_protected(first, end):
            continue
        expr = text[first:end]
        more, tail = text[start], expr[-2:]
        marks.append(
            _mark(
                "R04.3",
                first,
                end,
                expr,
                f"“{expr}”中“{more}”与“{tail}”同用，概数表达重复",
                f"写“{expr[:-2]}”或删去“{more}”",
            )
        )
    marks.sort(key=lambda mk: mk.start)
    yield from marks


# --- R04.4 ranges -------------------------------------------------------------------

# Two numbers joined by a dash or tilde. Standard numbers (GB/T 15835-2011), ISO dates
# (2023-05-08), telephone numbers and codes (G75-1) are not ranges: the number must not
# follow a letter, a digit group separator or a dash, and must not be followed by another
# dash.
_RANGE_RE = re.compile(
    r"(?P<a>[0-9](?<![A-Za-z0-9./:\-－—~～_#\s][0-9])[0-9]*(?:\.[0-9]+)?)(?P<ua>%|‰|[万亿])?"
    r"(?P<dash>——|--|[-－–—~〜～])"
    r"(?P<b>[0-9]+(?:\.[0-9]+)?)(?P<ub>%|‰|[万亿])?"
    r"(?![0-9.\-－—~～A-Za-z/])"
    r"(?P<after>年代|世纪|[年月日时])?"
)
# The dash between two numbers is rare: find it first, then match the range around it.
_RANGE_ANCHOR_RE = re.compile(r"[-－–—~〜～][-—]?(?=[0-9])")
_NUMBER_END_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:%|‰|[万亿])?$")


def _range_matches(text: str) -> Iterator[re.Match[str]]:
    for anchor in _RANGE_ANCHOR_RE.finditer(text):
        p = anchor.start()
        left = _NUMBER_END_RE.search(text, max(0, p - 24), p)
        if left is None:
            continue
        m = _RANGE_RE.match(text, left.start())
        if m and m.start("dash") == p:
            yield m


_TIME_DASH = "—"
_VALUE_DASH = "～"


@rule(
    "R04.4",
    "numbers",
    Severity.ERROR,
    f"{_STANDARD}与GB/T 15834-2011《标点符号用法》：数值范围用浪纹线“～”，且百分数、"
    "以“万”“亿”为单位的数前后都写单位（写“3万～5万”“20%～30%”）；时间起止用一字线"
    "“—”（写“1949—1952年”）。",
)
def ranges(doc: Document, config: CheckConfig) -> Iterator[Mark]:
    text = doc.text
    for m in _range_matches(text):
        a, ua, dash, b, ub, after = m.group("a", "ua", "dash", "b", "ub", "after")
        end = m.end("ub") if ub else m.end("b")
        start = m.start()
        nxt = text[end : end + 1]
        # 1949-1952年 and 3-5月 are time spans; 20-30年 is a number of years.
        is_time = bool(after) and not (ua or ub) and (after != "年" or len(a) == len(b) == 4)
        problems: list[str] = []
        if ub and not ua and ub in "%‰万亿":
            problems.append(f"前一个数缺少“{ub}”")
        elif ua and not ub:
            problems.append(f"后一个数缺少“{ua}”")
        if is_time:
            if dash not in (_TIME_DASH, _VALUE_DASH):  # a tilde is tolerated for time
                problems.append("时间起止应用一字线“—”")
        elif dash != _VALUE_DASH:
            if not (ua or ub) and (not ("\u4e00" <= nxt <= "\u9fff") or len(b) > 4):
                continue  # two bare numbers with no unit: a code, a telephone, a score
            problems.append("数值范围应用浪纹线“～”")
        if not problems:
            continue
        if doc.is_protected(start, end):
            continue
        unit = ub or ua or ""
        right_dash = _TIME_DASH if is_time else _VALUE_DASH
        right = f"{a}{unit}{right_dash}{b}{unit}" if unit else f"{a}{right_dash}{b}"
        expr = text[start:end]
        yield _mark(
            "R04.4",
            start,
            end,
            expr,
            f"范围“{expr}”写法不规范：" + "，".join(problems),
            f"写“{right}”",
        )


# --- R04.5 thousands separators -----------------------------------------------------

# Numbers of four or more digits, with or without a thousands comma. Codes are left out:
# after letters or a dash (GB/T 15835-2011), telephone numbers, postcodes, ID numbers.
_BIG_RE = re.compile(
    r"[0-9](?<![A-Za-z0-9.,/:\-－_#][0-9])"
    r"(?:(?P<sep>[0-9]{0,2}(?:,[0-9]{3})+)|(?P<nosep>[0-9]{3,8}))"
    r"(?![0-9,A-Za-z\-－])(?!\.[0-9]*[A-Za-z])"
)
_LATIN_BEFORE_RE = re.compile(r"[A-Za-z]")
_CODE_CONTEXT_RE = re.compile(r"电话|邮编|邮政编码|编号|代码|号码|账号|传真|证号|QQ|No|NO|第$")
# A four-digit number counts only followed by its unit (3600万元, 1286家); before these,
# or in a span of years, it is a year: 2023年, 2023届, 2021—2025, （2024）.
_YEAR_AFTER = ("年", "届", "级", "版", "号", "期", "）", ")", "—", "-", "－", "~", "～", "至")
_YEAR_BEFORE = ("—", "-", "－", "~", "～", "至", "（", "(")


@rule(
    "R04.5",
    "numbers",
    Severity.NOTICE,
    f"{_STANDARD}：多位数的分节方式在同一文件中应统一（或一律用千分撇“,”，或一律不分节/"
    "用千分空）。",
)
def thousands_separators(doc: Document, config: CheckConfig) -> Iterator[Mark]:
    """How the document writes its big numbers, by majority; the minority is marked.

    Numbers of five or more digits vote for their form. Four-digit numbers (counts, not
    years) speak only for a document without five-digit plain numbers: GB/T 15835-2011
    lets four-digit numbers go unseparated where larger ones are separated, so a plain
    3600 weighs half against a 12,600, and only a document that separates four-digit
    numbers too (1,012) has its plain four-digit numbers marked.
    """
    text = doc.text
    sep: list[tuple[int, int]] = []
    sep4: list[tuple[int, int]] = []  # 1,012: four digits separated
    plain: list[tuple[int, int]] = []  # five digits or more
    plain4: list[tuple[int, int]] = []
    for m in _BIG_RE.finditer(text):
        start, end = m.span()
        digits = m.group().replace(",", "")
        if len(digits) < 4:
            continue
        if _CODE_CONTEXT_RE.search(text[max(0, start - 6) : start]):
            continue
        if _LATIN_BEFORE_RE.search(text, max(0, start - 3), start):
            continue  # English text writes 12,345 whatever the Chinese text does
        if m.group("sep"):
            (sep4 if len(digits) == 4 else sep).append((start, end))
            continue
        if text[end : end + 1] in ("号", "年"):
            continue  # 文号, 编号, years
        if len(digits) >= 5:
            plain.append((start, end))
        elif (
            "\u4e00" <= text[end : end + 1] <= "\u9fff"  # a count has its unit: 3600万元
            and not text.startswith(_YEAR_AFTER, end)
            and not text[max(0, start - 1) : start].endswith(_YEAR_BEFORE)
        ):
            plain4.append((start, end))
    separated = sep + sep4
    if not separated:
        return
    minority: list[tuple[int, int]]
    if plain:
        # The minority is the inconsistent form; on a tie, the commas (the standard
        # prefers the thin space or no separator outside financial tables).
        if len(plain) < len(separated):
            minority, majority_name = plain + (plain4 if sep4 else []), "千分撇“,”"
        else:
            minority, majority_name = separated, "不分节"
    elif sep4 and len(plain4) < len(separated):
        minority, majority_name = plain4, "千分撇“,”"
    elif len(plain4) >= 2 * len(separated):
        minority, majority_name = separated, "不分节"
    else:
        return
    for start, end in sorted(minority):
        if doc.is_protected(start, end):
            continue
        expr = text[start:end]
        right = expr.replace(",", "") if "," in expr else f"{int(expr):,}"
        yield _mark(
            "R04.5",
            start,
            end,
            expr,
            f"“{expr}”的分节方式与本文件其他数字（多为{majority_name}）不一致",
            f"统一写作“{right}”",
        )


# --- R04.6 units --------------------------------------------------------------------

UNIT_SUGGESTIONS: dict[str, str] = {
    "公尺": "米",
    "公分": "厘米",
    "公丈": "米（1公丈=10米）",
    "公寸": "分米",
    "公厘": "毫米",
    "公升": "升",
    "立升": "升",
    "公两": "克（1公两=100克）",
    "市斤": "千克（1市斤=0.5千克）",
    "市两": "克（1市两=50克）",
    "市尺": "米（1市尺≈0.333米）",
    "市寸": "厘米（1市寸≈3.33厘米）",
    "市丈": "米（1市丈≈3.33米）",
    "市里": "千米（1市里=0.5千米）",
    "华里": "千米（1华里=0.5千米）",
    "市担": "千克（1市担=50千克）",
    "英尺": "米（1英尺=0.3048米）",
    "英寸": "厘米（1英寸=2.54厘米）",
    "英里": "千米（1英里≈1.609千米）",
    "英亩": "公顷（1英亩≈0.405公顷）",
    "加仑": "升",
    "马力": "千瓦（1马力≈0.735千瓦）",
    "磅": "千克（1磅≈0.454千克）",
    "呎": "米",
    "吋": "厘米",
    "哩": "千米",
    "浬": "海里",
    "瓩": "千瓦",
    "公秉": "立方米",
    "斤": "千克（1斤=0.5千克）",
}
_UNIT_RE = re.compile("|".join(sorted(UNIT_SUGGESTIONS, key=lambda u: (-len(u), u))))
_UNIT_AFTER = set("0123456789〇零一二三四五六七八九十百千万两半余多几")


@rule(
    "R04.6",
    "numbers",
    Severity.ERROR,
    "《中华人民共和国法定计量单位》（1984）与GB 3100-1993：计量单位用法定单位（米、千克、"
    "升、千瓦、公顷等），不用“公尺”“公分”“市斤”“斤”“英尺”“马力”等（“亩”仍可使用）；"
    "引文照录原文。",
)
def legal_units(doc: Document, config: CheckConfig) -> Iterator[Mark]:
    text = doc.text
    for m in _UNIT_RE.finditer(text):
        start, end = m.span()
        if not start or text[start - 1] not in _UNIT_AFTER:
            continue  # a unit follows a number: 3公尺, 五百市斤
        unit = m.group()
        if len(unit) == 1 and (not text[start - 1].isdigit() or text[end : end + 1] == "顶"):
            # One-character units only after Arabic numerals (modern text): not 千斤顶,
            # 米三斤 in an old record, 八哩笼 (a place name).
            continue
        if doc.is_protected(start, end):
            continue
        yield _mark(
            "R04.6",
            start,
            end,
            unit,
            f"“{unit}”不是法定计量单位",
            f"改用“{UNIT_SUGGESTIONS[unit]}”并换算数值",
        )
