"""Character-level differences between two versions of a manuscript, readable for Chinese.

Chinese text has no spaces between words, so a word diff is meaningless and a raw
character diff of a whole manuscript is both slow (Myers' algorithm is O(N·D)) and
unreadable (a confetti of one-character matches). We therefore align in steps, the way
an editor reads: paragraphs first (split after "\\n"), then, inside a long changed
stretch, sentences (split after 。！？；), and only then characters, with
diff-match-patch's semantic cleanup on each changed stretch.

Operations are ``(op, text)`` pairs as in diff-match-patch: ``DELETE`` (-1), ``EQUAL``
(0), ``INSERT`` (1). Every function here guarantees that the equal and deleted parts,
in order, spell the old text exactly, and the equal and inserted parts spell the new one.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Callable, Iterable

from diff_match_patch import diff_match_patch

DELETE = -1
EQUAL = 0
INSERT = 1

Op = tuple[int, str]

# Below this many characters (old + new) a changed stretch is diffed character by
# character at once: the Myers diff of two paragraphs takes a few milliseconds.
CHARACTER_DIFF_LIMIT = 4000
# diff-match-patch stops refining after this many seconds and returns a coarser (still
# exact) diff; it only matters for a huge stretch with no paragraph or sentence break.
CHARACTER_DIFF_TIMEOUT = 0.5

_PARAGRAPH = re.compile(r"[^\n]*\n|[^\n]+")
# A sentence ends after a run of terminators and any closing quotes or brackets; a
# line break always ends one.
_TERMINATORS = "。！？；!?;"
_CLOSERS = "”’」』）)】"
_SENTENCE = re.compile(
    rf"[^{_TERMINATORS}\n]*(?:[{_TERMINATORS}]+[{_CLOSERS}]*|\n)|[^{_TERMINATORS}\n]+"
)


def _paragraphs(text: str) -> list[str]:
    """Split after each "\\n"; the pieces join back to ``text``."""
    return _PARAGRAPH.findall(text)


def _sentences(text: str) -> list[str]:
    """Split after sentence terminators and line breaks; the pieces join back to ``text``."""
    return _SENTENCE.findall(text)


_SPLITTERS: tuple[Callable[[str], list[str]], ...] = (_paragraphs, _sentences)


def _engine() -> diff_match_patch:
    engine = diff_match_patch()
    engine.Diff_Timeout = CHARACTER_DIFF_TIMEOUT
    return engine


_DMP = _engine()


def _align_units(old_units: list[str], new_units: list[str]) -> list[tuple[int, list[str]]]:
    """Diff two lists of units (paragraphs or sentences) as wholes.

    difflib matches hashed units, so aligning a few thousand paragraphs costs
    milliseconds where a Myers diff of the same lists costs seconds. Its "popular
    element" heuristic (autojunk) keeps blank lines from slowing it down; they still
    match when they sit next to a matching paragraph.
    """
    matcher = difflib.SequenceMatcher(None, old_units, new_units)
    result: list[tuple[int, list[str]]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.append((EQUAL, old_units[i1:i2]))
            continue
        if i2 > i1:
            result.append((DELETE, old_units[i1:i2]))
        if j2 > j1:
            result.append((INSERT, new_units[j1:j2]))
    return result


def _diff_characters(old: str, new: str) -> list[Op]:
    ops = _DMP.diff_main(old, new, False)
    _DMP.diff_cleanupSemantic(ops)
    return _fold_confetti(ops)


def _fold_confetti(ops: list[Op]) -> list[Op]:
    """Fold every one-character equality that sits between two changes into them.

    diff-match-patch's semantic cleanup removes most of these but can leave one next to
    a shifted overlap ("a " → " a"). A lone matching character between changes is
    noise to a reader of Chinese; a lone line break is kept, it separates paragraphs.
    """
    result: list[Op] = []
    for op, text in _merge(ops):
        result.append((op, text))
        # Look at the last three runs: change, one-character equality, change.
        if len(result) < 3 or result[-1][0] == EQUAL:
            continue
        middle = result[-2]
        if middle[0] != EQUAL or len(middle[1]) != 1 or middle[1] == "\n":
            continue
        if result[-3][0] == EQUAL:
            continue
        # Collect the whole changed run before the equality, then rebuild it.
        start = len(result) - 3
        while start > 0 and result[start - 1][0] != EQUAL:
            start -= 1
        region = result[start:]
        deleted = "".join(t for o, t in region if o != INSERT)
        inserted = "".join(t for o, t in region if o != DELETE)
        del result[start:]
        result.extend([(DELETE, deleted), (INSERT, inserted)])
    return _merge(result)


def _diff(old: str, new: str, level: int) -> list[Op]:
    """Diff ``old`` and ``new`` splitting at ``_SPLITTERS[level]`` and finer levels."""
    if old == new:
        return [(EQUAL, old)] if old else []
    if not old:
        return [(INSERT, new)]
    if not new:
        return [(DELETE, old)]
    if level >= len(_SPLITTERS) or (level > 0 and len(old) + len(new) <= CHARACTER_DIFF_LIMIT):
        return _diff_characters(old, new)

    split = _SPLITTERS[level]
    result: list[Op] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted or inserted:
            result.extend(_diff("".join(deleted), "".join(inserted), level + 1))
            deleted.clear()
            inserted.clear()

    for op, units in _align_units(split(old), split(new)):
        if op == EQUAL:
            flush()
            result.append((EQUAL, "".join(units)))
        elif op == DELETE:
            deleted.extend(units)
        else:
            inserted.extend(units)
    flush()
    if level > 0:
        # Inside one changed paragraph stretch, merge sentence pieces into readable
        # chunks; at the paragraph level we keep unchanged paragraphs as they are.
        result = [(op, text) for op, text in result if text]
        _DMP.diff_cleanupSemantic(result)
        return _fold_confetti(result)
    return _merge(result)


def _merge(ops: Iterable[Op]) -> list[Op]:
    """Join neighbouring operations of the same kind and drop empty ones."""
    merged: list[Op] = []
    for op, text in ops:
        if not text:
            continue
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    return merged


def diff_texts(old: str, new: str) -> list[Op]:
    """The character-level difference from ``old`` to ``new``.

    Guarantees: equal + deleted parts spell ``old`` exactly, equal + inserted parts spell
    ``new`` exactly, no part is empty, and no two neighbouring parts are of the same kind.
    Paragraphs that did not change come back as equal parts whole; changes inside a
    paragraph are cleaned up so that single matching characters between two changes are
    folded into the change.
    """
    return _diff(old, new, 0)


def diff_stats(ops: Iterable[Op]) -> dict[str, int]:
    """How many characters were inserted and deleted."""
    stats = {"inserted": 0, "deleted": 0}
    for op, text in ops:
        if op == INSERT:
            stats["inserted"] += len(text)
        elif op == DELETE:
            stats["deleted"] += len(text)
    return stats


# --- side by side -------------------------------------------------------------------

# A paragraph break that was added or removed has no visible character of its own.
_BREAK_MARK = "¶"


def _render(fragments: list[Op], tag: str) -> str:
    # A break is worth marking only in a paragraph that partly survived (two paragraphs
    # joined or one split); a wholly added or removed paragraph is marked as a whole.
    mark_breaks = any(op == EQUAL for op, _ in fragments)
    parts = []
    for op, text in fragments:
        if op == EQUAL:
            parts.append(html.escape(text.rstrip("\n")))
            continue
        if text.endswith("\n"):
            text = text[:-1] + _BREAK_MARK if mark_breaks else text[:-1]
        if text:
            parts.append(f"<{tag}>{html.escape(text)}</{tag}>")
    return "".join(parts)


def _changed_rows(old: str, new: str) -> list[dict[str, object]]:
    """Rows for one changed stretch of paragraphs.

    Old and new paragraphs that share unchanged characters are put on one row, in
    order; paragraphs that share nothing are paired in order between those anchors, and
    the rest stand alone against an empty cell.
    """
    old_lines: list[list[Op]] = [[]]
    new_lines: list[list[Op]] = [[]]
    shared: list[tuple[int, int]] = []
    for op, text in _diff_block(old, new):
        for piece in _paragraphs(text):
            if op in (EQUAL, DELETE):
                old_lines[-1].append((op, piece))
            if op in (EQUAL, INSERT):
                new_lines[-1].append((op, piece))
            if op == EQUAL and piece.strip("\n"):
                shared.append((len(old_lines) - 1, len(new_lines) - 1))
            if piece.endswith("\n"):
                if op in (EQUAL, DELETE):
                    old_lines.append([])
                if op in (EQUAL, INSERT):
                    new_lines.append([])
    # The text after the last break is a paragraph only if it has characters.
    if not old_lines[-1]:
        old_lines.pop()
    if not new_lines[-1]:
        new_lines.pop()

    anchors: list[tuple[int, int]] = []
    for o, n in shared:
        if not anchors or (o > anchors[-1][0] and n > anchors[-1][1]):
            anchors.append((o, n))
    anchors.append((len(old_lines), len(new_lines)))

    rows: list[dict[str, object]] = []
    o_at = n_at = 0
    for o_anchor, n_anchor in anchors:
        old_free = old_lines[o_at:o_anchor]
        new_free = new_lines[n_at:n_anchor]
        for i in range(max(len(old_free), len(new_free))):
            rows.append(
                _row(
                    old_free[i] if i < len(old_free) else None,
                    new_free[i] if i < len(new_free) else None,
                )
            )
        if o_anchor < len(old_lines):
            rows.append(_row(old_lines[o_anchor], new_lines[n_anchor]))
        o_at, n_at = o_anchor + 1, n_anchor + 1
    return rows


def _row(old: list[Op] | None, new: list[Op] | None) -> dict[str, object]:
    changed = old is None or new is None or any(op != EQUAL for op, _ in old + new)
    return {
        "old": _render(old, "del") if old is not None else "",
        "new": _render(new, "ins") if new is not None else "",
        "changed": changed,
    }


def _diff_block(old: str, new: str) -> list[Op]:
    """The character diff of one changed stretch of paragraphs (no paragraph alignment)."""
    return _diff(old, new, 1)


def side_by_side(old: str, new: str) -> list[dict[str, object]]:
    """Rows for a two-column view of the change from ``old`` to ``new``.

    One row per aligned paragraph: ``{"old": html, "new": html, "changed": bool}``. The
    HTML is escaped text without the line break; changed characters are wrapped in
    ``<del>`` on the left and ``<ins>`` on the right, and a removed or added paragraph
    break shows as a marked "¶". A paragraph present on one side only has "" on the
    other. Unchanged paragraphs have ``changed`` False and no markup.
    """
    rows: list[dict[str, object]] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted or inserted:
            rows.extend(_changed_rows("".join(deleted), "".join(inserted)))
            deleted.clear()
            inserted.clear()

    for op, units in _align_units(_paragraphs(old), _paragraphs(new)):
        if op == EQUAL:
            flush()
            for unit in units:
                text = html.escape(unit.rstrip("\n"))
                rows.append({"old": text, "new": text, "changed": False})
        elif op == DELETE:
            deleted.extend(units)
        else:
            inserted.extend(units)
    flush()
    return rows
