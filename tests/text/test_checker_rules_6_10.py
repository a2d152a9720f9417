"""Checker rules 6–10: living-person biographies, abbreviations, names at the time,
dates, fixed terms. Each rule with examples it must mark and tempting ones it must not."""

from __future__ import annotations

import pytest

from fangzhi.text.checker import RULES, CheckConfig, Severity, check
from fangzhi.text.checker.core import PlaceName, _load_rules
from fangzhi.text.checker.rules_dates_terms import year_context

# Importing one rule module (above) registers its rules only: load them all, as
# ``check`` does only when none is registered.
_load_rules()


def found(text: str, rule: str, config: CheckConfig | None = None) -> list[str]:
    """The excerpts the rule (and its variants) marks in ``text``."""
    return [m.excerpt for m in marks(text, rule, config)]


def marks(text: str, rule: str, config: CheckConfig | None = None) -> list:
    """The marks of the rule (and its variants) in ``text``."""
    config = config or CheckConfig()
    config.disabled = {r for r in RULES if r.split(".")[0] != rule}
    return check(text, config)


# --- R06 生不立传 ------------------------------------------------------------------------


def test_living_biography_with_open_life_dates_marks_the_heading_name():
    text = (
        "人物传\n"
        "周德明\n"
        "周德明（1948— ），男，巴县木洞乡人，木洞山歌国家级代表性传承人。"
        "1965年起随父学唱山歌，2008年被认定为代表性传承人。\n"
    )
    [mark] = marks(text, "R06")
    assert mark.excerpt == "周德明"
    assert mark.start == text.index("周德明")  # the heading, not the paragraph
    assert mark.severity is Severity.ERROR
    assert "生不立传" in mark.message
    assert mark.suggestion


@pytest.mark.parametrize(
    "text",
    [
        "刘素芬（1956年— ），女，巴县鱼洞镇人，中学高级教师。1975年在巴县界石中学任教。",
        "何文斌（1960年4月— ），男，巴县东温泉乡人，研究员。1982年毕业于西南师范学院。",
        "陈国强，男，1962年生，巴县界石镇人，高级经济师。1984年创办界石农机修配厂。",
        "王建华，男，1958年10月出生，巴县丰盛镇人，高级农艺师。长期从事柑橘品种改良。",
        "蒋玉芳，女，巴县南彭乡人，民间剪纸艺人。自幼随祖母学习剪纸。",
        "欧阳明华（1950— ），男，巴县人，工程师。主持设计桥梁5座。",
    ],
)
def test_living_biography_paragraphs(text):
    name = text[: text.index("（")] if "（" in text[:6] else text[: text.index("，")]
    assert found(text, "R06") == [name]


def test_living_biography_under_a_name_heading_without_dates():
    text = "李四\n\n1950年生，四川巴县人。1970年参加工作，历任乡长、区长。\n"
    assert found(text, "R06") == ["李四"]


@pytest.mark.parametrize(
    "text",
    [
        # closed life dates
        "邹容（1885—1905），原名绍陶，字蔚丹，巴县人。1902年自费留学日本。",
        "罗绍先（1915年3月—1998年11月），男，巴县木洞镇人。主持设计桥梁5座。",
        "何光远（1925—2016年），男，巴县惠民乡人，离休干部。",
        # open dates, but the death is told
        "谭正林（1930— ），男，巴县石龙乡人。1950年3月在剿匪战斗中牺牲，年仅20岁。",
        "王五，男，1920年3月生，重庆人。历任区长。1990年病逝，终年70岁。",
        "李四\n男，1950年生，四川巴县人。2001年因病去世。",
        # a list of people: several on a line, or a section headed as a list
        "张三（1950— ）、李四（1952— ）、王五（1953— ）",
        "巴南区籍在世知名人士录\n冯建国，男，1955年生，木洞镇人，教授，巴渝地方史学者。",
        "全国劳动模范名表\n曾庆华　男　1965年生　安澜镇石岗村党支部书记",
        # a term of office, not a life
        "张三（2018— ）\n李四（2019— ）\n",
        # prose that opens with a unit or a year, not a name
        "全年，2023年出生人口7860人，比上年减少。",
        # a name containing 今 or 我 in a dead person's biography
        "胡今朝（1914—1990），男，巴县界石乡人，木雕艺人。",
    ],
)
def test_not_a_living_biography(text):
    assert found(text, "R06") == []


@pytest.mark.parametrize(
    "text",
    [
        # lines of a list under a heading naming the honour, one line each
        "全国劳动模范（1995—2015年）\n王建国，男，1962年生，界石镇农民，2005年获评。\n"
        "刘芳，女，1968年生，区人民医院护士长，2010年获评。\n",
        "区第十九届人民代表大会代表\n陈明，男，1970年生，木洞镇人，企业负责人。\n",
        "先进个人\n杨红，女，1980年出生，鱼洞街道社区主任，组织社区志愿服务队3支，"
        "开展便民服务活动120场，帮扶困难家庭46户，调解邻里纠纷80余起。\n",
        # short person lines one after another, with no heading: a list
        "王建国，男，1962年生，界石镇农民，2005年获评。\n"
        "刘芳，女，1968年生，区人民医院护士长，2010年获评。\n"
        "赵志强，男，1971年生，汽车公司车间主任，2015年获评。\n",
        # a table row
        "王建国\t男\t1962年生\t界石镇农民\t2005年\n",
    ],
)
def test_lists_of_living_people_are_not_biographies(text):
    assert found(text, "R06") == []


def test_biography_sections_still_marked_next_to_list_rules():
    # two short biographies under a biography heading are biographies, not a list
    text = (
        "人物传\n"
        "王建国，男，1962年生，界石镇人。1980年参军，1985年退伍，历任村主任、村党支部书记。\n"
        "刘芳，女，1968年生，巴县人。1990年毕业于重庆医科大学，历任区人民医院护士、护士长。\n"
    )
    assert found(text, "R06") == ["王建国", "刘芳"]
    # a person whose name holds a list word (先进) under his own name heading
    text = (
        "王先进\n王先进（1950— ），男，巴县人。1970年参加工作，先后任教师、校长，"
        "1995年获评全国模范教师，从事教育工作四十余年。\n"
    )
    assert found(text, "R06") == ["王先进"]
    # a long paragraph alone is a biography, even with no heading
    text = (
        "王建国，男，1962年生，界石镇人。1980年参军，1985年退伍回乡，先后任村主任、村党支部"
        "书记，任职期间带领村民发展柑橘种植，建成果园300亩，2005年获评全国劳动模范。\n"
        "概况\n全区有果园1.2万亩。\n"
    )
    assert found(text, "R06") == ["王建国"]


# --- R07 简称 -----------------------------------------------------------------------------


def test_abbreviation_before_its_full_name_is_marked_once():
    text = "区政协召开常委会议。区政协组织委员视察。中国人民政治协商会议重庆市巴南区委员会成立。"
    [mark] = marks(text, "R07")
    assert (mark.excerpt, mark.start) == ("政协", 1)
    assert "中国人民政治协商会议" in mark.message
    assert "简称政协" in mark.suggestion


@pytest.mark.parametrize(
    "text",
    [
        "中国人民政治协商会议重庆市巴南区委员会（简称区政协）成立。区政协组织委员视察。",
        "巴南区第十九届人民代表大会第三次会议开幕。区人大常委会审议报告。",
        "全区地区生产总值增速高于全国国内生产总值增速，GDP总量首次突破千亿元。",
        "政协（中国人民政治协商会议）委员12人。",
        # inside a title or a quotation the words are reproduced as written
        "出版《巴南政协志》。中国人民政治协商会议巴南区委员会。",
        # a Latin word containing GDP is not the abbreviation
        "指标GDPR合规。",
    ],
)
def test_abbreviation_after_its_full_name_or_explained(text):
    assert found(text, "R07") == []


def test_abbreviations_come_from_the_config():
    config = CheckConfig(abbreviations=[("重庆市巴南区农业农村委员会", "区农委")])
    assert found("区农委召开会议。", "R07", config) == ["区农委"]
    # the office's list replaces the defaults
    assert found("区政协召开会议。", "R07", CheckConfig(abbreviations=[("甲乙丙", "甲丙")])) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the district bodies of the default list, before their full names
        ("2023年，区妇联开展“巾帼建功”活动。", ["妇联"]),
        ("2023年，区纪委开展专项整治。", ["纪委"]),
        ("2023年，团区委联合区教委开展“青春护航”行动。", ["团区委"]),
        ("区科协组织科技活动周。重庆市巴南区科学技术协会成立于1995年。", ["科协"]),
        # a section label is not the first use: the prose after it is
        ("政协工作\n2023年，区政协围绕全区中心工作开展协商。", ["政协"]),
        ("共青团\n2023年，团区委开展志愿服务。", ["团区委"]),
        # a heading that says something is prose
        ("区政协助推城乡融合发展\n2023年，政协委员提出提案。", ["政协"]),
        # 共青团巴南区委员会 drops the province-level unit: a short form
        ("共青团巴南区委员会举办主题团日活动。", ["共青团"]),
    ],
)
def test_abbreviations_of_district_bodies(text, expected):
    assert found(text, "R07") == expected


@pytest.mark.parametrize(
    "text",
    [
        # the registered name of a local committee is its own name, not a short form
        "政协重庆市巴南区委员会设界别13个。区政协组织委员视察。",
        "共青团重庆市巴南区委员会建成青年志愿服务站。团区委组织志愿者1200人次。",
        "中国共产主义青年团巴南区委员会成立。团区委召开全委会。",
        "重庆市巴南区妇女联合会开展评选。区妇联表彰“最美家庭”100户。",
        "中共重庆市巴南区纪律检查委员会（简称区纪委）成立。区纪委开展巡察。",
        # section labels
        "人大工作\n重庆市巴南区人民代表大会常务委员会召开会议。区人大常委会审议报告。",
        "共青团概况\n2023年末，共青团重庆市巴南区委员会有基层团组织986个。",
        # the kind of body, not one body named short
        "全区有基层妇联组织326个。",
        # a yearbook entry titled with the body's short name
        "【区妇联】　全区有妇女组织326个。区妇联开展“最美家庭”评选。",
        # the party committee and the government are not on the list
        "区委、区政府召开全区经济工作会议。",
    ],
)
def test_abbreviations_of_district_bodies_negatives(text):
    assert found(text, "R07") == []


# --- R08 名称以时为准 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("1990年，巴南区新建公路20公里。", "巴南区"),
        ("2001年，巴县新建公路20公里。", "巴县"),
        ("1990年，重庆直辖市巴县总人口106万人。", "重庆直辖市"),
        ("1996年，区政协组织委员赴万州区考察。", "万州区"),
        # the year of a chronicle entry, from its year heading
        ("1987年\n2月20日　巴南区文化馆举办首届木洞山歌演唱会。", "巴南区"),
        # a period that ends before the name existed
        ("1980—1990年，巴南区修建公路。", "巴南区"),
    ],
)
def test_anachronistic_names(text, name):
    [mark] = marks(text, "R08")
    assert mark.excerpt == name
    assert "名称以时为准" in mark.message


def test_anachronistic_name_suggests_the_name_of_the_time():
    [mark] = marks("1990年，巴南区新建公路。", "R08")
    assert "巴县" in mark.suggestion


@pytest.mark.parametrize(
    "text",
    [
        "1990年，巴县新建公路20公里。",
        "2001年，巴南区新建公路。",
        "1994年12月，国务院批准撤销巴县，设立重庆市巴南区。",
        "1990年，巴县（今巴南区）新建公路。",
        "2010年比1986年增长40余倍，巴县（巴南区）人口增长1.2倍。",  # both names given
        "1998年，区档案馆接收原巴县人民政府档案。",
        "1950年，重庆直辖市人民政府成立。",
        "2008年，重庆直辖市巴南区组织医疗队。",
        "1990年代，巴县农村劳动力外出务工。",
        "黄德芬（1940年5月—2023年8月），女，巴县界石乡人。",
        "2023年，辖区有重庆市巴县中学等。",
        "2005年出版《巴县志》。",
        "巴县之名相沿1300余年，巴南区为其今名。",  # no year: nothing to judge by
    ],
)
def test_names_at_their_time(text):
    assert found(text, "R08") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a birth year dates the person, not the institution named after it
        ("刘芳，女，1968年生，巴南区人民医院护士长，2010年获评。", []),
        ("张明，1975年出生于巴南区木洞镇，现任镇长。", []),
        ("陈华，1960年3月生，巴南区人，卒于2020年。", []),
        # a year reaches only as far as its sentence
        ("1986年，巴县文化馆举办农民书画展。巴南区文化馆是全区群众文化活动中心。", []),
        # … unless the next sentence says it speaks of that year
        ("1986年，巴县修建公路。同年，巴南区新建学校。", ["巴南区"]),
        ("1985年，巴县修建公路。次年，巴南区新建学校。", ["巴南区"]),
        ("1986年，巴县修建公路。此后，巴南区新建学校。", []),  # 此后 reaches past 1994
        # … or the paragraph is a chronicle entry dated to the day
        ("1986年3月5日　县政府召开大会。巴南区人民政府派员参加。", ["巴南区"]),
        # an event year in the same sentence after a birth year still counts
        ("李明，1950年生，1990年任巴南区区长。", ["巴南区"]),
    ],
)
def test_names_dated_by_the_event_of_their_sentence(text, expected):
    assert found(text, "R08") == expected


def test_place_names_come_from_the_config():
    config = CheckConfig(place_names=[PlaceName("龙洲湾街道", 2011, None, "鱼洞镇")])
    assert found("2005年，龙洲湾街道新建学校。", "R08", config) == ["龙洲湾街道"]
    assert found("2015年，龙洲湾街道新建学校。", "R08", config) == []


def test_year_context():
    from fangzhi.text.checker.core import Document

    doc = Document("2001年以前，甲。\n1999年\n3月5日　乙。\n1990—1995年，丙。")
    assert year_context(doc, doc.text.index("甲")) == (-10_000, 2001)
    assert year_context(doc, doc.text.index("乙")) == (1999, 1999)
    assert year_context(doc, doc.text.index("丙")) == (1990, 1995)


# --- R09 日期 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("2023年2月30日，区政府召开会议。", "2023年2月30日"),
        ("2023年2月29日，区政府召开会议。", "2023年2月29日"),
        ("4月31日　区规划自然资源局完成变更调查。", "4月31日"),
        ("2010年13月，区政府出台意见。", "2010年13月"),
        ("13月　区政府出台意见。", "13月"),
        ("2022年大事记\n2月28日　甲。\n2月29日　乙。", "2月29日"),  # 2022 is no leap year
    ],
)
def test_impossible_dates(text, excerpt):
    [mark] = marks(text, "R09")
    assert mark.excerpt == excerpt
    assert mark.rule == "R09"


@pytest.mark.parametrize(
    "text",
    [
        "2024年2月29日，区政府召开会议。",
        "2月29日，区政府召开会议。",  # the year is unknown: it may be a leap year
        "婴儿13月龄体检。",
        "1～12月，全区完成投资。",
        "2023年3月5日（星期日），区政府召开会议。",
        "2023年12月31日，年度工作结束。",
    ],
)
def test_possible_dates(text):
    assert found(text, "R09") == []


def test_wrong_weekday_names_the_right_one():
    [mark] = marks("2023年3月5日（星期一），区政府召开会议。", "R09")
    assert (mark.rule, mark.excerpt) == ("R09.2", "2023年3月5日（星期一）")
    assert mark.suggestion == "星期日"
    # a weekday after a date whose year the chronicle gives
    [mark] = marks("2023年\n5月11日（星期三）　区政协召开专题协商会。", "R09")
    assert mark.suggestion == "星期四"


CHRONICLE = """大事记
1月
1日　区委、区政府举行元旦升国旗仪式。
12日　区委经济工作会议召开。
5日　区市场监管局开展食品安全专项检查。
16日　区第十九届人民代表大会第三次会议开幕。
是月　区政府办公室印发重点项目实施计划。
2月
2日　南泉街道举办民俗文化活动。
"""


def test_chronicle_entry_out_of_order():
    [mark] = marks(CHRONICLE, "R09")
    assert (mark.rule, mark.excerpt) == ("R09.1", "5日")
    assert mark.start == CHRONICLE.index("5日　区市场")
    assert "12日" in mark.message


def test_chronicle_out_of_order_across_months_and_years():
    text = "1991年\n3月5日　甲。\n8月　乙。\n2月27日　丙。\n12月　丁。\n"
    assert found(text, "R09") == ["2月27日"]
    text = "1995年\n2月25日　甲。\n3月　乙。\n1月18日　丙。\n1996年\n5月12日　丁。\n"
    assert found(text, "R09") == ["1月18日"]


@pytest.mark.parametrize(
    "text",
    [
        # in order, with month-only entries after the days (是月) and a year summary
        "2023年\n1月5日　甲。\n1月20日　乙。\n是月　丙。\n2月3日　丁。\n3月　戊。\n是年　己。\n",
        # a month entry before its days is not out of order either
        "2023年\n3月　甲。\n3月2日　乙。\n3月9日　丙。\n",
        # several years
        "1986年\n1月10日　甲。\n是年　乙。\n1987年\n2月20日　丙。\n10月　丁。\n",
        # prose paragraphs told by topic, not a chronicle
        "1999年，甲。\n2003年，乙。\n1960年，丙。\n1970年，丁。\n",
        # an impossible month is marked as such, not as out of order
        "2010年\n13月　甲。\n11月1日　乙。\n12月　丙。\n",
    ],
)
def test_chronicle_in_order(text):
    assert [m.rule for m in marks(text, "R09") if m.rule == "R09.1"] == []


# --- R10 规范表述 -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "wrong", "right"),
    [
        ("国务院首相访问重庆。", "国务院首相", "国务院总理"),
        ("台湾政府有关人士来访。", "台湾政府", "台湾当局"),
        ("全区选出出席全国人大代表大会的代表1名。", "全国人大代表大会", "全国人民代表大会"),
        ("建国后为重庆疗养胜地。", "建国后", "中华人民共和国成立后"),
        ("文革期间，境内修建水库3座。", "文革", "“文化大革命”"),
        ("文化大革命期间，工作陷于瘫痪。", "文化大革命", "“文化大革命”"),
    ],
)
def test_fixed_terms(text, wrong, right):
    [mark] = marks(text, "R10")
    assert (mark.rule, mark.excerpt, mark.suggestion) == ("R10", wrong, right)
    assert mark.severity is Severity.WARNING


def test_liberation_is_a_notice():
    [mark] = marks("解放前，李家沱有码头5座。", "R10")
    assert (mark.rule, mark.excerpt, mark.severity) == ("R10.1", "解放前", Severity.NOTICE)
    assert mark.suggestion.startswith("1949年以前")


@pytest.mark.parametrize(
    "text",
    [
        "“文化大革命”期间，巴县县委工作陷于瘫痪。",
        "一位老干部回忆说：“解放后，我们在鱼洞镇搞土改。”",
        "1949年11月重庆解放前夕，巴县境内有地主1.2万户。",
        "思想解放后，各项改革逐步展开。",
        "李建国后来调任区文联主席。张建国前往北京。",
        "杨建国后调任界石镇农业服务中心主任。",
        "出版《文革时期巴县档案选编》。",
        "国务院总理视察重庆。",
    ],
)
def test_right_terms_and_protected_text(text):
    assert found(text, "R10") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 解放 as a given name: a surname before it, 后来/后又/前往 after it
        ("李解放后来回到家乡，1996年任村主任。", []),
        ("张解放后又调任区农业局局长。", []),
        ("王解放前往北京参加会议。", []),
        # the period term, whatever follows it
        ("巴县解放后来了南下工作队。", ["解放后"]),
        ("重庆解放后又经历了剿匪斗争。", ["解放后"]),
        ("解放后，全县人口逐年增加。", ["解放后"]),
        ("解放前往来客商多在木洞镇歇脚。", ["解放前"]),  # no surname before it
    ],
)
def test_liberation_as_a_given_name(text, expected):
    assert found(text, "R10") == expected


def test_fixed_terms_come_from_the_config():
    config = CheckConfig(fixed_terms=[("巴南新区", "巴南区"), ("某某", "")])
    assert found("巴南新区设立。某某。国务院首相。", "R10", config) == ["巴南新区", "某某"]
    [_, must_not] = marks(
        "巴南新区设立。某某。",
        "R10",
        CheckConfig(fixed_terms=[("巴南新区", "巴南区"), ("某某", "")]),
    )
    assert "不应" in must_not.message


# --- all five ----------------------------------------------------------------------------


def test_every_rule_has_a_chinese_explanation_with_its_basis():
    for rule_id in ("R06", "R07", "R08", "R09", "R09.1", "R09.2", "R10", "R10.1"):
        explanation = RULES[rule_id].explanation
        assert "《" in explanation or "规范" in explanation, rule_id
    assert "生不立传" in RULES["R06"].explanation
    assert "地方志书质量规定" in RULES["R08"].explanation


def test_clean_prose_has_no_marks():
    text = (
        "1994年12月，国务院批准撤销巴县，设立重庆市巴南区。1997年3月14日，第八届全国人民代表"
        "大会第五次会议批准设立重庆直辖市。2023年3月5日（星期日），区人民代表大会常务委员会"
        "召开会议。\n"
    )
    assert [m for m in check(text) if m.rule[:3] in {"R06", "R07", "R08", "R09", "R10"}] == []
