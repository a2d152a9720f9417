"""Rule 3 (述而不论): a gazetteer records; it does not praise.

The words come from the office's list (``CheckConfig.evaluation_words``) or, when that
is empty, from ``defaults.DEFAULT_EVALUATION_WORDS``. Exceptions (entries starting with
``!``) are longer phrases that are fine although they contain a listed word; they sit in
the same pattern as the words (a longer match wins), so a match on an exception simply
consumes the phrase and is not reported. Quotations and 《》 titles are not marked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from .core import CheckConfig, Document, Mark, Severity, rule
from .defaults import (
    DEFAULT_EVALUATION_SUGGESTION,
    DEFAULT_EVALUATION_WORDS,
    EVALUATION_SUGGESTIONS,
    word_pattern,
)


@lru_cache(maxsize=16)
def _compile(entries: tuple[str, ...]) -> tuple[re.Pattern[str], frozenset[str]]:
    """The alternation for a word list, and the set of its exception phrases."""
    words = {e.strip() for e in entries if e.strip() and not e.strip().startswith("!")}
    exceptions = {e.strip()[1:].strip() for e in entries if e.strip().startswith("!")}
    exceptions.discard("")
    if not words:
        return re.compile(r"(?!x)x"), frozenset()  # matches nothing
    return re.compile(word_pattern(words | exceptions)), frozenset(exceptions)


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
    pattern, exceptions = _compile(entries)
    for m in pattern.finditer(doc.text):
        word = m.group()
        if word in exceptions:
            continue
        start, end = m.span()
        if doc.is_protected(start, end):
            continue
        yield Mark(
            "R03",
            "evaluation",
            Severity.WARNING,
            start,
            end,
            word,
            f"“{word}”是评价性、宣传性用语，志书应述而不论，以事实和数据说明",
            EVALUATION_SUGGESTIONS.get(word, DEFAULT_EVALUATION_SUGGESTION),
        )
