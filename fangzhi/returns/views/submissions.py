"""Pages: a reporting unit's returns (资料年报, 三.六) — the unit's seven categories in a
campaign, a return's entries and their forms, Excel tables, files and thumbnails, the
head's sign-off (签发), the office's acceptance or return, the signed-off versions, and
the unit's archive package (归档).

Every record is reached through ``visible_object`` (403 for another unit's records,
whether or not they exist); every change goes through a service of
``returns.services``. The return's page holds the forms: their POST-only actions
redirect back on success and re-render the page with the form's errors on failure, so
nothing typed is lost and nothing is half-saved.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from fangzhi.accounts.roles import Role, role_of
from fangzhi.core.errors import Conflict, Forbidden, ServiceError
from fangzhi.core.files import file_read
from fangzhi.core.models import Job, StoredFile
from fangzhi.core.views import visible_object
from fangzhi.org.models import Unit

from .. import services
from ..forms.entries import TableUploadForm, WithdrawForm, entry_form_class
from ..forms.submissions import AcceptForm, ReturnForm, SignOffForm
from ..models import Campaign, Category, Entry, Submission, SubmissionEvent, SubmissionVersion
from ..services.common import can_fill, in_unit, is_office
from ..services.package import can_package

SEASONS = {1: "春", 2: "夏", 3: "秋", 4: "冬"}
# Categories whose statistics tables may be uploaded from Excel.
TABLE_CATEGORIES = {Category.OVERVIEW, Category.TOPIC, Category.OTHER}
TABLE_ROWS_SHOWN = 500
# Served files may be opened directly: nothing in them may run or load anything.
FILE_CSP = (
    "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox"
)
INLINE_KINDS = ("image/", "audio/", "video/")
RANGE = re.compile(r"bytes=(\d*)-(\d*)$")


# --- helpers -------------------------------------------------------------------------------


def chinese_date(entry: Entry) -> str:
    """2025年3月5日, 2025年3月, 2025年春, 2025年: as precise as the entry's date."""
    if not entry.date_year:
        return ""
    year, precision = f"{entry.date_year}年", entry.date_precision
    if precision == "day":
        return f"{year}{entry.date_month}月{entry.date_day}日"
    if precision == "month":
        return f"{year}{entry.date_month}月"
    if precision == "season":
        return f"{year}{SEASONS.get(entry.date_season or 0, '')}"
    return year


def submission_url(submission: Submission, anchor: str = "") -> str:
    url = reverse("returns:submission_detail", args=[submission.pk])
    return f"{url}#{anchor}" if anchor else url


def unit_returns_url(submission: Submission) -> str:
    return reverse("returns:unit_returns", args=[submission.campaign_id, submission.unit_id])


def is_head_of(user: Any, submission: Submission) -> bool:
    return role_of(user) == Role.UNIT_HEAD and in_unit(user, submission.unit_id)


def is_overdue(campaign: Campaign, status: str) -> bool:
    done = (Submission.Status.SUBMITTED, Submission.Status.ACCEPTED)
    return status not in done and campaign.due_on < timezone.localdate()


def unit_in_campaign(user: Any, campaign_pk: int, unit_pk: int) -> tuple[Campaign, Unit]:
    """The campaign and the unit, if the user may see both: a unit's people only their
    own unit (403 otherwise, whether or not it exists); the office any reporting unit."""
    campaign = visible_object(Campaign, user, campaign_pk)
    unit = visible_object(Unit, user, unit_pk)
    if not campaign.reporting_units.filter(unit=unit).exists():
        if not is_office(user):
            raise PermissionDenied
        raise Http404
    return campaign, unit


def prepare(entries: list[Entry]) -> list[Entry]:
    for entry in entries:
        entry.date_cn = chinese_date(entry)
        entry.kind = entry.content_type.split("/", 1)[0] if entry.file_id else ""
        if entry.table:
            rows = entry.table.get("rows") or []
            entry.table_rows = rows[:TABLE_ROWS_SHOWN]
            entry.table_more = max(0, len(rows) - TABLE_ROWS_SHOWN)
    return entries


def submission_context(request: Any, submission: Submission, **forms: Any) -> dict[str, Any]:
    """Everything the return's page shows; ``forms`` replace the blank forms (bound, with
    errors) after a refused action."""
    user = request.user
    campaign = submission.campaign
    show_withdrawn = request.GET.get("withdrawn") == "1"
    entries = Entry.objects.visible_to(user).filter(submission=submission).select_related("file")
    withdrawn_count = entries.filter(withdrawn=True).count()
    if not show_withdrawn:
        entries = entries.filter(withdrawn=False)
    entries = prepare(list(entries))
    events = list(
        SubmissionEvent.objects.visible_to(user)
        .filter(submission=submission)
        .select_related("by", "version")
    )
    versions = list(
        SubmissionVersion.objects.visible_to(user)
        .filter(submission=submission)
        .select_related("signed_by")
    )
    status = submission.status
    returned = next((e for e in events if e.action == SubmissionEvent.Action.RETURN), None)
    editable = (
        submission.is_editable
        and campaign.status == Campaign.Status.OPEN
        and can_fill(user, submission)
    )
    live = [e for e in entries if not e.withdrawn]
    office = is_office(user)
    revision = {"base_revision": submission.revision}
    form_class = entry_form_class(submission.category)
    ctx: dict[str, Any] = {
        "submission": submission,
        "campaign": campaign,
        "unit": submission.unit,
        "unit_url": unit_returns_url(submission),
        "entries": [e for e in entries if not e.table],
        "table_entries": [e for e in entries if e.table],
        "entry_count": len(live),
        "withdrawn_count": withdrawn_count,
        "show_withdrawn": show_withdrawn,
        "events": events,
        "versions": versions,
        "returned_event": returned if status == Submission.Status.RETURNED else None,
        "overdue": is_overdue(campaign, status),
        "can_edit": editable,
        "can_upload_tables": editable and submission.category in TABLE_CATEGORIES,
        "locked": can_fill(user, submission) and not editable,
        "is_head": is_head_of(user, submission),
        "can_sign_off": is_head_of(user, submission)
        and status in (Submission.Status.DRAFT, Submission.Status.RETURNED)
        and bool(live),
        "is_office": office,
        "can_decide": office and status == Submission.Status.SUBMITTED,
        "withdraw_form": WithdrawForm(initial=revision),
        "conflict": forms.get("conflict", ""),
    }
    ctx["entry_form"] = forms.get("entry_form") or form_class(initial=revision)
    ctx["table_form"] = forms.get("table_form") or TableUploadForm(initial=revision)
    ctx["signoff_form"] = forms.get("signoff_form") or SignOffForm(initial=revision)
    ctx["return_form"] = forms.get("return_form") or ReturnForm(initial=revision)
    ctx["accept_form"] = forms.get("accept_form") or AcceptForm(initial=revision)
    return ctx


def add_service_error(form: Any, exc: ServiceError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc))


def rebase(form: Any, revision: int) -> None:
    """After a conflict, the person's values stay and the next save is based on what is
    there now: they have been told, and have seen the other change on the page."""
    data = form.data.copy()
    data["base_revision"] = str(revision)
    form.data = data


def check_revision(form: Any, submission: Submission) -> None:
    if form.cleaned_data["base_revision"] != submission.revision:
        raise Conflict(
            _("Someone else changed this return after you opened it. Reload and try again.")
        )


# --- a unit's returns in a campaign --------------------------------------------------------


class UnitReturnsView(LoginRequiredMixin, View):
    def get(self, request: Any, campaign_pk: int, unit_pk: int) -> HttpResponse:
        campaign, unit = unit_in_campaign(request.user, campaign_pk, unit_pk)
        submissions = {
            s.category: s
            for s in Submission.objects.visible_to(request.user)
            .filter(campaign=campaign, unit=unit)
            .annotate(entry_count=Count("entries", filter=Q(entries__withdrawn=False)))
        }
        reasons: dict[int, SubmissionEvent] = {}
        for event in SubmissionEvent.objects.visible_to(request.user).filter(
            submission__in=list(submissions.values()), action=SubmissionEvent.Action.RETURN
        ):
            reasons.setdefault(event.submission_id, event)
        rows = []
        for category, label in Category.choices:
            submission = submissions.get(category)
            if submission is None:
                continue
            rows.append(
                {
                    "label": label,
                    "submission": submission,
                    "overdue": is_overdue(campaign, submission.status),
                    "returned": reasons.get(submission.pk)
                    if submission.status == Submission.Status.RETURNED
                    else None,
                }
            )
        packages = Job.objects.filter(
            kind="returns_package", params__campaign=campaign.pk, params__unit=unit.pk
        ).select_related("created_by")[:5]
        ctx = {
            "campaign": campaign,
            "unit": unit,
            "rows": rows,
            "packages": packages,
            "can_package": can_package(request.user, unit),
        }
        return render(request, "returns/unit_returns.html", ctx)


# --- a return's page and its actions -------------------------------------------------------


class SubmissionDetailView(LoginRequiredMixin, View):
    def get(self, request: Any, pk: int) -> HttpResponse:
        submission = visible_object(Submission, request.user, pk)
        return render(
            request, "returns/submission_detail.html", submission_context(request, submission)
        )


class _SubmissionAction(LoginRequiredMixin, View):
    """A POST-only action on a return. ``allowed`` mirrors the service's permission so a
    refused person gets 403 before any form is read; the service still decides."""

    form_key = ""
    anchor = ""

    def allowed(self, user: Any, submission: Submission) -> bool:
        return can_fill(user, submission)

    def make_form(self, request: Any) -> Any:  # pragma: no cover - subclasses implement
        raise NotImplementedError

    def perform(self, form: Any) -> Any:  # pragma: no cover - subclasses implement
        raise NotImplementedError

    def success_message(self) -> str:
        return ""

    def post(self, request: Any, pk: int) -> HttpResponse:
        self.submission = visible_object(Submission, request.user, pk)
        if not self.allowed(request.user, self.submission):
            raise PermissionDenied
        form = self.make_form(request)
        conflict = ""
        if form.is_valid():
            try:
                warnings = self.perform(form) or []
            except Forbidden as exc:
                raise PermissionDenied(str(exc)) from exc
            except ServiceError as exc:
                add_service_error(form, exc)
                conflict = self.form_key if isinstance(exc, Conflict) else ""
            else:
                if message := self.success_message():
                    messages.success(request, message)
                for warning in warnings:
                    messages.warning(request, warning)
                return redirect(submission_url(self.submission, self.anchor))
        self.submission.refresh_from_db()
        if conflict:
            rebase(form, self.submission.revision)
        ctx = submission_context(
            request, self.submission, **{self.form_key: form, "conflict": conflict}
        )
        return render(request, "returns/submission_detail.html", ctx)


class EntryAddView(_SubmissionAction):
    form_key = "entry_form"
    anchor = "entries"

    def make_form(self, request: Any) -> Any:
        return entry_form_class(self.submission.category)(request.POST, request.FILES)

    def perform(self, form: Any) -> list[str]:
        self.entry, warnings = services.entry_save(
            by=self.request.user,
            submission=self.submission,
            data=form.service_data(),
            base_revision=form.cleaned_data["base_revision"],
            upload=form.upload(),
        )
        return warnings

    def success_message(self) -> str:
        return _("The entry has been added.")


class TableUploadView(_SubmissionAction):
    form_key = "table_form"
    anchor = "tables"

    def make_form(self, request: Any) -> Any:
        return TableUploadForm(request.POST, request.FILES)

    def perform(self, form: Any) -> list[str]:
        upload = form.cleaned_data["file"]
        self.entries, warnings = services.table_upload(
            by=self.request.user,
            submission=self.submission,
            data=upload.read(),
            filename=upload.name,
            base_revision=form.cleaned_data["base_revision"],
        )
        return warnings

    def success_message(self) -> str:
        n = len(self.entries)
        return _("%(n)d table(s) have been kept from the workbook.") % {"n": n}


class SignOffView(_SubmissionAction):
    form_key = "signoff_form"
    anchor = "signoff"

    def allowed(self, user: Any, submission: Submission) -> bool:
        return is_head_of(user, submission)

    def make_form(self, request: Any) -> Any:
        return SignOffForm(request.POST)

    def perform(self, form: Any) -> None:
        check_revision(form, self.submission)  # the head signs off what they saw
        self.version = services.submission_sign_off(
            by=self.request.user,
            submission=self.submission,
            statement=form.cleaned_data["statement"],
        )

    def success_message(self) -> str:
        return _("Signed off: version %(n)d has been submitted to the office.") % {
            "n": self.version.number
        }


class ReturnView(_SubmissionAction):
    form_key = "return_form"
    anchor = "events"

    def allowed(self, user: Any, submission: Submission) -> bool:
        return is_office(user)

    def make_form(self, request: Any) -> Any:
        return ReturnForm(request.POST)

    def perform(self, form: Any) -> None:
        check_revision(form, self.submission)
        services.submission_return(
            by=self.request.user, submission=self.submission, reason=form.cleaned_data["reason"]
        )

    def success_message(self) -> str:
        return _("The return has been sent back to the unit with your reasons.")


class AcceptView(ReturnView):
    form_key = "accept_form"

    def make_form(self, request: Any) -> Any:
        return AcceptForm(request.POST)

    def perform(self, form: Any) -> None:
        check_revision(form, self.submission)
        services.submission_accept(by=self.request.user, submission=self.submission)

    def success_message(self) -> str:
        return _("The return has been accepted.")


# --- one entry -----------------------------------------------------------------------------


def entry_for_change(request: Any, pk: int) -> Entry:
    entry = visible_object(Entry, request.user, pk)
    if not can_fill(request.user, entry.submission):
        raise PermissionDenied
    return entry


class EntryEditView(LoginRequiredMixin, View):
    template_name = "returns/entry_edit.html"

    def render_page(self, request: Any, entry: Entry, form: Any, conflict: bool = False) -> Any:
        submission = entry.submission
        ctx = {
            "entry": prepare([entry])[0],
            "submission": submission,
            "campaign": submission.campaign,
            "form": form,
            "conflict": conflict,
            "locked": not submission.is_editable
            or submission.campaign.status != Campaign.Status.OPEN,
        }
        return render(request, self.template_name, ctx)

    def get(self, request: Any, pk: int) -> HttpResponse:
        entry = entry_for_change(request, pk)
        if entry.withdrawn:
            raise Http404
        form = entry_form_class(entry.category)(entry=entry, initial=self.initial(entry))
        return self.render_page(request, entry, form)

    def initial(self, entry: Entry) -> dict[str, Any]:
        initial = entry_form_class(entry.category).initial_from(entry)
        initial["base_revision"] = entry.submission.revision
        return initial

    def post(self, request: Any, pk: int) -> HttpResponse:
        entry = entry_for_change(request, pk)
        if entry.withdrawn:
            raise Http404
        submission = entry.submission
        form = entry_form_class(entry.category)(
            request.POST, request.FILES, entry=entry, initial=self.initial(entry)
        )
        conflict = False
        if form.is_valid():
            try:
                _entry, warnings = services.entry_save(
                    by=request.user,
                    submission=submission,
                    entry=entry,
                    data=form.service_data(),
                    base_revision=form.cleaned_data["base_revision"],
                    upload=form.upload(),
                )
            except Forbidden as exc:
                raise PermissionDenied(str(exc)) from exc
            except ServiceError as exc:
                add_service_error(form, exc)
                conflict = isinstance(exc, Conflict)
            else:
                messages.success(request, _("The entry has been saved."))
                for warning in warnings:
                    messages.warning(request, warning)
                return redirect(submission_url(submission, f"entry-{entry.pk}"))
        entry.refresh_from_db()
        submission.refresh_from_db()
        if conflict:
            rebase(form, submission.revision)
        return self.render_page(request, entry, form, conflict)


class EntryWithdrawView(LoginRequiredMixin, View):
    def post(self, request: Any, pk: int) -> HttpResponse:
        entry = entry_for_change(request, pk)
        form = WithdrawForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The form was incomplete; reload the page and try again."))
            return redirect(submission_url(entry.submission, "entries"))
        try:
            services.entry_withdraw(
                by=request.user, entry=entry, base_revision=form.cleaned_data["base_revision"]
            )
        except Forbidden as exc:
            raise PermissionDenied(str(exc)) from exc
        except ServiceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The entry has been withdrawn; it is kept, hidden."))
        return redirect(submission_url(entry.submission, "entries"))


def stored_response(
    request: Any, stored: StoredFile, content_type: str, filename: str, inline: bool
) -> HttpResponse:
    """The bytes of a stored file with a safe name (RFC 5987), ``nosniff`` and a sandbox;
    one byte range when asked (browsers seek in audio and video that way)."""
    data = file_read(stored)
    status, size = 200, len(data)
    match = RANGE.match(request.headers.get("Range", ""))
    if match and (match.group(1) or match.group(2)):
        first, last = match.groups()
        if first:
            start, end = int(first), min(int(last) if last else size - 1, size - 1)
        else:
            start, end = max(0, size - int(last)), size - 1
        if start > end or start >= size:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        data, status = data[start : end + 1], 206
    response = HttpResponse(data, content_type=content_type, status=status)
    if status == 206:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cache-Control"] = "private, max-age=3600"
    return response


class EntryFileView(LoginRequiredMixin, View):
    """An entry's file, only to who can see the entry. Pictures, audio and video open in
    the browser (checked by content when uploaded); anything else is downloaded."""

    def get(self, request: Any, pk: int) -> HttpResponse:
        entry = visible_object(Entry, request.user, pk)
        if entry.file is None:
            raise Http404
        inline = entry.content_type.startswith(INLINE_KINDS)
        content_type = entry.content_type if inline else "application/octet-stream"
        name = entry.file_name or f"entry-{entry.pk}"
        return stored_response(request, entry.file, content_type, name, inline)


def image_type(data: bytes) -> str:
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "image/jpeg"


class EntryThumbnailView(LoginRequiredMixin, View):
    """A small picture of an image entry, made on request from the stored file."""

    def get(self, request: Any, pk: int) -> HttpResponse:
        from ..media import MediaError, thumbnail

        entry = visible_object(Entry, request.user, pk)
        if entry.file is None or not entry.content_type.startswith("image/"):
            raise Http404
        try:
            data = thumbnail(file_read(entry.file))
        except MediaError:  # damaged, or too many pixels: no thumbnail, the file stays
            raise Http404 from None
        response = HttpResponse(data, content_type=image_type(data))
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = FILE_CSP
        response["Cache-Control"] = "private, max-age=86400"
        return response


# --- signed-off versions -------------------------------------------------------------------

ENTRY_FIELDS = {f.name for f in Entry._meta.concrete_fields} - {"created_at", "updated_at"}


def frozen_entries(version: SubmissionVersion) -> list[Entry]:
    """The snapshot's rows as (unsaved) entries, for the same templates."""
    entries = []
    for row in version.snapshot:
        entry = Entry(**{k: v for k, v in row.items() if k in ENTRY_FIELDS})
        entry.file_sha256 = row.get("file_sha256", "")
        entries.append(entry)
    return prepare(entries)


class SubmissionVersionView(LoginRequiredMixin, View):
    def get(self, request: Any, pk: int) -> HttpResponse:
        version = visible_object(SubmissionVersion, request.user, pk)
        submission = version.submission
        entries = frozen_entries(version)
        ctx = {
            "version": version,
            "submission": submission,
            "campaign": submission.campaign,
            "entries": [e for e in entries if not e.table],
            "table_entries": [e for e in entries if e.table],
        }
        return render(request, "returns/submission_version.html", ctx)


# --- the archive package -------------------------------------------------------------------


def package_job(user: Any, pk: int) -> Job:
    """A package job, to the office and the people of the unit it packs (who started it:
    ``package_start`` lets only them). Jobs' own visibility (their creator) is too
    narrow here: a unit's head downloads what its liaison asked for."""
    job = Job.objects.filter(pk=pk, kind="returns_package").select_related("created_by").first()
    if job is not None and (is_office(user) or in_unit(user, job.params.get("unit"))):
        return job
    if job is None and is_office(user):
        raise Http404
    raise PermissionDenied


class PackageStartView(LoginRequiredMixin, View):
    def post(self, request: Any, campaign_pk: int, unit_pk: int) -> HttpResponse:
        campaign, unit = unit_in_campaign(request.user, campaign_pk, unit_pk)
        try:
            job = services.package_start(by=request.user, campaign=campaign, unit=unit)
        except Forbidden as exc:
            raise PermissionDenied(str(exc)) from exc
        except ServiceError as exc:
            messages.error(request, str(exc))
            return redirect("returns:unit_returns", campaign_pk=campaign.pk, unit_pk=unit.pk)
        messages.success(request, _("The archive package is being made."))
        return redirect("returns:package_status", job_pk=job.pk)


class PackageStatusView(LoginRequiredMixin, View):
    """The package job's progress (polled with htmx) and, once done, the download."""

    def get(self, request: Any, job_pk: int) -> HttpResponse:
        job = package_job(request.user, job_pk)
        ctx = {
            "job": job,
            "campaign_pk": job.params.get("campaign"),
            "unit_pk": job.params.get("unit"),
        }
        if getattr(request, "htmx", False):
            return render(request, "returns/package_progress.html", ctx)
        return render(request, "returns/package_detail.html", ctx)


class PackageDownloadView(LoginRequiredMixin, View):
    def get(self, request: Any, job_pk: int) -> HttpResponse:
        job = package_job(request.user, job_pk)
        if job.status != Job.Status.DONE:
            return redirect("returns:package_status", job_pk=job.pk)
        stored = StoredFile.objects.filter(sha256=job.result.get("file", "")).first()
        if stored is None:
            raise Http404
        name = job.result.get("name") or f"returns-{job.pk}.zip"
        # FileResponse writes the name RFC 5987-encoded (filename*=utf-8''…).
        response = FileResponse(
            default_storage.open(stored.path, "rb"),
            as_attachment=True,
            filename=safe_name(name),
            content_type="application/zip",
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


def safe_name(name: str) -> str:
    """A name a browser saves as is: no folders, quotes or control characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable() and c not in '"<>:|?*').strip(". ")
    return name[:200] or "returns.zip"


urls = [
    path("<int:campaign_pk>/units/<int:unit_pk>/", UnitReturnsView.as_view(), name="unit_returns"),
    path(
        "<int:campaign_pk>/units/<int:unit_pk>/package/",
        PackageStartView.as_view(),
        name="package_start",
    ),
    path("packages/<int:job_pk>/", PackageDownloadView.as_view(), name="package_download"),
    path("packages/<int:job_pk>/status/", PackageStatusView.as_view(), name="package_status"),
    path("submissions/<int:pk>/", SubmissionDetailView.as_view(), name="submission_detail"),
    path("submissions/<int:pk>/entries/add/", EntryAddView.as_view(), name="entry_add"),
    path("submissions/<int:pk>/tables/", TableUploadView.as_view(), name="table_upload"),
    path("submissions/<int:pk>/sign-off/", SignOffView.as_view(), name="submission_sign_off"),
    path("submissions/<int:pk>/return/", ReturnView.as_view(), name="submission_return"),
    path("submissions/<int:pk>/accept/", AcceptView.as_view(), name="submission_accept"),
    path(
        "submissions/versions/<int:pk>/",
        SubmissionVersionView.as_view(),
        name="submission_version",
    ),
    path("entries/<int:pk>/edit/", EntryEditView.as_view(), name="entry_edit"),
    path("entries/<int:pk>/withdraw/", EntryWithdrawView.as_view(), name="entry_withdraw"),
    path("entries/<int:pk>/file/", EntryFileView.as_view(), name="entry_file"),
    path("entries/<int:pk>/thumbnail/", EntryThumbnailView.as_view(), name="entry_thumbnail"),
]
