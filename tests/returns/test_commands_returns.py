"""The returns batch commands: the yearbook draft, a unit's archive package, reminders.

Each acts as the account given with ``--as``; a refusal changes nothing and ends with a
Chinese message (``CommandError``: exit status 1).
"""

import datetime as dt
import hashlib
import io
import json
import zipfile

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext

from fangzhi.core.models import Notification
from fangzhi.returns import services
from fangzhi.returns.models import DraftSource
from fangzhi.works.models import ManuscriptVersion

from ..works.data import make_works
from .data import make_returns

pytestmark = pytest.mark.django_db

NO_PERMISSION = "您没有执行此操作的权限。"


@pytest.fixture
def rw(world):
    return make_returns(make_works(world))


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def accept_chronicles(w):
    for submission, head in ((w.sub_a, w.unit_head), (w.sub_b, w.head_b)):
        submission.refresh_from_db()
        services.submission_sign_off(by=head, submission=submission)
        services.submission_accept(by=w.office_admin, submission=submission)


# --- returns_draft -----------------------------------------------------------------------


def test_draft_writes_the_versions_and_prints_them(rw):
    accept_chronicles(rw)
    out = run("returns_draft", str(rw.campaign.pk), "--as", rw.office_admin.username)
    version = ManuscriptVersion.objects.filter(node=rw.chronicle_node).get()
    assert "大事记" in out and f"/works/nodes/{rw.chronicle_node.pk}/" in out
    assert str(version.number) in out
    # merged in date order across units; the month-only event after the month's days
    text = version.text
    assert text.index("区委召开全会") < text.index("鱼洞街道举办灯会") < text.index("开展督查")
    assert DraftSource.objects.filter(version=version).count() == 3
    assert version.author == rw.office_admin


def test_draft_is_refused_to_others_in_chinese(rw):
    accept_chronicles(rw)
    for user in (rw.office_editor, rw.unit_liaison):
        with pytest.raises(CommandError, match=NO_PERMISSION):
            run("returns_draft", str(rw.campaign.pk), "--as", user.username)
    assert not ManuscriptVersion.objects.filter(node=rw.chronicle_node).exists()


def test_draft_errors_in_chinese(rw):
    with pytest.raises(CommandError, match="99999"):
        run("returns_draft", "99999", "--as", rw.office_admin.username)
    with pytest.raises(CommandError, match="nobody"):
        run("returns_draft", str(rw.campaign.pk), "--as", "nobody")
    # a campaign unit_a does not report in: the same answer as a missing one
    other = services.campaign_open(
        by=rw.office_admin, year=2024, due_on=dt.date(2025, 2, 28), units=[rw.unit_b]
    )
    for pk in (other.pk, 99999):
        with pytest.raises(CommandError, match=NO_PERMISSION):
            run("returns_draft", str(pk), "--as", rw.unit_liaison.username)
    services.mapping_remove(by=rw.office_admin, mapping=rw.campaign.mappings.get())
    with pytest.raises(CommandError) as exc:
        run("returns_draft", str(rw.campaign.pk), "--as", rw.office_admin.username)
    with translation.override(settings.LANGUAGE_CODE):  # the site's language
        assert str(exc.value) == gettext("Map the categories to the yearbook's outline first.")


def test_draft_with_nothing_accepted_writes_nothing(rw):
    out = run("returns_draft", str(rw.campaign.pk), "--as", rw.office_admin.username)
    assert out.strip() and not ManuscriptVersion.objects.filter(node=rw.chronicle_node).exists()


# --- returns_package ---------------------------------------------------------------------


def test_package_writes_the_units_zip(rw, tmp_path):
    pytest.importorskip("fangzhi.returns.package")
    target = tmp_path / "a.zip"
    out = run(
        "returns_package",
        str(rw.campaign.pk),
        str(rw.unit_a.pk),
        "-o",
        str(target),
        "--as",
        rw.unit_liaison.username,
    )
    assert str(target) in out
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        manifest = next(n for n in names if n.endswith(".json"))
        listed = archive.read(manifest).decode()
        json.loads(listed)
        files = [n for n in names if not n.startswith("manifest") and not n.endswith("/")]
        assert files
        for name in files:
            if name != manifest and not name.endswith(".csv"):
                assert hashlib.sha256(archive.read(name)).hexdigest() in listed, name
        forms = "".join(names)
    assert "区委" in forms or any(n.endswith((".docx", ".pdf")) for n in names)


def test_package_of_another_unit_is_refused(rw, tmp_path):
    target = tmp_path / "b.zip"
    with pytest.raises(CommandError, match=NO_PERMISSION):
        run(
            "returns_package",
            str(rw.campaign.pk),
            str(rw.unit_b.pk),
            "-o",
            str(target),
            "--as",
            rw.unit_liaison.username,
        )
    assert not target.exists()
    with pytest.raises(CommandError, match=NO_PERMISSION):
        run(
            "returns_package",
            str(rw.campaign.pk),
            "99999",
            "-o",
            str(target),
            "--as",
            rw.unit_liaison.username,
        )
    with pytest.raises(CommandError, match=NO_PERMISSION):
        run(
            "returns_package",
            str(rw.campaign.pk),
            str(rw.unit_a.pk),
            "-o",
            str(target),
            "--as",
            rw.reviewer.username,
        )
    assert not target.exists()


def test_package_of_a_unit_not_reporting_is_refused(rw, tmp_path):
    target = tmp_path / "x.zip"
    with pytest.raises(CommandError, match="tmp-no-such-dir"):
        run(
            "returns_package",
            str(rw.campaign.pk),
            str(rw.unit_a.pk),
            "-o",
            str(tmp_path / "tmp-no-such-dir" / "a.zip"),
            "--as",
            rw.office_admin.username,
        )
    with pytest.raises(CommandError):
        run(
            "returns_package",
            str(rw.campaign.pk),
            str(rw.office_unit.pk),
            "-o",
            str(target),
            "--as",
            rw.office_admin.username,
        )
    assert not target.exists()


# --- returns_reminders -------------------------------------------------------------------


def test_reminders_command_prints_counts_and_sends_once(rw):
    Notification.objects.all().delete()
    out = run("returns_reminders", "--date", "2026-03-01")
    assert "2026-03-01" in out and "5" in out
    assert Notification.objects.filter(event_key__startswith="returns_missed").count() == 5
    out = run("returns_reminders", "--date", "2026-03-01")
    assert Notification.objects.count() == 5


def test_reminders_command_refuses_a_bad_date_in_chinese(rw):
    with pytest.raises(CommandError) as exc:
        run("returns_reminders", "--date", "2026-02-30")
    assert "YYYY-MM-DD" in str(exc.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc.value))
