"""Rules 1 and 2: absolute time and the third-person voice of a gazetteer.

A gazetteer is read decades after it is written: "今年" or "我区" means nothing to that
reader. Both rules run one compiled alternation over the text; the few matches are then
checked against their neighbours (the characters that make 今年 part of 如今年轻人 or 我区
part of 自我区分), and quotations and 《》 titles are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .core import CheckConfig, Document, Mark, Severity, rule
from .defaults import word_pattern

_DIGITS = "0123456789０１２３４５６７８９〇零一二三四五六七八九十百千两"

# --- Rule 1 -------------------------------------------------------------------------

_YEAR = "写明具体年份，如“2023年”"
_DATE = "写明具体日期，如“2023年5月8日”"
_MONTH = "写明具体年月，如“2023年5月”"
_WEEK = "写明具体日期或起止日期"
_SINCE = "写明起止年份，如“2018—2023年”"
_UNTIL = "写明截止时间，如“至2023年底”"
_CENTURY = "写明世纪，如“20世纪80年代”"

# word → (suggestion, characters that must not precede it, that must not follow it).
# The exclusions are where the word is only the tail or head of another word:
# 过去年代, 如今年轻人, 至今年均, 表现在, 生日前, 离城最近, 将近年产 ….
TIME_WORDS: dict[str, tuple[str, str, str]] = {
    "今年": (_YEAR, "", "轻纪龄"),
    "去年": (_YEAR, "过失除", "轻代份龄"),
    "前年": (_YEAR, "年月日天以之提此", "代份"),
    "明年": (_YEAR, "文光开清发透说证表鲜聪简英神黎分", "代份轻"),
    "今天": (_DATE, "", "下"),
    "昨天": (_DATE, "", ""),
    "明天": (_DATE, "", ""),
    "前天": (_DATE, "年月日天以之", "气然"),
    "今日": (_DATE, "", ""),
    "昨日": (_DATE, "", ""),
    "日前": (_DATE, _DIGITS + "节生期假末平当每逐终次翌某半作念号前工", ""),
    "近日": (_DATE, "将接附靠邻", "点"),
    "前不久": (_DATE, "", ""),
    "不久前": (_DATE, "", ""),
    "新近": (_DATE, "最", ""),
    "本月": (_MONTH, "", ""),
    "上月": (_MONTH, "", ""),
    "下月": (_MONTH, "以", "份"),
    "上个月": (_MONTH, "", ""),
    "下个月": (_MONTH, "", ""),
    "本周": (_WEEK, "", ""),
    "上周": (_WEEK, "", "边围"),
    "下周": (_WEEK, "", "边围"),
    "目前": (_UNTIL, "", ""),
    "当前": (_UNTIL, "相", ""),
    "现在": (_UNTIL, "表体展呈出发实再重", ""),
    "现今": (_UNTIL, "", ""),
    "如今": (_UNTIL, "", ""),
    "最近": (_SINCE, "", "处"),
    "近期": (_SINCE, "将接附靠邻", ""),
    "近来": (_SINCE, "将接附靠邻", ""),
    "近年": (_SINCE, "将接附靠邻", "级产"),
    "近年来": (_SINCE, "将接附靠邻", ""),
    "近几年": (_SINCE, "将接附靠邻", ""),
    "近些年": (_SINCE, "将接附靠邻", ""),
    "这些年": (_SINCE, "", ""),
    "这几年": (_SINCE, "", ""),
    "前些年": (_SINCE, "", ""),
    "前几年": (_SINCE, "年月日天", ""),
    "当今": (_UNTIL, "", ""),
    "今后": ("写明起始时间，如“2024年起”，或删去", "", ""),
    "今春": (_YEAR, "", ""),
    "今夏": (_YEAR, "", ""),
    "今秋": (_YEAR, "", ""),
    "今冬": (_YEAR, "", ""),
    "去春": (_YEAR, "过失除", ""),
    "去夏": (_YEAR, "过失除", ""),
    "去秋": (_YEAR, "过失除", ""),
    "去冬": (_YEAR, "过失除", ""),
    "今晨": (_DATE, "", ""),
    "今晚": (_DATE, "", ""),
    "昨晚": (_DATE, "", ""),
    "昨夜": (_DATE, "", ""),
    "上世纪": (_CENTURY, "", ""),
    "上个世纪": (_CENTURY, "", ""),
    "本世纪": (_CENTURY, "", ""),
}
# 近3年来, 近五年, 近两个月: as relative as 近年来.
_RECENT_N = r"近[0-9一二三四五六七八九十两几百千]+(?:年|个月)(?:以来|来|间)?"


_TIME_RE = re.compile(word_pattern(list(TIME_WORDS)))
_RECENT_N_RE = re.compile(_RECENT_N)  # its own pass: joined to the trie it slows it down
# "最近" means "nearest" after 离/距 (离城区最近的学校).
_NEAREST_RE = re.compile(r"[离距]")


@rule(
    "R01",
    "time",
    Severity.ERROR,
    "志书记述须用确切时间：写明年、月、日或起止年份，不用“今年”“目前”“近年来”等相对"
    "时间词（《地方志书质量规定》：时间表述准确）。",
)
def relative_time(doc: Document, config: CheckConfig) -> Iterator[Mark]:
    text = doc.text
    matches = list(_TIME_RE.finditer(text))
    recent = list(_RECENT_N_RE.finditer(text))
    if recent:
        matches = sorted(matches + recent, key=lambda m: m.start())
    last_end = -1
    for m in matches:
        word = m.group()
        start, end = m.span()
        if start < last_end:
            continue  # 最近3年: 近3年 inside 最近 …
        suggestion, bad_before, bad_after = TIME_WORDS.get(word) or (_SINCE, "将接附靠邻", "")
        if start and text[start - 1] in bad_before:
            continue
        if end < len(text) and text[end] in bad_after:
            continue
        if word == "今年" and start and text[start - 1] in "至迄" and text[end : end + 1] in "均平":
            continue  # 至今年均增长: 至今 + 年均
        if word == "最近" and _NEAREST_RE.search(text, max(0, start - 8), start):
            continue
        if doc.is_protected(start, end):
            continue
        last_end = end
        yield Mark(
            "R01",
            "time",
            Severity.ERROR,
            start,
            end,
            word,
            f"“{word}”是相对时间词，时过境迁后读者无从知道所指何时",
            suggestion,
        )


# --- Rule 2 -------------------------------------------------------------------------

# 我 + a unit: 我区 我县 我局 …; the suggestion names what to write instead.
_OUR_UNITS = [
    *"区县市省州盟旗镇乡村委局办院校厂矿场部处科室站馆所会司团队组方",
    *("街道", "社区", "公司", "单位", "中心", "系统", "机关", "辖区", "地区"),
]
_VOICE_SPECIAL = {
    "我国": "写“中国”",
    "我党": "写“中国共产党”",
    "我军": "写部队番号，如“中国人民解放军”",
    "我们": "改用第三人称，写明主体",
    "咱们": "改用第三人称，写明主体",
    "本人": "写明人名",
    "笔者": "删去，志书以第三人称客观记述",
}
# 自我 忘我 敌我 唯我 你我 …: 我 is not the first word of a "我区" here.
_NOT_FIRST_PERSON_BEFORE = "自忘敌唯你他无小大非物"
# 本人 is reflexive after a name or pronoun (他本人、张三本人); first person only at the
# head of a clause or after a preposition.
_SELF_OK_BEFORE = "由为是向对给和与据经及即系在将把被从"
# 本单位, 本局, 本部: the unit writing about itself. Only where 本 opens a word (日本部队,
# 基本公共, 校本部 are other words), like 本人. 本区/本县 are the gazetteer's own
# third person and stay.
_OUR_SELF = ["单位", "部门", "部", "局", "委", "办", "院", "所", "公司", "中心", "站", "馆"]

_VOICE_RE = re.compile(
    "我(?:"
    + word_pattern(_OUR_UNITS + ["国", "党", "军", "们"])
    + ")|咱们|本(?:人|"
    + word_pattern(_OUR_SELF)
    + ")|笔者"
)


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


@rule(
    "R02",
    "voice",
    Severity.ERROR,
    "志书以第三人称记述，不用“我区”“我们”“本人”“笔者”等第一人称或以本单位为中心的说法"
    "（《地方志书质量规定》：行文用第三人称）。",
)
def first_person(doc: Document, config: CheckConfig) -> Iterator[Mark]:
    text = doc.text
    for m in _VOICE_RE.finditer(text):
        word = m.group()
        start, end = m.span()
        before = text[start - 1] if start else ""
        if word[0] == "我" and before and before in _NOT_FIRST_PERSON_BEFORE:
            continue
        if word[0] == "本" and before and _is_cjk(before) and before not in _SELF_OK_BEFORE:
            continue
        if word == "本部" and text[end : end + 1] in "队署落":
            continue  # 本部队
        if doc.is_protected(start, end):
            continue
        if word in _VOICE_SPECIAL:
            suggestion = _VOICE_SPECIAL[word]
            message = f"“{word}”是第一人称说法，志书以第三人称记述"
        else:
            suggestion = f"写单位全称或规范简称，如“巴南区”，不用“{word}”"
            message = f"“{word}”是以本单位为中心的说法，应写明单位名称"
        yield Mark("R02", "voice", Severity.ERROR, start, end, word, message, suggestion)
