"""Tokenising (fangzhi.text.tokens): the streams keep adjacency, the encoding is unique,
and phrase matching over the streams is exactly substring matching."""

import re

from hypothesis import given
from hypothesis import strategies as st

from fangzhi.text import tokens

ALPHABET = "巴县縣木洞增长GDPgdp2025 ，,.。-_\"'*:\t\n" + "\U00100020\U0010fffe\U00100000é"


def phrase_in(tokens_list, phrase):
    """Whether ``phrase`` occurs as consecutive items of ``tokens_list``."""
    n = len(phrase)
    return any(tokens_list[i : i + n] == phrase for i in range(len(tokens_list) - n + 1))


def matches(text, query):
    how, toks = tokens.query_tokens(query)
    if how == "unigram":
        return toks[0] in tokens.unigrams(text)
    return phrase_in(tokens.bigrams(text), toks)


def test_bigrams_and_unigrams_keep_every_character():
    assert tokens.unigrams("巴县志") == ["巴", "县", "志"]
    assert tokens.bigrams("巴县志") == ["巴县", "县志"]
    assert tokens.bigrams("x") == []
    assert tokens.query_tokens("") == ("empty", [])


def test_latin_cjk_boundary_and_punctuation_rule():
    assert matches("gdp增长", "gdp增长")
    assert not matches("gdp,增长", "gdp增长")
    assert not matches("gdp 增长", "gdp增长")
    assert matches("gdp 增长", "p 增")
    assert tokens.words("gdp增长2025年 covid-19") == ["gdp", "2025", "covid", "19"]


def test_tokens_hold_only_characters_no_tokenizer_touches():
    text = "".join(ALPHABET) + "ABC"
    for tok in tokens.bigrams(text) + tokens.unigrams(text) + tokens.words(text):
        assert re.fullmatch(r"[a-z0-9\u0080-\U0010ffff]+", tok), tok


@given(st.text(alphabet=ALPHABET, max_size=6), st.text(alphabet=ALPHABET, max_size=6))
def test_encoding_is_unique(a, b):
    if a != b:
        assert tokens.encode(a) != tokens.encode(b)


@given(st.text(alphabet=ALPHABET, max_size=30), st.text(alphabet=ALPHABET, min_size=1, max_size=6))
def test_phrase_of_bigrams_is_substring(text, query):
    assert matches(text, query) == (query in text)


@given(st.text(alphabet=ALPHABET, max_size=30), st.data())
def test_every_substring_is_found(text, data):
    if not text:
        return
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    assert matches(text, text[start:end])


def test_find_all_and_word_starts():
    assert tokens.find_all("aaa", "aa") == [0, 1]
    assert tokens.find_all("abc", "") == []
    assert tokens.word_starts("economy and econometrics", "econ") == [0, 12]
    assert tokens.is_word("econ") and not tokens.is_word("巴县") and not tokens.is_word("")
