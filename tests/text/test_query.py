"""The search query language: the tree it builds, its filters, and every bad input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fangzhi.text.query import (
    MAX_LENGTH,
    And,
    Not,
    Or,
    Query,
    QueryError,
    Term,
    parse_query,
)


def t(text: str, *, exact: bool = False, prefix: bool = False) -> Term:
    return Term(text, exact=exact, prefix=prefix)


@pytest.mark.parametrize(
    ("q", "root"),
    [
        ("巴县", t("巴县")),
        ("巴县 木洞", And((t("巴县"), t("木洞")))),
        ("巴县　木洞", And((t("巴县"), t("木洞")))),  # ideographic space
        ("巴县 OR 江北", Or((t("巴县"), t("江北")))),
        ("巴县 | 江北 ｜ 渝中", Or((t("巴县"), t("江北"), t("渝中")))),
        ("巴县|江北", Or((t("巴县"), t("江北")))),
        ("巴县 or 江北", And((t("巴县"), t("or"), t("江北")))),  # only capitals are OR
        ("巴县 -江北", And((t("巴县"), Not(t("江北"))))),
        ("巴县 －江北", And((t("巴县"), Not(t("江北"))))),
        ("巴县 --江北", And((t("巴县"), t("江北")))),  # two exclusions cancel out
        ("2010-2020 年", And((t("2010-2020"), t("年")))),  # a dash inside is text
        # AND binds tighter than OR.
        ("巴县 木洞 OR 江北", Or((And((t("巴县"), t("木洞"))), t("江北")))),
        ("(巴县 OR 江北) 码头", And((Or((t("巴县"), t("江北"))), t("码头")))),
        ("（巴县 OR 江北）码头", And((Or((t("巴县"), t("江北"))), t("码头")))),
        ("码头 -(巴县 江北)", And((t("码头"), Not(And((t("巴县"), t("江北"))))))),
        ('"巴縣"', t("巴縣", exact=True)),
        ("“巴縣 木洞”", t("巴縣 木洞", exact=True)),
        ('"OR"', t("OR", exact=True)),
        ('-"巴縣" 县', And((Not(t("巴縣", exact=True)), t("县")))),
        ("chong*", t("chong", prefix=True)),
        ("ｃｈｏｎｇ*", t("ｃｈｏｎｇ", prefix=True)),
        ("木洞*", t("木洞")),  # Chinese is matched inside words anyway
        ("a*b", t("a*b")),
        ("NEAR", t("NEAR")),
        ("巴县 NEAR 木洞", And((t("巴县"), t("NEAR"), t("木洞")))),
        ("'; DROP TABLE works; --", And((t("DROP"), t("TABLE"), t("works;")))),
        ("a\x00b\tc\nd", And((t("a"), t("b"), t("c"), t("d")))),
        ("巴县 - *", t("巴县")),  # lone punctuation is ignored, not searched
    ],
)
def test_tree(q: str, root: object) -> None:
    assert parse_query(q).root == root


def test_filters() -> None:
    query = parse_query(
        '巴县 work:重庆年鉴 kind:yearbook year:2010-2020 place:木洞 section:"大事 记" access:public'
    )
    assert query.root == t("巴县")
    assert query.filters == {
        "work": "重庆年鉴",
        "kind": "yearbook",
        "year": "2010-2020",
        "place": "木洞",
        "section": "大事 记",
        "access": "public",
    }
    assert parse_query("巴县 year:２０２０").filters == {"year": "2020"}
    assert parse_query("巴县 year:1733～1736").filters == {"year": "1733-1736"}
    assert parse_query("巴县 access:内部").filters == {"access": "internal"}
    assert parse_query("巴县 YEAR：2020").filters == {"year": "2020"}


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("", "请输入要检索的文字"),
        ("   \t\n", "请输入要检索的文字"),
        ("\x00\x01", "请输入要检索的文字"),
        ("巴" * (MAX_LENGTH + 1), "检索式太长"),
        ("巴" * 10_000, "最多 1000 个字符"),
        ('"巴县', "引号没有配对"),
        ('巴县 "', "引号没有配对"),
        ("“巴县", "引号没有配对"),
        ("(巴县", "缺少“)”"),
        ("巴县)", "多了一个“)”"),
        ("(" * 12 + "巴县" + ")" * 12, "嵌套太深"),
        ("-巴县", "只有排除条件"),
        ("-巴县 -江北", "只有排除条件"),
        ("巴县 OR -江北", "只有排除条件"),
        ("OR", "两边都要有检索词"),
        ("OR OR", "两边都要有检索词"),
        ("巴县 OR", "两边都要有检索词"),
        ("| 巴县", "两边都要有检索词"),
        ("巴县 OR OR 江北", "两边都要有检索词"),
        ('"', "引号没有配对"),
        ("*", "没有可检索的文字"),
        ("-", "没有可检索的文字"),
        (":", "没有可检索的文字"),
        ('""', "没有可检索的文字"),
        ("()", "没有可检索的文字"),
        ("foo:bar 巴县", "work（作品）、kind（类型）、year（年份）"),
        ("http://example.org", "不认识的筛选字段“http”"),
        ("year:", "缺少值"),
        ("巴县 year:近年", "年份“近年”看不懂"),
        ("巴县 year:2020-2010", "起止颠倒"),
        ("巴县 year:2020 year:2021", "只能写一次"),
        ("巴县 access:secret", "不认识的公开级别"),
        ("巴县 -year:2020", "要单独写"),
        ("巴县 (year:2020 OR 江北)", "要单独写"),
        ("year:2020", "筛选条件之外"),
    ],
)
def test_bad_input(q: str, message: str) -> None:
    with pytest.raises(QueryError) as error:
        parse_query(q)
    assert message in str(error.value)


def test_many_dashes_and_parentheses_do_not_exhaust_the_stack() -> None:
    assert parse_query("巴 " + "-" * 990 + "江").root == And((t("巴"), t("江")))
    assert parse_query("巴 " + "-" * 991 + "江").root == And((t("巴"), Not(t("江"))))
    with pytest.raises(QueryError):
        parse_query("(" * 500 + "巴" + ")" * 500)


def test_terms_and_describe() -> None:
    query = parse_query('(巴县 OR "巴縣") 木洞 -江北 chong* 木洞 year:2010-2020 access:public')
    assert query.terms() == [t("巴县"), t("巴縣", exact=True), t("木洞"), t("chong", prefix=True)]
    assert query.describe() == (
        "包含（“巴县”或“巴縣”（原样））和“木洞”和以“chong”开头的词和“木洞”，不含“江北”"
        "；年份：2010—2020，公开级别：公开。"
    )
    assert parse_query("巴县").describe() == "包含“巴县”。"
    assert parse_query("巴县 OR 江北").describe() == "包含“巴县”或“江北”。"
    assert parse_query("巴县 - *").describe() == "包含“巴县”；已忽略：- *。"


_SYNTAX = st.sampled_from(
    [" ", "OR", "|", "-", "(", ")", '"', "“", "”", "*", ":", "year:", "kind:", "foo:", "NEAR"]
    + ["巴县", "木洞", "巴縣", "a", "2020", "2010-2020", "\x00", "\n", "；", "'", ";", "--"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_SYNTAX | st.text(max_size=5), max_size=30).map(" ".join) | st.text())
def test_only_query_errors(q: str) -> None:
    try:
        query = parse_query(q)
    except QueryError as error:
        assert str(error)
        return
    assert isinstance(query, Query)
    assert query.terms(), "a parsed query has something to find"
    assert all(term.text for term in query.terms())
    assert query.describe().endswith("。")
