"""Rule 3 (述而不论): a gazetteer records; it does not praise.

The words come from the office's list (``CheckConfig.evaluation_words``) or, when that
is empty, from ``defaults.DEFAULT_EVALUATION_WORDS``. Exceptions (entries starting with
``!``) are longer phrases that are fine although they contain a listed word; they sit in
the same pattern as the words (a longer match wins), so a match on an exception simply
consumes the phrase and is not reported. A word with a gap (``深受…好评``) also finds
the phrase with a few words inserted (深受群众好评, 广受社会各界赞誉). Quotations and 《》
titles are not marked.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import lru_cache

from .core import CheckConfig, Document, Mark, Severity, rule
from .defaults import (
    DEFAULT_EVALUATION_SUGGESTION,
    DEFAULT_EVALUATION_WORDS,
    EVALUATION_GAP,
    EVALUATION_SUGGESTIONS,
    EVALUATION_SUGGESTIONS_BY_END,
    word_pattern,
)

# What a gap may hold: Chinese characters only, so a phrase never runs over punctuation
# into the next clause (深受影响，好评…).
_GAP = rf"[\u4e00-\u9fff]{{0,{EVALUATION_GAP}}}?"
# 获得群众好评率98%, 受到关注度: the praise word of a phrase with a gap opens a longer
# word that is a plain measure.
_NOT_AFTER = frozenset("率度")


def _gapped_pattern(phrases: set[str]) -> str:
    """Phrases with gaps as one alternation: those of the same head share it, the rest
    of each phrase as a trie after the gap (深受[…]{0,8}?(?:好评|欢迎|…))."""
    by_head: dict[str, set[str]] = {}
    for phrase in phrases:
        head, _, rest = phrase.partition("…")
        by_head.setdefault(head, set()).add(rest)
    branches = []
    for head in sorted(by_head, key=lambda h: (-len(h), h)):
        tails = [_gapped_pattern({t}) if "…" in t else None for t in by_head[head]]
        plain = {t for t in by_head[head] if "…" not in t and t}
        alternatives = [word_pattern(plain)] if plain else []
        alternatives += [t for t in tails if t]
        if alternatives:
            branches.append(f"{re.escape(head)}{_GAP}(?:{'|'.join(alternatives)})")
    return "|".join(branches)


_NOTHING = re.compile(r"(?!x)x")


@lru_cache(maxsize=16)
def _compile(
    entries: tuple[str, ...],
) -> tuple[re.Pattern[str], re.Pattern[str] | None, frozenset[str]]:
    """The alternation of a word list's plain words and exceptions, the alternation of
    its phrases with a gap (None when it has none), and the set of its exceptions. The two
    are separate scans: each then starts with a set of literal characters the engine
    skips ahead to (one alternation of both would try every position)."""
    cleaned = [e.strip() for e in entries if e.strip()]
    words = {e for e in cleaned if not e.startswith("!") and "…" not in e}
    gapped = {e for e in cleaned if not e.startswith("!") and "…" in e.strip("…")}
    exceptions = {e[1:].strip() for e in cleaned if e.startswith("!")}
    exceptions.discard("")
    plain = re.compile(word_pattern(words | exceptions)) if words else _NOTHING
    return plain, re.compile(_gapped_pattern(gapped)) if gapped else None, frozenset(exceptions)


def _suggestion(word: str) -> str:
    if word in EVALUATION_SUGGESTIONS:
        return EVALUATION_SUGGESTIONS[word]
    for end, suggestion in EVALUATION_SUGGESTIONS_BY_END.items():
        if word.endswith(end):
            return suggestion
    return DEFAULT_EVALUATION_SUGGESTION


_compile(tuple(DEFAULT_EVALUATION_WORDS))  # compiled at import


@rule(
    "R03",
    "evaluation",
    Severity.WARNING,
    "志书“述而不论”，寓观点于记述之中，不用“取得了巨大成就”“圆满成功”“高度重视”等评价性、"
    "宣传性用语（《地方志书质量规定》：述而不论，资料翔实，不作评论）；引文和文件标题除外。",
)
def evaluation_language(doc: Document, config: CheckConfig) -> Iterator[Mark]:
    entries = tuple(config.evaluation_words or DEFAULT_EVALUATION_WORDS)
    plain, gapped, exceptions = _compile(entries)
    text = doc.text
    found: list[tuple[int, int]] = []
    if gapped is not None:
        for m in gapped.finditer(text):
            if m.end() < len(text) and text[m.end()] in _NOT_AFTER:
                continue
            found.append(m.span())
    phrases = list(found)
    taken = [s for s, _e in phrases]
    for m in plain.finditer(text):
        if m.group() in exceptions:
            continue
        k = bisect.bisect_right(taken, m.start()) - 1
        if k >= 0 and m.start() < phrases[k][1]:
            continue  # inside a phrase found with its gap (深受群众的热烈欢迎)
        if k + 1 < len(phrases) and phrases[k + 1][0] < m.end():
            continue
        found.append(m.span())
    for start, end in sorted(found):
        if doc.is_protected(start, end):
            continue
        word = text[start:end]
        yield Mark(
            "R03",
            "evaluation",
            Severity.WARNING,
            start,
            end,
            word,
            f"“{word}”是评价性、宣传性用语，志书应述而不论，以事实和数据说明",
            _suggestion(word),
        )
