"""Works: create, update, the district gazetteer's fixed lower limit, next year's yearbook."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fangzhi.audit.context import acting
from fangzhi.core.errors import ServiceError
from fangzhi.org.models import Unit
from fangzhi.text.dates import shift_years

from ..models import LowerLimitChange, OutlineNode, Work
from .common import clean_text, clean_year, in_unit, is_admin, require

TITLE_MAX = 200


def can_create_work(user: Any, kind: str, compiler: Unit) -> bool:
    """The office admin opens any work; a unit opens a work named after itself."""
    from ..models import UNIT_NAMED_KINDS

    return is_admin(user) or (kind in UNIT_NAMED_KINDS and in_unit(user, compiler.pk))


def _check_limits(upper: int | None, lower: int | None) -> None:
    if upper is not None and lower is not None and lower < upper:
        raise ServiceError(
            _("The lower limit may not be earlier than the upper limit."), field="lower_limit"
        )


def _check_dates(start: dt.date | None, finish: dt.date | None) -> None:
    if start and finish and finish < start:
        raise ServiceError(
            _("The planned finish may not be before the planned start."), field="planned_finish"
        )


def _duplicate_yearbook(year: int) -> ServiceError:
    # 三.三: one yearbook a year.
    return ServiceError(
        _("This compiler already has a yearbook for %(year)d.") % {"year": year},
        code="duplicate_yearbook",
        field="year",
    )


def work_create(
    *,
    by: Any,
    kind: str,
    title: str,
    compiler: Unit,
    year: int | None = None,
    upper_limit: int | None = None,
    lower_limit: int | None = None,
    planned_start: dt.date | None = None,
    planned_finish: dt.date | None = None,
    notes: str = "",
    based_on: Work | None = None,
) -> Work:
    """Open a work. A yearbook needs its year and is refused if its compiler has one."""
    if kind not in Work.Kind.values:
        raise ServiceError(_("Unknown kind of work."), field="kind")
    require(can_create_work(by, kind, compiler))
    if not compiler.is_active:
        raise ServiceError(_("A retired unit cannot compile a work."), field="compiler")
    title = clean_text(title, field="title", label=_("Title"), max_length=TITLE_MAX, required=True)
    year = clean_year(year, field="year", label=_("Yearbook year"))
    upper_limit = clean_year(upper_limit, field="upper_limit", label=_("Upper limit"))
    lower_limit = clean_year(lower_limit, field="lower_limit", label=_("Lower limit"))
    if kind == Work.Kind.YEARBOOK and year is None:
        raise ServiceError(_("A yearbook needs its year."), field="year")
    if kind != Work.Kind.YEARBOOK:
        year = None
    _check_limits(upper_limit, lower_limit)
    _check_dates(planned_start, planned_finish)
    notes = clean_text(notes, field="notes", label=_("Notes"), max_length=5000, required=False)
    if (
        year is not None
        and Work.objects.filter(kind=Work.Kind.YEARBOOK, compiler=compiler, year=year).exists()
    ):
        raise _duplicate_yearbook(year)
    try:
        with acting(by), transaction.atomic():
            return Work.objects.create(
                kind=kind,
                title=title,
                compiler=compiler,
                year=year,
                upper_limit=upper_limit,
                lower_limit=lower_limit,
                planned_start=planned_start,
                planned_finish=planned_finish,
                notes=notes,
                based_on=based_on,
                created_by=by,
            )
    except IntegrityError:  # a second yearbook created at the same moment
        if year is not None:
            raise _duplicate_yearbook(year) from None
        raise


UPDATABLE = ("title", "upper_limit", "lower_limit", "planned_start", "planned_finish", "notes")


def work_update(*, by: Any, work: Work, **changes: Any) -> Work:
    """Change a work's description. A fixed lower limit of a district gazetteer is refused
    here: it changes only through ``work_lower_limit_change`` with a decision document."""
    from .common import can_run_work

    require(can_run_work(by, work) and (is_admin(by) or work.is_unit_named))
    unknown = set(changes) - set(UPDATABLE)
    if unknown:
        raise ServiceError(_("These fields cannot be changed here."), field=sorted(unknown)[0])
    values: dict[str, Any] = {}
    if "title" in changes:
        values["title"] = clean_text(
            changes["title"], field="title", label=_("Title"), max_length=TITLE_MAX, required=True
        )
    for field, label in (("upper_limit", _("Upper limit")), ("lower_limit", _("Lower limit"))):
        if field in changes:
            values[field] = clean_year(changes[field], field=field, label=label)
    if "notes" in changes:
        values["notes"] = clean_text(
            changes["notes"], field="notes", label=_("Notes"), max_length=5000, required=False
        )
    for field in ("planned_start", "planned_finish"):
        if field in changes:
            values[field] = changes[field]
    if (
        "lower_limit" in values
        and values["lower_limit"] != work.lower_limit
        and work.lower_limit_fixed
    ):
        # 三.三: the district gazetteer's lower limit may not be changed at will.
        raise ServiceError(
            _(
                "The lower limit is fixed. An office administrator may change it only by "
                "entering the approving decision document."
            ),
            code="lower_limit_fixed",
            field="lower_limit",
        )
    _check_limits(
        values.get("upper_limit", work.upper_limit), values.get("lower_limit", work.lower_limit)
    )
    _check_dates(
        values.get("planned_start", work.planned_start),
        values.get("planned_finish", work.planned_finish),
    )
    with acting(by), transaction.atomic():
        for field, value in values.items():
            setattr(work, field, value)
        work.save()
    return work


def work_lower_limit_fix(*, by: Any, work: Work) -> Work:
    """Fix the district gazetteer's lower limit (下限): from now on it is locked."""
    require(is_admin(by))
    if work.kind != Work.Kind.DISTRICT:
        raise ServiceError(_("Only a district gazetteer's lower limit is fixed."))
    if work.lower_limit is None:
        raise ServiceError(_("Enter the lower limit first."), field="lower_limit")
    if work.lower_limit_fixed:
        raise ServiceError(_("The lower limit is already fixed."), code="already_fixed")
    with acting(by), transaction.atomic():
        work.lower_limit_fixed = True
        work.save(update_fields=["lower_limit_fixed"])
    return work


def work_lower_limit_change(
    *, by: Any, work: Work, new_value: int, document_number: str, reason: str = ""
) -> LowerLimitChange:
    """Change a fixed lower limit on the strength of an approving decision; kept in history."""
    require(is_admin(by))
    if not work.lower_limit_fixed:
        raise ServiceError(_("The lower limit is not fixed; change it on the work's form."))
    new_value = clean_year(new_value, field="new_value", label=_("Lower limit"))
    if new_value is None:
        raise ServiceError(_("Enter the new lower limit."), field="new_value")
    document_number = clean_text(
        document_number,
        field="document_number",
        label=_("Approving document"),
        max_length=100,
        required=True,
    )
    reason = clean_text(reason, field="reason", label=_("Reason"), max_length=2000, required=False)
    if new_value == work.lower_limit:
        raise ServiceError(_("The new lower limit is the same as the old."), field="new_value")
    _check_limits(work.upper_limit, new_value)
    with acting(by), transaction.atomic():
        change = LowerLimitChange.objects.create(
            work=work,
            old_value=work.lower_limit,
            new_value=new_value,
            document_number=document_number,
            reason=reason,
            changed_by=by,
        )
        work.lower_limit = new_value
        work.save(update_fields=["lower_limit"])
    return change


def yearbook_start_from(*, by: Any, previous: Work, year: int, title: str = "") -> Work:
    """Open next year's yearbook with last year's outline: titles, units, lengths and
    standards are copied; deadlines move by the same number of years; states start afresh."""
    if previous.kind != Work.Kind.YEARBOOK:
        raise ServiceError(_("Only a yearbook can be started from a yearbook."))
    year = clean_year(year, field="year", label=_("Yearbook year"))
    if year is None:
        raise ServiceError(_("A yearbook needs its year."), field="year")
    shift = year - (previous.year or year)
    title = title or previous.title.replace(str(previous.year), str(year))
    with acting(by), transaction.atomic():
        work = work_create(
            by=by,
            kind=Work.Kind.YEARBOOK,
            title=title,
            compiler=previous.compiler,
            year=year,
            upper_limit=year - 1 if previous.upper_limit else None,
            lower_limit=year - 1 if previous.lower_limit else None,
            notes=previous.notes,
            based_on=previous,
        )
        outline_copy(source=previous, target=work, year_shift=shift)
    return work


def outline_copy(*, source: Work, target: Work, year_shift: int = 0) -> int:
    """Copy the current nodes of ``source``'s outline into the empty ``target``."""
    count = 0
    parents: dict[int, OutlineNode] = {}
    for node in OutlineNode.objects.filter(work=source, withdrawn=False).select_related("unit"):
        parent = OutlineNode.objects.get_parent(node) if node.depth > 1 else None
        parent_id = parent.pk if parent else None
        if parent_id is not None and parent_id not in parents:
            continue  # under a withdrawn node
        unit = node.unit if node.unit_id and node.unit.is_active else None
        values = {
            "work": target,
            "title": node.title,
            "unit": unit,
            "deadline": shift_years(node.deadline, year_shift) if unit and node.deadline else None,
            "expected_length": node.expected_length,
            "quality_standard": node.quality_standard,
            "notes": node.notes,
            "state": OutlineNode.State.ASSIGNED if unit else OutlineNode.State.DRAFT,
        }
        if parent_id is None:
            copy = OutlineNode.objects.add_root(values)
        else:
            copy = OutlineNode.objects.add_child(parents[parent_id], values)
        parents[node.pk] = copy
        count += 1
    return count
