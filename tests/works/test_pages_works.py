"""Works pages: list, open, edit, the fixed lower limit, next year's yearbook, series
applications and their documents, progress, and the dashboard for each role."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from fangzhi.works import services
from fangzhi.works.models import (
    ApplicationDocument,
    LowerLimitChange,
    NodeEvent,
    OutlineNode,
    SeriesApplication,
    Work,
)

from ..a11y import assert_accessible

pytestmark = pytest.mark.django_db


def zh(message, **values):
    """A message as the pages show it: in Simplified Chinese (the default language),
    HTML-escaped."""
    with translation.override("zh-hans"):
        text = gettext(message)
    return escape(text % values if values else text)


def html(response):
    return response.content.decode()


@pytest.fixture
def as_role(works_world):
    def make(role):
        client = Client()
        client.force_login(getattr(works_world, role))
        return client

    return make


# --- list ------------------------------------------------------------------------------------


def test_list_filters_by_kind_and_year_and_answers_htmx_with_the_table(works_world, as_role):
    client = as_role("office_admin")
    url = reverse("works:work_list")
    page = html(client.get(url, {"kind": "yearbook"}))
    assert "巴南年鉴（2025）" in page and "鱼洞街道志" not in page
    assert_accessible(page, url=url)
    page = html(client.get(url, {"year": "2000"}))  # inside 1986—2025
    assert "重庆市巴南区志（1986—2025）" in page and "巴南年鉴（2025）" not in page
    partial = client.get(url, {"kind": "town"}, HTTP_HX_REQUEST="true")
    assert "<h1>" not in html(partial) and "鱼洞街道志" in html(partial)


def test_list_shows_a_unit_only_its_works(works_world, as_role):
    page = html(as_role("unit_liaison").get(reverse("works:work_list")))
    # unit_a has a node in the yearbook; the district and unit_b's town work are not its.
    assert "巴南年鉴（2025）" in page
    assert "鱼洞街道志" not in page and "重庆市巴南区志" not in page


def test_compiler_filter_refuses_a_unit_the_user_cannot_see(works_world, as_role):
    w = works_world
    page = html(as_role("unit_liaison").get(reverse("works:work_list"), {"compiler": w.unit_b.pk}))
    assert "鱼洞街道志" not in page and "巴南年鉴" not in page


# --- create ----------------------------------------------------------------------------------


def test_admin_opens_a_yearbook_and_a_second_one_is_refused_on_the_form(works_world, as_role):
    w = works_world
    client = as_role("office_admin")
    url = reverse("works:work_create")
    data = {"kind": "yearbook", "title": "巴南年鉴（2026）", "compiler": w.office_unit.pk}
    response = client.post(url, data)
    assert response.status_code == 200  # a yearbook needs its year
    assert zh("A yearbook needs its year.") in html(response)
    response = client.post(url, {**data, "year": "2026"})
    work = Work.objects.get(title="巴南年鉴（2026）")
    assert response.status_code == 302 and response.url == reverse(
        "works:work_detail", args=[work.pk]
    )
    assert work.year == 2026 and work.created_by == w.office_admin

    response = client.post(url, {**data, "title": "巴南年鉴（2026）重复", "year": "2026"})
    assert response.status_code == 200
    expected = zh("This compiler already has a yearbook for %(year)d.", year=2026)
    assert expected in html(response)
    assert not Work.objects.filter(title="巴南年鉴（2026）重复").exists()


def test_a_unit_opens_a_work_named_after_itself_only(works_world, as_role):
    w = works_world
    client = as_role("unit_liaison")
    url = reverse("works:work_create")
    page = html(client.get(url))
    assert 'value="yearbook"' not in page and 'value="department"' in page
    assert_accessible(page, url=url)
    refused = client.post(
        url, {"kind": "department", "title": "鱼洞街道部门志", "compiler": w.unit_b.pk}
    )
    assert refused.status_code == 200 and not Work.objects.filter(title="鱼洞街道部门志").exists()
    refused = client.post(
        url, {"kind": "yearbook", "title": "年鉴", "compiler": w.unit_a.pk, "year": "2025"}
    )
    assert refused.status_code == 200 and not Work.objects.filter(title="年鉴").exists()
    ok = client.post(url, {"kind": "department", "title": "区委办公室志", "compiler": w.unit_a.pk})
    work = Work.objects.get(title="区委办公室志")
    assert ok.status_code == 302 and work.compiler == w.unit_a


def test_editor_and_reviewer_cannot_open_works(works_world, as_role):
    for role in ("office_editor", "reviewer"):
        assert as_role(role).get(reverse("works:work_create")).status_code == 403


def test_forged_csrf_is_refused(works_world):
    w = works_world
    client = Client(enforce_csrf_checks=True)
    client.force_login(w.office_admin)
    response = client.post(
        reverse("works:work_create"),
        {"kind": "district", "title": "伪造", "compiler": w.office_unit.pk},
    )
    assert response.status_code == 403 and not Work.objects.filter(title="伪造").exists()
    response = client.post(reverse("works:work_lower_limit_fix", args=[w.district.pk]))
    w.district.refresh_from_db()
    assert response.status_code == 403 and not w.district.lower_limit_fixed


# --- detail, edit, lower limit ---------------------------------------------------------------


def test_detail_shows_the_review_chain_and_the_step_waited_at(works_world, as_role):
    w = works_world
    services.work_submit_for_review(by=w.office_admin, work=w.district)
    url = reverse("works:work_detail", args=[w.district.pk])
    page = html(as_role("office_editor").get(url))
    assert_accessible(page, url=url)
    with translation.override("zh-hans"):
        first = str(services.current_step(w.district).label)
        waiting = gettext("Waiting at: %(step)s") % {"step": first}
        city = str(services.reviews.pipeline_for(w.district)[3].label)
    assert waiting in page and city in page
    assert 'aria-current="step"' in page
    assert reverse("works:outline", args=[w.district.pk]) in page
    assert reverse("works:work_review", args=[w.district.pk]) in page
    assert reverse("works:work_progress", args=[w.district.pk]) in page


def test_edit_then_fix_the_lower_limit_then_change_it_only_with_a_document(works_world, as_role):
    w = works_world
    admin = as_role("office_admin")
    edit = reverse("works:work_edit", args=[w.district.pk])
    response = admin.post(
        edit, {"title": "重庆市巴南区志（1986—2020）", "upper_limit": "1986", "lower_limit": "2020"}
    )
    w.district.refresh_from_db()
    assert response.status_code == 302 and w.district.lower_limit == 2020
    assert w.district.title == "重庆市巴南区志（1986—2020）"

    fix = reverse("works:work_lower_limit_fix", args=[w.district.pk])
    assert as_role("office_editor").post(fix).status_code == 403
    assert admin.get(fix).status_code == 405
    admin.post(fix)
    w.district.refresh_from_db()
    assert w.district.lower_limit_fixed

    # The form shows the field locked; a forged value is ignored, the limit stays.
    page = html(admin.get(edit))
    assert 'name="lower_limit"' in page and "disabled" in page.split('name="lower_limit"')[1][:80]
    admin.post(edit, {"title": w.district.title, "upper_limit": "1986", "lower_limit": "2030"})
    w.district.refresh_from_db()
    assert w.district.lower_limit == 2020

    change = reverse("works:work_lower_limit_change", args=[w.district.pk])
    missing = admin.post(change, {"new_value": "2025", "document_number": ""})
    assert missing.status_code == 200 and not LowerLimitChange.objects.exists()
    assert as_role("office_editor").get(change).status_code == 403
    response = admin.post(
        change, {"new_value": "2025", "document_number": "渝府函〔2025〕8号", "reason": "延长"}
    )
    w.district.refresh_from_db()
    assert response.status_code == 302 and w.district.lower_limit == 2025
    record = LowerLimitChange.objects.get()
    assert (record.old_value, record.new_value, record.changed_by) == (2020, 2025, w.office_admin)
    assert "渝府函〔2025〕8号" in html(
        admin.get(reverse("works:work_detail", args=[w.district.pk]))
    )


def test_fixing_a_yearbooks_lower_limit_is_refused_with_a_message(works_world, as_role):
    w = works_world
    admin = as_role("office_admin")
    response = admin.post(reverse("works:work_lower_limit_fix", args=[w.yearbook.pk]), follow=True)
    assert zh("Only a district gazetteer's lower limit is fixed.") in html(response)
    w.yearbook.refresh_from_db()
    assert not w.yearbook.lower_limit_fixed


def test_a_unit_edits_its_own_work_but_not_another_units(works_world, as_role):
    w = works_world
    own = services.work_create(
        by=w.office_admin, kind=Work.Kind.DEPARTMENT, title="区委办公室志", compiler=w.unit_a
    )
    client = as_role("unit_head")
    response = client.post(
        reverse("works:work_edit", args=[own.pk]), {"title": "中共重庆市巴南区委办公室志"}
    )
    own.refresh_from_db()
    assert response.status_code == 302 and own.title == "中共重庆市巴南区委办公室志"
    assert client.get(reverse("works:work_edit", args=[w.town_work.pk])).status_code == 403
    assert client.get(reverse("works:work_detail", args=[w.town_work.pk])).status_code == 403
    assert client.get(reverse("works:work_detail", args=[999999])).status_code == 403


def test_next_years_yearbook_starts_from_this_outline(works_world, as_role):
    w = works_world
    admin = as_role("office_admin")
    url = reverse("works:yearbook_next", args=[w.yearbook.pk])
    page = html(admin.get(url))
    assert 'value="2026"' in page and "巴南年鉴（2026）" in page
    response = admin.post(url, {"year": "2026", "title": ""})
    new = Work.objects.get(kind="yearbook", year=2026)
    assert (
        response.status_code == 302
        and new.title == "巴南年鉴（2026）"
        and new.based_on == w.yearbook
    )
    copied = list(OutlineNode.objects.filter(work=new))
    assert [n.title for n in copied] == ["综述", "区委办公室工作", "鱼洞街道概况"]
    assert copied[1].unit == w.unit_a and copied[1].deadline == dt.date(2027, 3, 31)
    again = admin.post(url, {"year": "2026", "title": "巴南年鉴（2026）又一本"})
    assert again.status_code == 200
    assert zh("This compiler already has a yearbook for %(year)d.", year=2026) in html(again)
    assert as_role("office_editor").get(url).status_code == 403
    assert admin.get(reverse("works:yearbook_next", args=[w.district.pk])).status_code == 404


# --- series applications ---------------------------------------------------------------------


def test_application_documents_reach_only_the_applicant_and_the_office(works_world, as_role):
    w = works_world
    liaison = as_role("unit_liaison")
    response = liaison.post(
        reverse("works:application_create"),
        {"series": "city_famous", "title": "巴南区委志申报", "applicant": w.unit_a.pk},
    )
    app = SeriesApplication.objects.get(title="巴南区委志申报")
    assert response.status_code == 302 and app.applicant == w.unit_a and app.status == "draft"

    add = reverse("works:application_document_add", args=[app.pk])
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("../../申报书\n草稿.pdf", b"%PDF-1.4 content", "application/pdf")
    response = liaison.post(add, {"title": "申报书", "file": upload})
    assert response.status_code == 302
    doc = ApplicationDocument.objects.get(application=app)
    assert doc.file_name.startswith("申报书") and doc.file_name.endswith("草稿.pdf")
    assert "/" not in doc.file_name and "\n" not in doc.file_name
    assert doc.uploaded_by == w.unit_liaison

    download = reverse("works:application_document", args=[doc.pk])
    got = as_role("unit_head").get(download)
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"%PDF-1.4 content"
    disposition = got["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''" in disposition
    assert "\n" not in disposition and "/" not in disposition
    assert as_role("office_editor").get(download).status_code == 200

    other = Client()
    other.force_login(w.liaison_b)
    assert other.get(download).status_code == 403
    assert other.get(reverse("works:application_detail", args=[app.pk])).status_code == 403
    assert (
        other.post(add, {"title": "x", "file": SimpleUploadedFile("x.pdf", b"x")}).status_code
        == 403
    )
    assert as_role("reviewer").get(download).status_code == 403
    # The office editor reads but does not file documents.
    editor = as_role("office_editor")
    assert (
        editor.post(add, {"title": "x", "file": SimpleUploadedFile("x.pdf", b"x")}).status_code
        == 403
    )
    assert ApplicationDocument.objects.count() == 1


def test_document_file_names_are_sanitised():
    from fangzhi.works.services.applications import safe_file_name

    assert safe_file_name("..\\..\\etc/申报\n书?.pdf") == "申报_书_.pdf"
    assert safe_file_name("...") == "document"
    long = safe_file_name("长" * 400 + ".docx")
    assert len(long) == 255 and long.endswith(".docx")


def test_application_is_submitted_then_decided_by_the_admin(works_world, as_role):
    w = works_world
    app = services.application_create(
        by=w.unit_liaison, series="national_special", title="特志申报", applicant=w.unit_a
    )
    status = reverse("works:application_status", args=[app.pk])
    liaison = as_role("unit_liaison")
    response = liaison.post(status, {"action": "submit"}, follow=True)
    app.refresh_from_db()
    assert app.status == "draft"  # no document yet
    assert zh("Attach the application documents before submitting.") in html(response)
    services.application_document_add(
        by=w.unit_liaison, application=app, title="申报书", file_name="a.pdf", data=b"x"
    )
    liaison.post(status, {"action": "submit"})
    app.refresh_from_db()
    assert app.status == "submitted" and app.submitted_on is not None

    decide = reverse("works:application_decide", args=[app.pk])
    assert liaison.get(decide).status_code == 403
    assert liaison.post(status, {"action": "accept"}).status_code == 302  # unknown here
    app.refresh_from_db()
    assert app.status == "submitted"
    admin = as_role("office_admin")
    page = html(admin.get(reverse("works:application_detail", args=[app.pk])))
    assert decide in page
    response = admin.post(
        decide,
        {"action": "accept", "document_number": "渝志办〔2025〕3号", "decided_on": "2020-01-01"},
    )
    assert response.status_code == 200  # before the submission
    response = admin.post(
        decide,
        {
            "action": "accept",
            "document_number": "渝志办〔2025〕3号",
            "decided_on": str(app.submitted_on),
        },
    )
    app.refresh_from_db()
    assert response.status_code == 302 and app.status == "accepted"
    assert app.document_number == "渝志办〔2025〕3号"
    # Decided: nothing more may be filed or withdrawn.
    liaison.post(status, {"action": "withdraw"})
    app.refresh_from_db()
    assert app.status == "accepted"


def test_application_list_shows_a_unit_its_own(works_world, as_role):
    w = works_world
    services.application_create(
        by=w.unit_liaison, series="city_famous", title="甲申报", applicant=w.unit_a
    )
    services.application_create(
        by=w.liaison_b, series="city_famous", title="乙申报", applicant=w.unit_b
    )
    page = html(as_role("unit_head").get(reverse("works:application_list")))
    assert "甲申报" in page and "乙申报" not in page
    page = html(
        as_role("office_editor").get(reverse("works:application_list"), {"status": "draft"})
    )
    assert "甲申报" in page and "乙申报" in page
    assert as_role("reviewer").get(reverse("works:application_list")).status_code == 403


# --- progress and dashboard ------------------------------------------------------------------


def _overdue_world(w):
    """node_a is overdue (deadline passed, still assigned); node_b is submitted; unit_b's
    town node is due far ahead."""
    OutlineNode.objects.filter(pk=w.node_a.pk).update(deadline=dt.date(2020, 1, 1))
    OutlineNode.objects.filter(pk=w.town_node.pk).update(deadline=dt.date(2099, 1, 1))
    OutlineNode.objects.filter(pk=w.node_b.pk).update(state="submitted")


def test_progress_counts_by_unit_and_highlights_overdue(works_world, as_role):
    w = works_world
    _overdue_world(w)
    url = reverse("works:work_progress", args=[w.yearbook.pk])
    page = html(as_role("office_editor").get(url))
    assert_accessible(page, url=url)
    row_a = page.split("区委办公室</th>")[0].rsplit("<tr", 1)[1]
    assert 'class="overdue"' in row_a
    row_b = page.split("鱼洞街道</th>")[1].split("</tr>")[0]
    # assigned, submitted, in review, returned, accepted, overdue, total
    cells = [c.split("</td>")[0].strip() for c in row_b.split("<td>")[1:]]
    assert cells == ["0", "1", "0", "0", "0", "0", "1"]

    unit_page = html(as_role("unit_liaison").get(reverse("works:progress")))
    assert "区委办公室" in unit_page and "鱼洞街道</th>" not in unit_page
    office_page = html(as_role("office_admin").get(reverse("works:progress")))
    assert "区委办公室" in office_page and "鱼洞街道</th>" in office_page
    assert as_role("reviewer").get(reverse("works:progress")).status_code == 403


def test_dashboard_for_a_unit_shows_assignments_returns_and_sign_offs(works_world, as_role):
    w = works_world
    _overdue_world(w)
    OutlineNode.objects.filter(pk=w.node_a.pk).update(state="returned")
    NodeEvent.objects.create(
        node=w.node_a, action="return", reason="数据需核实", by=w.office_editor
    )
    page = html(as_role("unit_liaison").get(reverse("core:dashboard")))
    assert "区委办公室工作" in page and "2020-01-01" in page and 'class="overdue"' in page
    assert "数据需核实" in page
    assert "鱼洞街道概况" not in page  # unit_b's node
    assert zh("Waiting for your sign-off") not in page
    head_page = html(as_role("unit_head").get(reverse("core:dashboard")))
    assert zh("Waiting for your sign-off") in head_page
    signoff = head_page.split(zh("Waiting for your sign-off"))[1].split("</section>")[0]
    assert "区委办公室工作" in signoff  # returned, and it has a version


def test_dashboard_for_the_office_and_a_reviewer(works_world, as_role):
    w = works_world
    _overdue_world(w)
    services.work_submit_for_review(by=w.office_admin, work=w.district)
    page = html(as_role("office_editor").get(reverse("core:dashboard")))
    submitted = page.split(zh("Submitted, waiting for review"))[1].split("</section>")[0]
    assert "鱼洞街道概况" in submitted and "区委办公室工作" not in submitted
    overdue = page.split(zh("Overdue assignments by unit"))[1].split("</section>")[0]
    assert "区委办公室" in overdue and "鱼洞街道" not in overdue
    in_review = page.split(zh("Works waiting at a review step"))[1].split("</section>")[0]
    assert "重庆市巴南区志" in in_review
    reviewer_page = html(as_role("reviewer").get(reverse("core:dashboard")))
    assert "区委办公室工作" in reviewer_page and "鱼洞街道概况" not in reviewer_page


def test_dashboard_flags_an_overdue_filing(works_world, as_role):
    from fangzhi.works.models import Publication

    w = works_world
    Work.objects.filter(pk=w.town_work.pk).update(status="published")
    Publication.objects.create(
        work=w.town_work,
        publisher="重庆出版社",
        published_on=dt.date(2020, 1, 1),
        recorded_by=w.office_admin,
    )
    page = html(as_role("office_admin").get(reverse("core:dashboard")))
    section = page.split(zh("Published works whose filing is overdue"))[1].split("</section>")[0]
    assert "鱼洞街道志" in section and "2020-04-01" in section


def test_dashboard_stays_within_a_bounded_number_of_queries(
    works_world, as_role, django_assert_max_num_queries
):
    w = works_world
    for i in range(15):
        node = services.node_add(by=w.office_admin, work=w.yearbook, title=f"条目{i}")
        services.node_assign(
            by=w.office_admin, node=node, unit=w.unit_a, deadline=dt.date(2020, 1, 1)
        )
    client = as_role("unit_head")
    with django_assert_max_num_queries(30):
        client.get(reverse("core:dashboard"))
    client = as_role("office_admin")
    with django_assert_max_num_queries(40):
        client.get(reverse("core:dashboard"))
