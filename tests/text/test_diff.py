"""Character-level diff: exact reconstruction, readable chunks, paragraph rows."""

import random
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from fangzhi.text.diff import DELETE, EQUAL, INSERT, diff_stats, diff_texts, side_by_side

# CJK, ASCII, punctuation that ends sentences, and line breaks, so paragraphs and
# sentences are split and re-joined on every example.
ALPHABET = st.sampled_from(list("天地人之乎者也，。！？；ab \n\n\u3000𩔖"))
TEXTS = st.text(alphabet=ALPHABET, max_size=80)


def old_of(ops):
    return "".join(text for op, text in ops if op in (EQUAL, DELETE))


def new_of(ops):
    return "".join(text for op, text in ops if op in (EQUAL, INSERT))


@settings(max_examples=400, deadline=None)
@given(TEXTS, TEXTS)
def test_ops_spell_both_texts_exactly(old, new):
    ops = diff_texts(old, new)
    assert old_of(ops) == old
    assert new_of(ops) == new
    assert all(text for _, text in ops)
    assert all(a[0] != b[0] for a, b in zip(ops, ops[1:], strict=False))


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.lists(st.tuples(st.integers(0, 80), TEXTS.filter(bool)), max_size=4))
def test_edits_of_a_text_spell_both(old, edits):
    """Realistic pairs: the new text is the old one with a few insertions."""
    new = old
    for at, piece in edits:
        at = min(at, len(new))
        new = new[:at] + piece + new[at:]
    ops = diff_texts(old, new)
    assert old_of(ops) == old
    assert new_of(ops) == new
    assert diff_stats(ops)["inserted"] >= len(new) - len(old)


@settings(max_examples=300, deadline=None)
@given(TEXTS, TEXTS)
def test_no_single_character_confetti(old, new):
    """A one-character equality between two changes is only ever a paragraph break."""
    ops = diff_texts(old, new)
    for before, middle, after in zip(ops, ops[1:], ops[2:], strict=False):
        if middle[0] == EQUAL and before[0] != EQUAL and after[0] != EQUAL:
            assert len(middle[1]) > 1 or middle[1] == "\n", ops


def test_empty_and_identical_texts():
    assert diff_texts("", "") == []
    assert diff_texts("", "方志") == [(INSERT, "方志")]
    assert diff_texts("方志", "") == [(DELETE, "方志")]
    assert diff_texts("巴南区志\n", "巴南区志\n") == [(EQUAL, "巴南区志\n")]


def test_a_chinese_edit_reads_as_words_not_letters():
    ops = diff_texts(
        "今天天气很好，我们去公园。\n第二段没有变。\n",
        "明天天色不错，我们去公园吧。\n第二段没有变。\n",
    )
    assert ops == [
        (DELETE, "今"),
        (INSERT, "明"),
        (EQUAL, "天天"),
        (DELETE, "气很好"),
        (INSERT, "色不错"),
        (EQUAL, "，我们去公园"),
        (INSERT, "吧"),
        (EQUAL, "。\n第二段没有变。\n"),
    ]


def test_scattered_confetti_is_folded_into_one_change():
    # Every other character changed: a raw diff alternates one-character matches.
    ops = diff_texts("甲乙丙丁戊己庚辛", "甲子丙丑戊寅庚卯")
    assert ops == [(EQUAL, "甲"), (DELETE, "乙丙丁戊己庚辛"), (INSERT, "子丙丑戊寅庚卯")]


def test_unchanged_paragraphs_stay_whole():
    old = "第一篇 总述\n第二篇 地理\n第三篇 人口\n"
    new = "第一篇 总述\n第二篇 自然地理\n第三篇 人口\n"
    ops = diff_texts(old, new)
    assert ops[0] == (EQUAL, "第一篇 总述\n第二篇 ")
    assert (INSERT, "自然") in ops
    assert ops[-1] == (EQUAL, "地理\n第三篇 人口\n")


def test_stats_count_characters():
    ops = [(EQUAL, "方志"), (DELETE, "旧稿"), (INSERT, "新稿件"), (EQUAL, "。")]
    assert diff_stats(ops) == {"inserted": 3, "deleted": 2}
    assert diff_stats(diff_texts("甲乙丙丁", "甲乙丙丁戊")) == {"inserted": 1, "deleted": 0}
    # The lone 丙 between two changes is folded into them, so it counts on both sides.
    assert diff_stats(diff_texts("甲乙丙", "甲丁丙戊")) == {"inserted": 3, "deleted": 2}


def test_side_by_side_rows_per_paragraph():
    rows = side_by_side("甲\n乙<b>\n丙", "甲\n新增\n乙<b>\n丙改")
    assert rows == [
        {"old": "甲", "new": "甲", "changed": False},
        {"old": "", "new": "<ins>新增</ins>", "changed": True},
        {"old": "乙&lt;b&gt;", "new": "乙&lt;b&gt;", "changed": False},
        {"old": "丙", "new": "丙<ins>改</ins>", "changed": True},
    ]


def test_side_by_side_marks_deletions_left_and_insertions_right():
    rows = side_by_side("县城在江北。\n", "县城在江南岸。\n")
    assert rows == [
        {"old": "县城在江<del>北</del>。", "new": "县城在江<ins>南岸</ins>。", "changed": True}
    ]


def test_side_by_side_deleted_paragraph_and_joined_paragraphs():
    rows = side_by_side("一。\n二。\n三。\n", "一。\n三。\n")
    assert rows == [
        {"old": "一。", "new": "一。", "changed": False},
        {"old": "<del>二。</del>", "new": "", "changed": True},
        {"old": "三。", "new": "三。", "changed": False},
    ]
    joined = side_by_side("第一段。\n第二段。", "第一段。第二段。")
    assert joined[0]["old"] == "第一段。<del>¶</del>"
    assert joined[0]["changed"] is True


@settings(max_examples=200, deadline=None)
@given(TEXTS, TEXTS)
def test_side_by_side_covers_every_paragraph(old, new):
    """Each side's cells, stripped of markup, are that side's paragraphs in order."""
    import html
    import re

    rows = side_by_side(old, new)

    def cells(side, tag):
        texts = []
        for row in rows:
            if row[side] == "" and row["changed"]:
                continue  # the paragraph exists only on the other side (or is blank)
            cell = re.sub(rf"¶</{tag}>", "", row[side])  # a marked paragraph break
            texts.append(html.unescape(re.sub(rf"</?{tag}>", "", cell)))
        return texts

    def paragraphs(text):
        return text.split("\n")

    assert [c for c in cells("old", "del") if c] == [p for p in paragraphs(old) if p]
    assert [c for c in cells("new", "ins") if c] == [p for p in paragraphs(new) if p]
    for row in rows:
        if not row["changed"]:
            assert row["old"] == row["new"]


def test_200_000_characters_with_scattered_edits_under_a_second():
    rnd = random.Random(3)
    sentences = [
        "县境东西长五十二公里，南北宽四十七公里。",
        "清乾隆年间设巴县。",
        "民国时期属重庆市。",
    ]
    paragraphs = []
    while sum(map(len, paragraphs)) < 200_000:
        paragraphs.append("".join(rnd.choice(sentences) for _ in range(rnd.randint(3, 12))) + "\n")
    old = "".join(paragraphs)
    chars = list(old)
    for _ in range(200):
        at = rnd.randrange(len(chars))
        chars[at : at + rnd.randint(0, 3)] = rnd.choice(["", "新", "增补文字"])
    new = "".join(chars)
    started = time.perf_counter()
    ops = diff_texts(old, new)
    rows = side_by_side(old, new)
    elapsed = time.perf_counter() - started
    assert old_of(ops) == old and new_of(ops) == new
    assert sum(row["changed"] for row in rows) <= 200
    assert elapsed < 2.0  # both together; each is well under one second on a laptop


def test_one_long_paragraph_is_split_into_sentences():
    sentence = "嘉陵江自北向南流经区境。"
    old = sentence * 10_000  # 120,000 characters, no line break
    new = old[:60_000] + "长江" + old[60_000:]
    started = time.perf_counter()
    ops = diff_texts(old, new)
    assert time.perf_counter() - started < 1.0
    assert diff_stats(ops) == {"inserted": 2, "deleted": 0}
