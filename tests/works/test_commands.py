"""The works batch commands: reminders, outline export and import, credits.

Each command acts as the account given with ``--as``; the services judge that account,
so a refused person changes nothing and the command ends with a Chinese message.
"""

import datetime as dt
import io

import docx
import openpyxl
import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from fangzhi.core.models import Job, Notification
from fangzhi.works.models import Credit, OutlineNode
from fangzhi.works.services.messages import docx_error_message

from .data import DEADLINE

NO_PERMISSION = "您没有执行此操作的权限。"


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def outline_docx(*headings):
    document = docx.Document()
    document.add_heading("重庆市巴南区志篇目", level=0)
    for level, text in headings:
        document.add_heading(text, level=level)
        document.add_paragraph("说明文字。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- reminders -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reminders_runs_now_and_prints_counts(works_world):
    w = works_world
    out = run("reminders", "--date", (DEADLINE - dt.timedelta(days=1)).isoformat())
    assert "2026-03-30" in out and " 3" in out and "7" in out
    keys = set(
        Notification.objects.filter(event_key__startswith="deadline_soon:").values_list(
            "event_key", flat=True
        )
    )
    assert f"deadline_soon:{w.node_a.pk}:{DEADLINE.isoformat()}" in keys
    # Twice: nothing new.
    rows = Notification.objects.count()
    run("reminders", "--date", (DEADLINE - dt.timedelta(days=1)).isoformat())
    assert Notification.objects.count() == rows


@pytest.mark.django_db
def test_reminders_queue_creates_the_job(works_world):
    out = run("reminders", "--queue", "--date", "2026-04-01", "--as", "admin")
    job = Job.objects.get(kind="deadline_reminders")
    assert str(job.pk) in out
    assert job.params == {"date": "2026-04-01"} and job.created_by == works_world.office_admin
    # Queued, not run here: no reminder yet.
    assert not Notification.objects.filter(event_key__startswith="deadline_").exists()


@pytest.mark.django_db
def test_reminders_refuses_a_bad_date(works_world):
    with pytest.raises(CommandError) as caught:
        run("reminders", "--date", "2026-13-01")
    assert "YYYY-MM-DD" in str(caught.value)
    assert not Notification.objects.filter(event_key__startswith="deadline_").exists()


# --- outline export --------------------------------------------------------------------------


@pytest.mark.django_db
def test_outline_export_docx_and_xlsx(works_world, tmp_path):
    w = works_world
    target = tmp_path / "篇目.docx"
    out = run(
        "outline_export", str(w.yearbook.pk), "--format", "docx", "-o", str(target), "--as", "admin"
    )
    assert "3" in out
    headings = [
        p.text for p in docx.Document(str(target)).paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings == ["1 综述", "1.1 区委办公室工作", "1.2 鱼洞街道概况"]

    sheet_file = tmp_path / "篇目.xlsx"
    run(
        "outline_export",
        str(w.yearbook.pk),
        "--format",
        "xlsx",
        "-o",
        str(sheet_file),
        "--as",
        "editor",
    )
    rows = list(openpyxl.load_workbook(sheet_file).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("层级", "编号", "标题", "承编单位")
    assert [r[2] for r in rows[1:]] == ["综述", "区委办公室工作", "鱼洞街道概况"]
    assert rows[2][3] == w.unit_a.name


@pytest.mark.django_db
def test_outline_export_shows_a_unit_only_its_own_nodes(works_world, tmp_path):
    w = works_world
    target = tmp_path / "ours.xlsx"
    run(
        "outline_export",
        str(w.yearbook.pk),
        "--format",
        "xlsx",
        "-o",
        str(target),
        "--as",
        "liaison_a",
    )
    titles = [
        r[2] for r in openpyxl.load_workbook(target).active.iter_rows(min_row=2, values_only=True)
    ]
    assert titles == ["区委办公室工作"]


@pytest.mark.django_db
def test_outline_export_refuses_who_may_not_see_the_work(works_world, tmp_path):
    target = tmp_path / "x.docx"
    with pytest.raises(CommandError) as caught:
        run(
            "outline_export",
            str(works_world.district.pk),
            "--format",
            "docx",
            "-o",
            str(target),
            "--as",
            "reviewer",
        )
    assert str(caught.value) == NO_PERMISSION
    assert not target.exists()
    with pytest.raises(CommandError) as caught:
        run("outline_export", "99999", "--format", "docx", "-o", str(target), "--as", "admin")
    assert "99999" in str(caught.value)


# --- outline import --------------------------------------------------------------------------


@pytest.mark.django_db
def test_outline_import_adds_the_headings_as_the_given_user(works_world, tmp_path):
    w = works_world
    source = tmp_path / "篇目.docx"
    source.write_bytes(outline_docx((1, "建置"), (2, "区域"), (2, "建制沿革"), (1, "自然环境")))
    out = run("outline_import", str(w.district.pk), str(source), "--as", "admin")
    assert "4" in out
    nodes = OutlineNode.objects.filter(work=w.district)
    assert [(n.title, n.depth) for n in nodes] == [
        ("建置", 1),
        ("区域", 2),
        ("建制沿革", 2),
        ("自然环境", 1),
    ]
    entry = LogEntry.objects.get_for_object(nodes.get(title="区域")).first()
    assert entry.actor == w.office_admin


@pytest.mark.django_db
def test_outline_import_refuses_a_unit_person(works_world, tmp_path):
    w = works_world
    source = tmp_path / "篇目.docx"
    source.write_bytes(outline_docx((1, "建置")))
    with pytest.raises(CommandError) as caught:
        run("outline_import", str(w.district.pk), str(source), "--as", "head_a")
    assert str(caught.value) == NO_PERMISSION
    assert caught.value.returncode == 1
    assert not OutlineNode.objects.filter(work=w.district).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "code"),
    [(b"this is plain text, not Word", "not_docx"), (b"PK\x03\x04broken zip", "corrupt")],
    ids=["text-named-docx", "damaged"],
)
def test_outline_import_refuses_a_bad_file(works_world, tmp_path, content, code):
    w = works_world
    source = tmp_path / "篇目.docx"
    source.write_bytes(content)
    with pytest.raises(CommandError) as caught:
        run("outline_import", str(w.district.pk), str(source), "--as", "admin")
    with translation.override("zh-hans"):
        expected = docx_error_message(type("E", (), {"code": code})())
    assert str(caught.value) == expected
    assert not OutlineNode.objects.filter(work=w.district).exists()


@pytest.mark.django_db
def test_outline_import_refuses_a_missing_file_and_an_unknown_account(works_world, tmp_path):
    w = works_world
    with pytest.raises(CommandError):
        run("outline_import", str(w.district.pk), str(tmp_path / "none.docx"), "--as", "admin")
    source = tmp_path / "篇目.docx"
    source.write_bytes(outline_docx((1, "建置")))
    with pytest.raises(CommandError) as caught:
        run("outline_import", str(w.district.pk), str(source), "--as", "nobody")
    assert "nobody" in str(caught.value)
    w.office_editor.is_active = False
    w.office_editor.save(update_fields=["is_active"])
    with pytest.raises(CommandError):
        run("outline_import", str(w.district.pk), str(source), "--as", "editor")
    assert not OutlineNode.objects.filter(work=w.district).exists()


def test_commands_require_the_acting_user():
    for command in (("outline_import", "1", "x.docx"), ("credits_generate", "1")):
        with pytest.raises(CommandError) as caught:
            run(*command)
        assert "--as" in str(caught.value)


# --- credits ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_credits_generate_credits_the_record_as_the_admin(works_world):
    w = works_world
    out = run("credits_generate", str(w.yearbook.pk), "--as", "admin")
    credits = {(c.role, c.person) for c in Credit.objects.filter(work=w.yearbook)}
    assert credits == {
        (Credit.Role.WRITER, w.unit_liaison),
        (Credit.Role.WRITER, w.liaison_b),
        (Credit.Role.REVIEWER, w.office_editor),
    }
    assert "3" in out
    # Again: nothing new.
    run("credits_generate", str(w.yearbook.pk), "--as", "admin")
    assert Credit.objects.filter(work=w.yearbook).count() == 3


@pytest.mark.django_db
def test_credits_generate_refuses_an_editor(works_world):
    w = works_world
    with pytest.raises(CommandError) as caught:
        run("credits_generate", str(w.yearbook.pk), "--as", "editor")
    assert str(caught.value) == NO_PERMISSION
    assert not Credit.objects.filter(work=w.yearbook).exists()
