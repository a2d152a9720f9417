"""Default lists the office starts from (the database keeps its own edited copy).

Rule 3 (述而不论) reads ``CheckConfig.evaluation_words``; when that list is empty it uses
``DEFAULT_EVALUATION_WORDS``. An entry is either a word to mark or, written with a
leading ``!``, an exception: a longer phrase in whose company the word is fine
(``!中华民族伟大复兴``: a fixed official term, not the author's praise).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_Trie = dict[str, "_Trie"]


def word_pattern(words: Iterable[str]) -> str:
    """One regular expression for a list of words, as a trie (取得(?:了巨大成就|巨大成就)…):
    the engine then tests one branch per character instead of every word, and a longer
    word wins over its prefix (近年来 over 近年)."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here: the longer words are tried first
            return body + "?" if len(branches) == 1 and len(body) == 1 else f"(?:{body})?"
        return body

    return emit(trie)


# Evaluation and propaganda language: a gazetteer records facts and lets them speak
# (述而不论); these words are the author's praise, not a record.
DEFAULT_EVALUATION_WORDS: list[str] = [
    # achievements
    "取得了巨大成就",
    "取得巨大成就",
    "取得了举世瞩目的成就",
    "取得了显著成效",
    "取得显著成效",
    "取得了丰硕成果",
    "取得丰硕成果",
    "巨大成就",
    "巨大成绩",
    "巨大变化",
    "巨大贡献",
    "成效显著",
    "成绩显著",
    "成绩斐然",
    "成果丰硕",
    "硕果累累",
    "卓有成效",
    "卓越贡献",
    "丰功伟绩",
    "功不可没",
    "圆满成功",
    "圆满完成",
    "圆满结束",
    "胜利召开",
    "隆重召开",
    "隆重举行",
    "隆重纪念",
    # attention and reception
    "高度重视",
    "高度评价",
    "亲切关怀",
    "亲切接见",
    "英明领导",
    "英明决策",
    "正确领导",
    "热烈欢迎",
    "热烈祝贺",
    "热烈拥护",
    "热情洋溢",
    "欢欣鼓舞",
    "兴高采烈",
    "喜气洋洋",
    "深受好评",
    "广受好评",
    "一致好评",
    "好评如潮",
    "交口称赞",
    "有口皆碑",
    "家喻户晓",
    "深入人心",
    # superlatives and grandeur
    "空前",
    "史无前例",
    "前所未有",
    "举世瞩目",
    "举世闻名",
    "闻名遐迩",
    "享誉中外",
    "伟大",
    "辉煌",
    "光辉历程",
    "光辉业绩",
    "首屈一指",
    "独一无二",
    "无与伦比",
    "蓬勃发展",
    "欣欣向荣",
    "日新月异",
    "翻天覆地",
    "突飞猛进",
    "如火如荼",
    "轰轰烈烈",
    "焕然一新",
    "面貌一新",
    "令人瞩目",
    "令人鼓舞",
    "可喜可贺",
    "可歌可泣",
    "极大地",
    "热烈",
    "隆重",
    "盛大",
    "亲切",
    "杰出贡献",
    "显著成绩",
    "成就非凡",
    "振奋人心",
    "鼓舞人心",
    "激动人心",
    "波澜壮阔",
    "众志成城",
    "生机勃勃",
    "蒸蒸日上",
    "旧貌换新颜",
    # exceptions: fixed terms and names that contain an evaluation word
    "!中华民族伟大复兴",
    "!伟大复兴",
    "!伟大旗帜",
    "!伟大工程",
    "!伟大斗争",
    "!伟大事业",
    "!伟大梦想",
    "!伟大建党精神",
    "!辉煌路",
    "!辉煌村",
    "!辉煌社区",
]

# A suggestion for words where something more precise than "delete it" can be said.
EVALUATION_SUGGESTIONS: dict[str, str] = {
    "高度重视": "删去，或写明采取的具体措施（如成立领导小组、出台文件）",
    "热烈欢迎": "删去“热烈”，写“欢迎”或直述其事",
    "热烈祝贺": "删去“热烈”，直述其事",
    "隆重召开": "删去“隆重”，写“召开”",
    "隆重举行": "删去“隆重”，写“举行”",
    "胜利召开": "删去“胜利”，写“召开”",
    "圆满成功": "删去，写明结果与数据",
    "圆满完成": "写“完成”，并写明完成的指标",
    "深受好评": "删去，或写明获得的具体奖项、评价来源",
    "广受好评": "删去，或写明获得的具体奖项、评价来源",
    "一致好评": "删去，或写明获得的具体奖项、评价来源",
    "空前": "删去，以数据说明规模",
    "极大地": "删去“极大地”，以数据说明程度",
}
DEFAULT_EVALUATION_SUGGESTION = "删去评价性词语，以事实和数据客观记述"
