"""Quality checks of manuscript versions (精品意识): run, dismiss, withdraw; the office's
lists.

Every new version is checked in the background (``version_check_queue`` from the works
services, on commit). An editor dismisses a mark with a reason; the dismissal is
remembered for the node by rule and fingerprint, so the same mark found again on a later
version is stored already dismissed. Dismissals are withdrawn, never deleted.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fangzhi.audit.context import acting
from fangzhi.core.errors import ServiceError
from fangzhi.core.jobs import job_start
from fangzhi.text.checker import check, fingerprint
from fangzhi.works.models import ManuscriptVersion
from fangzhi.works.services.common import can_write_manuscript, clean_text, is_office, require

from .config import checker_config, ruleset_version
from .models import CheckerTerm, CheckMark, CheckRun, Dismissal

EXCERPT_MAX = 200
TEXT_MAX_API = 1_000_000  # characters a caller may send to ``quality-check/`` at once


def rule_group(rule: str) -> str:
    return rule.split(".", 1)[0]


def characters(text: str) -> int:
    """Characters counted for the error rate: everything but white space (as the checker)."""
    return sum(1 for c in text if not c.isspace())


def rate(marks: int, chars: int) -> float:
    """差错率: marks per 10,000 characters."""
    return round(10_000 * marks / chars, 2) if chars else 0.0


# --- running -----------------------------------------------------------------------------


def can_recheck(user: Any, version: ManuscriptVersion) -> bool:
    """The office and the node's unit may ask for a version to be checked again."""
    return is_office(user) or can_write_manuscript(user, version.node)


def _queue(by: Any, version: ManuscriptVersion) -> CheckRun:
    run, _created = CheckRun.objects.get_or_create(version=version)
    job = job_start(
        by=by,
        kind="quality_check",
        title=_("Quality check of %(node)s, version %(n)d")
        % {"node": version.node.title, "n": version.number},
        params={"version": version.pk},
    )
    run.status = CheckRun.Status.QUEUED
    run.job = job
    run.error = ""
    run.save(update_fields=["status", "job", "error"])
    return run


def version_check_queue(version: ManuscriptVersion) -> CheckRun:
    """Check a newly saved version in the background (called on commit of the save; the
    job is its author's)."""
    with acting(version.author), transaction.atomic():
        return _queue(version.author, version)


def version_check_start(*, by: Any, version: ManuscriptVersion) -> CheckRun:
    """Check a version again (the office's lists may have changed): its marks are
    replaced; standing dismissals still apply."""
    require(can_recheck(by, version))
    with acting(by), transaction.atomic():
        return _queue(by, version)


def run_check(run: CheckRun) -> CheckRun:
    """Check the run's version now and store its marks (the job calls this)."""
    version = run.version
    CheckRun.objects.filter(pk=run.pk).update(status=CheckRun.Status.RUNNING)
    text = version.text
    marks = check(text, checker_config())
    standing = {
        (d.rule, d.fingerprint): d
        for d in Dismissal.objects.filter(node_id=version.node_id, withdrawn=False)
    }
    rows = []
    for mark in marks:
        fp = fingerprint(mark, text)
        rows.append(
            CheckMark(
                run=run,
                rule=mark.rule[:20],
                category=mark.category[:30],
                severity=str(
                    mark.severity.value if hasattr(mark.severity, "value") else mark.severity
                ),
                start=mark.start,
                end=mark.end,
                excerpt=mark.excerpt[:EXCERPT_MAX],
                message=mark.message,
                suggestion=mark.suggestion or "",
                fingerprint=fp,
                dismissed_by=standing.get((mark.rule, fp)),
            )
        )
    with transaction.atomic():
        run.marks.all().delete()
        CheckMark.objects.bulk_create(rows, batch_size=1000)
        run.characters = characters(text)
        run.ruleset = ruleset_version()
        run.status = CheckRun.Status.DONE
        run.checked_at = timezone.now()
        run.error = ""
        _recount(run)
        run.save()
    return run


def run_failed(run: CheckRun, error: str) -> None:
    CheckRun.objects.filter(pk=run.pk).update(status=CheckRun.Status.FAILED, error=error[:2000])


def _recount(run: CheckRun) -> None:
    """Open marks, per rule and per 10,000 characters (the caller saves)."""
    counts = Counter(
        rule_group(rule)
        for rule in run.marks.filter(dismissed_by__isnull=True).values_list("rule", flat=True)
    )
    run.rule_counts = dict(sorted(counts.items()))
    run.mark_count = sum(counts.values())
    run.error_rate = rate(run.mark_count, run.characters)


def _recount_runs(run_ids: set[int]) -> None:
    for run in CheckRun.objects.filter(pk__in=run_ids):
        _recount(run)
        run.save(update_fields=["rule_counts", "mark_count", "error_rate"])


# --- dismissing ----------------------------------------------------------------------------


def can_dismiss(user: Any) -> bool:
    """The office's editors decide that a mark is not an error (审改)."""
    return is_office(user)


def mark_dismiss(*, by: Any, mark: CheckMark, reason: str) -> Dismissal:
    """Dismiss a mark with a reason: it and the same mark on this node's later versions
    (same rule and fingerprint, wherever it moved) are no longer counted or shown open."""
    require(can_dismiss(by))
    reason = clean_text(reason, field="reason", label=_("Reason"), max_length=2000, required=True)
    if mark.dismissed_by_id is not None:
        raise ServiceError(_("This mark has already been dismissed."), code="already_dismissed")
    version = mark.run.version
    with acting(by), transaction.atomic():
        dismissal = Dismissal.objects.filter(
            node_id=version.node_id, rule=mark.rule, fingerprint=mark.fingerprint, withdrawn=False
        ).first() or Dismissal.objects.create(
            node_id=version.node_id,
            version=version,
            rule=mark.rule,
            fingerprint=mark.fingerprint,
            excerpt=mark.excerpt[:EXCERPT_MAX],
            reason=reason,
            by=by,
        )
        same = CheckMark.objects.filter(
            run__version__node_id=version.node_id,
            run__version__number__gte=version.number,
            rule=mark.rule,
            fingerprint=mark.fingerprint,
            dismissed_by__isnull=True,
        )
        runs = set(same.values_list("run_id", flat=True))
        same.update(dismissed_by=dismissal)
        _recount_runs(runs)
    mark.dismissed_by = dismissal
    return dismissal


def dismissal_withdraw(*, by: Any, dismissal: Dismissal) -> Dismissal:
    """Undo a dismissal: its marks count again, and the next check marks it again. The
    dismissal stays, marked withdrawn."""
    require(can_dismiss(by))
    if dismissal.withdrawn:
        raise ServiceError(_("This dismissal has already been withdrawn."), code="withdrawn")
    with acting(by), transaction.atomic():
        dismissal.withdrawn = True
        dismissal.withdrawn_by = by
        dismissal.withdrawn_at = timezone.now()
        dismissal.save(update_fields=["withdrawn", "withdrawn_by", "withdrawn_at"])
        marks = CheckMark.objects.filter(dismissed_by=dismissal)
        runs = set(marks.values_list("run_id", flat=True))
        marks.update(dismissed_by=None)
        _recount_runs(runs)
    return dismissal


# --- checking a text without storing it ----------------------------------------------------


def text_check(*, by: Any, text: str, rules: list[str] | None = None) -> list[dict[str, Any]]:
    """Marks of a text, nothing stored: for any signed-in person."""
    require(getattr(by, "is_authenticated", False))
    if not isinstance(text, str):
        raise ServiceError(_("The text must be a string."), field="text")
    if len(text) > TEXT_MAX_API:
        raise ServiceError(
            _("The text may be at most %(n)d characters.") % {"n": TEXT_MAX_API}, field="text"
        )
    return [m.as_dict() for m in check(text, checker_config(rules))]


# --- the office's lists --------------------------------------------------------------------


def can_edit_terms(user: Any) -> bool:
    """The office keeps the lists (editable by the office, 规范表述)."""
    return is_office(user)


def _clean_term(
    *, kind: str, term: str, other: str, valid_from: Any, valid_to: Any, note: str
) -> dict[str, Any]:
    if kind not in CheckerTerm.Kind.values:
        raise ServiceError(_("Choose one of the lists."), field="kind")
    term = clean_text(term, field="term", label=_("Term"), max_length=100, required=True)
    other = clean_text(other, field="other", label=_("Other form"), max_length=200, required=False)
    note = clean_text(note, field="note", label=_("Note"), max_length=500, required=False)
    if kind == CheckerTerm.Kind.ABBREVIATION and not other:
        raise ServiceError(_("Give the abbreviation of the full name."), field="other")
    if kind != CheckerTerm.Kind.PLACE_NAME:
        valid_from = valid_to = None
    else:
        from fangzhi.works.services.common import clean_year

        valid_from = clean_year(valid_from, field="valid_from", label=_("Valid from"))
        valid_to = clean_year(valid_to, field="valid_to", label=_("Valid to"))
        if valid_from is None and valid_to is None:
            raise ServiceError(
                _("Give the year the name came into use, the year it went out of use, or both."),
                field="valid_from",
            )
        if valid_from and valid_to and valid_to < valid_from:
            raise ServiceError(_("The period ends before it begins."), field="valid_to")
    return {
        "kind": kind,
        "term": term,
        "other": other,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "note": note,
    }


def term_add(
    *,
    by: Any,
    kind: str,
    term: str,
    other: str = "",
    valid_from: Any = None,
    valid_to: Any = None,
    note: str = "",
) -> CheckerTerm:
    """Add an entry to one of the office's lists; it overrides a default with the same term."""
    require(can_edit_terms(by))
    data = _clean_term(
        kind=kind, term=term, other=other, valid_from=valid_from, valid_to=valid_to, note=note
    )
    if CheckerTerm.objects.filter(kind=data["kind"], term=data["term"]).exists():
        raise ServiceError(
            _("“%(term)s” is already on this list; edit it (or make it active again) instead.")
            % {"term": data["term"]},
            field="term",
        )
    with acting(by), transaction.atomic():
        return CheckerTerm.objects.create(**data)


def term_update(*, by: Any, entry: CheckerTerm, **changes: Any) -> CheckerTerm:
    """Change an entry (its list stays); ``active`` switches it on or off."""
    require(can_edit_terms(by))
    active = changes.pop("active", entry.active)
    current = {f: getattr(entry, f) for f in ("term", "other", "valid_from", "valid_to", "note")}
    current.update({k: v for k, v in changes.items() if k in current})
    data = _clean_term(kind=entry.kind, **current)
    duplicate = CheckerTerm.objects.filter(kind=entry.kind, term=data["term"]).exclude(pk=entry.pk)
    if duplicate.exists():
        raise ServiceError(
            _("“%(term)s” is already on this list.") % {"term": data["term"]}, field="term"
        )
    with acting(by), transaction.atomic():
        for name, value in data.items():
            setattr(entry, name, value)
        entry.active = bool(active)
        entry.save()
    return entry


def term_deactivate(*, by: Any, entry: CheckerTerm) -> CheckerTerm:
    """Switch an entry off (kept; a default with the same term stays off too)."""
    require(can_edit_terms(by))
    if not entry.active:
        raise ServiceError(_("This entry is already inactive."), code="inactive")
    with acting(by), transaction.atomic():
        entry.active = False
        entry.save(update_fields=["active", "updated_at"])
    return entry


IMPORT_MAX_BYTES = 10 * 1024 * 1024


def terms_import(*, by: Any, data: bytes) -> tuple[int, int]:
    """Add or update entries from an .xlsx laid out like the export (list, term, other
    form, valid from, valid to, note, active); all rows or none. Returns (added, changed)."""
    import io
    import zipfile

    import openpyxl

    require(can_edit_terms(by))
    if len(data) > IMPORT_MAX_BYTES:
        raise ServiceError(_("The file is larger than %(limit)d MB.") % {"limit": 10}, field="file")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ServiceError(_("This is not an Excel file (.xlsx)."), field="file") from None
    kinds = {k.value: k.value for k in CheckerTerm.Kind}
    kinds.update({str(k.label): k.value for k in CheckerTerm.Kind})
    added = changed = 0
    with acting(by), transaction.atomic():
        for number, row in enumerate(book.active.iter_rows(min_row=2, values_only=True), 2):
            cells = [
                "" if c is None else str(int(c) if isinstance(c, float) and c.is_integer() else c)
                for c in (*row, *[None] * 7)[:7]
            ]
            cells = [c.strip() for c in cells]
            if not any(cells):
                continue
            kind = kinds.get(cells[0])
            if kind is None:
                raise ServiceError(
                    _("Row %(n)d: unknown list “%(kind)s”.") % {"n": number, "kind": cells[0]},
                    field="file",
                )
            values = {
                "term": cells[1].lstrip("'"),
                "other": cells[2].lstrip("'"),
                "valid_from": cells[3] or None,
                "valid_to": cells[4] or None,
                "note": cells[5].lstrip("'"),
            }
            active = cells[6] not in ("0", "False", "false", "否")
            try:
                entry = CheckerTerm.objects.filter(kind=kind, term=values["term"]).first()
                if entry is None:
                    entry = term_add(by=by, kind=kind, **values)
                    if not active:
                        term_deactivate(by=by, entry=entry)
                    added += 1
                else:
                    term_update(by=by, entry=entry, active=active, **values)
                    changed += 1
            except ServiceError as exc:
                raise ServiceError(
                    _("Row %(n)d: %(error)s") % {"n": number, "error": exc}, field="file"
                ) from None
    return added, changed
