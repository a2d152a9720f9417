"""Default lists for rules 7, 8 and 10 (abbreviations, names with their validity, fixed
terms). The office keeps its own edited copy in the database; the Django layer merges it
over these (``fangzhi/quality/config.py``). A rule uses these lists only when the
configuration it is given has none of its own.

Every entry states the fact it rests on: a wrong default marks correct text in every
manuscript, so the lists are short and hold only what is certain.
"""

from __future__ import annotations

from .core import PlaceName

# Rule 7: (full name, abbreviation). A gazetteer names a body in full at its first
# mention, with the abbreviation in brackets if it is used later (各地志书行文规范:
# “机构名称首次出现时用全称，并括注简称”). A full name may hold ``…`` for the place
# in it (共青团…区委员会). The party committees themselves (区委 for 中共重庆市巴南区委员会,
# 区政府) are not listed: every text names them short, and a mark on each would drown
# the rest.
ABBREVIATIONS: list[tuple[str, str]] = [
    # 中国人民政治协商会议 and its local committees (区政协, 市政协 …)
    ("中国人民政治协商会议", "政协"),
    # 人民代表大会 and its standing committees (区人大, 人大常委会 …)
    ("人民代表大会", "人大"),
    # 中国共产主义青年团 (团章: 简称“共青团”)
    ("中国共产主义青年团", "共青团"),
    # 发展和改革委员会 (区发改委 …)
    ("发展和改革委员会", "发改委"),
    # 国内生产总值 (GB/T and 统计年鉴: GDP is the English abbreviation)
    ("国内生产总值", "GDP"),
    # The people's organisations (群团组织) and the party's discipline commission, whose
    # short names (区妇联, 区纪委, 区科协 …) a yearbook uses after the full name. The
    # government's own departments (区教委, 区卫生健康委 …) are left to the office's list:
    # their short forms are the usual names in the district's own documents.
    ("纪律检查委员会", "纪委"),
    ("妇女联合会", "妇联"),
    ("科学技术协会", "科协"),
    ("残疾人联合会", "残联"),
    ("归国华侨联合会", "侨联"),
    ("文学艺术界联合会", "文联"),
    ("社会科学界联合会", "社科联"),
    # 团区委 (团县委, 团市委) is 共青团…区委员会; ``…`` stands for the place in the name.
    ("共青团…区委员会", "团区委"),
    ("中国共产主义青年团…区委员会", "团区委"),
    ("共青团…县委员会", "团县委"),
    ("中国共产主义青年团…县委员会", "团县委"),
    ("共青团…市委员会", "团市委"),
    ("中国共产主义青年团…市委员会", "团市委"),
]

# Rule 8: names with the years they were in use (inclusive); an open end is None.
PLACE_NAMES: list[PlaceName] = [
    # 国务院1994年12月批复撤销巴县，设立重庆市巴南区 (正式挂牌 1995年). The year of the
    # approval is counted to both names, so either is accepted for 1994.
    PlaceName("巴南区", 1994, None, "巴县"),
    PlaceName("巴县", None, 1994, "巴南区"),
    # 重庆 was a directly governed city 1939–1954 (行政院直辖市 from May 1939, 中央直辖市
    # 1949–1954, then a city of 四川省) and again from 1997 (八届全国人大五次会议, 14 March
    # 1997). Two entries: a name is fine when any of its periods covers the year.
    PlaceName("重庆直辖市", 1939, 1954, "四川省重庆市"),
    PlaceName("重庆直辖市", 1997, None, "四川省重庆市"),
    # 万县市 became 重庆市万县区 in December 1997 and was renamed 万州区 in May 1998.
    PlaceName("万州区", 1998, None, "万县市（1997年12月起为万县区）"),
]

# Rule 10 (规范表述): (wrong form, right form); an empty right form means the wording
# must not appear at all.
FIXED_TERMS: list[tuple[str, str]] = [
    # The head of the State Council is its 总理 (《中华人民共和国宪法》第八十六条).
    ("国务院首相", "国务院总理"),
    # Taiwan has no “government” or “president” in Chinese official usage: 台湾当局,
    # 台湾地区领导人 (新华社《新闻报道中的禁用词》).
    ("台湾政府", "台湾当局"),
    ("台湾总统", "台湾地区领导人"),
    # A hybrid of 全国人民代表大会 and 全国人大.
    ("全国人大代表大会", "全国人民代表大会"),
    # The People's Republic was founded, not “built”: 中华人民共和国成立 (地方志行文规范:
    # 不用“建国前”“建国后”).
    ("建国前", "中华人民共和国成立前"),
    ("建国后", "中华人民共和国成立后"),
    ("建国以来", "中华人民共和国成立以来"),
    # “文化大革命” is written in full and in quotation marks (中共中央《关于建国以来党的
    # 若干历史问题的决议》 and the publishing rules that follow it); quoted text is not
    # checked, so “文革” in quotation marks passes.
    ("文革", "“文化大革命”"),
    ("文化大革命", "“文化大革命”"),
    # 解放前/解放后 is relative to a date that differs from place to place: write the
    # year (地方志行文规范: “不用‘解放前’‘解放后’，写明具体年代”). A notice (R10.1).
    ("解放前", "1949年以前（或写明当地解放的具体年月）"),
    ("解放后", "1949年以后（或写明当地解放的具体年月）"),
]

# Fixed terms reported as a notice (R10.1) rather than a warning: usual in older prose,
# and the editor decides which year to write.
NOTICE_TERMS: frozenset[str] = frozenset({"解放前", "解放后"})

# The most common surnames (国 left out: 中国建国后 is the term itself).
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜"
    "叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎"
    "贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧"
)

# Neighbours that make a default term part of another phrase: term → (characters that
# must not precede it, characters that must not follow it).
TERM_CONTEXT: dict[str, tuple[str, str]] = {
    "解放前": ("", "夕进线"),  # 解放前夕 is a dated moment, not a period; 解放前进, 解放前线
    "解放后": ("想", ""),  # 思想解放后: the liberation of thought
    # 建国 is also a given name: 李建国前往…, 张建国后来…, 杨建国后调任….
    "建国前": (_SURNAMES, "往去来进夕"),
    "建国后": (_SURNAMES, "来面边方"),
    "建国以来": (_SURNAMES, ""),
    "文革": ("语", "新"),  # 语文革新
}

# 解放 is a given name too: 李解放后来回到家乡, 张解放后又调任…, 王解放前往北京. A term is
# read as a name when a common surname stands right before it and the characters after
# it continue the sentence as a name's would (后 + 来/又: 后来, 后又; 前 + 往/去: 前往).
GIVEN_NAME_CONTEXT: dict[str, str] = {
    "解放前": "往去",
    "解放后": "来又",
}
GIVEN_NAME_SURNAMES = _SURNAMES
