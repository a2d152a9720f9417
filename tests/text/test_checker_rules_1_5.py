"""Checker rules 1–5: relative time, voice, evaluation, numbers, punctuation.

Each sub-check has positive examples (the exact span it marks) and tempting negatives:
quotations, 《》 titles, names containing 今 or 我, English text, codes and tables.
"""

from __future__ import annotations

import pytest

from fangzhi.text.checker import (  # noqa: F401  (importing registers the rules)
    RULES,
    CheckConfig,
    rules_evaluation,
    rules_numbers,
    rules_punctuation,
    rules_time_voice,
)
from fangzhi.text.checker.core import Document, Mark


def run(text: str, rule_id: str, config: CheckConfig | None = None) -> list[Mark]:
    """The marks of one rule (``R04``: all its variants; ``R04.2``: that variant)."""
    config = config or CheckConfig()
    doc = Document(text)
    out: list[Mark] = []
    for rid in sorted(RULES):
        if rid == rule_id or rid.split(".")[0] == rule_id:
            out.extend(RULES[rid].run(doc, config))
    return sorted(out, key=lambda m: m.start)


def spans(text: str, rule_id: str, config: CheckConfig | None = None) -> list[str]:
    marks = run(text, rule_id, config)
    for m in marks:
        assert text[m.start : m.end] == m.excerpt  # offsets and excerpt agree
    return [m.excerpt for m in marks]


def test_rules_registered_with_chinese_explanation_naming_the_standard():
    for rid in ("R01", "R02", "R03"):
        assert RULES[rid].explanation
    for rid in ("R04.1", "R04.2", "R04.3", "R04.4", "R04.5"):
        assert "GB/T 15835-2011" in RULES[rid].explanation
    assert "法定计量单位" in RULES["R04.6"].explanation
    for rid in ("R05.1", "R05.2", "R05.3", "R05.4", "R05.5", "R05.6"):
        assert "GB/T 15834-2011" in RULES[rid].explanation
        assert RULES[rid].category == "punctuation"
    assert RULES["R01"].category == "time" and RULES["R02"].category == "voice"
    assert RULES["R03"].category == "evaluation" and RULES["R04.1"].category == "numbers"


# --- R01 relative time --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("今年全区地区生产总值增长5.2%。", ["今年"]),
        ("去年12月，区政府召开会议。", ["去年"]),
        ("目前全镇有小学3所，近年来新建道路12千米。", ["目前", "近年来"]),
        ("该馆日前完成改造，上月开放。", ["日前", "上月"]),
        ("现在全区常住人口112万人。", ["现在"]),
        ("前不久，区委召开全会。最近又召开常委会。", ["前不久", "最近"]),
        ("最近3年新建学校5所。", ["最近"]),
        ("如今年轻人多外出务工。", ["如今"]),
        ("近3年来新建学校5所，上世纪80年代建成水库。", ["近3年来", "上世纪"]),
        ("去冬今春降水偏少。今后将加强监测。", ["去冬", "今春", "今后"]),
    ],
)
def test_r01_marks_relative_time_words(text, expected):
    assert spans(text, "R01") == expected


@pytest.mark.parametrize(
    "text",
    [
        "张今朝任区文化馆馆长。",  # a name with 今
        "今天下大势，分久必合。",  # 今 + 天下
        "1995年至今年均增长3%。",  # 至今 + 年均
        "问题表现在三个方面，体现在基层。",  # 表现 + 在
        "春节日前后客流集中。5月1日前完工。",  # 节日 + 前, 1日 + 前
        "离城区最近的学校是鱼洞小学。",  # nearest, not recent
        "将近年产量的一半。将近3年未修。",  # 将近 + 年产, a duration
        "过去冬季多雾。",  # 过去 + 冬季
        "区长在会上说：“今年要抓好防汛。”",  # a quotation
        "出版《今日巴南》杂志。",  # a title
        "2023年全区地区生产总值增长5.2%。",
    ],
)
def test_r01_leaves_names_quotations_and_titles(text):
    assert spans(text, "R01") == []


def test_r01_suggests_an_absolute_date():
    (mark,) = run("今年新建学校2所。", "R01")
    assert mark.rule == "R01" and mark.category == "time"
    assert "相对时间" in mark.message and "2023年" in mark.suggestion


# --- R02 voice ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我区共有街道8个、镇14个。", ["我区"]),
        ("我县于1950年建立人民政府。", ["我县"]),
        ("我们组织了12次检查。", ["我们"]),
        ("我单位承担第三篇的编纂。", ["我单位"]),
        ("本人1958年参加工作。", ["本人"]),
        ("笔者查阅了县档案馆的资料。", ["笔者"]),
        ("【民族宗教】　本部全年开展活动。由本局负责。", ["本部", "本局"]),
        ("我国的第一座水电站在此建成。", ["我国"]),
    ],
)
def test_r02_marks_first_person_and_unit_centred_voice(text, expected):
    assert spans(text, "R02") == expected


@pytest.mark.parametrize(
    "text",
    [
        "他在回忆录中写道：“我国的铁路从这里起步。”",  # 我国 inside a quoted speech
        "该书题为《我们的巴南》。",  # a title
        "发扬忘我工作的精神，注重自我区分与评价。",  # 忘我, 自我 + 区分
        "敌我双方在此对峙三日。",
        "张华本人未出席会议。",  # reflexive 本人 after a name
        "本区共有街道8个。",  # 本区 is the gazetteer's own third person
        "日本部队侵占县城。开展基本公共卫生服务。校本部迁至鱼洞。",
    ],
)
def test_r02_leaves_quotations_names_and_reflexives(text):
    assert spans(text, "R02") == []


def test_r02_suggestions_are_specific():
    marks = run("我国铁路。我区道路。", "R02")
    assert [m.suggestion for m in marks][0] == "写“中国”"
    assert "单位全称" in marks[1].suggestion and "我区" in marks[1].message


# --- R03 evaluation -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全区教育事业取得了巨大成就。", ["取得了巨大成就"]),
        ("运动会圆满成功，深受好评。", ["圆满成功", "深受好评"]),
        ("区委高度重视防汛工作。", ["高度重视"]),
        ("群众热烈欢迎，场面空前。", ["热烈欢迎", "空前"]),
        ("这是一项伟大的工程。", ["伟大"]),
    ],
)
def test_r03_marks_evaluation_language(text, expected):
    assert spans(text, "R03") == expected


@pytest.mark.parametrize(
    "text",
    [
        "会议提出“取得了巨大成就”的评价。",  # a quotation
        "区委印发《关于热烈庆祝建区70周年的通知》。",  # a document title
        "为实现中华民族伟大复兴而奋斗。",  # a fixed official term
        "全年新建学校3所，在校学生增加1200人。",
    ],
)
def test_r03_exceptions(text):
    assert spans(text, "R03") == []


def test_r03_uses_the_offices_list_with_its_exceptions():
    config = CheckConfig(evaluation_words=["显著", "!显著性检验"])
    assert spans("效果显著。做显著性检验。高度重视。", "R03", config) == ["显著"]
    (mark,) = run("区委高度重视。", "R03")
    assert "述而不论" in mark.message and "具体措施" in mark.suggestion


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # words inserted between the parts of a stock phrase
        ("龙舟赛在花溪河举行，深受群众好评。", ["深受群众好评"]),
        ("该馆藏书丰富，广受读者赞誉。", ["广受读者赞誉"]),
        ("演出赢得社会各界的一致好评。", ["赢得社会各界的一致好评"]),
        ("项目备受各方关注，", []),  # 关注 is not praise
        ("文艺汇演深受广大群众的热烈欢迎。", ["深受广大群众的热烈欢迎"]),  # one mark
        ("上级对此给予高度的评价。", ["高度的评价"]),
        ("开创了全区农业工作新局面。", ["开创了全区农业工作新局面"]),
        # idioms of official prose
        ("执教40年，桃李满天下。", ["桃李满天下"]),
        ("他工作兢兢业业，任劳任怨。", ["兢兢业业", "任劳任怨"]),
        ("全区党员干部深受教育。", ["深受教育"]),
        ("这次改革意义深远。", ["意义深远"]),
    ],
)
def test_r03_phrases_with_inserted_words_and_idioms(text, expected):
    assert spans(text, "R03") == expected


@pytest.mark.parametrize(
    "text",
    [
        "窗口服务获得群众好评率98.6%。",  # a measure, not praise
        "该镇深受干旱影响，好评价格的方法尚未确定。",  # the gap stops at punctuation
        "海拔高度520米，受到重视的是水源。",
        "区委书记在讲话中说：“这项工作深受群众好评。”",  # a quotation
        "区政府印发《关于表彰桃李满天下优秀教师的决定》。",  # a title
        "学生受到良好教育。",
    ],
)
def test_r03_gaps_and_idioms_negatives(text):
    assert spans(text, "R03") == []


def test_r03_gapped_phrases_in_the_offices_list():
    config = CheckConfig(evaluation_words=["备受…推崇", "显著"])
    assert spans("此法备受农技人员推崇，效果显著。", "R03", config) == [
        "备受农技人员推崇",
        "显著",
    ]
    (mark,) = run("活动深受群众好评。", "R03")
    assert "评价来源" in mark.suggestion


# --- R04 numbers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "suggestion"),
    [
        ("全县人口3万5千人。", "3万5千", "写“35000”或“3.5万”"),
        ("发放慰问金1百20万元。", "1百20万", "写“1200000”或“120万”"),
        ("投资5千元。", "5千", "写“5000”"),
        ("有三万5千人。", "三万5千", "写“35000”或“3.5万”"),
    ],
)
def test_r04_1_mixed_forms(text, expected, suggestion):
    (mark,) = run(text, "R04.1")
    assert (mark.excerpt, mark.suggestion) == (expected, suggestion)


@pytest.mark.parametrize(
    "text", ["公路长5千米，重3千克，装机1.5千瓦。", "人口3.5万，投资35000元。", "2023年"]
)
def test_r04_1_leaves_unit_prefixes_and_plain_numbers(text):
    assert spans(text, "R04.1") == []


def test_r04_2_chinese_numeral_years():
    (mark,) = run("二〇二三年五月八日，区政府召开常务会议。", "R04.2")
    assert mark.excerpt == "二〇二三年五月八日" and mark.suggestion == "写“2023年5月8日”"
    assert spans("一九四九年十二月，巴县解放。", "R04.2") == ["一九四九年十二月"]


@pytest.mark.parametrize(
    "text",
    [
        "县委印发《二〇〇三年工作要点》。",  # an old document's title
        "文件写道：“二〇〇三年全县完成……”",  # a quotation
        "光绪二十三年设巡检司。民国三十八年十二月解放。",  # reign and Republic years
        "2023年5月8日召开会议。",
    ],
)
def test_r04_2_leaves_titles_quotations_and_reign_years(text):
    assert spans(text, "R04.2") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("参加人数约100人左右。", ["约100人左右"]),
        ("年龄大约50岁上下。", ["大约50岁上下"]),
        ("约300余人参加。", ["约300余"]),
        ("有100多人左右。", ["100多人左右"]),
    ],
)
def test_r04_3_redundant_approximations(text, expected):
    assert spans(text, "R04.3") == expected


@pytest.mark.parametrize(
    "text",
    ["签约3个项目左右的企业。", "约100人参加。", "100人左右。", "约200人上下班乘车。"],
)
def test_r04_3_negatives(text):
    assert spans(text, "R04.3") == []


@pytest.mark.parametrize(
    ("text", "expected", "suggestion"),
    [
        ("年产3-5万吨。", "3-5万", "写“3万～5万”"),
        ("增长20—30%。", "20—30%", "写“20%～30%”"),
        ("每组3-5人。", "3-5", "写“3～5”"),
        ("1949-1952年实行土地改革。", "1949-1952", "写“1949—1952”"),
    ],
)
def test_r04_4_ranges(text, expected, suggestion):
    (mark,) = run(text, "R04.4")
    assert (mark.excerpt, mark.suggestion) == (expected, suggestion)


@pytest.mark.parametrize(
    "text",
    [
        "执行GB/T 15835-2011《出版物上数字用法》。",  # a standard's number
        "日期写作2023-05-08。电话023-66221234。",  # ISO date, telephone
        "1949—1952年实行土地改革，每组3～5人，增长20%～30%，年产3万～5万吨。",
        "G75-1线贯穿全区。",
    ],
)
def test_r04_4_negatives(text):
    assert spans(text, "R04.4") == []


def test_r04_5_inconsistent_thousands_separators():
    text = "全区户籍人口12,345户、45,678人，流动人口23456人。"
    (mark,) = run(text, "R04.5")
    assert mark.excerpt == "23456" and mark.suggestion == "统一写作“23,456”"
    assert spans("户籍人口12345户、45678人。", "R04.5") == []
    assert spans("邮编401320，人口12,345人。", "R04.5") == []  # a postcode is a code


def test_r04_5_one_separated_number_among_plain_counts():
    text = "地区生产总值1012亿元，工业产值1286亿元；法人企业12,600户；奖励资金3600万元。"
    (mark,) = run(text, "R04.5")
    assert mark.excerpt == "12,600" and mark.suggestion == "统一写作“12600”"
    # a document that separates four-digit numbers too marks a plain one
    assert spans("产值1,012亿元，投资3,600万元，税收1286万元。", "R04.5") == ["1286"]


@pytest.mark.parametrize(
    "text",
    [
        # four-digit numbers may go unseparated where larger ones are (GB/T 15835-2011)
        "企业12,600户、23,456人，机构3600个、1200家。",
        # years never count, with or without 年
        "1998年至2023年，全区人口由12,345人增加到2,023,456人。",
        "2021—2025年规划，1999、2000两年，企业12,600户。",
        # one plain count is too little to call 12,600 the odd one out
        "企业12,600户，个体户3600户。",
    ],
)
def test_r04_5_negatives(text):
    assert spans(text, "R04.5") == []


def test_r04_6_non_legal_units():
    assert spans("高3公尺，宽50公分，亩产800市斤。", "R04.6") == ["公尺", "公分", "市斤"]
    (mark,) = run("产粮500市斤。", "R04.6")
    assert "千克" in mark.suggestion
    assert spans("生猪出栏均重180斤。", "R04.6") == ["斤"]
    assert spans("耕地12万亩，长3公里，重5公斤，面积2公顷。", "R04.6") == []  # 亩 is kept
    assert spans("购千斤顶2台。", "R04.6") == []
    assert spans("据《1956年统计》：“亩产500市斤”。", "R04.6") == []  # quoted


def test_r04_english_text_and_table_numbers_are_clean():
    text = "Population 12,345 (2023); GDP 3-5%.\n项目\t2022\t2023\n人口\t12345\t12346"
    assert spans(text, "R04") == []


# --- R05 punctuation ----------------------------------------------------------------


def test_r05_1_half_width_punctuation():
    text = '全区,共有3个乡;其中:一个镇(城关镇)。他说"你好"。'
    assert spans(text, "R05.1") == [",", ";", ":", "(城关镇)", '"', '"']
    (paren,) = [m for m in run(text, "R05.1") if m.excerpt.startswith("(")]
    assert paren.suggestion == "改为全角“（城关镇）”"


@pytest.mark.parametrize(
    "text",
    [
        "The office published 3 volumes, 2 yearbooks (2022, 2023) and more.",
        "会议于10:30开始，比例尺1:50000，网址http://www.example.cn。",
        "人口12,345人，增长3.5%。",
        "Fangzhi (GDP) report.",
    ],
)
def test_r05_1_negatives(text):
    assert spans(text, "R05.1") == []


def test_r05_2_unbalanced_pairs():
    assert spans("他说：“今年要抓好防汛。\n下一段。", "R05.2") == ["“"]
    assert spans("出版《巴南年鉴。", "R05.2") == ["《"]
    assert spans("全区（含高新区人口为12万。\n他说）。", "R05.2") == ["（", "）"]
    # a quotation over two paragraphs opens each with “ and closes only at the end
    assert spans("“第一段引文。\n“第二段引文。”", "R05.2") == []
    assert spans("He said: don’t. “好”（是）《书》", "R05.2") == []


def test_r05_3_doubled_punctuation():
    assert spans("完成。。工作，，好；；行。", "R05.3") == ["。。", "，，", "；；"]
    assert spans("真的吗？！难道不是！？", "R05.3") == []


def test_r05_4_dash_forms():
    assert spans("任务--完成。目标－－实现。", "R05.4") == ["--", "－－"]
    assert spans("北京～上海。", "R05.4") == ["～"]
    assert spans("“年轻人回来了。”一一这是变化。", "R05.4") == ["一一"]
    assert spans("一一对应，逐一核实，一一列举。", "R05.4") == []
    assert spans("任务——完成。北京—上海特别快车。3～5人。5月～7月。", "R05.4") == []


def test_r05_4_single_dash_before_an_explaining_clause():
    text = "展出作品120件。巴南区文化馆—全区群众文化活动的组织中心，馆舍面积3200平方米。"
    (mark,) = run(text, "R05.4")
    assert mark.excerpt == "—" and mark.suggestion == "改为“——”"
    assert text[mark.start - 1] == "馆"


@pytest.mark.parametrize(
    "text",
    [
        "北京—上海高速铁路全线通车，运行时间是4小时。",  # a link between two places
        "开通重庆—成都的城际列车。",
        "巴县—巴南区的建置沿革是这样的。",
        "中国—东盟自由贸易区建设提速。",
        "巴南区志（1994—2015）记述的是这一时期的历史。",  # numbers
        "花溪—南泉—界石一线是旅游的主要线路。",  # a chain of places
        "这里是——全区群众文化活动的组织中心。",  # the right dash
    ],
)
def test_r05_4_single_dash_negatives(text):
    assert spans(text, "R05.4") == []


def test_r05_5_ellipsis_forms():
    assert spans("等等...下一步。。。好…的。", "R05.5") == ["...", "。。。", "…"]
    assert spans("苹果、香蕉……等。", "R05.5") == ["……等"]
    assert spans("苹果、香蕉……。wait... ok", "R05.5") == []
    assert spans("第一章 概述........5\n", "R05.5") == []  # a table of contents


def test_r05_6_enumeration_comma():
    assert spans("苹果、香蕉、等水果。", "R05.6") == ["、"]
    assert spans("用了3、4个人，有五、六十人。", "R05.6") == ["、", "、"]
    negatives = "三、四年级学生。获得第1、2名。1、3个。一、二十年来的变化。等级、等候。"
    assert spans(negatives, "R05.6") == []


def test_r05_6_list_ordinals():
    text = "主要措施有：1、推进集团化办学；2、实施“县中振兴”行动。"
    marks = run(text, "R05.6")
    assert [m.excerpt for m in marks] == ["、", "、"]
    assert [m.suggestion for m in marks] == ["改为下脚点“1.”", "改为下脚点“2.”"]
    assert [text[m.start - 1] for m in marks] == ["1", "2"]
    assert spans("1、总则\n12、附则", "R05.6") == ["、", "、"]  # opening lines
    (mark,) = run("（1）、基本情况", "R05.6")
    assert mark.suggestion == "删去括号序号后的顿号"
    assert spans("（一）、概况", "R05.6") == ["、"]


@pytest.mark.parametrize(
    "text",
    [
        "1.推进集团化办学；2.实施行动。",  # the right form
        "（1）基本情况",
        "一、总则",
        "获得第1、2名。",
        "分别为：3、5、7号线。",  # numbers listed, not ordinals
        "全区1、2月份降水偏少。",
        "编号12、丙类。",  # not opening a line or a list
    ],
)
def test_r05_6_list_ordinal_negatives(text):
    assert spans(text, "R05.6") == []


def test_r05_marks_inside_quotations_too():
    assert spans("他说：“完成了。。”", "R05.3") == ["。。"]


# --- the whole set ------------------------------------------------------------------


def test_clean_gazetteer_prose_has_no_marks_from_rules_1_to_5():
    text = (
        "巴南区位于重庆市主城南部。1994年12月，经国务院批准，撤销巴县，设立巴南区。"
        "2023年末，全区户籍人口112.3万人，比上年末增加0.6万人。全区有街道8个、镇14个。"
        "2023年，全区地区生产总值1085.2亿元，增长6.1%。"
        "区内有国家级文物保护单位2处，省级文物保护单位（含市级）16处。"
    )
    for rule_id in ("R01", "R02", "R03", "R04", "R05"):
        assert spans(text, rule_id) == [], rule_id
