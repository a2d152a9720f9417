"""The checker's labelled test set: its markup, and how predictions are scored against it.

A labelled file (``tests/text/checker_data/*.txt``) is gazetteer prose in which every
planted error is wrapped as ``⟦R01:今年⟧``: U+27E6, the rule id, a colon, the exact
offending span, U+27E7. Removing the markup gives the text; everything not wrapped is
expected to be clean. A file holds one or more documents (one manuscript each: rule 7's
"first use" and rule 9's chronicle order are judged within one document), each opened by
a line ``=== title ===``; text before the first such line is a document of its own.

A predicted mark matches a labelled error when the rule ids agree before the dot
(``R04.2`` is ``R04``) and the spans overlap. Per rule:

- ``tp``: labelled errors that some prediction matches;
- ``fn``: labelled errors that no prediction matches;
- ``fp``: predictions that match no labelled error;
- precision = matching predictions / predictions; recall = tp / labelled errors.

Several predictions on one labelled span (a rule that marks both halves of a pair) are
all correct, and count once toward recall.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

OPEN = "\u27e6"  # ⟦
CLOSE = "\u27e7"  # ⟧
_LABEL_HEAD = re.compile(r"(R\d{2}(?:\.\d+)?):")
_DOC_LINE = re.compile(r"^=== *(.*?) *===$")

Label = tuple[str, int, int]  # (rule, start, end), end exclusive


class MarkupError(ValueError):
    """The labelled text is malformed; the message says where."""


def base_rule(rule_id: str) -> str:
    """``R04.2`` → ``R04``: statistics and matching group by the part before the dot."""
    return rule_id.split(".", 1)[0]


def parse(markup: str) -> tuple[str, list[Label]]:
    """The plain text and its labelled errors, in text order.

    Raises ``MarkupError`` for an unclosed, empty or nested label, a stray ``⟧`` or a
    label without a rule id.
    """
    out: list[str] = []
    labels: list[Label] = []
    length = 0
    i = 0
    while True:
        j = markup.find(OPEN, i)
        stray = markup.find(CLOSE, i, j if j >= 0 else len(markup))
        if stray >= 0:
            raise MarkupError(f"stray {CLOSE} at {_where(markup, stray)}")
        if j < 0:
            out.append(markup[i:])
            break
        out.append(markup[i:j])
        length += j - i
        head = _LABEL_HEAD.match(markup, j + 1)
        if head is None:
            raise MarkupError(f"label without a rule id at {_where(markup, j)}")
        body_start = head.end()
        k = markup.find(CLOSE, body_start)
        if k < 0:
            raise MarkupError(f"unclosed label at {_where(markup, j)}")
        span = markup[body_start:k]
        if OPEN in span:
            raise MarkupError(f"nested label at {_where(markup, j)}")
        if not span:
            raise MarkupError(f"empty label at {_where(markup, j)}")
        labels.append((head.group(1), length, length + len(span)))
        out.append(span)
        length += len(span)
        i = k + 1
    return "".join(out), labels


def _where(markup: str, pos: int) -> str:
    line = markup.count("\n", 0, pos) + 1
    return f"line {line}: …{markup[max(0, pos - 10) : pos + 20]}…"


@dataclass(frozen=True)
class LabelledDocument:
    source: str  # file name
    title: str
    text: str
    labels: list[Label]


def split_documents(markup: str, source: str = "") -> list[LabelledDocument]:
    """One file's documents, each parsed (see the module docstring)."""
    docs: list[LabelledDocument] = []
    title = ""
    lines: list[str] = []

    def flush() -> None:
        body = "\n".join(lines).strip("\n")
        if body.strip():
            try:
                text, labels = parse(body)
            except MarkupError as exc:
                raise MarkupError(f"{source} «{title}»: {exc}") from None
            docs.append(LabelledDocument(source, title, text, labels))

    for line in markup.splitlines():
        m = _DOC_LINE.match(line)
        if m:
            flush()
            title, lines = m.group(1), []
        else:
            lines.append(line)
    flush()
    return docs


def load_dir(folder: str | Path) -> list[LabelledDocument]:
    """Every document of every ``*.txt`` file in ``folder``, files in name order."""
    docs: list[LabelledDocument] = []
    for path in sorted(Path(folder).glob("*.txt")):
        docs.extend(split_documents(path.read_text(encoding="utf-8"), path.name))
    return docs


@dataclass
class RuleScore:
    labelled: int = 0
    tp: int = 0  # labelled errors found
    fn: int = 0  # labelled errors missed
    predicted: int = 0
    correct: int = 0  # predictions that match a labelled error
    fp: int = 0  # predictions that match none

    @property
    def precision(self) -> float:
        """1.0 when the rule predicted nothing (it said nothing wrong)."""
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        """1.0 when nothing was labelled for the rule."""
        return self.tp / self.labelled if self.labelled else 1.0

    def add(self, other: RuleScore) -> None:
        self.labelled += other.labelled
        self.tp += other.tp
        self.fn += other.fn
        self.predicted += other.predicted
        self.correct += other.correct
        self.fp += other.fp


def score(predicted_marks: Iterable[object], labels: Iterable[Label]) -> dict[str, RuleScore]:
    """Per-rule counts for one text's predictions against its labels.

    ``predicted_marks`` are ``Mark``s (anything with ``rule``, ``start``, ``end``) or
    ``(rule, start, end)`` tuples. Keys are base rule ids (``R04``), for every rule that
    was labelled or predicted.
    """
    by_rule: dict[str, list[tuple[int, int]]] = {}
    for rule_id, start, end in labels:
        by_rule.setdefault(base_rule(rule_id), []).append((start, end))
    for spans in by_rule.values():
        spans.sort()
    found: dict[str, set[int]] = {r: set() for r in by_rule}
    scores: dict[str, RuleScore] = {r: RuleScore(labelled=len(s)) for r, s in by_rule.items()}

    for mark in predicted_marks:
        if isinstance(mark, tuple):
            rule_id, start, end = mark
        else:
            rule_id, start, end = mark.rule, mark.start, mark.end  # type: ignore[attr-defined]
        rule_id = base_rule(rule_id)
        s = scores.setdefault(rule_id, RuleScore())
        s.predicted += 1
        hits = _overlapping(by_rule.get(rule_id, []), start, end)
        if hits:
            s.correct += 1
            found[rule_id].update(hits)
        else:
            s.fp += 1
    for rule_id, s in scores.items():
        s.tp = len(found.get(rule_id, ()))
        s.fn = s.labelled - s.tp
    return scores


def _overlapping(spans: list[tuple[int, int]], start: int, end: int) -> list[int]:
    """Indexes of the sorted ``spans`` that overlap [start, end); an empty mark at a
    position counts as overlapping a span that contains that position."""
    end = max(end, start + 1)
    hits = []
    # Labelled spans are short and do not nest; look back a little from the first span
    # starting at or after ``end``.
    i = bisect.bisect_left(spans, (end, end)) - 1
    while i >= 0:
        s, e = spans[i]
        if e <= start:
            if start - s > 10_000:
                break
        elif s < end:
            hits.append(i)
        i -= 1
    return hits


def total(scores: Iterable[dict[str, RuleScore]]) -> dict[str, RuleScore]:
    """Add up per-document scores."""
    out: dict[str, RuleScore] = {}
    for doc_scores in scores:
        for rule_id, s in doc_scores.items():
            out.setdefault(rule_id, RuleScore()).add(s)
    return out


@dataclass(frozen=True)
class Miss:
    """A labelled error no prediction found (``kind="fn"``) or a prediction that matches
    no labelled error (``kind="fp"``), for reading the set against the rules."""

    kind: str
    rule: str
    source: str
    title: str
    start: int
    end: int
    excerpt: str
    context: str


def evaluate(
    docs: Iterable[LabelledDocument], check_fn: object
) -> tuple[dict[str, RuleScore], list[Miss]]:
    """Run ``check_fn(text) -> marks`` over every document; the summed scores per base
    rule id and every miss and false alarm."""
    per_doc = []
    misses: list[Miss] = []
    for doc in docs:
        marks = list(check_fn(doc.text))  # type: ignore[operator]
        per_doc.append(score(marks, doc.labels))
        spans = [(base_rule(r), s, e) for r, s, e in doc.labels]
        found = set()
        for mark in marks:
            rule_id = base_rule(mark.rule)
            hit = [
                i
                for i, (r, s, e) in enumerate(spans)
                if r == rule_id and s < max(mark.end, mark.start + 1) and mark.start < e
            ]
            found.update(hit)
            if not hit:
                misses.append(_miss("fp", mark.rule, doc, mark.start, mark.end))
        for i, (r, s, e) in enumerate(spans):
            if i not in found:
                misses.append(_miss("fn", r, doc, s, e))
    return total(per_doc), misses


def _miss(kind: str, rule_id: str, doc: LabelledDocument, start: int, end: int) -> Miss:
    text = doc.text
    context = (
        text[max(0, start - 15) : start] + "【" + text[start:end] + "】" + text[end : end + 15]
    ).replace("\n", "⏎")
    return Miss(kind, rule_id, doc.source, doc.title, start, end, text[start:end], context)
