"""Quality pages: the marks panel of the node page, dismissing and withdrawing, checking
again, a work's trend, the office's lists."""

import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from fangzhi.quality import services
from fangzhi.quality.models import CheckerTerm, CheckMark, CheckRun, Dismissal
from fangzhi.quality.selectors import marked_paragraphs
from tests.a11y import assert_accessible

pytestmark = pytest.mark.django_db


def login(user):
    client = Client()
    client.force_login(user)
    return client


def node_page(client, node):
    return client.get(reverse("works:node_detail", args=[node.pk]))


def panel(html):
    match = re.search(
        r'<section aria-labelledby="quality-heading".*?</section>\s*(?=\n)', html, re.S
    )
    assert match, "no quality panel"
    return html[match.start() :]


def test_node_page_shows_marks_in_the_text_and_the_side_list(qw, x99, save):
    version = save(qw.unit_liaison, qw.node_a, "<p>某某到任，<b>某某</b>离任。</p>")
    run = CheckRun.objects.get(version=version)
    response = node_page(login(qw.office_editor), qw.node_a)
    html = response.content.decode()
    assert response.status_code == 200
    part = panel(html)
    assert part.count('<mark class="check-mark severity-warning" data-rule="X99"') == 2
    assert 'title="X99 不得写“某某”"' in part
    assert "X99" in part and "(2)" in part and "写明姓名" in part
    assert "测试规则：不得写“某某”。" in part  # the rule's explanation
    assert f"<strong data-error-rate>{run.error_rate}</strong>" in part
    assert 'name="reason"' in part and "required" in part
    assert reverse("quality:version_check", args=[version.pk]) in part
    assert reverse("quality:work_trend", args=[qw.yearbook.pk]) in part
    assert_accessible(html, url="node page")
    # A unit's person sees the marks but no dismiss form.
    part = panel(node_page(login(qw.unit_liaison), qw.node_a).content.decode())
    assert 'data-rule="X99"' in part and 'name="reason"' not in part


def test_marked_text_is_escaped_and_overlaps_are_cut():
    class M:
        def __init__(self, pk, start, end, rule, message):
            self.pk, self.start, self.end, self.rule, self.message = pk, start, end, rule, message
            self.severity = "warning"

    text = "<b>今年我区</b>\n第二段"
    paragraphs = marked_paragraphs(
        text,
        [M(1, 3, 6, "R01", "相对<时间>"), M(2, 5, 7, "R02", "第一人称"), M(3, 12, 14, "R09", "x")],
    )
    first = str(paragraphs[0]["html"])
    assert first.startswith("&lt;b&gt;")
    assert (
        '<span class="mark-anchor" id="qm-1"></span>'
        '<mark class="check-mark severity-warning" data-rule="R01" title="R01 相对&lt;时间&gt;">'
        "今年</mark>"
    ) in first
    assert 'data-rule="R01 R02" title="R01 相对&lt;时间&gt;；R02 第一人称">我</mark>' in first
    assert 'data-rule="R02" title="R02 第一人称">区</mark>&lt;/b&gt;' in first
    assert paragraphs[1]["offset"] == len("<b>今年我区</b>") + 1
    assert 'id="qm-3"' in str(paragraphs[1]["html"]) and ">第二</mark>段" in str(
        paragraphs[1]["html"]
    )


def test_dismiss_and_withdraw_through_the_page(qw, x99, save):
    version = save(qw.unit_liaison, qw.node_a, "<p>某某到任。</p>")
    mark = CheckMark.objects.get(run__version=version, rule="X99")
    url = reverse("quality:mark_dismiss", args=[mark.pk])
    assert login(qw.unit_liaison).post(url, {"reason": "不是错误"}).status_code == 403
    assert login(qw.reviewer).post(url, {"reason": "不是错误"}).status_code == 403
    editor = login(qw.office_editor)
    response = editor.post(url, {"reason": ""}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    mark.refresh_from_db()
    assert mark.is_open
    response = editor.post(url, {"reason": "人名待补"})
    assert response.status_code == 302 and response.url.endswith("#quality")
    mark.refresh_from_db()
    assert mark.dismissed_by.reason == "人名待补"
    part = panel(node_page(editor, qw.node_a).content.decode())
    assert 'data-rule="X99"' not in part and "人名待补" in part
    withdraw = reverse("quality:dismissal_withdraw", args=[mark.dismissed_by_id])
    assert login(qw.unit_head).post(withdraw).status_code == 403
    assert editor.post(withdraw).status_code == 302
    assert Dismissal.objects.get().withdrawn
    mark.refresh_from_db()
    assert mark.is_open


def test_check_again_button(qw, x99, save, django_capture_on_commit_callbacks):
    version = save(qw.unit_liaison, qw.node_a, "<p>测试用语。</p>")
    services.term_add(by=qw.office_admin, kind="fixed_term", term="测试用语", other="规范用语")
    url = reverse("quality:version_check", args=[version.pk])
    assert login(qw.reviewer).post(url).status_code == 403
    assert login(qw.liaison_b).post(url).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert login(qw.unit_liaison).post(url).status_code == 302
    assert CheckMark.objects.filter(run__version=version, excerpt="测试用语").exists()


def test_other_units_marks_are_forbidden(qw, x99, save):
    version = save(qw.liaison_b, qw.node_b, "<p>某某到任。</p>")
    mark = CheckMark.objects.get(run__version=version, rule="X99")
    liaison = login(qw.unit_liaison)
    assert node_page(liaison, qw.node_b).status_code == 403
    assert (
        liaison.post(reverse("quality:mark_dismiss", args=[mark.pk]), {"reason": "x"}).status_code
        == 403
    )
    assert liaison.post(reverse("quality:version_check", args=[version.pk])).status_code == 403
    assert liaison.get(f"/api/quality-marks/{mark.pk}/").status_code == 403
    assert liaison.get(f"/api/quality-runs/{mark.run_id}/").status_code == 403
    listed = liaison.get("/api/quality-marks/").json()["results"]
    assert mark.pk not in [m["id"] for m in listed]
    # The missing id answers the same.
    assert liaison.get("/api/quality-marks/999999/").status_code == 403


def test_work_trend_page(qw, x99, save):
    save(qw.unit_liaison, qw.node_a, "<p>某某到任，某某离任。</p>")
    v2 = save(qw.unit_liaison, qw.node_a, "<p>张三到任，某某离任。</p>")
    save(qw.liaison_b, qw.node_b, "<p>鱼洞街道某某社区。</p>")
    url = reverse("quality:work_trend", args=[qw.yearbook.pk])
    response = login(qw.office_editor).get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "<polyline" in html
    assert "区委办公室工作" in html and "鱼洞街道概况" in html
    run2 = CheckRun.objects.get(version=v2)
    with translation.override("zh-hans"):
        label = translation.gettext("v%(n)s (%(d)s): %(r)s")
    assert label.startswith("第")  # the chart's labels read in Chinese
    assert "第2稿（" in html and f"）：{run2.error_rate}<" in html
    assert re.search(r'<th scope="row">X99[^<]*</th><td>2</td>', html)  # 1 on node a, 1 on b
    assert_accessible(html, url=url)
    # Unit A's liaison sees the work and only its own node.
    html = login(qw.unit_liaison).get(url).content.decode()
    assert "区委办公室工作" in html and "鱼洞街道概况" not in html
    assert (
        login(qw.liaison_b).get(reverse("quality:work_trend", args=[qw.district.pk])).status_code
        == 403
    )


def test_terms_pages(qw):
    editor = login(qw.office_editor)
    assert login(qw.unit_liaison).get(reverse("quality:terms")).status_code == 403
    response = editor.post(
        reverse("quality:term_add"),
        {"kind": "place_name", "term": "巴南区", "other": "巴县", "valid_from": "1994"},
    )
    assert response.status_code == 302
    entry = CheckerTerm.objects.get(term="巴南区")
    assert entry.valid_from == 1994 and entry.other == "巴县" and entry.active
    response = editor.post(reverse("quality:term_add"), {"kind": "abbreviation", "term": "全称"})
    assert response.status_code == 200 and "abbreviation" not in response.context["form"].errors
    assert response.context["form"].errors["other"]
    html = editor.get(reverse("quality:terms")).content.decode()
    assert "巴南区" in html and "1994–…" in html
    assert_accessible(html, url="terms")
    html = editor.get(reverse("quality:term_edit", args=[entry.pk])).content.decode()
    assert_accessible(html, url="term edit")
    response = editor.post(
        reverse("quality:term_edit", args=[entry.pk]),
        {
            "term": "巴南区",
            "other": "巴县",
            "valid_from": "1994",
            "valid_to": "",
            "note": "1994年更名",
            "active": "on",
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.note == "1994年更名"
    assert editor.post(reverse("quality:term_deactivate", args=[entry.pk])).status_code == 302
    entry.refresh_from_db()
    assert not entry.active
    assert "巴南区" not in editor.get(reverse("quality:terms")).content.decode().split("<tbody>")[1]
    assert "巴南区" in editor.get(reverse("quality:terms") + "?inactive=on").content.decode()


def test_terms_export_and_import(qw):
    services.term_add(by=qw.office_admin, kind="evaluation", term="=伟大")
    editor = login(qw.office_editor)
    response = editor.get(reverse("quality:terms_export"))
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:2] == ("list", "term")
    assert rows[1][:2] == ("evaluation", "'=伟大")  # not a formula
    upload = Workbook()
    upload.active.append(["list", "term", "other form", "valid from", "valid to", "note", "active"])
    upload.active.append(["fixed_term", "解放前", "1949年前", None, None, "", 1])
    upload.active.append(["place_name", "巴县", "巴南区", None, 1994.0, "", 1])
    buffer = io.BytesIO()
    upload.save(buffer)
    buffer.seek(0)
    buffer.name = "lists.xlsx"
    response = editor.post(reverse("quality:terms_import"), {"file": buffer})
    assert response.status_code == 302
    assert CheckerTerm.objects.get(term="解放前").other == "1949年前"
    assert CheckerTerm.objects.get(term="巴县").valid_to == 1994
