"""Entries of a return: the seven categories' forms, their rules, attachments, tables.

Rules of the work enforced here: dates are real and fall in the campaign's year unless
marked as a back-filled event of an earlier year; 生不立传 (a biography only for the
deceased); a file must really be what its category takes (checked by content, not by
name); Excel tables keep their values, never their macros. A failed save stores nothing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from fangzhi.audit.context import acting
from fangzhi.core.errors import Conflict, ServiceError
from fangzhi.core.files import file_store
from fangzhi.works.services.common import clean_text

from ..models import Category, Entry, Submission
from .common import can_fill, require

# What each category's attachment may be (fangzhi.core.sniff kinds).
FILE_KINDS = {
    Category.OVERVIEW: {"document", "spreadsheet", "image"},
    Category.CHRONICLE: {"document", "image"},
    Category.TOPIC: {"document", "image"},
    Category.PEOPLE: {"image", "document"},
    Category.DOCUMENTS: {"document", "spreadsheet", "image"},
    Category.MEDIA: {"image", "audio", "video"},
    Category.OTHER: {"document", "spreadsheet", "image", "audio", "video"},
}
TEXT_MAX = 200_000
SHORT = {
    "title": 200,
    "place": 200,
    "source": 300,
    "name": 64,
    "native_place": 100,
    "issuer": 200,
    "document_number": 100,
    "author": 100,
    "rights": 200,
}
LONG = {"text": TEXT_MAX, "posts": 5000, "honours": 5000}


def _labels() -> dict[str, Any]:
    return {name: Entry._meta.get_field(name).verbose_name for name in (*SHORT, *LONG)}


def _date_error(exc: Any) -> str:
    return {
        "impossible": _("This date does not exist."),
        "incomplete": _("The date is incomplete for its precision."),
        "year_range": _("The year is out of range."),
    }.get(getattr(exc, "code", ""), _("The date cannot be read."))


def _check_date(value: Any, *, campaign_year: int, backfilled: bool, field: str = "date") -> Any:
    """A FuzzyDate in the campaign's year, or of an earlier year when back-filled."""
    from fangzhi.text.dates import DateError, FuzzyDate, parse_fuzzy_date

    if value in (None, ""):
        return None
    try:
        date = value if isinstance(value, FuzzyDate) else parse_fuzzy_date(str(value))
        date.validate()
    except DateError as exc:
        raise ServiceError(_date_error(exc), code="bad_date", field=field) from None
    if date.year > campaign_year:
        raise ServiceError(
            _("The date is after the year of these returns (%(year)d).") % {"year": campaign_year},
            code="outside_year",
            field=field,
        )
    if date.year < campaign_year and not backfilled:
        raise ServiceError(
            _(
                "The date is before %(year)d. If this is an earlier event being recorded now, "
                "tick “event of an earlier year”."
            )
            % {"year": campaign_year},
            code="outside_year",
            field=field,
        )
    return date


def _clean(data: dict[str, Any], category: str) -> dict[str, Any]:
    labels = _labels()
    values: dict[str, Any] = {}
    for name, limit in {**SHORT, **LONG}.items():
        if name in data:
            values[name] = clean_text(
                data.get(name), field=name, label=labels[name], max_length=limit, required=False
            )
    required = {
        Category.OVERVIEW: ["text"],
        Category.CHRONICLE: ["text"],
        Category.TOPIC: ["title", "text"],
        Category.PEOPLE: ["name"],
        Category.DOCUMENTS: ["title"],
        Category.MEDIA: [],
        Category.OTHER: ["title"],
    }[category]
    for name in required:
        if not values.get(name):
            raise ServiceError(
                _("%(label)s may not be empty.") % {"label": labels[name]}, field=name
            )
    if "sex" in data and data["sex"] not in ("", None, *Entry.Sex.values):
        raise ServiceError(_("Unknown sex."), field="sex")
    values["sex"] = data.get("sex") or ""
    figures = data.get("fields") or []
    if isinstance(figures, dict):
        figures = list(figures.items())
    if not isinstance(figures, list | tuple) or len(figures) > 200:
        raise ServiceError(_("The figures must be a list of labels and values."), field="fields")
    pairs: list[list[str]] = []
    for pair in figures:
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise ServiceError(
                _("The figures must be a list of labels and values."), field="fields"
            )
        key = clean_text(pair[0], field="fields", label=_("Figure"), max_length=100, required=True)
        value = clean_text(
            pair[1], field="fields", label=_("Figure"), max_length=500, required=False
        )
        if any(key == seen for seen, _value in pairs):
            raise ServiceError(
                _("The item “%(label)s” appears twice.") % {"label": key}, field="fields"
            )
        pairs.append([key, value])
    values["fields"] = pairs
    return values


def _check_people(values: dict[str, Any], data: dict[str, Any], year: int) -> None:
    """生不立传: a biography is written only of the deceased; the living appear in lists."""
    from fangzhi.text.dates import DateError, parse_fuzzy_date

    for name in ("born", "died"):
        raw = (data.get(name) or "").strip()
        if raw:
            try:
                parsed = parse_fuzzy_date(raw)
                parsed.validate()
            except DateError as exc:
                raise ServiceError(_date_error(exc), code="bad_date", field=name) from None
            if parsed.year > year:
                raise ServiceError(_("The date is in the future."), field=name)
            values[name] = parsed.chinese()
        else:
            values[name] = ""
    values["is_biography"] = bool(data.get("is_biography"))
    if values["is_biography"] and not values["died"]:
        raise ServiceError(
            _(
                "生不立传: a biography is written only of the deceased. Enter the date of "
                "death, or record a living person in a list (untick “biography”)."
            ),
            code="living_biography",
            field="is_biography",
        )
    if values["born"] and values["died"]:
        born, died = parse_fuzzy_date(values["born"]), parse_fuzzy_date(values["died"])
        if died.sort_key() < born.sort_key():
            raise ServiceError(_("The date of death is before the date of birth."), field="died")


def _attach(upload: tuple[bytes, str] | None, category: str) -> dict[str, Any]:
    from fangzhi.core.sniff import FileKindError, check_kind, safe_filename

    if upload is None:
        return {}
    data, name = upload
    if len(data) > settings.MAX_UPLOAD_BYTES:
        raise ServiceError(
            _("The file is larger than %(limit)d MB.")
            % {"limit": settings.MAX_UPLOAD_BYTES // (1024 * 1024)},
            code="too_large",
            field="file",
        )
    if not data:
        raise ServiceError(_("The file is empty."), field="file")
    try:
        content_type = check_kind(data, name, FILE_KINDS[category])
    except FileKindError as exc:
        message = {
            "wrong_kind": _(
                "This file is not of a kind this category takes (its content does not match: "
                "for pictures, upload JPEG, PNG, GIF, WebP or TIFF; for audio and video, "
                "MP3, WAV, MP4 and the like; for documents, PDF or Word)."
            ),
        }.get(exc.code, _("The kind of this file cannot be recognised."))
        raise ServiceError(message, code=exc.code, field="file") from None
    return {"upload": data, "content_type": content_type, "file_name": safe_filename(name)}


def _check_revision(submission: Submission, base_revision: int | None) -> None:
    if base_revision is None or int(base_revision) != submission.revision:
        raise Conflict(
            _("Someone else changed this return after you opened it. Reload and try again.")
        )


def _touch(submission: Submission) -> None:
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if locked.revision != submission.revision:
        raise Conflict(_("Someone else changed this return at the same moment. Try again."))
    submission.revision = locked.revision + 1
    if submission.status == Submission.Status.NOT_STARTED:
        submission.status = Submission.Status.DRAFT
    submission.save(update_fields=["revision", "status", "updated_at"])


def duplicates_of(submission: Submission, entry: Entry) -> list[Entry]:
    """Chronicle entries of the same unit and year with the same date and the same text."""
    if entry.category != Category.CHRONICLE:
        return []
    return list(
        Entry.objects.filter(
            submission__campaign_id=submission.campaign_id,
            submission__unit_id=submission.unit_id,
            category=Category.CHRONICLE,
            withdrawn=False,
            date_sort=entry.date_sort,
            text=entry.text,
        ).exclude(pk=entry.pk)
    )


def entry_save(
    *,
    by: Any,
    submission: Submission,
    data: dict[str, Any],
    base_revision: int | None,
    entry: Entry | None = None,
    upload: tuple[bytes, str] | None = None,
) -> tuple[Entry, list[str]]:
    """Add an entry to a return, or change one; returns the entry and warnings (a
    duplicate chronicle entry is saved but warned about)."""
    require(can_fill(by, submission))
    if not submission.is_editable:
        raise ServiceError(
            _("The return has been submitted; it can be changed again once the office returns it."),
            code="locked",
        )
    if submission.campaign.status != "open":
        raise ServiceError(_("The campaign is closed."), code="closed")
    if entry is not None and entry.submission_id != submission.pk:
        raise ServiceError(_("The entry belongs to another return."))
    category = submission.category
    _check_revision(submission, base_revision)
    values = _clean(data, category)
    year = submission.campaign.year
    backfilled = bool(data.get("backfilled"))
    date = _check_date(data.get("date"), campaign_year=year, backfilled=backfilled)
    if category == Category.CHRONICLE and date is None:
        raise ServiceError(_("A chronicle entry needs its date."), field="date")
    if category == Category.PEOPLE:
        _check_people(values, data, year)
    attachment = _attach(upload, category)
    if category == Category.MEDIA and not attachment and not (entry and entry.file_id):
        raise ServiceError(_("Attach the picture, recording or video."), field="file")
    with acting(by), transaction.atomic():
        _touch(submission)
        target = entry or Entry(submission=submission, category=category, created_by=by)
        for name, value in values.items():
            setattr(target, name, value)
        target.backfilled = backfilled
        if date is not None:
            target.date_year, target.date_month = date.year, date.month
            target.date_day, target.date_season = date.day, date.season
            target.date_precision = date.precision.value
            target.date_sort = _sort_string(date)
        else:
            target.date_year = target.date_month = target.date_day = target.date_season = None
            target.date_precision = target.date_sort = ""
        if attachment:
            target.file = file_store(attachment["upload"], content_type=attachment["content_type"])
            target.file_name = attachment["file_name"]
            target.content_type = attachment["content_type"]
        target.save()
    warnings = []
    if duplicates_of(submission, target):
        warnings.append(_("An entry with the same date and text is already in this return."))
    return target, warnings


def _sort_string(date: Any) -> str:
    """The FuzzyDate's chronicle order as a string the database can sort on."""
    return "-".join(f"{part:04d}" for part in date.sort_key())


def entry_withdraw(*, by: Any, entry: Entry, base_revision: int | None) -> Entry:
    """Take an entry out of the return; it is kept, marked withdrawn."""
    submission = entry.submission
    require(can_fill(by, submission))
    if not submission.is_editable:
        raise ServiceError(_("The return has been submitted."), code="locked")
    _check_revision(submission, base_revision)
    with acting(by), transaction.atomic():
        _touch(submission)
        entry.withdrawn = True
        entry.save(update_fields=["withdrawn", "updated_at"])
    return entry


def table_upload(
    *, by: Any, submission: Submission, data: bytes, filename: str, base_revision: int | None
) -> tuple[list[Entry], list[str]]:
    """Statistics tables from an .xlsx, kept as tables (one entry per sheet table) with the
    file itself. Formulas keep the values Excel saved; macro-enabled files are refused."""
    from fangzhi.core.sniff import safe_filename

    from ..xlsx_tables import TableError, read_tables

    require(can_fill(by, submission))
    if not submission.is_editable:
        raise ServiceError(_("The return has been submitted."), code="locked")
    _check_revision(submission, base_revision)
    try:
        tables = read_tables(data, max_bytes=settings.MAX_UPLOAD_BYTES)
    except TableError as exc:
        message = {
            "not_xlsx": _("This is not an Excel workbook (.xlsx)."),
            "macros": _("The workbook contains macros, which are not accepted. Save it as .xlsx."),
            "encrypted": _("The workbook is protected by a password. Remove it and try again."),
            "too_large": _("The workbook is too large."),
            "corrupt": _("The workbook is damaged and cannot be read."),
        }.get(exc.code, _("The workbook cannot be read."))
        raise ServiceError(message, code=exc.code, field="file") from None
    if not tables:
        raise ServiceError(_("The workbook has no table."), code="empty", field="file")
    warnings = []
    formulas = sum(t.formulas for t in tables)
    if formulas:
        warnings.append(
            _("%(n)d formulas: the values Excel saved with them are kept.") % {"n": formulas}
        )
    name = safe_filename(filename or "table.xlsx")
    entries = []
    with acting(by), transaction.atomic():
        _touch(submission)
        stored = file_store(
            data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        for table in tables:
            entries.append(
                Entry.objects.create(
                    submission=submission,
                    category=submission.category,
                    title=(table.title or table.sheet)[:200],
                    table={"sheet": table.sheet, "header": table.header, "rows": table.rows},
                    file=stored,
                    file_name=name,
                    content_type=stored.content_type,
                    created_by=by,
                )
            )
    return entries, warnings
