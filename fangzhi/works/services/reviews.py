"""The work's way to publication: review steps, publication, filing, credits (三.四).

The steps come from ``pipelines.py``. A step is taken only when the work waits at it,
once per round, by the role the step names; a work is published only after its last
step; a unit-named work must be filed within three months of publication.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fangzhi.accounts.roles import Role, role_of
from fangzhi.audit.context import acting
from fangzhi.core.errors import ServiceError
from fangzhi.core.files import file_store
from fangzhi.text.isbn import InvalidISBN, normalise_isbn

from ..models import (
    Credit,
    Filing,
    ManuscriptVersion,
    OutlineNode,
    Publication,
    ReviewDecision,
    Work,
)
from ..pipelines import (
    COMPILER_HEAD,
    EXTERNAL,
    FILING_MONTHS,
    OFFICE,
    Step,
    needs_filing,
    pipeline_for,
)
from .common import clean_text, in_unit, is_admin, is_office, require, today

ATTACHMENT_MAX = 50 * 1024 * 1024


def current_step(work: Work) -> Step | None:
    steps = pipeline_for(work)
    if work.status not in (Work.Status.IN_REVIEW, Work.Status.RETURNED):
        return None
    return steps[work.step_index] if work.step_index < len(steps) else None


def can_take_step(user: Any, work: Work, step: Step) -> bool:
    if step.actor == OFFICE:
        return is_office(user)
    if step.actor == COMPILER_HEAD:
        # 编纂单位初审: the compiling unit's head, responsible in person.
        return role_of(user) == Role.UNIT_HEAD and in_unit(user, work.compiler_id)
    if step.actor == EXTERNAL:
        # Outside the system (governments, the city office): the office admin records it.
        return is_admin(user)
    return False


def can_submit_work(user: Any, work: Work) -> bool:
    if work.is_unit_named:
        return is_admin(user) or in_unit(user, work.compiler_id)
    return is_admin(user)


def work_submit_for_review(*, by: Any, work: Work) -> Work:
    """Send the work into its review chain (first time: the first step; after a return:
    the step that returned it, in a new round)."""
    require(can_submit_work(by, work))
    if work.status == Work.Status.COMPILING:
        step_index = 0
    elif work.status == Work.Status.RETURNED:
        step_index = work.step_index
    else:
        raise ServiceError(_("The work is already in review or approved."), code="out_of_order")
    with acting(by), transaction.atomic():
        work.status = Work.Status.IN_REVIEW
        work.step_index = step_index
        work.review_round += 1
        work.save(update_fields=["status", "step_index", "review_round"])
    return work


def review_step_record(
    *,
    by: Any,
    work: Work,
    step: str,
    decision: str,
    decided_on: dt.date,
    reasons: str = "",
    document_number: str = "",
    attachment: bytes | None = None,
    attachment_name: str = "",
    attachment_type: str = "application/octet-stream",
) -> ReviewDecision:
    """Record one step's decision. Refused when the work does not wait at that step (out
    of order, or already decided), when the person may not take it, when a pass lacks the
    document a step needs, or when a return gives no reasons."""
    expected = current_step(work)
    if work.status != Work.Status.IN_REVIEW or expected is None:
        raise ServiceError(_("The work is not waiting for a review decision."), code="out_of_order")
    if step != expected.code:
        raise ServiceError(
            _("The work waits at “%(step)s”; steps are taken in order.") % {"step": expected.label},
            code="out_of_order",
            field="step",
        )
    require(can_take_step(by, work, expected))
    if decision not in ReviewDecision.Decision.values:
        raise ServiceError(_("Unknown decision."), field="decision")
    reasons = clean_text(
        reasons,
        field="reasons",
        label=_("Reasons"),
        max_length=5000,
        required=decision == ReviewDecision.Decision.RETURN,
    )
    document_number = clean_text(
        document_number,
        field="document_number",
        label=_("Document"),
        max_length=100,
        required=expected.needs_document and decision == ReviewDecision.Decision.PASS,
    )
    if decided_on is None:
        raise ServiceError(_("Give the date of the decision."), field="decided_on")
    if decided_on > today():
        raise ServiceError(_("The decision date is in the future."), field="decided_on")
    previous = work.decisions.order_by("-decided_on", "-id").first()
    if previous and decided_on < previous.decided_on:
        raise ServiceError(
            _("The decision date is before the previous step's decision."), field="decided_on"
        )
    if attachment is not None and len(attachment) > ATTACHMENT_MAX:
        raise ServiceError(_("The attachment is larger than 50 MB."), field="attachment")
    attachment_name = clean_text(
        (attachment_name or "").replace("\\", "/").rsplit("/", 1)[-1],
        field="attachment",
        label=_("File name"),
        max_length=255,
        required=False,
    )
    steps = pipeline_for(work)
    try:
        with acting(by), transaction.atomic():
            locked = Work.objects.select_for_update().get(pk=work.pk)
            if (locked.status, locked.step_index, locked.review_round) != (
                work.status,
                work.step_index,
                work.review_round,
            ):
                raise ServiceError(
                    _("The work changed meanwhile; reload the page."), code="out_of_order"
                )
            stored = file_store(attachment, content_type=attachment_type) if attachment else None
            record = ReviewDecision.objects.create(
                work=work,
                step=expected.code,
                step_index=work.step_index,
                round=work.review_round,
                decision=decision,
                reasons=reasons,
                document_number=document_number,
                decided_on=decided_on,
                attachment=stored,
                attachment_name=attachment_name if stored else "",
                recorded_by=by,
            )
            if decision == ReviewDecision.Decision.RETURN:
                work.status = Work.Status.RETURNED
            elif work.step_index + 1 >= len(steps):
                work.status = Work.Status.APPROVED  # 可公开出版
            else:
                work.step_index += 1
            work.save(update_fields=["status", "step_index"])
    except IntegrityError:
        raise ServiceError(
            _("This step has already been decided."), code="already_decided"
        ) from None
    if decision == ReviewDecision.Decision.RETURN:
        from .notify import notify_unit

        notify_unit(
            unit=work.compiler,
            event_key=f"work_returned:{record.pk}",
            title=_("Returned: %(title)s") % {"title": work.title},
            body=f"{expected.label}: {reasons}",
            url=f"/works/{work.pk}/review/",
        )
    return record


# --- publication and filing -------------------------------------------------------------------


def can_publish(user: Any, work: Work) -> bool:
    return is_admin(user) or (
        work.is_unit_named and role_of(user) == Role.UNIT_HEAD and in_unit(user, work.compiler_id)
    )


def _positive(value: Any, field: str, label: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ServiceError(
            _("%(label)s must be a number.") % {"label": label}, field=field
        ) from None
    if not 0 <= number <= 100_000_000:
        raise ServiceError(_("%(label)s is out of range.") % {"label": label}, field=field)
    return number


def publication_record(
    *,
    by: Any,
    work: Work,
    publisher: str,
    published_on: dt.date,
    isbn: str = "",
    print_run: int | None = None,
    copies_deposited: int | None = None,
) -> Publication:
    """Mark the work published. Refused before its last review step has passed."""
    require(can_publish(by, work))
    if work.status in (Work.Status.PUBLISHED, Work.Status.FILED):
        raise ServiceError(_("The work is already published."), code="already_published")
    if work.status != Work.Status.APPROVED:
        # 三.四: publication only after the last required step.
        raise ServiceError(
            _("The work may be published only after its last review step has passed."),
            code="not_approved",
        )
    publisher = clean_text(
        publisher, field="publisher", label=_("Publisher"), max_length=100, required=True
    )
    if isbn:
        try:
            isbn = normalise_isbn(isbn)
        except InvalidISBN as exc:
            raise ServiceError(
                _("The ISBN is not valid: %(reason)s") % {"reason": exc}, field="isbn"
            ) from None
    if published_on is None:
        raise ServiceError(_("Give the publication date."), field="published_on")
    if published_on > today():
        raise ServiceError(_("The publication date is in the future."), field="published_on")
    last = work.decisions.order_by("-decided_on").first()
    if last and published_on < last.decided_on:
        raise ServiceError(_("The publication date is before the approval."), field="published_on")
    print_run = _positive(print_run, "print_run", _("Print run"))
    copies = _positive(copies_deposited, "copies_deposited", _("Copies deposited"))
    with acting(by), transaction.atomic():
        publication = Publication.objects.create(
            work=work,
            publisher=publisher,
            isbn=isbn,
            published_on=published_on,
            print_run=print_run,
            copies_deposited=copies,
            recorded_by=by,
        )
        work.status = Work.Status.PUBLISHED
        work.save(update_fields=["status"])
        # Publication changes who may read the work's text in search (in the background).
        from fangzhi.search.services import index_after_commit

        index_after_commit(work, by=by)
    return publication


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it has no such day."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def filing_due(work: Work) -> dt.date | None:
    """The last day to file (备案) a published unit-named work: three months after
    publication."""
    if not needs_filing(work):
        return None
    publication = getattr(work, "publication", None)
    return add_months(publication.published_on, FILING_MONTHS) if publication else None


def filing_overdue(work: Work, on: dt.date | None = None) -> bool:
    due = filing_due(work)
    return due is not None and work.status == Work.Status.PUBLISHED and (on or today()) > due


def overdue_filings(on: dt.date | None = None) -> list[Work]:
    """Published unit-named works whose filing has not come in by its due date."""
    from ..models import UNIT_NAMED_KINDS

    on = on or today()
    works = Work.objects.filter(
        kind__in=UNIT_NAMED_KINDS, status=Work.Status.PUBLISHED
    ).select_related("publication", "compiler")
    return [w for w in works if filing_overdue(w, on)]


def filing_record(
    *, by: Any, work: Work, filed_on: dt.date, document_number: str = "", notes: str = ""
) -> Filing:
    """The office receives the filing (备案) of a published unit-named work."""
    require(is_admin(by))
    if not needs_filing(work):
        raise ServiceError(
            _("Only works named after a town, street, unit or enterprise are filed.")
        )
    if work.status != Work.Status.PUBLISHED:
        raise ServiceError(_("Only a published work can be filed."), code="out_of_order")
    if filed_on is None or filed_on > today():
        raise ServiceError(_("Give the filing date (not in the future)."), field="filed_on")
    if filed_on < work.publication.published_on:
        raise ServiceError(_("The filing date is before publication."), field="filed_on")
    document_number = clean_text(
        document_number,
        field="document_number",
        label=_("Document"),
        max_length=100,
        required=False,
    )
    notes = clean_text(notes, field="notes", label=_("Notes"), max_length=2000, required=False)
    with acting(by), transaction.atomic():
        filing = Filing.objects.create(
            work=work,
            filed_on=filed_on,
            document_number=document_number,
            notes=notes,
            received_by=by,
        )
        work.status = Work.Status.FILED
        work.save(update_fields=["status"])
    return filing


# --- credits (署名) ------------------------------------------------------------------------------


def credit_add(
    *, by: Any, work: Work, role: str, name: str, unit_name: str = "", person: Any = None
) -> Credit:
    require(is_admin(by))
    if role not in Credit.Role.values:
        raise ServiceError(_("Unknown credit role."), field="role")
    name = clean_text(name, field="name", label=_("Name"), max_length=64, required=True)
    unit_name = clean_text(
        unit_name, field="unit_name", label=_("Unit"), max_length=100, required=False
    )
    if Credit.objects.filter(
        work=work, role=role, name=name, unit_name=unit_name, withdrawn=False
    ).exists():
        raise ServiceError(_("This person is already credited in this role."), field="name")
    order = work.credits.count()
    with acting(by), transaction.atomic():
        return Credit.objects.create(
            work=work, role=role, name=name, unit_name=unit_name, person=person, sort_order=order
        )


def credit_withdraw(*, by: Any, credit: Credit) -> Credit:
    require(is_admin(by))
    with acting(by), transaction.atomic():
        credit.withdrawn = True
        credit.save(update_fields=["withdrawn"])
    return credit


def credits_generate(*, by: Any, work: Work) -> int:
    """Credit everyone the records show worked on the work (三.八/四: the right to be
    named comes from who actually wrote and edited): authors of manuscript versions of
    units' people as writers, office staff who saved versions as editors, reviewers and
    editors who commented as reviewers. Existing credits are kept; returns how many
    were added."""
    from ..models import Comment

    require(is_admin(by))
    found: list[tuple[str, Any]] = []
    nodes = OutlineNode.objects.filter(work=work, withdrawn=False)
    authors = (
        ManuscriptVersion.objects.filter(node__in=nodes)
        .select_related("author", "author__unit")
        .order_by("created_at")
    )
    for version in authors:
        author = version.author
        role = (
            Credit.Role.EDITOR
            if role_of(author) in (Role.OFFICE_ADMIN, Role.OFFICE_EDITOR)
            else Credit.Role.WRITER
        )
        found.append((role, author))
    for comment in Comment.objects.filter(version__node__in=nodes).select_related(
        "author", "author__unit"
    ):
        found.append((Credit.Role.REVIEWER, comment.author))
    added = 0
    with acting(by), transaction.atomic():
        order = work.credits.count()
        seen: set[tuple[str, int]] = set()
        for role, person in found:
            if (role, person.pk) in seen:
                continue
            seen.add((role, person.pk))
            unit_name = person.unit.name if person.unit_id else ""
            if Credit.objects.filter(
                work=work, role=role, name=str(person), unit_name=unit_name, withdrawn=False
            ).exists():
                continue
            Credit.objects.create(
                work=work,
                role=role,
                name=str(person),
                person=person,
                unit_name=unit_name,
                source=Credit.Source.RECORD,
                sort_order=order,
            )
            order += 1
            added += 1
    return added
