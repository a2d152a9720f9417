"""Applications for the national and city 名志/特志 series, and their documents (申报材料).

An application starts as a draft, is submitted, and is then accepted or not by the
deciding body (recorded by an office admin with the decision document), or withdrawn by
its applicant before a decision. Documents are kept in the file store and never removed.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from fangzhi.audit.context import acting
from fangzhi.core.errors import ServiceError
from fangzhi.core.files import file_store
from fangzhi.org.models import Unit

from ..models import ApplicationDocument, SeriesApplication, Work
from .common import clean_text, in_unit, is_admin, require, today

Status = SeriesApplication.Status

# What each action needs the application to be in, and where it takes it.
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "submit": ((Status.DRAFT,), Status.SUBMITTED),
    "accept": ((Status.SUBMITTED,), Status.ACCEPTED),
    "reject": ((Status.SUBMITTED,), Status.REJECTED),
    "withdraw": ((Status.DRAFT, Status.SUBMITTED), Status.WITHDRAWN),
}
DECISIONS = ("accept", "reject")
OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED)
FILE_NAME_MAX = 255


def can_manage_application(user: Any, application: SeriesApplication) -> bool:
    """The office admin handles any application; a unit's people their own unit's."""
    return is_admin(user) or in_unit(user, application.applicant_id)


def application_create(
    *,
    by: Any,
    series: str,
    title: str,
    applicant: Unit,
    work: Work | None = None,
    notes: str = "",
) -> SeriesApplication:
    """Open a draft application of ``applicant`` for a series."""
    require(is_admin(by) or in_unit(by, applicant.pk))
    if series not in SeriesApplication.Series.values:
        raise ServiceError(_("Unknown series."), field="series")
    if not applicant.is_active:
        raise ServiceError(_("A retired unit cannot apply."), field="applicant")
    title = clean_text(title, field="title", label=_("Title"), max_length=200, required=True)
    notes = clean_text(notes, field="notes", label=_("Notes"), max_length=5000, required=False)
    if work is not None and not is_admin(by) and work.compiler_id != applicant.pk:
        raise ServiceError(_("The work is compiled by another unit."), field="work")
    with acting(by), transaction.atomic():
        return SeriesApplication.objects.create(
            series=series,
            title=title,
            applicant=applicant,
            work=work,
            notes=notes,
            created_by=by,
        )


def application_update(
    *, by: Any, application: SeriesApplication, title: str, notes: str = ""
) -> SeriesApplication:
    """Change the title and notes of an application that is still a draft."""
    require(can_manage_application(by, application))
    if application.status != Status.DRAFT:
        raise ServiceError(_("Only a draft application can be edited."), code="not_draft")
    title = clean_text(title, field="title", label=_("Title"), max_length=200, required=True)
    notes = clean_text(notes, field="notes", label=_("Notes"), max_length=5000, required=False)
    with acting(by), transaction.atomic():
        application.title = title
        application.notes = notes
        application.save(update_fields=["title", "notes"])
    return application


def application_update_status(
    *,
    by: Any,
    application: SeriesApplication,
    action: str,
    document_number: str = "",
    decided_on: dt.date | None = None,
) -> SeriesApplication:
    """Submit, withdraw, or record the decision (accept/reject) on an application.

    The applicant submits and withdraws; the decision is made outside the system and
    recorded by an office admin with its document number and date.
    """
    if action not in TRANSITIONS:
        raise ServiceError(_("Unknown action."), field="action")
    if action in DECISIONS:
        require(is_admin(by))
    else:
        require(can_manage_application(by, application))
    sources, target = TRANSITIONS[action]
    with acting(by), transaction.atomic():
        fresh = SeriesApplication.objects.select_for_update().get(pk=application.pk)
        if fresh.status not in sources:
            raise ServiceError(
                _("This cannot be done to an application that is “%(status)s”.")
                % {"status": fresh.get_status_display()},
                code="wrong_status",
            )
        update = ["status"]
        if action in DECISIONS:
            document_number = clean_text(
                document_number,
                field="document_number",
                label=_("Decision document"),
                max_length=100,
                required=True,
            )
            if decided_on is None:
                raise ServiceError(_("Enter the date of the decision."), field="decided_on")
            if decided_on > today():
                raise ServiceError(_("The decision date is in the future."), field="decided_on")
            if fresh.submitted_on and decided_on < fresh.submitted_on:
                raise ServiceError(
                    _("The decision date is before the application was submitted."),
                    field="decided_on",
                )
            fresh.document_number = document_number
            fresh.decided_on = decided_on
            update += ["document_number", "decided_on"]
        if action == "submit":
            if not fresh.documents.exists():
                raise ServiceError(
                    _("Attach the application documents before submitting."), code="no_documents"
                )
            fresh.submitted_on = today()
            update.append("submitted_on")
        fresh.status = target
        fresh.save(update_fields=update)
    application.refresh_from_db()
    return application


def safe_file_name(name: str) -> str:
    """A file name with no folders, control characters or reserved characters."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        "_" if (unicodedata.category(c)[0] == "C" or c in '<>:"|?*') else c for c in name
    )
    name = name.strip().strip(".").strip()
    if len(name) > FILE_NAME_MAX:
        stem, dot, ext = name.rpartition(".")
        ext = ext[:20] if dot else ""
        name = (stem if dot else name)[: FILE_NAME_MAX - len(ext) - 1] + (f".{ext}" if ext else "")
    return name or "document"


def application_document_add(
    *,
    by: Any,
    application: SeriesApplication,
    title: str,
    file_name: str,
    data: bytes,
    content_type: str = "application/octet-stream",
) -> ApplicationDocument:
    """File a document with an application that is not yet decided."""
    require(can_manage_application(by, application))
    if application.status not in OPEN_STATUSES:
        raise ServiceError(
            _("Documents can be added only before the decision."), code="wrong_status"
        )
    title = clean_text(title, field="title", label=_("Title"), max_length=200, required=True)
    if not data:
        raise ServiceError(_("The file is empty."), field="file")
    if len(data) > settings.MAX_UPLOAD_BYTES:
        raise ServiceError(
            _("The file is larger than %(mb)d MB.")
            % {"mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024)},
            code="too_large",
            field="file",
        )
    name = safe_file_name(file_name)
    with acting(by), transaction.atomic():
        stored = file_store(data, content_type=content_type or "application/octet-stream")
        return ApplicationDocument.objects.create(
            application=application, title=title, file=stored, file_name=name, uploaded_by=by
        )
