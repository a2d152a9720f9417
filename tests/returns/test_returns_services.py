"""Annual returns services: campaigns, the seven categories' rules, sign-off and review,
the yearbook draft in date order, the archive package."""

import datetime as dt
import io

import pytest
from django.core import mail

from fangzhi.core.errors import Conflict, Forbidden, ServiceError
from fangzhi.core.models import Notification
from fangzhi.returns import services as returns
from fangzhi.returns.models import Campaign, DraftSource, Entry, Submission, YearbookMapping
from fangzhi.works import services as works

pytestmark = pytest.mark.django_db


def fresh(submission):
    return Submission.objects.get(pk=submission.pk)


def add(by, submission, data, upload=None):
    submission = fresh(submission)
    return returns.entry_save(
        by=by, submission=submission, data=data, base_revision=submission.revision, upload=upload
    )


def jpeg():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_a_campaign_defaults_to_the_yearbooks_contributing_units(returns_world):
    w = returns_world
    units = set(w.campaign.reporting_units.values_list("unit__name", flat=True))
    assert units == {w.unit_a.name, w.unit_b.name}
    assert Submission.objects.filter(campaign=w.campaign).count() == 2 * 7
    assert set(Submission.objects.filter(campaign=w.campaign).values_list("status", flat=True)) >= {
        "not_started",
        "draft",
    }


def test_one_campaign_a_year_with_its_own_years_yearbook(returns_world):
    w = returns_world
    with pytest.raises(ServiceError) as exc:
        returns.campaign_open(by=w.office_admin, year=2025, due_on=dt.date(2026, 3, 1))
    assert exc.value.code == "duplicate_campaign"
    with pytest.raises(ServiceError) as exc:
        returns.campaign_open(
            by=w.office_admin, year=2024, due_on=dt.date(2025, 3, 1), yearbook=w.yearbook
        )
    assert exc.value.field == "yearbook"
    for person in (w.office_editor, w.unit_liaison, w.unit_head, w.reviewer):
        with pytest.raises(Forbidden):
            returns.campaign_open(by=person, year=2027, due_on=dt.date(2028, 3, 1))


def test_next_years_campaign_copies_the_set_up(returns_world):
    w = returns_world
    nxt = works.yearbook_start_from(by=w.office_admin, previous=w.yearbook, year=2026)
    campaign = returns.campaign_next(by=w.office_admin, previous=w.campaign)
    assert (campaign.year, campaign.yearbook, campaign.based_on) == (2026, nxt, w.campaign)
    assert campaign.instructions == w.campaign.instructions
    assert campaign.due_on == dt.date(2027, 2, 28)
    assert set(campaign.reporting_units.values_list("unit", flat=True)) == {
        w.unit_a.pk,
        w.unit_b.pk,
    }
    mapping = YearbookMapping.objects.get(campaign=campaign)
    assert mapping.node.work == nxt and mapping.node.title == "大事记"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"date": "2025-02-30", "text": "x"}, "bad_date"),
        ({"date": "2025-13", "text": "x"}, "bad_date"),
        ({"date": "2026-01-02", "text": "x"}, "outside_year"),
        ({"date": "2019-05-01", "text": "x"}, "outside_year"),
        ({"date": "明年", "text": "x"}, "bad_date"),
        ({"text": "没有日期"}, "invalid"),
    ],
)
def test_chronicle_dates_must_be_real_and_in_the_year(returns_world, data, code):
    w = returns_world
    before = Entry.objects.count()
    with pytest.raises(ServiceError) as exc:
        add(w.unit_liaison, w.sub_a, data)
    assert exc.value.code == code
    assert Entry.objects.count() == before


def test_a_back_filled_event_of_an_earlier_year_is_allowed(returns_world):
    w = returns_world
    entry, _ = add(
        w.unit_liaison,
        w.sub_a,
        {"date": "2019年春", "text": "补记：档案迁入新馆。", "backfilled": True},
    )
    assert (entry.date_year, entry.date_precision, entry.backfilled) == (2019, "season", True)


def test_no_biography_of_the_living(returns_world):
    w = returns_world
    data = {"name": "李志刚", "sex": "male", "born": "1950年3月", "is_biography": True}
    with pytest.raises(ServiceError) as exc:
        add(w.unit_liaison, w.people_a, data)
    assert exc.value.code == "living_biography" and exc.value.field == "is_biography"
    entry, _ = add(w.unit_liaison, w.people_a, {**data, "died": "2025年8月"})
    assert entry.is_biography and entry.died == "2025年8月"
    with pytest.raises(ServiceError) as exc:
        add(w.unit_liaison, w.people_a, {**data, "died": "1940"})
    assert exc.value.field == "died"


def test_files_are_checked_by_content(returns_world):
    w = returns_world
    media = Submission.objects.get(campaign=w.campaign, unit=w.unit_a, category="media")
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    with pytest.raises(ServiceError) as exc:
        add(w.unit_liaison, media, {"text": "区委全会"}, upload=(pdf, "全会.jpg"))
    assert exc.value.code == "wrong_kind"
    with pytest.raises(ServiceError):
        add(w.unit_liaison, media, {"text": "没有文件"})
    entry, _ = add(
        w.unit_liaison,
        media,
        {"text": "区委全会", "author": "张三"},
        upload=(jpeg(), "../../全会.jpg"),
    )
    assert entry.content_type == "image/jpeg" and entry.file_name == "全会.jpg"
    assert Entry.objects.filter(submission=media).count() == 1


def test_duplicate_chronicle_entries_are_warned_not_refused(returns_world):
    w = returns_world
    _entry, warnings = add(
        w.unit_liaison, w.sub_a, {"date": "2025-03-05", "text": "区委召开全会。"}
    )
    assert warnings


def test_stale_pages_and_other_units_change_nothing(returns_world):
    w = returns_world
    sub = fresh(w.sub_a)
    with pytest.raises(Conflict):
        returns.entry_save(
            by=w.unit_liaison,
            submission=sub,
            data={"date": "2025-04-01", "text": "x"},
            base_revision=sub.revision - 1,
        )
    with pytest.raises(Forbidden):
        add(w.liaison_b, w.sub_a, {"date": "2025-04-01", "text": "别的单位"})
    with pytest.raises(Forbidden):
        add(w.reviewer, w.sub_a, {"date": "2025-04-01", "text": "x"})
    assert fresh(w.sub_a).entries.count() == 2


def test_sign_off_return_resubmit_accept_keeps_every_version(returns_world):
    w = returns_world
    with pytest.raises(Forbidden):
        returns.submission_sign_off(by=w.unit_liaison, submission=fresh(w.sub_a))
    empty = Submission.objects.get(campaign=w.campaign, unit=w.unit_a, category="topic")
    with pytest.raises(ServiceError):
        returns.submission_sign_off(by=w.unit_head, submission=empty)
    first = returns.submission_sign_off(by=w.unit_head, submission=fresh(w.sub_a))
    assert first.number == 1 and len(first.snapshot) == 2 and "真实性" in first.statement
    with pytest.raises(ServiceError) as exc:
        add(w.unit_liaison, w.sub_a, {"date": "2025-04-01", "text": "签发后"})
    assert exc.value.code == "locked"
    with pytest.raises(Forbidden):
        returns.submission_return(by=w.unit_head, submission=fresh(w.sub_a), reason="x")
    mail.outbox.clear()
    returns.submission_return(
        by=w.office_editor, submission=fresh(w.sub_a), reason="3月5日会议名称不全。"
    )
    assert fresh(w.sub_a).status == "returned"
    note = Notification.objects.get(
        recipient=w.unit_liaison, event_key__startswith="return_returned"
    )
    assert "会议名称" in note.body
    entry = Entry.objects.get(pk=w.entry_a1.pk)
    sub = fresh(w.sub_a)
    returns.entry_save(
        by=w.unit_liaison,
        submission=sub,
        entry=entry,
        data={"date": "2025-03-05", "text": "中共巴南区委召开十五届八次全会。"},
        base_revision=sub.revision,
    )
    second = returns.submission_sign_off(by=w.unit_head, submission=fresh(w.sub_a))
    assert second.number == 2
    assert [v["text"] for v in second.snapshot if v["date_day"] == 5] == [
        "中共巴南区委召开十五届八次全会。"
    ]
    assert [v["text"] for v in first.snapshot if v["date_day"] == 5] == ["区委召开全会。"]
    returns.submission_accept(by=w.office_admin, submission=fresh(w.sub_a))
    assert fresh(w.sub_a).status == "accepted"
    with pytest.raises(ServiceError):
        returns.submission_accept(by=w.office_admin, submission=fresh(w.sub_a))


def accept(w, submission, head):
    returns.submission_sign_off(by=head, submission=fresh(submission))
    returns.submission_accept(by=w.office_admin, submission=fresh(submission))


def test_the_yearbook_chronicle_is_merged_in_date_order(returns_world):
    w = returns_world
    add(w.liaison_b, w.sub_b, {"date": "2025年春", "text": "春季植树。"})
    add(w.liaison_b, w.sub_b, {"date": "2025", "text": "全年接待游客百万人次。"})
    add(w.liaison_b, w.sub_b, {"date": "2025-01-01", "text": "元旦长跑。"})
    accept(w, w.sub_a, w.unit_head)
    accept(w, w.sub_b, w.head_b)
    # Only accepted returns go in: unit_a's people return is still a draft.
    versions = returns.draft_generate(by=w.office_admin, campaign=w.campaign)
    assert len(versions) == 1
    version = versions[0]
    assert version.node == w.chronicle_node
    lines = [line for line in version.text.split("\n") if line.strip()]
    assert [line.split("\u3000")[1] for line in lines] == [
        "元旦长跑。",
        "区委召开全会。",
        "鱼洞街道举办灯会。",
        "开展督查。",
        "春季植树。",
        "全年接待游客百万人次。",
    ]
    assert (
        lines[0].startswith("1月1日") and lines[3].startswith("3月") and lines[4].startswith("春")
    )
    assert lines[5].startswith("是年")
    sources = set(DraftSource.objects.filter(version=version).values_list("entry", flat=True))
    assert w.entry_a1.pk in sources and w.entry_b1.pk in sources and len(sources) == 6
    # Editors go on working on a normal manuscript version.
    assert version.author == w.office_admin and version.number == 1


def test_draft_needs_a_mapping_and_the_admin(returns_world):
    w = returns_world
    with pytest.raises(Forbidden):
        returns.draft_generate(by=w.office_editor, campaign=w.campaign)
    for mapping in YearbookMapping.objects.filter(campaign=w.campaign):
        returns.mapping_remove(by=w.office_admin, mapping=mapping)
    with pytest.raises(ServiceError) as exc:
        returns.draft_generate(by=w.office_admin, campaign=w.campaign)
    assert exc.value.code == "no_mapping"


def test_the_archive_package_lists_every_file_with_its_hash(returns_world):
    import hashlib
    import json
    import zipfile

    from fangzhi.returns.package import verify_package

    w = returns_world
    media = Submission.objects.get(campaign=w.campaign, unit=w.unit_a, category="media")
    photo = jpeg()
    add(w.unit_liaison, media, {"text": "区委全会"}, upload=(photo, "全会.jpg"))
    data = returns.package_bytes(campaign=w.campaign, unit=w.unit_a)
    assert verify_package(data) == []
    archive = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(archive.read("manifest.json"))
    files = manifest["files"] if isinstance(manifest, dict) else manifest
    photo_rows = [f for f in files if f["path"].endswith("全会.jpg")]
    assert photo_rows and photo_rows[0]["sha256"] == hashlib.sha256(photo).hexdigest()
    assert archive.read(photo_rows[0]["path"]) == photo
    names = archive.namelist()
    assert "returns.docx" in names and "manifest.csv" in names
    # Another unit's material is not in it.
    import docx

    text = "\n".join(
        p.text for p in docx.Document(io.BytesIO(archive.read("returns.docx"))).paragraphs
    )
    tables = docx.Document(io.BytesIO(archive.read("returns.docx"))).tables
    cells = " ".join(c.text for t in tables for row in t.rows for c in row.cells)
    assert "区委召开全会" in text + cells and "鱼洞街道举办灯会" not in text + cells
    with pytest.raises(Forbidden):
        returns.package_start(by=w.liaison_b, campaign=w.campaign, unit=w.unit_a)


def test_campaign_units_can_change_without_losing_anything(returns_world):
    w = returns_world
    returns.campaign_units_set(by=w.office_admin, campaign=w.campaign, units=[w.unit_a])
    assert not w.campaign.reporting_units.get(unit=w.unit_b).active
    assert Entry.objects.filter(submission__unit=w.unit_b).exists()
    assert not Campaign.objects.visible_to(w.liaison_b).exists()
    returns.campaign_units_set(by=w.office_admin, campaign=w.campaign, units=[w.unit_a, w.unit_b])
    assert Campaign.objects.visible_to(w.liaison_b).exists()
