"""Default lists the office starts from (the database keeps its own edited copy).

Rule 3 (述而不论) reads ``CheckConfig.evaluation_words``; when that list is empty it uses
``DEFAULT_EVALUATION_WORDS``. An entry is either a word to mark or, written with a
leading ``!``, an exception: a longer phrase in whose company the word is fine
(``!中华民族伟大复兴``: a fixed official term, not the author's praise). A word may hold
a gap written ``…``: up to ``EVALUATION_GAP`` Chinese characters (no punctuation) may
stand there, so ``深受…好评`` finds 深受好评, 深受群众好评 and 深受社会各界的好评.
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
    # praise of a person (传记 and 人物 entries record deeds, not virtues)
    "桃李满天下",
    "桃李满园",
    "德高望重",
    "兢兢业业",
    "任劳任怨",
    "勤勤恳恳",
    "呕心沥血",
    "鞠躬尽瘁",
    "废寝忘食",
    "无私奉献",
    "默默奉献",
    "舍己为人",
    "公而忘私",
    "德才兼备",
    "才华横溢",
    "高风亮节",
    "劳苦功高",
    "功勋卓著",
    "居功至伟",
    "彪炳史册",
    "永载史册",
    "名垂青史",
    "流芳百世",
    "感人肺腑",
    "感人至深",
    "催人泪下",
    # reputation and reception
    "远近闻名",
    "声名远扬",
    "美名远扬",
    "名扬四海",
    "驰名中外",
    "享誉海内外",
    "享誉全国",
    "誉满全国",
    "妇孺皆知",
    "人人称道",
    "交口称誉",
    "赞不绝口",
    "赞誉有加",
    "拍手称快",
    "大快人心",
    "喜闻乐见",
    "深得民心",
    "广为传颂",
    "广为称道",
    "广为赞誉",
    "深受教育",
    "深受鼓舞",
    "深受启发",
    "深受感动",
    "深受鼓励",
    "深受启迪",
    # results described instead of recorded
    "成效明显",
    "成绩突出",
    "成绩喜人",
    "成绩优异",
    "意义重大",
    "意义深远",
    "影响深远",
    "深远影响",
    "历史性突破",
    "历史性跨越",
    "质的飞跃",
    "长足进步",
    "长足发展",
    "捷报频传",
    "喜讯频传",
    "精彩纷呈",
    "异彩纷呈",
    "亮点纷呈",
    "有声有色",
    "蔚然成风",
    "有目共睹",
    "引人注目",
    "可圈可点",
    "令人欣慰",
    "大获成功",
    "风景如画",
    "美不胜收",
    "气势恢宏",
    "熠熠生辉",
    # Phrases with a gap (…): any few Chinese characters (no punctuation) may stand
    # between the parts, as in 深受群众好评, 广受社会各界赞誉, 高度地评价.
    *(
        f"{head}…{praise}"
        for head in ("深受", "广受", "备受", "倍受", "颇受", "大受", "深得")
        for praise in (
            "好评",
            "欢迎",
            "赞誉",
            "称赞",
            "称道",
            "赞扬",
            "赞赏",
            "赞许",
            "青睐",
            "喜爱",
            "爱戴",
            "拥戴",
            "推崇",
            "信赖",
            "尊敬",
            "敬重",
            "拥护",
            "瞩目",
        )
    ),  # fmt: skip
    *(
        f"{head}…{praise}"
        for head in ("受到", "得到", "获得", "赢得", "博得")
        for praise in (
            "好评",
            "赞誉",
            "称赞",
            "称道",
            "赞扬",
            "赞赏",
            "赞许",
            "青睐",
            "喜爱",
            "爱戴",
            "拥戴",
            "推崇",
        )
    ),  # fmt: skip
    *(
        f"高度…{verb}"
        for verb in ("赞扬", "赞赏", "赞誉", "称赞", "肯定", "评价", "重视", "认可", "关注")
    ),
    *(f"一致…{praise}" for praise in ("好评", "赞扬", "称赞", "赞誉", "认可", "肯定")),
    *(
        f"{verb}…{page}"
        for verb in ("谱写", "书写", "续写", "开创", "开辟")
        for page in ("新篇章", "新篇", "华章", "新局面", "新纪元")
    ),
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
# For a phrase found with a gap (深受群众好评): what it ends with.
EVALUATION_SUGGESTIONS_BY_END: dict[str, str] = {
    "好评": "删去，或写明获得的具体奖项、评价来源",
    "赞誉": "删去，或写明获得的具体奖项、评价来源",
    "欢迎": "删去，或以参加人数、销量等数据说明",
    "重视": "删去，或写明采取的具体措施（如成立领导小组、出台文件）",
}
# The most characters a gap (…) in an evaluation phrase stands for.
EVALUATION_GAP = 8
