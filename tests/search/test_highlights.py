"""Highlights: the stored offset map gives the same original spans as folding again, and
snippets escape the text and mark every match."""

from hypothesis import given
from hypothesis import strategies as st

from fangzhi.search.backends.base import Lookup, OffsetMap, match_spans, snippets
from fangzhi.text.fold import fold

# Characters that fold to several (ß, ㍿), compose (e + ◌́), are dropped (variation
# selector, zero-width space), or are entities of their own (&KR0789;).
PIECES = ["巴", "縣", "e", "\u0301", "ß", "㍿", "\ufe00", "\u200b", "&KR0789;", "Ａ", " ", "s"]


@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_offset_map_agrees_with_folding(pieces):
    text = "".join(pieces)
    folded = fold(text)
    offsets = OffsetMap(OffsetMap.anchors_of(folded.offsets))
    n = len(folded.text)
    assert [offsets.original(i) for i in range(n + 1)] == folded.offsets
    for start in range(n):
        for end in range(start + 1, n + 1):
            assert offsets.span(start, end, n) == folded.original_span(start, end)


def test_aligned_text_stores_no_anchors():
    assert OffsetMap.anchors_of(fold("巴縣木洞鎮").offsets) == []
    assert OffsetMap.anchors_of(fold("ß巴").offsets) == [[1, 0]]  # "ss" both from ß


def test_match_spans_in_the_original():
    text = "Straße 巴縣，巴县"
    assert match_spans(Lookup("grams", "巴县"), text) == [(7, 9), (10, 12)]
    assert match_spans(Lookup("grams", "ss"), text) == [(4, 5)]
    assert match_spans(Lookup("exact", "巴縣"), text) == [(7, 9)]
    assert match_spans(Lookup("prefix", "stra"), text) == [(0, 4)]


def test_snippets_escape_and_mark():
    text = "<i>巴縣</i>" + "。" * 50 + "巴縣&"
    spans = match_spans(Lookup("grams", "巴县"), text)
    first, second = snippets(text, spans, context=5)
    assert first == "&lt;i&gt;<mark>巴縣</mark>&lt;/i&gt;。…"
    assert second == "…。。。。。<mark>巴縣</mark>&amp;"
    assert snippets("短", []) == ["短"]
