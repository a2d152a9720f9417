"""A return's way: the head signs off (签发), the office accepts or returns it with reasons.

Every sign-off freezes the entries as a new version, so a resubmission keeps every
earlier one (三.七: nothing is destroyed).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from fangzhi.accounts.roles import Role, role_of
from fangzhi.audit.context import acting
from fangzhi.core.errors import ServiceError
from fangzhi.works.services.common import clean_text
from fangzhi.works.services.manuscripts import default_statement

from ..models import Entry, Submission, SubmissionEvent, SubmissionVersion
from .common import in_unit, is_office, require

SNAPSHOT_FIELDS = [
    f.name
    for f in Entry._meta.get_fields()
    if f.concrete and f.name not in ("submission", "created_by", "file")
]


def snapshot(submission: Submission) -> list[dict[str, Any]]:
    """The current entries as plain values (with the file's hash), for a frozen version."""
    rows = []
    for entry in submission.entries.filter(withdrawn=False).select_related("file"):
        row = {name: _plain(getattr(entry, name)) for name in SNAPSHOT_FIELDS}
        row["file_sha256"] = entry.file.sha256 if entry.file_id else ""
        rows.append(row)
    return rows


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def submission_sign_off(
    *, by: Any, submission: Submission, statement: str = ""
) -> SubmissionVersion:
    """The unit head signs off the return for one category: the unit answers for the
    truth, accuracy and completeness of what it submits (三.六, 三.三)."""
    require(role_of(by) == Role.UNIT_HEAD and in_unit(by, submission.unit_id))
    if submission.status not in (Submission.Status.DRAFT, Submission.Status.RETURNED):
        raise ServiceError(
            _("Only a return in draft or returned can be signed off."), code="not_open"
        )
    rows = snapshot(submission)
    if not rows:
        raise ServiceError(_("The return has no entries yet."), code="empty")
    statement = clean_text(
        statement or default_statement(),
        field="statement",
        label=_("Statement"),
        max_length=2000,
        required=True,
    )
    with acting(by), transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.status != submission.status or locked.revision != submission.revision:
            raise ServiceError(_("The return changed meanwhile; reload the page."), code="conflict")
        number = (
            locked.versions.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        version = SubmissionVersion.objects.create(
            submission=submission, number=number, snapshot=rows, statement=statement, signed_by=by
        )
        submission.status = Submission.Status.SUBMITTED
        submission.save(update_fields=["status", "updated_at"])
        SubmissionEvent.objects.create(
            submission=submission, action=SubmissionEvent.Action.SIGN_OFF, version=version, by=by
        )
    return version


def submission_return(*, by: Any, submission: Submission, reason: str) -> Submission:
    """The office sends a return back with reasons; the unit reads them and resubmits."""
    require(is_office(by))
    if submission.status != Submission.Status.SUBMITTED:
        raise ServiceError(_("Only a submitted return can be returned."), code="not_open")
    reason = clean_text(reason, field="reason", label=_("Reasons"), max_length=5000, required=True)
    with acting(by), transaction.atomic():
        submission.status = Submission.Status.RETURNED
        submission.save(update_fields=["status", "updated_at"])
        event = SubmissionEvent.objects.create(
            submission=submission, action=SubmissionEvent.Action.RETURN, reason=reason, by=by
        )
    from fangzhi.works.services.notify import notify_unit

    notify_unit(
        unit=submission.unit,
        event_key=f"return_returned:{event.pk}",
        title=_("Returns sent back: %(category)s %(year)d")
        % {"category": submission.get_category_display(), "year": submission.campaign.year},
        body=reason,
        url=f"/returns/submissions/{submission.pk}/",
    )
    return submission


def submission_accept(*, by: Any, submission: Submission) -> Submission:
    require(is_office(by))
    if submission.status != Submission.Status.SUBMITTED:
        raise ServiceError(_("Only a submitted return can be accepted."), code="not_open")
    with acting(by), transaction.atomic():
        submission.status = Submission.Status.ACCEPTED
        submission.save(update_fields=["status", "updated_at"])
        SubmissionEvent.objects.create(
            submission=submission, action=SubmissionEvent.Action.ACCEPT, by=by
        )
        # Accepted material becomes searchable for the office (in the background).
        from fangzhi.search.services import index_after_commit

        index_after_commit(submission, by=by)
    return submission
