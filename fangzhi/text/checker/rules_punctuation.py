"""Rule 5: punctuation per GB/T 15834-2011《标点符号用法》.

Variants (statistics group them under R05):

- R05.1 half-width , ; : ? ! . ( ) " in Chinese text (1,234, 10:30, English text and
  URLs are left alone: the mark needs a Chinese character next to it);
- R05.2 unbalanced “” ‘’ （） 《》 within a paragraph (a quotation running over several
  paragraphs, each opening with “, is not unbalanced);
- R05.3 doubled punctuation: 。。 ，， ，。 ；； (？！ and ！？ are allowed);
- R05.4 dash forms: 破折号 is —— (not --, －－, ———, 一一, nor a single — between a noun
  phrase and the clause explaining it), and ～ is not a dash between words;
- R05.5 ellipsis forms: …… (not ..., 。。。, a single … or ………), and not …… with 等;
- R05.6 顿号 misuse: 、 before 等, between adjacent numbers that give an estimate
  (3、4个 → 三四个; 五、六十人 → 五六十人), after an Arabic list ordinal (1、 → 1.) and
  after an ordinal in brackets (（1）、 → （1）).

Punctuation is checked inside quotations too: a wrong mark is wrong wherever it stands.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .core import CheckConfig, Document, Mark, Severity, rule

_STANDARD = "GB/T 15834-2011《标点符号用法》"
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_TEXT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff“”‘’（）《》，。；：？！、]")


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def _mark(rule_id: str, start: int, end: int, text: str, message: str, suggestion: str) -> Mark:
    return Mark(rule_id, "punctuation", Severity.ERROR, start, end, text, message, suggestion)


# --- R05.1 half-width punctuation ---------------------------------------------------

_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。", "(": "（", ")": "）"}
_C = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# One character class first (the engine skips quickly to candidates), then what makes
# it wrong: a Chinese character next to it. A "(" takes its ")" along when the pair
# follows Chinese or holds Chinese: (城关镇) is one mark, (1) and (GDP) in English are none.
_HALF_RE = re.compile(
    r'[,;:?!.()"]'
    r"(?:"
    rf"(?<=[{_C}]\()(?P<pair>[^()\n]{{0,80}}\))"
    rf"|(?<=\()(?=[^()\n]{{0,80}}?[{_C}])(?P<pair2>[^()\n]{{0,80}}\))"
    rf'|(?<=[,;:?!"()])(?:(?<=[{_C}][,;:?!"()])|(?=[{_C}]))'
    rf"|(?<=[{_C}]\.)(?=[\s{_C}]|$)"
    r")"
)


@rule(
    "R05.1",
    "punctuation",
    Severity.ERROR,
    f"{_STANDARD}：中文行文用全角标点（，；：？！。（）“”），不用半角标点。",
)
def half_width(doc: Document, config: CheckConfig) -> Iterator[Mark]:
    text = doc.text
    for m in _HALF_RE.finditer(text):
        start, end = m.span()
        ch = text[start]
        if end - start > 1:  # a pair
            inner = text[start + 1 : end - 1]
            yield _mark(
                "R05.1",
                start,
                end,
                text[start:end],
                "中文行文中用了半角括号“()”",
                f"改为全角“（{inner}）”",
            )
        elif ch == '"':
            yield _mark("R05.1", start, end, ch, '中文行文中用了半角引号“"”', "改为全角引号“”")
        elif ch == ":" and text[end : end + 1] == "/":
            continue  # a URL
        else:
            yield _mark(
                "R05.1",
                start,
                end,
                ch,
                f"中文行文中用了半角标点“{ch}”",
                f"改为全角“{_FULL[ch]}”",
            )


# --- R05.2 unbalanced pairs ---------------------------------------------------------

_PAIRS = {"“": "”", "‘": "’", "（": "）", "《": "》"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_PAIR_RE = re.compile(r"[“”‘’（）《》]")
_NAMES = {"“": "引号", "‘": "单引号", "（": "括号", "《": "书名号"}


@rule(
    "R05.2",
    "punctuation",
    Severity.ERROR,
    f"{_STANDARD}：引号、括号、书名号成对使用，前后呼应（跨段引文每段开头用前引号，"
    "只在最后一段末尾用后引号）。",
)
def unbalanced(doc: Document, config: CheckConfig) -> Iterator[Mark]:
    text = doc.text
    stacks: dict[str, list[int]] = {k: [] for k in _PAIRS}
    open_count = 0
    para_end = -1
    for m in _PAIR_RE.finditer(text):
        pos = m.start()
        if pos > para_end:
            if open_count:
                yield from _unclosed(text, para_end, stacks)
                open_count = 0
            para_end = text.find("\n", pos)
            if para_end < 0:
                para_end = len(text)
        ch = m.group()
        if ch in _PAIRS:
            stacks[ch].append(pos)
            open_count += 1
            continue
        opener = _CLOSERS[ch]
        if stacks[opener]:
            stacks[opener].pop()
            open_count -= 1
        elif ch == "’" and pos and text[pos - 1].isascii() and text[pos - 1].isalpha():
            continue  # an apostrophe: don’t
        else:
            yield _mark(
                "R05.2",
                pos,
                pos + 1,
                ch,
                f"后{_NAMES[opener]}“{ch}”前面没有对应的前{_NAMES[opener]}“{opener}”",
                f"补上“{opener}”或删去“{ch}”",
            )
    if open_count:
        yield from _unclosed(text, para_end, stacks)


def _unclosed(text: str, para_end: int, stacks: dict[str, list[int]]) -> Iterator[Mark]:
    """Marks for the openers left open at the end of a paragraph; empties the stacks."""
    nxt = text[para_end + 1 : para_end + 80].lstrip()[:1]
    for opener, opened in stacks.items():
        if opened and not (opener in "“‘" and nxt == opener):
            # (a quotation running on into the next paragraph opens it again)
            for p in opened:
                yield _mark(
                    "R05.2",
                    p,
                    p + 1,
                    opener,
                    f"前{_NAMES[opener]}“{opener}”在本段没有对应的后{_NAMES[opener]}"
                    f"“{_PAIRS[opener]}”",
                    f"补上“{_PAIRS[opener]}”或删去“{opener}”",
                )
        opened.clear()


# --- R05.3 doubled punctuation ------------------------------------------------------

_DOUBLE_RE = re.compile(r"[，、；：。？！][，、；：。？！]+")


@rule(
    "R05.3",
    "punctuation",
    Severity.ERROR,
    f"{_STANDARD}：点号不重叠使用（“？！”表示强烈疑问时除外）。",
)
def doubled(doc: Document, config: CheckConfig) -> Iterator[Mark]:
    for m in _DOUBLE_RE.finditer(doc.text):
        run = m.group()
        if set(run) == {"。"} and len(run) >= 3:
            continue  # 。。。 as an ellipsis: R05.5
        if set(run) <= {"？", "！"} and len(run) == 2 and run[0] != run[1]:
            continue  # ？！ and ！？ are allowed
        start, end = m.span()
        keep = run[-1] if run[-1] in "。？！" else run[0]
        yield _mark(
            "R05.3",
            start,
            end,
            run,
            f"标点“{run}”重叠使用",
            f"只保留一个“{keep}”",
        )


# --- R05.4 dashes -------------------------------------------------------------------

_DASH_RE = re.compile(r"-(?:-+|—)|－－+|—(?:—{2,}|-|(?<!——)(?<=[^—]—)(?!—))|～|~|一一")
# A single — joins two names (北京—上海, 中国—东盟) or two numbers (1994—2015): it is a
# link (连接号). Between a noun phrase and a clause explaining it (巴南区文化馆—全区群众
# 文化活动的组织中心) it is a 破折号 missing its second half. What follows a link is a
# name, short or running on into a route (段, 线, 航班 …); what follows a dash is a clause.
_PUNCT_STOP = re.compile(r"[，。；：？！、,.;:?!（）()“”《》\s]")
_LINK_WORDS = re.compile(r"[段线路道航班列向间返达站口岸]|高速|方向|之间|往返|直达|一带")
_CLAUSE_WORDS = re.compile(r"[的是为]")
_PLACE_END = set("国省市县区镇乡村州港站岛山江河湖街路道")
# 一一 typed for a dash: only where the adverb 一一 (one by one) cannot be, right after
# a closing quotation mark or bracket or before an opening one; 一一对应, ，一一列举 stay.
_AROUND_YIYI_BEFORE = set("”’）》")
_AROUND_YIYI_AFTER = set("“‘（《")
_NUMERALS = set("0123456789〇零一二三四五六七八九十百千万亿两第年月日时")


@rule(
    "R05.4",
    "punctuation",
    Severity.ERROR,
    f"{_STANDARD}：破折号写作“——”（两个一字线，占两个字位置），不用“--”“－－”“———”；"
    "浪纹线“～”只标示数值范围，不作破折号或连接号。",
)
def dashes(doc: Document, config: CheckConfig) -> Iterator[Mark]:
    text = doc.text
    n = len(text)
    for m in _DASH_RE.finditer(text):
        start, end = m.span()
        run = m.group()
        before = text[start - 1] if start else ""
        after = text[end] if end < n else ""
        if run in "～~":
            # Between two words (not numbers or dates): 北京～上海, 他说～.
            if not (_is_cjk(before) and _is_cjk(after)):
                continue
            if before in _NUMERALS or after in _NUMERALS:
                continue
            yield _mark(
                "R05.4",
                start,
                end,
                run,
                f"“{run}”用在文字之间：浪纹线只标示数值范围",
                "起止用一字线“—”，解释说明用破折号“——”",
            )
            continue
        if run == "一一":
            if before not in _AROUND_YIYI_BEFORE and after not in _AROUND_YIYI_AFTER:
                continue
            yield _mark("R05.4", start, end, run, "破折号写成了汉字“一一”", "改为“——”")
            continue
        if run == "—":
            if _dash_missing_half(text, start):
                yield _mark(
                    "R05.4",
                    start,
                    end,
                    run,
                    "破折号只写了一半“—”：注释说明用“——”（占两个字位置），一字线“—”只作连接号",
                    "改为“——”",
                )
            continue
        if run[0] == "—" and len(run) > 6:
            continue  # a rule line ——————, not a dash
        if not (_CJK_TEXT.match(before or "a") or _CJK_TEXT.match(after or "a")):
            continue  # -- in code or English text
        yield _mark(
            "R05.4",
            start,
            end,
            run,
            f"破折号写成了“{run}”",
            "改为“——”",
        )


def _dash_missing_half(text: str, pos: int) -> bool:
    """Whether the single — at ``pos`` stands between a noun phrase and a clause that
    explains it (a 破折号 missing its half), not between two names or numbers."""
    before = text[pos - 1] if pos else ""
    after = text[pos + 1 : pos + 2]
    if not (_is_cjk(before) and _is_cjk(after)):
        return False
    if before in _NUMERALS or after in _NUMERALS or before in _PLACE_END:
        return False
    stop = _PUNCT_STOP.search(text, pos + 1, pos + 41)
    right = text[pos + 1 : stop.start() if stop else min(len(text), pos + 41)]
    left_stop = max(text.rfind(c, max(0, pos - 30), pos) for c in "，。；：？！、\n ")
    left = text[left_stop + 1 : pos]
    if len(left) < 2 or len(right) < 8 or "—" in right:
        return False
    if _LINK_WORDS.search(right, 0, 8):
        return False  # 北京—上海航线, 重庆—成都高速公路
    return bool(_CLAUSE_WORDS.search(right))


# --- R05.5 ellipsis -----------------------------------------------------------------

_ELLIPSIS_RE = re.compile(r"\.\.\.+|。。。+|．．．+|···+|、、、+|，，，+|…(?:…*)(?:等等|等)?")
_LEADER_RE = re.compile(r"[ \t]*\d+[ \t]*(?:\n|$)")


@rule(
    "R05.5",
    "punctuation",
    Severity.ERROR,
    f"{_STANDARD}：省略号写作“……”（六个点，占两个字位置），不写“...”“。。。”或单个"
    "“…”；省略号与“等”“等等”不同时使用。",
)
def ellipsis(doc: Document, config: CheckConfig) -> Iterator[Mark]:
    text = doc.text
    n = len(text)
    for m in _ELLIPSIS_RE.finditer(text):
        start, end = m.span()
        run = m.group()
        if run[0] == "…":
            dots = run.rstrip("等")
            if len(dots) != len(run):
                yield _mark(
                    "R05.5",
                    start,
                    end,
                    run,
                    f"“{run}”：省略号与“等”语义重复",
                    f"删去“{run[len(dots) :]}”或删去省略号",
                )
                continue
            if len(run) in (2, 4):
                continue  # …… and, for a whole paragraph left out, ……………… (4)
        else:
            before = text[start - 1] if start else ""
            after = text[end] if end < n else ""
            if run[0] == "." and not (_CJK_TEXT.match(before or "a") or _is_cjk(after)):
                continue  # English text
            if _LEADER_RE.match(text, end):
                continue  # a table of contents' dot leader before a page number
        yield _mark(
            "R05.5",
            start,
            end,
            run,
            f"省略号写成了“{run}”",
            "改为“……”",
        )


# --- R05.6 顿号 -----------------------------------------------------------------------

_CN_ORDER = "一二三四五六七八九十"
_MEASURE = "个人天次岁倍万千百名家户位条项元米吨亩件台辆座所只头株棵周年里"
_DUN_RE = re.compile(
    rf"、(?:(?=等|[0-9]{{1,3}}[{_MEASURE}]|[二三四五六七八九十]十?[{_MEASURE}])"
    r"|(?<=[0-9）)]、)(?![0-9〇一二三四五六七八九十]))"
)
# A list ordinal (序次语): Arabic numerals take a 下脚点 (1.), not 、; an ordinal in
# brackets takes no mark at all (（1）, （一）). It opens its line or follows the colon or
# semicolon that introduces the list: 措施有：1、推进…；2、实施….
_ORDINAL_RE = re.compile(
    r"(?:^|(?<=[\n：；。！？:;]))[ \t\u3000]*"
    r"(?:[0-9]{1,2}|[（(](?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[）)])$"
)
_NUM_BEFORE_RE = re.compile(
    r"(?<![0-9.、第])[0-9]{1,3}$|(?<![一二三四五六七八九十百千万第、])[一二三四五六七八九]$"
)
_NUM_AFTER_RE = re.compile(r"[0-9]{1,3}|[二三四五六七八九十]")
# 等 opening a word of its own after 、: 、等级, 、等候 ….
_NOT_DENG = set("级候待同于价额分高量距比腰号效次外第")


@rule(
    "R05.6",
    "punctuation",
    Severity.ERROR,
    f"{_STANDARD}：并列词语的最后一项与“等”“等等”之间不用顿号；相邻两数字连用表示概数"
    "时中间不用顿号（写“三四个”“五六十人”）；阿拉伯数字序号后用下脚点（写“1.”，不写"
    "“1、”），括号序号后不再加点号（写“（1）”，不写“（1）、”）。",
)
def enumeration_comma(doc: Document, config: CheckConfig) -> Iterator[Mark]:
    text = doc.text
    for m in _DUN_RE.finditer(text):
        start, end = m.span()
        numeral_after = end < len(text) and text[end] in "0123456789〇一二三四五六七八九十"
        if start and text[start - 1] in "0123456789）)" and not numeral_after:
            ordinal = _ORDINAL_RE.search(text, max(0, start - 8), start)
            if ordinal:
                if text[start - 1].isdigit():
                    number = ordinal.group().strip()
                    yield _mark(
                        "R05.6",
                        start,
                        end,
                        "、",
                        f"阿拉伯数字序号“{number}”后用了顿号",
                        f"改为下脚点“{number}.”",
                    )
                else:
                    yield _mark(
                        "R05.6", start, end, "、", "括号序号后用了顿号", "删去括号序号后的顿号"
                    )
                continue
        if end >= len(text):
            continue
        if text[end] == "等":
            if text[end + 1 : end + 2] in _NOT_DENG:
                continue  # 、等级
            yield _mark("R05.6", start, end, "、", "“等”前不用顿号", "删去“等”前的顿号")
            continue
        before = _NUM_BEFORE_RE.search(text, max(0, start - 4), start)
        after = _NUM_AFTER_RE.match(text, end)
        if not before or not after:
            continue
        a, b = before.group(), after.group()
        if a.isdigit() != b.isdigit():
            continue
        following = text[after.end() : after.end() + 2]
        if a.isdigit():
            if int(b) != int(a) + 1 or following in ("年级", "月份", "号线"):
                continue
            cn = f"“{_CN_ORDER[int(a) - 1]}{_CN_ORDER[int(b) - 1]}”" if int(b) < 10 else "汉字数字"
            suggestion = f"写“{a}～{b}”或用{cn}"
        else:
            if _CN_ORDER.index(b) != _CN_ORDER.index(a) + 1 or following == "年级":
                continue
            if before.start() == 0 or text[before.start() - 1] in "\n 　\t。：；":
                continue  # 一、二十年来 as a heading or list item: 一、 numbers it
            suggestion = f"写“{a}{b}”"
        yield _mark(
            "R05.6",
            start,
            end,
            "、",
            f"“{a}、{b}”是概数，相邻数字之间不用顿号",
            suggestion,
        )
