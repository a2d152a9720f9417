"""The checker's engine: marks, rules, the editable configuration, and ``check``.

A rule is a function ``(doc: Document, config: CheckConfig) -> Iterable[Mark]``
registered with ``@rule(id, category, severity, explanation)``. ``Document`` gives every
rule the same prepared view of the text (paragraphs, quoted spans, book-title spans) so
each rule runs one pass of compiled regular expressions: the whole rule set must check at
least a million characters a second on one core.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # against a national standard or a rule of gazetteer writing
    WARNING = "warning"  # very likely wrong; an editor decides
    NOTICE = "notice"  # worth a look


@dataclass(frozen=True)
class Mark:
    """One finding. ``start``/``end`` are offsets into the checked text (end exclusive)."""

    rule: str
    category: str
    severity: Severity
    start: int
    end: int
    excerpt: str
    message: str
    suggestion: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity.value,
            "start": self.start,
            "end": self.end,
            "excerpt": self.excerpt,
            "message": self.message,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class PlaceName:
    """A name valid from ``valid_from`` to ``valid_to`` (years, inclusive; None = open),
    with what it was called before or after, e.g. 巴南区 from 1994, before it 巴县."""

    name: str
    valid_from: int | None
    valid_to: int | None
    other_names: str = ""  # what to write outside the period, for the suggestion


@dataclass
class CheckConfig:
    """The lists the office maintains (defaults here; the database overrides them)."""

    # Rule 3 (述而不论): evaluative words, and words in whose company they are fine.
    evaluation_words: list[str] = field(default_factory=list)
    # Rule 7: (full name, abbreviation) pairs.
    abbreviations: list[tuple[str, str]] = field(default_factory=list)
    # Rule 8: names with their validity periods.
    place_names: list[PlaceName] = field(default_factory=list)
    # Rule 10 (规范表述): (wrong form, right form); an empty right form means "must not
    # appear at all".
    fixed_terms: list[tuple[str, str]] = field(default_factory=list)
    # Rules that are switched off.
    disabled: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    severity: Severity
    explanation: str  # short Chinese explanation with the standard it rests on
    run: Callable[[Document, CheckConfig], Iterable[Mark]]


RULES: dict[str, Rule] = {}


def rule(
    id: str, category: str, severity: Severity, explanation: str
) -> Callable[[Callable[[Document, CheckConfig], Iterable[Mark]]], Rule]:
    """Register a rule. Ids are stable (``R01``…``R10`` with a suffix for variants):
    dismissals and statistics refer to them."""

    def register(fn: Callable[[Document, CheckConfig], Iterable[Mark]]) -> Rule:
        if id in RULES:
            raise ValueError(f"rule {id} registered twice")
        RULES[id] = Rule(id, category, severity, explanation, fn)
        return RULES[id]

    return register


_QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』", "‘": "’"}
_QUOTED = re.compile(r"“[^“”\n]*”|「[^「」\n]*」|『[^『』\n]*』")
_BOOK_TITLE = re.compile(r"《[^《》\n]*》")


class Document:
    """The text prepared once for every rule.

    - ``text``: the text as checked (offsets refer to it);
    - ``paragraphs``: (start, end) of each non-empty line;
    - ``protected``: sorted (start, end) spans inside quotation marks or 《》 titles, where
      a document's or a person's own words are reproduced and style rules do not apply.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.paragraphs: list[tuple[int, int]] = []
        pos = 0
        for line in text.split("\n"):
            if line.strip():
                self.paragraphs.append((pos, pos + len(line)))
            pos += len(line) + 1
        spans = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
        spans += [(m.start(), m.end()) for m in _BOOK_TITLE.finditer(text)]
        spans.sort()
        self.protected = spans
        self._starts = [s for s, _e in spans]

    def is_protected(self, start: int, end: int) -> bool:
        """Whether [start, end) lies inside a quotation or a 《》 title."""
        import bisect

        i = bisect.bisect_right(self._starts, start) - 1
        while i >= 0:
            s, e = self.protected[i]
            if s <= start and end <= e:
                return True
            if e < start and s < start - 2000:  # spans are short; stop looking far back
                break
            i -= 1
        return False

    def excerpt(self, start: int, end: int) -> str:
        return self.text[start:end]

    def paragraph_of(self, pos: int) -> tuple[int, int]:
        import bisect

        i = bisect.bisect_right([s for s, _e in self.paragraphs], pos) - 1
        return self.paragraphs[i] if i >= 0 else (0, len(self.text))


_loaded = False


def _load_rules() -> None:
    """Import every ``rules_*`` module once (importing registers its rules), whatever was
    imported before: a caller that imported one rules module still gets them all."""
    global _loaded
    if _loaded:
        return
    import importlib
    import pkgutil

    from . import __path__ as package_path

    for info in pkgutil.iter_modules(package_path):
        if info.name.startswith("rules_"):
            importlib.import_module(f"{__package__}.{info.name}")
    _loaded = True


def check(text: str, config: CheckConfig | None = None) -> list[Mark]:
    """Every mark of every enabled rule, in text order (then by rule id)."""
    _load_rules()
    config = config or CheckConfig()
    doc = Document(text)
    marks: list[Mark] = []
    for rule_id in sorted(RULES):
        # Disabling "R04" turns off its variants "R04.1", "R04.2" … too.
        if rule_id in config.disabled or rule_id.split(".")[0] in config.disabled:
            continue
        marks.extend(RULES[rule_id].run(doc, config))
    marks.sort(key=lambda m: (m.start, m.end, m.rule))
    return marks


def iter_check(chunks: Iterator[str], config: CheckConfig | None = None) -> Iterator[Mark]:
    """Check a long text given in chunks that end at paragraph breaks (bounded memory):
    offsets are into the concatenated text."""
    offset = 0
    for chunk in chunks:
        for mark in check(chunk, config):
            yield Mark(
                mark.rule,
                mark.category,
                mark.severity,
                mark.start + offset,
                mark.end + offset,
                mark.excerpt,
                mark.message,
                mark.suggestion,
            )
        offset += len(chunk)


def error_rate(marks: Iterable[Mark], text: str) -> float:
    """差错率: marks per 10,000 characters (not counting white space)."""
    chars = sum(1 for c in text if not c.isspace())
    if chars == 0:
        return 0.0
    return round(10_000 * sum(1 for _m in marks) / chars, 2)


def fingerprint(mark: Mark, text: str, context: int = 8) -> str:
    """Identifies "the same mark" across versions, whatever its offsets: the rule, the
    excerpt and a few characters either side. A dismissed mark with the same fingerprint
    does not come back on the next version."""
    # The context stops at the paragraph's edges: a mark at the start of a paragraph
    # (今年，…) stays "the same mark" when the paragraph before it is edited.
    before = text[max(0, mark.start - context) : mark.start].rsplit("\n", 1)[-1]
    after = text[mark.end : mark.end + context].split("\n", 1)[0]
    raw = f"{mark.rule}\x1f{before}\x1f{mark.excerpt}\x1f{after}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]
