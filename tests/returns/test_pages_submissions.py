"""Pages of a unit's returns through the Django test client: the unit's categories, the
entry forms and their rules (dates in the year, 生不立传, files by content, Excel tables),
photos and thumbnails, sign-off, return with reasons, resubmission, acceptance,
conflicts, CSRF, and the archive package."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.html import escape

from fangzhi.core.errors import ServiceError
from fangzhi.core.models import Job, StoredFile
from fangzhi.returns import services
from fangzhi.returns.models import Entry, Submission, SubmissionEvent, SubmissionVersion
from tests.a11y import assert_accessible

from ..works.data import make_works
from .data import make_returns
from .matrix_submissions import jpeg_bytes

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def rw(world):
    return make_returns(make_works(world))


def login(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


def fresh(submission):
    return Submission.objects.get(pk=submission.pk)


def sub_of(w, category, unit=None):
    return Submission.objects.get(campaign=w.campaign, unit=unit or w.unit_a, category=category)


def detail_url(submission):
    return reverse("returns:submission_detail", args=[submission.pk])


def add(client, submission, data, files=None, base=None):
    submission = fresh(submission)
    payload = {"base_revision": submission.revision if base is None else base, **data}
    if files:
        payload.update(files)
    return client.post(reverse("returns:entry_add", args=[submission.pk]), payload)


def refused_with(call):
    """The message the service gives for ``call`` (in the active language), so a page can
    be checked for the very same words whatever the translation."""
    with pytest.raises(ServiceError) as exc:
        call()
    return escape(str(exc.value))


def errors_of(html):
    return " ".join(re.findall(r'<ul class="errorlist"[^>]*>(.*?)</ul>', html, re.S))


def xlsx_bytes(*, formula=False):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "工业"
    sheet.append(["指标", "2024年", "2025年"])
    sheet.append(["规模以上工业企业（家）", 312, 326])
    sheet.append(["工业增加值（亿元）", 401.5, 428.9])
    if formula:
        sheet["D1"] = "合计"
        sheet["D2"] = "=B2+C2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsm_bytes():
    """A macro-enabled workbook: the .xlsx with a VBA project and the macro content type."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                ).replace(
                    b"</Types>",
                    b'<Default Extension="bin" '
                    b'ContentType="application/vnd.ms-office.vbaProject"/></Types>',
                )
            target.writestr(item, data)
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    return out.getvalue()


# --- a unit's returns ----------------------------------------------------------------------


def test_unit_returns_page_lists_the_seven_categories_with_status_and_counts(rw):
    w = rw
    client = login(w.unit_liaison)
    url = reverse("returns:unit_returns", args=[w.campaign.pk, w.unit_a.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "请于2月底前报送。" in html  # the campaign's instructions
    assert "2026-02-28" in html  # the due date
    for submission in Submission.objects.filter(campaign=w.campaign, unit=w.unit_a):
        assert detail_url(submission) in html
        assert escape(submission.get_category_display()) in html
    chronicle_row = re.search(
        rf'href="{detail_url(w.sub_a)}">[^<]*</a></th>.*?</td>\s*<td>(\d+)</td>', html, re.S
    )
    assert chronicle_row and chronicle_row.group(1) == "2"
    assert reverse("returns:package_start", args=[w.campaign.pk, w.unit_a.pk]) in html
    assert_accessible(html, url=url)


def test_unit_returns_page_only_for_the_own_unit(rw, client_for):
    w = rw
    other = reverse("returns:unit_returns", args=[w.campaign.pk, w.unit_b.pk])
    missing = reverse("returns:unit_returns", args=[w.campaign.pk, 99999])
    for role in ("unit_liaison", "unit_head"):
        client = client_for(role)
        assert client.get(other).status_code == 403
        assert client.get(missing).status_code == 403  # as for an existing one
    office = client_for("office_editor")
    assert office.get(other).status_code == 200
    assert office.get(missing).status_code == 404
    assert client_for("reviewer").get(other).status_code == 403


def test_return_reasons_are_highlighted_on_the_unit_page(rw):
    w = rw
    services.submission_sign_off(by=w.unit_head, submission=fresh(w.sub_a))
    services.submission_return(
        by=w.office_editor, submission=fresh(w.sub_a), reason="三月五日条缺少会议名称。"
    )
    html = (
        login(w.unit_liaison)
        .get(reverse("returns:unit_returns", args=[w.campaign.pk, w.unit_a.pk]))
        .content.decode()
    )
    reason = html.index("三月五日条缺少会议名称。")
    row = html.rindex('class="row-returned-reason"', 0, reason)
    assert row < reason


# --- the chronicle form --------------------------------------------------------------------


def test_fill_a_chronicle_entry_to_the_day_and_to_the_month(rw):
    w = rw
    client = login(w.unit_liaison)
    page = client.get(detail_url(w.sub_a)).content.decode()
    assert 'name="base_revision"' in page and 'name="backfilled"' in page
    assert "2025年春" in page  # the hint names every precision
    assert_accessible(page, url=detail_url(w.sub_a))

    response = add(
        client,
        w.sub_a,
        {
            "date": "2025-06-18",
            "place": "区行政中心",
            "text": "召开防汛工作会议。",
            "source": "会议纪要",
        },
    )
    assert response.status_code == 302
    entry = Entry.objects.get(submission=w.sub_a, text="召开防汛工作会议。")
    assert (entry.date_year, entry.date_month, entry.date_day) == (2025, 6, 18)
    assert entry.date_precision == "day" and entry.place == "区行政中心"

    assert (
        add(client, w.sub_a, {"date": "2025-07", "text": "开展安全生产大检查。"}).status_code == 302
    )
    month = Entry.objects.get(submission=w.sub_a, text="开展安全生产大检查。")
    assert month.date_precision == "month" and month.date_day is None

    html = client.get(detail_url(w.sub_a)).content.decode()
    assert "2025年6月18日" in html and "召开防汛工作会议。" in html and "会议纪要" in html
    assert "2025年7月" in html and "2025年7月1" not in html
    # chronicle order: 3月5日, 3月 (是月), 6月18日, 7月
    order = [
        html.index(t)
        for t in ("区委召开全会。", "开展督查。", "召开防汛工作会议。", "开展安全生产大检查。")
    ]
    assert order == sorted(order)


def test_a_date_outside_the_year_is_refused_and_accepted_when_back_filled(rw):
    w = rw
    client = login(w.unit_liaison)
    data = {"date": "2024-12-01", "text": "补记：区档案馆新馆开馆。"}
    message = refused_with(
        lambda: services.entry_save(
            by=w.unit_liaison,
            submission=fresh(w.sub_a),
            data=data,
            base_revision=fresh(w.sub_a).revision,
        )
    )
    before = fresh(w.sub_a).revision
    response = add(client, w.sub_a, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in errors_of(html)
    assert "补记：区档案馆新馆开馆。" in html  # what was typed is kept
    assert not Entry.objects.filter(text=data["text"]).exists()
    assert fresh(w.sub_a).revision == before

    response = add(client, w.sub_a, {**data, "backfilled": "on"})
    assert response.status_code == 302
    entry = Entry.objects.get(text=data["text"])
    assert entry.backfilled and entry.date_year == 2024
    assert "2024年12月1日" in client.get(detail_url(w.sub_a)).content.decode()

    after = add(client, w.sub_a, {"date": "2026-01-02", "text": "明年的事。", "backfilled": "on"})
    assert after.status_code == 200 and not Entry.objects.filter(text="明年的事。").exists()
    impossible = add(client, w.sub_a, {"date": "2025-02-30", "text": "不存在的日子。"})
    assert impossible.status_code == 200 and errors_of(impossible.content.decode())
    assert not Entry.objects.filter(text="不存在的日子。").exists()


def test_a_duplicate_chronicle_entry_is_saved_with_a_warning(rw):
    w = rw
    client = login(w.unit_liaison)
    response = add(client, w.sub_a, {"date": "2025-03-05", "text": "区委召开全会。"}, base=None)
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert 'class="message message-warning"' in html
    assert Entry.objects.filter(submission=w.sub_a, text="区委召开全会。").count() == 2


def test_edit_and_withdraw_an_entry(rw):
    w = rw
    client = login(w.unit_liaison)
    edit = reverse("returns:entry_edit", args=[w.entry_a2.pk])
    page = client.get(edit).content.decode()
    assert 'value="2025-03"' in page and "开展督查。" in page
    assert_accessible(page, url=edit)
    revision = fresh(w.sub_a).revision
    response = client.post(
        edit, {"date": "2025年春", "text": "开展作风建设督查。", "base_revision": revision}
    )
    assert response.status_code == 302
    entry = Entry.objects.get(pk=w.entry_a2.pk)
    assert entry.text == "开展作风建设督查。" and entry.date_precision == "season"
    assert "2025年春" in client.get(detail_url(w.sub_a)).content.decode()

    response = client.post(
        reverse("returns:entry_withdraw", args=[w.entry_a1.pk]),
        {"base_revision": fresh(w.sub_a).revision},
    )
    assert response.status_code == 302
    assert Entry.objects.get(pk=w.entry_a1.pk).withdrawn  # kept, marked
    hidden = client.get(detail_url(w.sub_a)).content.decode()
    assert "区委召开全会。" not in hidden
    shown = client.get(detail_url(w.sub_a) + "?withdrawn=1").content.decode()
    assert "区委召开全会。" in shown and 'class="withdrawn"' in shown


# --- people: 生不立传 ----------------------------------------------------------------------


def test_a_living_persons_biography_is_refused_and_accepted_as_a_list_entry(rw):
    w = rw
    client = login(w.unit_liaison)
    people = sub_of(w, "people")
    page = client.get(detail_url(people)).content.decode()
    assert "生不立传" in page  # the checkbox says the rule
    data = {
        "name": "李明",
        "sex": "male",
        "born": "1965",
        "native_place": "重庆巴县",
        "posts": "区人大常委会主任",
        "honours": "全国劳动模范",
    }
    before = people.entries.count()
    response = add(client, people, {**data, "is_biography": "on", "text": "李明，1965年生。"})
    assert response.status_code == 200
    errors = errors_of(response.content.decode())
    assert "生不立传" in errors
    assert people.entries.count() == before

    assert add(client, people, data).status_code == 302
    person = people.entries.get(name="李明")
    assert not person.is_biography and person.honours == "全国劳动模范"

    deceased = {**data, "name": "陈树德", "born": "1931", "died": "2025-01", "is_biography": "on"}
    assert add(client, people, {**deceased, "text": "陈树德，一生从事教育。"}).status_code == 302
    assert people.entries.get(name="陈树德").is_biography
    html = client.get(detail_url(people)).content.decode()
    assert "李明" in html and "陈树德" in html and "一生从事教育" in html
    assert_accessible(html, url=detail_url(people))


def test_a_document_with_its_issuer_number_and_file(rw):
    w = rw
    documents = sub_of(w, "documents")
    client = login(w.unit_liaison)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    response = add(
        client,
        documents,
        {
            "title": "关于做好2025年度资料年报工作的通知",
            "issuer": "中共重庆市巴南区委办公室",
            "document_number": "巴南委办发〔2025〕12号",
            "date": "2025-03-05",
        },
        files={"file": SimpleUploadedFile("通知.pdf", pdf, content_type="application/pdf")},
    )
    assert response.status_code == 302, errors_of(response.content.decode())
    entry = documents.entries.get()
    html = client.get(detail_url(documents)).content.decode()
    for text in ("巴南委办发〔2025〕12号", "中共重庆市巴南区委办公室", "2025年3月5日", "通知.pdf"):
        assert text in html
    assert_accessible(html, url=detail_url(documents))
    reply = client.get(reverse("returns:entry_file", args=[entry.pk]))
    assert reply.status_code == 200 and reply.content == pdf
    assert reply["Content-Type"] == "application/octet-stream"  # downloaded, not opened
    assert reply["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in reply["Content-Disposition"]


# --- media: photos, thumbnails, files by content -------------------------------------------


def test_a_photo_is_uploaded_and_shown_as_a_thumbnail_only_to_its_unit(rw):
    from PIL import Image

    w = rw
    media = sub_of(w, "media")
    client = login(w.unit_liaison)
    photo = jpeg_bytes(1600, 1200)
    response = add(
        client,
        media,
        {
            "text": "巴南区第一届龙舟赛",
            "author": "王摄",
            "date": "2025-06-01",
            "place": "龙洲湾",
            "rights": "区融媒体中心",
        },
        files={"file": SimpleUploadedFile("龙舟赛.jpg", photo, content_type="image/jpeg")},
    )
    assert response.status_code == 302, errors_of(response.content.decode())
    entry = media.entries.get()
    assert entry.content_type == "image/jpeg" and entry.file_name == "龙舟赛.jpg"

    html = client.get(detail_url(media)).content.decode()
    thumb_url = reverse("returns:entry_thumbnail", args=[entry.pk])
    assert f'src="{thumb_url}"' in html and 'alt="巴南区第一届龙舟赛"' in html
    assert "王摄" in html and "区融媒体中心" in html
    assert_accessible(html, url=detail_url(media))

    thumb = client.get(thumb_url)
    assert thumb.status_code == 200 and thumb["Content-Type"].startswith("image/")
    assert thumb["X-Content-Type-Options"] == "nosniff"
    small = Image.open(io.BytesIO(thumb.content))
    assert max(small.size) < 1600
    original = client.get(reverse("returns:entry_file", args=[entry.pk]))
    assert original.status_code == 200 and original.content == photo
    assert original["Content-Type"] == "image/jpeg"

    other = login(w.liaison_b)
    assert other.get(thumb_url).status_code == 403
    assert other.get(reverse("returns:entry_file", args=[entry.pk])).status_code == 403
    assert login(w.office_editor).get(thumb_url).status_code == 200


def test_audio_is_played_in_the_page_from_the_checked_file_view(rw):
    w = rw
    media = sub_of(w, "media")
    client = login(w.unit_liaison)
    wav = _wav_bytes()
    response = add(
        client,
        media,
        {"text": "川剧唱段录音"},
        files={"file": SimpleUploadedFile("唱段.wav", wav, content_type="audio/wav")},
    )
    assert response.status_code == 302, errors_of(response.content.decode())
    entry = media.entries.get()
    file_url = reverse("returns:entry_file", args=[entry.pk])
    html = client.get(detail_url(media)).content.decode()
    assert f'<audio controls preload="metadata" src="{file_url}">' in html
    part = client.get(file_url, HTTP_RANGE="bytes=0-9")
    assert part.status_code == 206 and part.content == wav[:10]
    assert part["Content-Range"] == f"bytes 0-9/{len(wav)}"


def _wav_bytes():
    import wave

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x01" * 800)
    return buffer.getvalue()


def test_a_pdf_named_jpg_is_refused_in_media_and_nothing_is_stored(rw):
    w = rw
    media = sub_of(w, "media")
    client = login(w.unit_liaison)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    files_before, revision = StoredFile.objects.count(), fresh(media).revision
    response = add(
        client,
        media,
        {"text": "伪装的照片"},
        files={"file": SimpleUploadedFile("照片.jpg", pdf, content_type="image/jpeg")},
    )
    assert response.status_code == 200
    assert errors_of(response.content.decode())
    assert not media.entries.exists()
    assert StoredFile.objects.count() == files_before
    assert fresh(media).revision == revision


@override_settings(MAX_UPLOAD_BYTES=2000)
def test_an_oversized_upload_is_refused(rw):
    w = rw
    media = sub_of(w, "media")
    response = add(
        login(w.unit_liaison),
        media,
        {"text": "太大的照片"},
        files={"file": SimpleUploadedFile("大.jpg", jpeg_bytes(), content_type="image/jpeg")},
    )
    assert response.status_code == 200 and errors_of(response.content.decode())
    assert not media.entries.exists()


# --- overview figures and Excel tables -----------------------------------------------------


def test_overview_text_with_figure_rows(rw):
    w = rw
    overview = sub_of(w, "overview")
    client = login(w.unit_liaison)
    page = client.get(detail_url(overview)).content.decode()
    assert page.count('name="figure_label"') == 5  # rows without JavaScript
    payload = {
        "text": "全年工作稳步推进。",
        "figure_label": ["干部职工（人）", "", "发文（件）"],
        "figure_value": ["58", "", "412"],
    }
    assert add(client, overview, payload).status_code == 302
    entry = overview.entries.get()
    assert entry.figures == [("干部职工（人）", "58"), ("发文（件）", "412")]  # in order
    html = client.get(detail_url(overview)).content.decode()
    assert '<th scope="row">发文（件）</th><td>412</td>' in html
    bad = add(client, overview, {"text": "x", "figure_label": [""], "figure_value": ["7"]})
    assert bad.status_code == 200 and overview.entries.count() == 1


def test_an_xlsx_table_is_kept_as_a_table_and_an_xlsm_is_refused(rw):
    w = rw
    overview = sub_of(w, "overview")
    client = login(w.unit_liaison)
    url = reverse("returns:table_upload", args=[overview.pk])
    response = client.post(
        url,
        {
            "file": SimpleUploadedFile("统计表.xlsx", xlsx_bytes(formula=True), content_type=XLSX),
            "base_revision": fresh(overview).revision,
        },
    )
    assert response.status_code == 302
    entry = overview.entries.get()
    assert entry.table["header"][0] == "指标"
    html = client.get(response.url).content.decode()
    table = re.search(r'<table class="kept-table">(.*?)</table>', html, re.S).group(1)
    assert '<th scope="col">2025年</th>' in table
    assert '<th scope="row">工业增加值（亿元）</th>' in table and "428.9" in table
    assert 'class="message message-warning"' in html  # the formulas warning
    assert_accessible(html, url=detail_url(overview))

    files_before = StoredFile.objects.count()
    response = client.post(
        url,
        {
            "file": SimpleUploadedFile("宏.xlsm", xlsm_bytes(), content_type=XLSX),
            "base_revision": fresh(overview).revision,
        },
    )
    assert response.status_code == 200 and errors_of(response.content.decode())
    assert overview.entries.count() == 1 and StoredFile.objects.count() == files_before


# --- the way of a return -------------------------------------------------------------------


def sign_off(client, submission, statement=None, confirm=True):
    submission = fresh(submission)
    data = {"base_revision": submission.revision}
    if statement is not None:
        data["statement"] = statement
    if confirm:
        data["confirm"] = "on"
    return client.post(reverse("returns:submission_sign_off", args=[submission.pk]), data)


def test_sign_off_return_resubmit_and_accept(rw, client_for):
    w = rw
    liaison, head, office = login(w.unit_liaison), login(w.unit_head), login(w.office_editor)
    statement = "本单位对所报资料的真实性、准确性、完整性负责。经办人：李四。"

    assert sign_off(liaison, w.sub_a, statement).status_code == 403  # the head only
    assert fresh(w.sub_a).status == "draft"
    page = head.get(detail_url(w.sub_a)).content.decode()
    assert reverse("returns:submission_sign_off", args=[w.sub_a.pk]) in page
    assert reverse("returns:submission_sign_off", args=[w.sub_a.pk]) not in (
        liaison.get(detail_url(w.sub_a)).content.decode()
    )
    unconfirmed = sign_off(head, w.sub_a, statement, confirm=False)
    assert unconfirmed.status_code == 200 and fresh(w.sub_a).status == "draft"

    assert sign_off(head, w.sub_a, statement).status_code == 302
    assert fresh(w.sub_a).status == "submitted"
    first = SubmissionVersion.objects.get(submission=w.sub_a)
    assert first.number == 1 and first.statement == statement and len(first.snapshot) == 2

    # locked for the unit while the office reviews it
    locked = add(liaison, w.sub_a, {"date": "2025-04-01", "text": "锁定后添加。"})
    assert locked.status_code == 200 and not Entry.objects.filter(text="锁定后添加。").exists()

    page = office.get(detail_url(w.sub_a)).content.decode()
    assert reverse("returns:submission_accept", args=[w.sub_a.pk]) in page
    assert_accessible(page, url=detail_url(w.sub_a))
    assert (
        liaison.post(
            reverse("returns:submission_return", args=[w.sub_a.pk]),
            {"reason": "x", "base_revision": fresh(w.sub_a).revision},
        ).status_code
        == 403
    )
    response = office.post(
        reverse("returns:submission_return", args=[w.sub_a.pk]),
        {"reason": "“开展督查”一条请写明督查事项。", "base_revision": fresh(w.sub_a).revision},
    )
    assert response.status_code == 302 and fresh(w.sub_a).status == "returned"

    page = liaison.get(detail_url(w.sub_a)).content.decode()
    returned = re.search(r'<section class="returned panel".*?</section>', page, re.S).group(0)
    assert escape("“开展督查”一条请写明督查事项。") in returned

    edit = reverse("returns:entry_edit", args=[w.entry_a2.pk])
    response = liaison.post(
        edit,
        {"date": "2025-03", "text": "开展安全生产督查。", "base_revision": fresh(w.sub_a).revision},
    )
    assert response.status_code == 302
    assert sign_off(head, w.sub_a, "本单位对修改后的资料负责。").status_code == 302
    versions = list(SubmissionVersion.objects.filter(submission=w.sub_a).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    texts = [sorted(row["text"] for row in v.snapshot) for v in versions]
    assert "开展督查。" in texts[0] and "开展安全生产督查。" in texts[1]

    v1 = reverse("returns:submission_version", args=[versions[0].pk])
    old = liaison.get(v1).content.decode()
    assert "开展督查。" in old and "开展安全生产督查。" not in old and statement in old
    assert_accessible(old, url=v1)
    assert login(w.liaison_b).get(v1).status_code == 403

    response = office.post(
        reverse("returns:submission_accept", args=[w.sub_a.pk]),
        {"base_revision": fresh(w.sub_a).revision},
    )
    assert response.status_code == 302 and fresh(w.sub_a).status == "accepted"
    actions = list(
        SubmissionEvent.objects.filter(submission=w.sub_a)
        .order_by("at", "id")
        .values_list("action", flat=True)
    )
    assert actions == ["sign_off", "return", "sign_off", "accept"]
    history = liaison.get(detail_url(w.sub_a)).content.decode()
    assert reverse("returns:submission_version", args=[versions[1].pk]) in history


def test_another_units_return_is_403(rw):
    w = rw
    other = login(w.liaison_b)
    assert other.get(detail_url(w.sub_a)).status_code == 403
    assert other.get(reverse("returns:submission_detail", args=[99999])).status_code == 403
    before = w.sub_a.entries.count()
    response = add(other, w.sub_a, {"date": "2025-05-01", "text": "越权添加。"})
    assert response.status_code == 403 and w.sub_a.entries.count() == before
    assert other.get(reverse("returns:entry_edit", args=[w.entry_a1.pk])).status_code == 403
    response = other.post(
        reverse("returns:entry_withdraw", args=[w.entry_a1.pk]),
        {"base_revision": fresh(w.sub_a).revision},
    )
    assert response.status_code == 403 and not Entry.objects.get(pk=w.entry_a1.pk).withdrawn
    # the office editor reads but does not fill in
    assert (
        login(w.office_editor).get(reverse("returns:entry_edit", args=[w.entry_a1.pk])).status_code
        == 403
    )


def test_a_forged_post_without_csrf_token_is_refused(rw):
    w = rw
    client = login(w.unit_liaison, enforce_csrf_checks=True)
    before = w.sub_a.entries.count()
    response = add(client, w.sub_a, {"date": "2025-05-01", "text": "伪造的请求。"})
    assert response.status_code == 403
    assert w.sub_a.entries.count() == before


def test_a_stale_base_revision_is_a_conflict_and_nothing_changes(rw):
    w = rw
    client = login(w.unit_liaison)
    stale = fresh(w.sub_a).revision
    # someone else adds an entry meanwhile
    services.entry_save(
        by=w.liaison_a2,
        submission=fresh(w.sub_a),
        data={"date": "2025-04-02", "text": "同事添加的条目。"},
        base_revision=stale,
    )
    now = fresh(w.sub_a).revision
    count = w.sub_a.entries.count()
    response = add(client, w.sub_a, {"date": "2025-05-01", "text": "我的条目。"}, base=stale)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="status status-error conflict" role="alert"' in html
    assert "我的条目。" in html and "同事添加的条目。" in html
    assert w.sub_a.entries.count() == count and fresh(w.sub_a).revision == now
    assert f'name="base_revision" value="{now}"' in html  # saving again is based on now

    edit = reverse("returns:entry_edit", args=[w.entry_a1.pk])
    response = client.post(edit, {"date": "2025-03-05", "text": "改写。", "base_revision": stale})
    assert response.status_code == 200 and "conflict" in response.content.decode()
    assert Entry.objects.get(pk=w.entry_a1.pk).text == "区委召开全会。"
    response = client.post(
        reverse("returns:entry_withdraw", args=[w.entry_a1.pk]), {"base_revision": stale}
    )
    assert not Entry.objects.get(pk=w.entry_a1.pk).withdrawn

    head = login(w.unit_head)
    response = head.post(
        reverse("returns:submission_sign_off", args=[w.sub_a.pk]),
        {"base_revision": stale, "confirm": "on", "statement": "负责。"},
    )
    assert response.status_code == 200 and fresh(w.sub_a).status == "draft"


# --- the archive package -------------------------------------------------------------------


def test_the_archive_package_is_downloaded_by_the_unit_and_the_office_only(
    rw, django_capture_on_commit_callbacks
):
    from fangzhi.returns.package import verify_package

    w = rw
    client = login(w.unit_liaison)
    start = reverse("returns:package_start", args=[w.campaign.pk, w.unit_a.pk])
    assert login(w.liaison_b).post(start).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(start)
    assert response.status_code == 302
    job = Job.objects.get(kind="returns_package", params__unit=w.unit_a.pk)
    assert response.url == reverse("returns:package_status", args=[job.pk])
    assert job.status == Job.Status.DONE, job.log

    status = client.get(response.url).content.decode()
    download = reverse("returns:package_download", args=[job.pk])
    assert download in status
    assert_accessible(status, url=response.url)

    reply = client.get(download)
    assert reply.status_code == 200 and reply["Content-Type"] == "application/zip"
    assert "filename*=utf-8''" in reply["Content-Disposition"]
    data = b"".join(reply.streaming_content)
    problems = verify_package(data)
    assert not problems, problems
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert any(n.endswith(".json") for n in names) and any(n.endswith(".csv") for n in names)

    assert login(w.unit_head).get(download).status_code == 200  # the same unit
    assert login(w.office_editor).get(download).status_code == 200
    assert login(w.liaison_b).get(download).status_code == 403
    assert login(w.reviewer).get(download).status_code == 403
    missing = reverse("returns:package_download", args=[99999])
    assert login(w.liaison_b).get(missing).status_code == 403
    assert login(w.office_admin).get(missing).status_code == 404
    unit_page = client.get(reverse("returns:unit_returns", args=[w.campaign.pk, w.unit_a.pk]))
    assert download in unit_page.content.decode()
