"""A unit's year of returns as an archive package (归档, 三.六: 纳入当年文书档案归档).

The ZIP (built by ``fangzhi.returns.package``) holds the forms as a Word file, every
attachment under a stable name, and a manifest with each file's SHA-256. It is built in
the background and kept in the file store; only the unit's people and the office may
download it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from fangzhi.core.errors import ServiceError
from fangzhi.core.files import file_read, file_store
from fangzhi.core.jobs import Job, job_handler, job_start
from fangzhi.org.models import Unit

from ..models import Campaign, Category, Entry, Submission
from .common import in_unit, is_office, require

LABELS = [
    ("title", "title"),
    ("date", None),
    ("place", "place"),
    ("text", "text"),
    ("source", "source"),
    ("name", "name"),
    ("sex", None),
    ("born", "born"),
    ("died", "died"),
    ("native_place", "native_place"),
    ("posts", "posts"),
    ("honours", "honours"),
    ("issuer", "issuer"),
    ("document_number", "document_number"),
    ("author", "author"),
    ("rights", "rights"),
    ("file_name", "file_name"),
]


def can_package(user: Any, unit: Unit) -> bool:
    return is_office(user) or in_unit(user, unit.pk)


def entry_fields(entry: Entry) -> dict[str, str]:
    """An entry as label → value, in Chinese, only the fields it uses."""
    from .draft import chronicle_date

    out: dict[str, str] = {}
    for key, field in LABELS:
        if key == "date":
            value = chronicle_date(entry, 0) if entry.date_year else ""
            label = _("Date")
        elif key == "sex":
            value, label = entry.get_sex_display(), Entry._meta.get_field("sex").verbose_name
        else:
            value, label = getattr(entry, field), Entry._meta.get_field(field).verbose_name
        if value:
            out[str(label)] = str(value)
    if entry.is_biography:
        out[str(_("Biography"))] = str(_("Yes"))
    for key, value in entry.figures:
        out[key] = value
    if entry.table:
        out[str(_("Table"))] = _("%(rows)d rows (kept as a table)") % {
            "rows": len(entry.table.get("rows", []))
        }
    return out


def package_bytes(*, campaign: Campaign, unit: Unit) -> bytes:
    from ..package import PackageFile, Section, build_package

    sections, files = [], []
    submissions = Submission.objects.filter(campaign=campaign, unit=unit)
    by_category = {s.category: s for s in submissions}
    for category, label in Category.choices:
        submission = by_category.get(category)
        if submission is None:
            continue
        entries = list(submission.entries.filter(withdrawn=False).select_related("file"))
        if not entries:
            continue
        sections.append(
            Section(category_label=str(label), entries=[entry_fields(e) for e in entries])
        )
        for entry in entries:
            if entry.file_id:
                files.append(
                    PackageFile(
                        path=entry.file_name or f"{entry.pk}",
                        data=file_read(entry.file),
                        entry_ref=f"{label} #{entry.pk} {entry}",
                        category=str(label),
                    )
                )
    return build_package(
        title=str(_("%(year)d annual returns") % {"year": campaign.year}),
        unit=unit.name,
        year=campaign.year,
        sections=sections,
        files=files,
        created_at=timezone.now(),
    )


def package_start(*, by: Any, campaign: Campaign, unit: Unit) -> Job:
    require(can_package(by, unit))
    if not campaign.reporting_units.filter(unit=unit).exists():
        raise ServiceError(_("This unit does not report in this campaign."))
    return job_start(
        by=by,
        kind="returns_package",
        title=_("Archive package: %(unit)s %(year)d") % {"unit": unit.name, "year": campaign.year},
        params={"campaign": campaign.pk, "unit": unit.pk},
    )


@job_handler("returns_package")
def _package_job(job: Job, report: Callable[[int, str], None]) -> dict:
    campaign = Campaign.objects.get(pk=job.params["campaign"])
    unit = Unit.objects.get(pk=job.params["unit"])
    report(10, str(_("Collecting the entries and files")))
    data = package_bytes(campaign=campaign, unit=unit)
    stored = file_store(data, content_type="application/zip")
    report(100, str(_("Package ready")))
    return {
        "file": stored.sha256,
        "bytes": stored.size,
        "campaign": campaign.pk,
        "unit": unit.pk,
        "name": f"{unit.name}-{campaign.year}-资料年报.zip",
    }
