"""Page permission expectations for the returns pages; joined into tests/test_page_matrix.py.

GET: url name -> (kwargs builder taking the matrix world, {role: status}) for another
unit's records (unit_a's people act; unit_b's records are "other").
OWN: the same for the acting unit's own records. POST_ONLY: url names refused on GET.
The matrix world is ``world`` after ``make_works`` and ``tests.returns.data.make_returns``.

This part: a unit's returns, a return's page, its entries and files, signed-off versions
and the archive package. "Other" is unit_b's (``sub_b``, its entry, photo, version and
package), "own" is unit_a's. The records the shared data lacks are made here through
the services the first time a builder asks for them (``submissions_world``).
"""

import io

from fangzhi.core.files import file_store
from fangzhi.core.models import Job
from fangzhi.returns import services
from fangzhi.returns.models import Submission

from ..matrix import ADMIN_ONLY, ANY_ACCOUNT, OFFICE_ONLY, STAFF_AND_UNITS, statuses  # noqa: F401

# An empty ZIP: what a package job stores, enough for permission checks.
EMPTY_ZIP = b"PK\x05\x06" + b"\x00" * 18


def jpeg_bytes(width=640, height=480, rgb=(139, 26, 26)):
    """A real JPEG photo made with Pillow."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), rgb)
    ImageDraw.Draw(image).rectangle(
        (width // 4, height // 4, width // 2, height // 2), fill="white"
    )
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def _photo(w, unit, by):
    submission = Submission.objects.get(campaign=w.campaign, unit=unit, category="media")
    entry, _warnings = services.entry_save(
        by=by,
        submission=submission,
        data={"text": "灯会现场", "author": "张三", "date": "2025-02-12", "place": "鱼洞"},
        base_revision=submission.revision,
        upload=(jpeg_bytes(), "灯会.jpg"),
    )
    return entry


def _package_job(w, unit, by):
    stored = file_store(EMPTY_ZIP, content_type="application/zip")
    return Job.objects.create(
        kind="returns_package",
        title=f"{unit.name} 2025",
        status=Job.Status.DONE,
        progress=100,
        created_by=by,
        params={"campaign": w.campaign.pk, "unit": unit.pk},
        result={"file": stored.sha256, "bytes": stored.size, "name": f"{unit.name}-2025.zip"},
    )


def submissions_world(w):
    """The matrix world with the returns data and this part's records (made once)."""
    if not hasattr(w, "campaign"):
        from .data import make_returns

        make_returns(w)
    if not hasattr(w, "photo_b"):
        w.photo_a = _photo(w, w.unit_a, w.unit_liaison)
        w.photo_b = _photo(w, w.unit_b, w.liaison_b)
        w.people_a.refresh_from_db()
        w.return_version_a = services.submission_sign_off(by=w.unit_head, submission=w.people_a)
        w.sub_b.refresh_from_db()
        w.return_version_b = services.submission_sign_off(by=w.head_b, submission=w.sub_b)
        w.package_a = _package_job(w, w.unit_a, w.unit_liaison)
        w.package_b = _package_job(w, w.unit_b, w.liaison_b)
    return w


def _w(build):
    return lambda w: build(submissions_world(w))


OWN_UNIT_READ = statuses(200, reviewer=403)
OWN_UNIT_FILL = statuses(403, office_admin=200, unit_liaison=200, unit_head=200)

GET: dict = {
    "returns:unit_returns": (
        _w(lambda w: {"campaign_pk": w.campaign.pk, "unit_pk": w.unit_b.pk}),
        OFFICE_ONLY,
    ),
    "returns:submission_detail": (_w(lambda w: {"pk": w.sub_b.pk}), OFFICE_ONLY),
    "returns:entry_edit": (_w(lambda w: {"pk": w.entry_b1.pk}), ADMIN_ONLY),
    "returns:entry_file": (_w(lambda w: {"pk": w.photo_b.pk}), OFFICE_ONLY),
    "returns:entry_thumbnail": (_w(lambda w: {"pk": w.photo_b.pk}), OFFICE_ONLY),
    "returns:submission_version": (_w(lambda w: {"pk": w.return_version_b.pk}), OFFICE_ONLY),
    "returns:package_status": (_w(lambda w: {"job_pk": w.package_b.pk}), OFFICE_ONLY),
    "returns:package_download": (_w(lambda w: {"job_pk": w.package_b.pk}), OFFICE_ONLY),
}
OWN: dict = {
    "returns:unit_returns": (
        _w(lambda w: {"campaign_pk": w.campaign.pk, "unit_pk": w.unit_a.pk}),
        OWN_UNIT_READ,
    ),
    "returns:submission_detail": (_w(lambda w: {"pk": w.sub_a.pk}), OWN_UNIT_READ),
    "returns:entry_edit": (_w(lambda w: {"pk": w.entry_a1.pk}), OWN_UNIT_FILL),
    "returns:entry_file": (_w(lambda w: {"pk": w.photo_a.pk}), OWN_UNIT_READ),
    "returns:entry_thumbnail": (_w(lambda w: {"pk": w.photo_a.pk}), OWN_UNIT_READ),
    "returns:submission_version": (_w(lambda w: {"pk": w.return_version_a.pk}), OWN_UNIT_READ),
    "returns:package_status": (_w(lambda w: {"job_pk": w.package_a.pk}), OWN_UNIT_READ),
    "returns:package_download": (_w(lambda w: {"job_pk": w.package_a.pk}), OWN_UNIT_READ),
}
POST_ONLY: set = {
    "returns:package_start",
    "returns:entry_add",
    "returns:entry_withdraw",
    "returns:table_upload",
    "returns:submission_sign_off",
    "returns:submission_return",
    "returns:submission_accept",
}
