"""Rules 6, 7 and 8: living people's biographies, abbreviations before their full name,
and names used outside the years they existed.

Rule 6 (生不立传) finds where a biography opens — a line that is only a person's name
followed by a biographical opening, or a paragraph opening ``姓名（1950— ），…`` or
``姓名，男，…`` — and reads the section up to the next biography for a death. Lists of
people (人物表, 名录, 劳动模范: several people on a line, a section headed as a list or
an honour, short person lines one after another, table rows) are not biographies.

Rules 7 and 8 each run one alternation of the office's names over the text. Rule 7 does
not count a section's label (政协工作) as a first use, nor a local committee's registered
name (政协重庆市巴南区委员会); rule 8 dates a name by the event of its own sentence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import lru_cache

from . import defaults_names
from .core import CheckConfig, Document, Mark, PlaceName, Severity, rule
from .rules_dates_terms import year_context

# --- Rule 6 -----------------------------------------------------------------------------

# Common Chinese surnames (the most frequent few hundred) and compound surnames. A name is
# a surname and one or two more characters; a minority name may be joined by a middle dot.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎"
    "贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧"
    "耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍"
    "华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏"
    "宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈"
    "匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖"
    "练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊母裘亓修"
    "邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴"
    "昝智幸奉植衡富尧闭由"
)
_COMPOUND = (
    "欧阳|司马|诸葛|上官|司徒|东方|皇甫|尉迟|公孙|慕容|令狐|夏侯|长孙|宇文|端木|独孤|南宫"
    "|西门|轩辕|钟离|宗政|濮阳|太史|申屠|公冶|澹台|呼延|万俟|闻人|拓跋|百里|司空"
)
_HAN = r"\u4e00-\u9fff"
# Characters that end a word for a unit, a place or a time, not a given name.
_NOT_NAME_END = "年月日时区县市省镇乡村街委局部厅处科所站校院会队组办厂社场矿司馆团"
_GIVEN = rf"[{_HAN}](?<![{_NOT_NAME_END}])"
_NAME = (
    rf"(?:(?:{_COMPOUND})|[{_SURNAMES}])[{_HAN}](?:{_GIVEN})?(?<![{_NOT_NAME_END}])"
    rf"|[{_HAN}]{{1,6}}·[{_HAN}]{{1,8}}"
)
_NAME_SPACED = rf"[{_SURNAMES}][ \u3000]{{0,3}}[{_HAN}](?:[ \u3000]{{0,3}}[{_HAN}])?"
_WS = r"[ \t\r\u3000]*"
_BIRTH_YEAR = r"(?:1[89]\d\d|20[0-2]\d)"
_DASH = r"[—–－\-~～]+"
_YM = rf"{_BIRTH_YEAR}(?:年|\.|．)?(?:\d{{1,2}}(?:月)?)?(?:\d{{1,2}}日)?"

# What a biography opens with, after the name: its life dates, sex or courtesy name.
_OPENING = (
    rf"[（(]{_WS}{_BIRTH_YEAR}"
    rf"|[男女][，,、]"
    rf"|{_BIRTH_YEAR}年(?:\d{{1,2}}月)?(?:\d{{1,2}}日)?(?:出生|生(?![产活态效物长源]))"
    rf"|(?:字|号|又名|原名|曾用名)[{_HAN}]{{1,4}}[，,]"
)
# Where a biography opens: a line that is a name, then a biographical opening
# (group ``hname``); or a paragraph opening with the name and its life dates (``pname``)
# or with the name, a comma and sex or birth (``cname``).
_BIO_BODY = (
    rf"{_WS}(?:(?P<hname>{_NAME_SPACED}){_WS}\n(?:{_WS}\n)*{_WS}(?={_OPENING})"
    rf"|(?P<pname>{_NAME}){_WS}(?P<paren>[（(]{_WS}{_YM}{_WS}"
    rf"(?:{_DASH}{_WS}(?P<death>[^）)\n]{{0,20}})|年?出?生){_WS}[）)])"
    rf"|(?P<cname>{_NAME})[，,]{_WS}(?:[男女][，,、]"
    rf"|[^。\n]{{0,30}}?{_BIRTH_YEAR}年(?:\d{{1,2}}月)?(?:\d{{1,2}}日)?"
    r"(?:出生|生(?![产活态效物长源]))))"
)
_BIO = re.compile(_BIO_BODY)
# Scanning every line start with _BIO is slow (no literal to skip ahead to); these
# anchors find the few lines worth trying: life dates in brackets, a sex, a birth, a
# courtesy name. A biography's anchor is within the first few dozen characters of its
# opening line, or opens the line after its heading.
# One scan led by a character class (the engine skips ahead to it); each branch looks
# back at the character it was led by.
_ANCHOR = re.compile(
    r"[（(男女0-9字号名](?:"
    r"(?<=[（(])[ \t\u3000]*(?:1[89]|20)[0-9]{2}"
    r"|(?<=[男女])[，,、]"
    r"|(?<=[0-9])年(?:[0-9]{1,2}月)?(?:[0-9]{1,2}日)?出?生"
    rf"|(?<=[字号名])[{_HAN}]{{1,4}}[，,])"
)
_ANCHOR_REACH = 45
_HEADING_REACH = 6  # an opening after a heading: 1950年生 (the anchor is at 0年生)
# A death, or a closed life span (1920—2001).
_DEATH = re.compile(
    r"逝世|去世|病逝|病故|辞世|谢世|离世|故去|卒于|卒年|终年|享年|殁|遇难|罹难|遇害|被害|被杀|"
    r"殉职|殉难|殉国|就义|身亡|死于|(?:壮烈|英勇|光荣)牺牲|牺牲(?=[，。；于时在])"
)
# Life dates that close: (1920—2001), (1915年3月—1998年11月).
_CLOSED_SPAN = re.compile(rf"{_WS}[（(][^（）()\n]{{0,12}}{_DASH}{_WS}\d")
# A section headed as a list of people, where the living are properly recorded, or as
# biographies; a heading is a short line without sentence punctuation.
_LIST_WORDS = re.compile(r"录|人物表|名表|简介|一览|名单|简表")
# Headings of lists of people honoured or holding a seat (劳动模范, 先进个人, 人大代表名单
# …): the living are recorded there by name. At least four characters, so that a person's
# name heading (王先进) is not read as one.
_HONOUR_WORDS = re.compile(r"模范|劳模|英模|先进|代表|委员|获得者|获奖|荣誉|表彰|光荣榜|人员")
_HONOUR_HEADING_MIN = 4
# A line of a list of people: short, and next to another such line (王建国，男，1962年生，
# 界石镇农民。⏎刘芳，女，…), outside a section headed as biographies; a biography's
# opening paragraph is longer, or followed by the rest of the biography.
_LIST_LINE_MAX = 60
_BIOGRAPHY_WORDS = re.compile(r"传|人物")
_HEADING_PUNCTUATION = re.compile(r"[。，；：,;:]")
_HEADING_LENGTH = 45
# Several people on one line: another name with life dates after a separator.
_ANOTHER_PERSON = re.compile(
    rf"(?:[、；;\t]|[ \u3000]{{2,}}){_WS}(?:{_NAME}){_WS}[（(]{_WS}{_BIRTH_YEAR}"
    rf"|[，,；;][ \u3000]*(?:{_NAME})[，,][男女][，,]"
)
_SECTION_LIMIT = 3000

_BIOGRAPHY_EXPLANATION = (
    "生不立传：人物传只为已故人物立传，在世人物不立传；在世人物的事迹以事系人，"
    "或收入人物表、名录（《地方志书质量规定》：“坚持生不立传”）。"
)


def _sections(text: str) -> list[tuple[int, int]]:
    """(line start, kind) of the headings of lists of people (kind 1) and of
    biographies (kind 0, a heading ending in 传, 传略 or 人物)."""
    heads: dict[int, int] = {}
    for pattern, kind in ((_LIST_WORDS, 1), (_HONOUR_WORDS, 2), (_BIOGRAPHY_WORDS, 0)):
        for m in pattern.finditer(text):
            # searches bounded by the longest heading: a long line is no heading, and a
            # text of one enormous line is not read again for every match
            start = _line_start(text, m.start(), _HEADING_LENGTH)
            end = text.find("\n", m.end(), m.end() + _HEADING_LENGTH)
            end = (len(text) if m.end() + _HEADING_LENGTH >= len(text) else -1) if end < 0 else end
            if start < 0 or end < 0:
                continue
            line = text[start:end].strip()
            if len(line) > _HEADING_LENGTH or _HEADING_PUNCTUATION.search(line):
                continue
            if kind == 0 and not line.endswith(("传", "传略", "人物")):
                continue
            if kind == 2 and len(line) < _HONOUR_HEADING_MIN:
                continue
            heads.setdefault(start, min(kind, 1))
    return sorted(heads.items())


def _line_start(text: str, pos: int, reach: int) -> int:
    """The start of the line holding ``pos`` when it is at most ``reach`` characters
    back, else -1."""
    low = max(0, pos - reach - 1)
    start = text.rfind("\n", low, pos) + 1
    if start == 0 and low > 0:
        return -1
    return start


def _bio_starts(text: str) -> list[tuple[int, re.Match[str]]]:
    """(line start, match) of every line where a biography opens, in text order."""
    tried: set[int] = set()
    found: list[tuple[int, re.Match[str]]] = []
    for a in _ANCHOR.finditer(text):
        line_start = _line_start(text, a.start(), _ANCHOR_REACH)
        if line_start < 0:
            continue  # too far into its line to open a biography
        candidates = [line_start]
        if a.start() - line_start <= _HEADING_REACH and line_start:
            # the opening of a biography whose heading is the line before
            prev = line_start - 1
            while prev > 0 and not text[prev - 1 : prev].strip():
                prev -= 1
            heading = _line_start(text, prev, _HEADING_LENGTH)
            if heading >= 0:
                candidates.append(heading)
        for start in candidates:
            if start in tried:
                continue
            tried.add(start)
            m = _BIO.match(text, start)
            if m:
                found.append((start, m))
    found.sort(key=lambda item: item[0])
    return found


@rule("R06", "biography", Severity.ERROR, _BIOGRAPHY_EXPLANATION)
def living_biography(doc: Document, config: CheckConfig) -> Iterator[Mark]:
    text = doc.text
    starts = _bio_starts(text)
    if not starts:
        return
    heads = _sections(text)
    head_starts = [h for h, _k in heads]
    listed = _list_lines(text, starts)
    for n, (line_start, m) in enumerate(starts):
        k = bisect.bisect_right(head_starts, line_start) - 1
        if k >= 0 and heads[k][1] == 1:
            continue  # inside a list of people
        if line_start in listed and (k < 0 or heads[k][1] != 0):
            # short lines of people one after another, outside a section headed as
            # biographies (人物传, 传略): a list
            continue
        section_end = starts[n + 1][0] if n + 1 < len(starts) else len(text)
        section_end = min(section_end, line_start + _SECTION_LIMIT)
        if m.group("hname"):
            name_start, name_end = m.span("hname")
            if _CLOSED_SPAN.match(text, m.end()):
                continue  # the life dates open the biography and close
        else:
            group = "pname" if m.group("pname") else "cname"
            name_start, name_end = m.span(group)
            if not _is_biography(text, line_start, m, group):
                continue
            heading = _heading_before(text, line_start, text[name_start:name_end])
            if heading is not None:
                name_start, name_end = heading
        if _DEATH.search(text, m.end(), section_end):
            continue
        name = text[name_start:name_end]
        yield Mark(
            "R06",
            "biography",
            Severity.ERROR,
            name_start,
            name_end,
            name,
            f"“{name}”的传记中没有卒年或去世的记载：生不立传，在世人物不立传。",
            "如人物在世，改为以事系人或收入人物表、名录；如已去世，补写卒年",
        )


def _list_lines(text: str, starts: list[tuple[int, re.Match[str]]]) -> set[int]:
    """The starts of lines that belong to a list of people: a line opening with a person
    (``pname`` or ``cname``), short, right after or before another such line (blank
    lines between allowed), or a row of a table (fields split by tabs)."""
    short: list[int] = []
    for line_start, m in starts:
        if m.group("hname"):
            continue  # a name heading opens a biography
        line_end = text.find("\n", line_start, line_start + _LIST_LINE_MAX + 2)
        if line_end < 0 and len(text) - line_start > _LIST_LINE_MAX:
            continue
        line = text[line_start : len(text) if line_end < 0 else line_end]
        if len(line.strip()) <= _LIST_LINE_MAX:
            short.append(line_start)
    listed: set[int] = set()
    for line_start, _m in starts:
        line_end = text.find("\n", line_start)
        if "\t" in text[line_start : len(text) if line_end < 0 else line_end]:
            listed.add(line_start)
    for a, b in zip(short, short[1:], strict=False):
        a_end = text.find("\n", a, b)
        if a_end >= 0 and not text[a_end:b].strip():
            listed.update((a, b))  # adjacent lines: only line breaks between them
    return listed


def _is_biography(text: str, line_start: int, m: re.Match[str], group: str) -> bool:
    """Whether a paragraph opening with a name and life dates (``pname``) or sex and
    birth (``cname``) is a biography of one living person, not a line of a list."""
    line_end = text.find("\n", line_start)
    line_end = len(text) if line_end < 0 else line_end
    if _ANOTHER_PERSON.search(text, m.end(group), line_end):
        return False  # several people on one line: a list
    if group == "cname":
        return True
    if m.group("death") and m.group("death").strip():
        return False  # 1920—2001: the life span is closed
    rest = text[m.end() : line_end].strip()
    if not rest:
        # the name and dates are the heading; the biography must follow
        following = text[line_end + 1 : line_end + 200].lstrip()
        return len(following.split("\n", 1)[0]) >= 20
    return rest[0] in "，," and len(rest) >= 10  # else a term of office in a list


def _heading_before(text: str, start: int, name: str) -> tuple[int, int] | None:
    """The span of the name in the line before ``start`` when that line is only the
    name (the biography's heading), else None."""
    if start == 0:
        return None
    prev_end = start - 1
    while prev_end > 0 and not text[prev_end - 1 : prev_end].strip():
        prev_end -= 1  # blank lines and trailing spaces
    prev_start = _line_start(text, prev_end, _HEADING_LENGTH)
    if prev_start < 0:
        return None
    line = text[prev_start:prev_end]
    if line.strip().replace(" ", "").replace("\u3000", "") != name:
        return None
    offset = len(line) - len(line.lstrip())
    return prev_start + offset, prev_start + len(line.rstrip())


# --- Rule 7 -----------------------------------------------------------------------------

_ABBREVIATION_EXPLANATION = (
    "简称：机构、组织、会议、文件等名称在志书中首次出现时用全称，可括注简称，以后方可用简称"
    "（《地方志书质量规定》：行文规范；各地志书行文通则）。"
)


# A full name may hold a gap ``…`` for the place in it: 共青团…区委员会 is 共青团重庆市巴南区
# 委员会 as well as 共青团巴县委员会's successors.
_FULL_GAP = r"[\u4e00-\u9fff]{1,10}?"
# The registered name of a local committee is the abbreviation of its parent body, then
# the place from its province-level unit down, then 委员会: 政协重庆市巴南区委员会,
# 共青团重庆市巴南区委员会. That is the body's own name (on its seal), not a short form;
# 共青团巴南区委员会, which drops the province-level unit, is the short form.
_REGISTERED = re.compile(
    r"[\u4e00-\u9fff]{1,6}?(?:省|市|自治区)(?:[\u4e00-\u9fff]{1,8}?(?:市|区|县|州|旗|盟))*委员会"
)
# A section label (政协工作, 共青团) is not prose; see _section_label.
_LEVELS = ("", "区", "县", "市", "镇", "乡", "全国", "省")
_TOPIC = re.compile(r"(?:工作|概况|简况|综述|组织|建设|活动|事务)?[ \t\u3000\r]*(?:\n|$)")
# 基层妇联组织, 各级团组织: the kind of body, not one body named short.
_GENERIC_BEFORE = ("基层", "各级", "各地")


@lru_cache(maxsize=16)
def _abbreviation_pattern(
    pairs: tuple[tuple[str, str], ...],
) -> tuple[re.Pattern[str], tuple[tuple[re.Pattern[str], str], ...]]:
    """One alternation of every name (full names with a gap first, then the longest
    names first), and the full names with a gap as (pattern, full name)."""
    words = {w for pair in pairs for w in pair if "…" not in w}
    gapped = sorted({f for f, _a in pairs if "…" in f}, key=len, reverse=True)
    gap_patterns = tuple(
        (re.compile(_FULL_GAP.join(re.escape(p) for p in f.split("…"))), f) for f in gapped
    )
    ordered = [p.pattern for p, _f in gap_patterns]
    ordered += [re.escape(w) for w in sorted(words, key=len, reverse=True)]
    return re.compile("|".join(ordered)), gap_patterns


def _section_label(text: str, start: int, end: int) -> bool:
    """Whether the abbreviation at [start, end) is a section's label: a line of its own
    holding only the abbreviation, a level before it and a topic word after it (政协工作,
    共青团概况, 区人大). Such a heading is not prose and is not the name's first use; a
    heading that says something (区政协助推城乡融合发展) is."""
    line_start = text.rfind("\n", max(0, start - 3), start) + 1
    if line_start == 0 and start > 2:
        return False
    if text[line_start:start].strip(" \t\u3000") not in _LEVELS:
        return False
    m = _TOPIC.match(text, end)
    return m is not None


def _entry_title_names(text: str, start: int, end: int) -> bool:
    """Whether the abbreviation is the whole title of a yearbook entry (【区妇联】, with
    at most a level before it): the entry is about that body, which it may call so."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start].strip(" \t\u3000")
    return before in ("【", "【区", "【县", "【市", "【镇", "【乡") and text.startswith("】", end)


@rule("R07", "abbreviation", Severity.WARNING, _ABBREVIATION_EXPLANATION)
def abbreviation_first(doc: Document, config: CheckConfig) -> Iterator[Mark]:
    pairs = tuple(
        (f, a) for f, a in (config.abbreviations or defaults_names.ABBREVIATIONS) if f and a
    )
    if not pairs:
        return
    full_of: dict[str, list[str]] = {}
    for full, abbr in pairs:
        full_of.setdefault(abbr, []).append(full)
    fulls = {f for f, _a in pairs}
    pattern, gap_patterns = _abbreviation_pattern(pairs)
    introduced: set[str] = set()
    done: set[str] = set()
    text = doc.text

    def first_use(word: str, start: int, end: int) -> Mark | None:
        """The mark for an abbreviation at [start, end) when it is its first use."""
        if word not in full_of or word in done:
            return None
        names = full_of[word]
        if any(f in introduced for f in names):
            done.add(word)
            return None
        if _REGISTERED.match(text, end):
            introduced.update(names)  # 政协重庆市巴南区委员会: the body's own name
            return None
        if doc.is_protected(start, end):
            return None  # a title or a quotation is reproduced as it is
        if text[max(0, start - 2) : start] in _GENERIC_BEFORE:
            return None
        if _entry_title_names(text, start, end):
            done.add(word)
            return None
        if _section_label(text, start, end):
            return None  # a section's label is not prose: the first use is still to come
        following = text[end : end + 40]
        done.add(word)
        if following.startswith(("（", "(")) and any(f in following for f in names):
            return None  # 政协（中国人民政治协商会议…）: explained at once
        return Mark(
            "R07",
            "abbreviation",
            Severity.WARNING,
            start,
            end,
            word,
            f"简称“{word}”首次出现时前文未用全称“{names[0]}”。",
            f"首次出现时写全称“{names[0]}”，可括注“简称{word}”",
        )

    for m in pattern.finditer(text):
        word = m.group(0)
        if word.isascii() and _in_latin_word(text, m.start(), m.end()):
            continue  # GDP inside a longer Latin word
        if word in fulls:
            introduced.add(word)
        elif word not in full_of:
            # a full name with a gap (共青团…区委员会): which, and an abbreviation it opens
            introduced.update(f for p, f in gap_patterns if p.fullmatch(word))
            introduced.update(f for f in fulls if "…" not in f and f in word)
            for abbr in full_of:
                if word.startswith(abbr) and abbr not in fulls:
                    mark = first_use(abbr, m.start(), m.start() + len(abbr))
                    if mark:
                        yield mark
            continue
        mark = first_use(word, m.start(), m.end())
        if mark:
            yield mark


# --- Rule 8 -----------------------------------------------------------------------------

_NAMES_EXPLANATION = (
    "名称以时为准：地名、机构名称用事件发生时的名称，必要时括注今名，如“巴县（今巴南区）”"
    "（《地方志书质量规定》：地名、机构名称使用当时的名称）。"
)
# Words around a name that show the writer knows the name's time: 原巴县, 今巴南区,
# 撤销巴县, 巴县更名为…, 巴县档案 (an archive's own name), 巴县中学 (schools keep their
# historic names: 重庆市巴县中学校).
_NAME_BEFORE = ("原", "今", "旧", "前", "撤销", "即", "称", "现", "现为", "改为", "设立", "由")
_NAME_AFTER = (
    "撤",
    "更名",
    "改名",
    "改称",
    "改为",
    "档案",
    "志",
    "衙门",
    "旧址",
    "时期",
    "中学",
    "小学",
)


@lru_cache(maxsize=16)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True)))


@rule("R08", "names", Severity.WARNING, _NAMES_EXPLANATION)
def anachronistic_names(doc: Document, config: CheckConfig) -> Iterator[Mark]:
    places: list[PlaceName] = [
        p for p in (config.place_names or defaults_names.PLACE_NAMES) if p.name
    ]
    if not places:
        return
    periods: dict[str, list[PlaceName]] = {}
    for p in places:
        periods.setdefault(p.name, []).append(p)
    text = doc.text
    for m in _names_pattern(tuple(periods)).finditer(text):
        name = m.group(0)
        start, end = m.span()
        before = text[max(0, start - 2) : start]
        if before.endswith(_NAME_BEFORE) or text.startswith(_NAME_AFTER, end):
            continue
        if _glossed(text, start, end, periods):
            continue
        years = year_context(doc, start, sentence=True)
        if years is None:
            continue
        lo, hi = years
        entries = periods[name]
        if any(
            (p.valid_from is None or hi >= p.valid_from)
            and (p.valid_to is None or lo <= p.valid_to)
            for p in entries
        ):
            continue
        if doc.is_protected(start, end):
            continue
        first = entries[0]
        span = _period(entries)
        when = _years(lo, hi)
        suggestion = f"改用当时的名称“{first.other_names}”" if first.other_names else ""
        yield Mark(
            "R08",
            "names",
            Severity.WARNING,
            start,
            end,
            name,
            f"“{name}”的使用时间为{span}，与所述时间（{when}）不符：名称以时为准。",
            suggestion,
        )


def _period(entries: list[PlaceName]) -> str:
    parts = []
    for p in entries:
        a = f"{p.valid_from}年" if p.valid_from is not None else ""
        b = f"{p.valid_to}年" if p.valid_to is not None else ""
        parts.append(f"{a}—{b}" if a and b else (f"{a}起" if a else f"{b}以前"))
    return "、".join(parts)


def _years(lo: int, hi: int) -> str:
    if lo == hi:
        return f"{lo}年"
    if lo <= -10_000:
        return f"{hi}年以前"
    if hi >= 10_000:
        return f"{lo}年以后"
    return f"{lo}—{hi}年"


def _overlaps(p: PlaceName, lo: int, hi: int) -> bool:
    """Whether the name was in use at some time within [lo, hi]."""
    return (p.valid_from is None or hi >= p.valid_from) and (p.valid_to is None or lo <= p.valid_to)


def _in_latin_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1 : start] if start else ""
    after = text[end : end + 1]
    return (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())


def _glossed(text: str, start: int, end: int, names: dict[str, list[PlaceName]]) -> bool:
    """Whether the name is given together with another name of the list, one of them in
    brackets: 巴县（巴南区）, 巴南区（原巴县）, （今巴南区）: the writer names both times."""
    if start and text[start - 1] in "（(":
        before = text[max(0, start - 12) : start - 1]
        if before.endswith("今") or any(before.endswith(n) for n in names):
            return True
    if text[end : end + 1] in ("（", "("):
        inside = text[end + 1 : end + 14]
        return any(inside.lstrip("今原即").startswith(n) for n in names)
    return False
