"""Campaign pages: open (units from the yearbook), refuse a second campaign for a year,
next year's from this one, the office's progress board and its XLSX, the mapping to the
yearbook and the draft, what each role sees, and the dashboard's returns items."""

import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from fangzhi.core.models import Job
from fangzhi.org.models import Unit
from fangzhi.returns import services
from fangzhi.returns.models import (
    Campaign,
    DraftSource,
    ReportingUnit,
    Submission,
    YearbookMapping,
)
from fangzhi.works import services as works
from fangzhi.works.models import Work

from ..a11y import assert_accessible
from ..works.data import make_works
from .data import make_returns

pytestmark = pytest.mark.django_db


@pytest.fixture
def rw(world):
    return make_returns(make_works(world))


def login(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def zh(message, **values):
    """A message as the pages show it, in the default language, HTML-escaped."""
    with translation.override("zh-hans"):
        text = gettext(message)
    return escape(text % values if values else text)


def yearbook_2026(w, units):
    """《巴南年鉴（2026）》 with one node per unit in ``units``."""
    book = works.work_create(
        by=w.office_admin,
        kind=Work.Kind.YEARBOOK,
        title="巴南年鉴（2026）",
        compiler=w.office_unit,
        year=2026,
    )
    for unit in units:
        node = works.node_add(by=w.office_admin, work=book, title=f"{unit.name}工作")
        works.node_assign(by=w.office_admin, node=node, unit=unit, deadline=dt.date(2027, 3, 31))
    return book


def sign_off(w, submission, head):
    submission.refresh_from_db()
    services.submission_sign_off(by=head, submission=submission)
    submission.refresh_from_db()
    return submission


def reported_units(campaign):
    return set(
        ReportingUnit.objects.filter(campaign=campaign, active=True).values_list(
            "unit__name", flat=True
        )
    )


# --- list and detail -------------------------------------------------------------------


def test_list_shows_counts_to_the_office_and_own_campaigns_to_units(rw):
    sign_off(rw, rw.sub_a, rw.unit_head)
    url = reverse("returns:campaign_list")
    page = html(login(rw.office_admin).get(url))
    assert_accessible(page, url=url)
    row = page[page.index(str(rw.campaign)) :]
    row = row[: row.index("</tr>")]
    # 2 units × 7 categories: one submitted, 13 not started (drafts are neither)
    cells = [c.split(">", 1)[1].split("<")[0] for c in row.split("<td")[1:]]
    assert cells[-4:] == ["0", "1", "0", "11"]
    assert reverse("returns:campaign_open") in page

    other = services.campaign_open(
        by=rw.office_admin, year=2024, due_on=dt.date(2025, 2, 28), units=[rw.unit_b]
    )
    page = html(login(rw.unit_liaison).get(url))
    assert str(rw.campaign) in page and str(other) not in page
    assert f"/returns/{rw.campaign.pk}/units/{rw.unit_a.pk}/" in page
    assert reverse("returns:campaign_open") not in page
    assert login(rw.reviewer).get(url).status_code == 403


def test_unit_people_read_the_instructions_and_go_to_their_returns(rw):
    url = reverse("returns:campaign_detail", args=[rw.campaign.pk])
    page = html(login(rw.unit_head).get(url))
    assert_accessible(page, url=url)
    assert "请于2月底前报送。" in page and "2026-02-28" in page
    assert f'href="/returns/{rw.campaign.pk}/units/{rw.unit_a.pk}/"' in page
    assert reverse("returns:board", args=[rw.campaign.pk]) not in page
    assert reverse("returns:campaign_edit", args=[rw.campaign.pk]) not in page
    assert rw.unit_b.name not in page  # the office's list of reporting units is not theirs


def test_office_detail_shows_units_mapping_and_links(rw):
    url = reverse("returns:campaign_detail", args=[rw.campaign.pk])
    page = html(login(rw.office_admin).get(url))
    assert_accessible(page, url=url)
    for part in (
        rw.unit_a.name,
        rw.unit_b.name,
        f"/returns/{rw.campaign.pk}/units/{rw.unit_b.pk}/",
        f"/works/nodes/{rw.chronicle_node.pk}/",
        reverse("returns:board", args=[rw.campaign.pk]),
        reverse("returns:mapping", args=[rw.campaign.pk]),
        reverse("returns:draft_start", args=[rw.campaign.pk]),
        reverse("returns:campaign_next", args=[rw.campaign.pk]),
    ):
        assert part in page, part
    editor = html(login(rw.office_editor).get(url))
    assert reverse("returns:board", args=[rw.campaign.pk]) in editor
    assert reverse("returns:draft_start", args=[rw.campaign.pk]) not in editor
    assert reverse("returns:campaign_edit", args=[rw.campaign.pk]) not in editor


# --- open, edit, close, next year --------------------------------------------------------


def test_open_takes_the_yearbooks_contributing_units_by_default(rw):
    book = yearbook_2026(rw, [rw.unit_a])
    url = reverse("returns:campaign_open")
    client = login(rw.office_admin)
    page = html(client.get(url, {"yearbook": book.pk}))
    assert_accessible(page, url=url)
    form = client.get(url, {"yearbook": book.pk}).context["form"]
    assert form.initial["year"] == 2026 and form.initial["yearbook"] == book
    assert list(form.initial["units"]) == [rw.unit_a]
    # unit_a is ticked, unit_b offered but not ticked
    box_a = page[: page.index(rw.unit_a.name)].rsplit("<input", 1)[1]
    box_b = page[: page.index(rw.unit_b.name)].rsplit("<input", 1)[1]
    assert "checked" in box_a and "checked" not in box_b

    response = client.post(
        url,
        {"year": 2026, "yearbook": book.pk, "due_on": "2027-02-28", "instructions": "按时报送"},
    )
    campaign = Campaign.objects.get(year=2026)
    assert response.status_code == 302
    assert response.url == reverse("returns:campaign_detail", args=[campaign.pk])
    assert campaign.yearbook == book and campaign.due_on == dt.date(2027, 2, 28)
    assert reported_units(campaign) == {rw.unit_a.name}
    assert Submission.objects.filter(campaign=campaign, unit=rw.unit_a).count() == 7


def test_open_with_the_units_ticked(rw):
    book = yearbook_2026(rw, [rw.unit_a])
    login(rw.office_admin).post(
        reverse("returns:campaign_open"),
        {
            "year": 2026,
            "yearbook": book.pk,
            "due_on": "2027-02-28",
            "units": [rw.unit_a.pk, rw.unit_b.pk],
        },
    )
    assert reported_units(Campaign.objects.get(year=2026)) == {rw.unit_a.name, rw.unit_b.name}


def test_a_second_campaign_for_a_year_is_refused_on_the_form(rw):
    response = login(rw.office_admin).post(
        reverse("returns:campaign_open"),
        {"year": 2025, "yearbook": rw.yearbook.pk, "due_on": "2026-03-31"},
    )
    page = html(response)
    message = zh("The returns for %(year)d are already open.", year=2025)
    assert message in page
    assert response.context["form"].errors["year"] == [
        gettext("The returns for %(year)d are already open.") % {"year": 2025}
    ]
    assert Campaign.objects.count() == 1


def test_a_yearbook_of_another_year_is_refused_on_the_form(rw):
    response = login(rw.office_admin).post(
        reverse("returns:campaign_open"),
        {"year": 2027, "yearbook": rw.yearbook.pk, "due_on": "2028-02-28"},
    )
    assert response.context["form"].errors["yearbook"]
    assert not Campaign.objects.filter(year=2027).exists()


def test_only_the_office_admin_opens_or_changes(rw):
    for user in (rw.office_editor, rw.unit_liaison, rw.unit_head, rw.reviewer):
        client = login(user)
        assert (
            client.post(
                reverse("returns:campaign_open"), {"year": 2030, "due_on": "2031-01-01"}
            ).status_code
            == 403
        )
        assert (
            client.post(reverse("returns:campaign_close", args=[rw.campaign.pk])).status_code == 403
        )
    assert not Campaign.objects.filter(year=2030).exists()
    rw.campaign.refresh_from_db()
    assert rw.campaign.status == Campaign.Status.OPEN


def test_edit_changes_due_date_instructions_and_units(rw):
    url = reverse("returns:campaign_edit", args=[rw.campaign.pk])
    client = login(rw.office_admin)
    page = html(client.get(url))
    assert_accessible(page, url=url)
    response = client.post(
        url, {"due_on": "2026-03-15", "instructions": "新的说明", "units": [rw.unit_a.pk]}
    )
    assert response.status_code == 302
    rw.campaign.refresh_from_db()
    assert rw.campaign.due_on == dt.date(2026, 3, 15) and rw.campaign.instructions == "新的说明"
    assert reported_units(rw.campaign) == {rw.unit_a.name}
    # unit_b stops reporting; what it filed stays
    assert rw.sub_b.entries.count() == 1


def test_close(rw):
    response = login(rw.office_admin).post(reverse("returns:campaign_close", args=[rw.campaign.pk]))
    assert response.status_code == 302
    rw.campaign.refresh_from_db()
    assert rw.campaign.status == Campaign.Status.CLOSED


def test_next_year_copies_units_instructions_and_mapping(rw):
    book = works.yearbook_start_from(by=rw.office_admin, previous=rw.yearbook, year=2026)
    url = reverse("returns:campaign_next", args=[rw.campaign.pk])
    client = login(rw.office_admin)
    page = html(client.get(url))
    assert_accessible(page, url=url)
    assert book.title in page  # the only 2026 yearbook is offered
    assert "pick-yearbook" not in page
    response = client.post(url, {"due_on": "", "yearbook": ""})
    nxt = Campaign.objects.get(year=2026)
    assert response.status_code == 302
    assert response.url == reverse("returns:campaign_detail", args=[nxt.pk])
    assert nxt.based_on == rw.campaign and nxt.yearbook == book
    assert nxt.due_on == dt.date(2027, 2, 28)
    assert nxt.instructions == rw.campaign.instructions
    assert reported_units(nxt) == {rw.unit_a.name, rw.unit_b.name}
    mapping = YearbookMapping.objects.get(campaign=nxt, active=True)
    assert mapping.category == "chronicle"
    assert mapping.node.work == book and mapping.node.title == "大事记"
    # a second time: the year is taken
    response = client.post(url, {})
    assert zh("The returns for %(year)d are already open.", year=2026) in html(response)


# --- the progress board ----------------------------------------------------------------


def board_cell(page, unit, category_index):
    """The text of a unit's cell (0-based category index) on the board."""
    row = page[page.index(f">{unit.name}</a></th>") :]
    row = row[: row.index("</tr>")]
    return row.split("<td")[1 + category_index]


@pytest.fixture
def progressed(rw):
    """unit_a's chronicle submitted, its people accepted; unit_b's chronicle returned; the
    due date a month ahead."""
    services.campaign_update(
        by=rw.office_admin,
        campaign=rw.campaign,
        due_on=timezone.localdate() + dt.timedelta(days=30),
    )
    sign_off(rw, rw.sub_a, rw.unit_head)
    sign_off(rw, rw.people_a, rw.unit_head)
    services.submission_accept(by=rw.office_admin, submission=rw.people_a)
    sign_off(rw, rw.sub_b, rw.head_b)
    services.submission_return(by=rw.office_admin, submission=rw.sub_b, reason="日期不准确。")
    return rw


def test_board_shows_statuses_in_words_with_links_and_counts(progressed):
    w = progressed
    url = reverse("returns:board", args=[w.campaign.pk])
    page = html(login(w.office_editor).get(url))
    assert_accessible(page, url=url)
    labels = dict(Submission.Status.choices)
    chronicle, people = 1, 3  # the order of Category
    cell = board_cell(page, w.unit_a, chronicle)
    assert str(labels["submitted"]) in cell and f"/returns/submissions/{w.sub_a.pk}/" in cell
    assert str(labels["accepted"]) in board_cell(page, w.unit_a, people)
    assert "status-ok" in board_cell(page, w.unit_a, people)
    assert str(labels["returned"]) in board_cell(page, w.unit_b, chronicle)
    assert str(labels["not_started"]) in board_cell(page, w.unit_b, 0)
    assert 'class="overdue"' not in page  # the due date is ahead
    tfoot = page[page.index("<tfoot>") :]
    submitted_row = tfoot[tfoot.index(str(labels["submitted"])) :]
    assert [c.split(">", 1)[1].split("<")[0] for c in submitted_row.split("<td")[1:8]] == [
        "0",
        "1",
        "0",
        "0",
        "0",
        "0",
        "0",
    ]


def test_board_highlights_overdue_cells_past_the_due_date(progressed):
    w = progressed
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    services.campaign_update(by=w.office_admin, campaign=w.campaign, due_on=yesterday)
    page = html(login(w.office_admin).get(reverse("returns:board", args=[w.campaign.pk])))
    overdue = zh("overdue")
    chronicle, people = 1, 3
    assert 'class="overdue"' in board_cell(page, w.unit_b, chronicle)  # returned: owed again
    assert overdue in board_cell(page, w.unit_b, chronicle)
    assert 'class="overdue"' in board_cell(page, w.unit_a, 0)  # not started
    assert 'class="overdue"' not in board_cell(page, w.unit_a, chronicle)  # submitted
    assert 'class="overdue"' not in board_cell(page, w.unit_a, people)  # accepted


def test_board_filters_by_status(progressed):
    w = progressed
    url = reverse("returns:board", args=[w.campaign.pk])
    client = login(w.office_admin)
    page = html(client.get(url, {"status": "returned"}))
    assert f">{w.unit_b.name}</a></th>" in page and f">{w.unit_a.name}</a></th>" not in page
    page = html(client.get(url, {"status": "accepted"}))
    assert f">{w.unit_a.name}</a></th>" in page and f">{w.unit_b.name}</a></th>" not in page
    page = html(client.get(url, {"status": "nonsense"}))  # ignored: every unit
    assert f">{w.unit_a.name}</a></th>" in page and f">{w.unit_b.name}</a></th>" in page


def test_board_xlsx(progressed):
    w = progressed
    Unit.objects.filter(pk=w.unit_b.pk).update(name='=HYPERLINK("http://x","点")')
    response = login(w.office_admin).get(reverse("returns:board_export", args=[w.campaign.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    labels = dict(Submission.Status.choices)
    assert rows[0][1:8] == [
        str(label) for _v, label in Submission._meta.get_field("category").choices
    ]
    unit_a = next(r for r in rows if r[0] == w.unit_a.name)
    assert unit_a[2] == str(labels["submitted"]) and unit_a[4] == str(labels["accepted"])
    unit_b = next(r for r in rows if r[0] and "HYPERLINK" in r[0])
    assert unit_b[0].startswith("'=")  # defused, not a live formula
    assert unit_b[2] == str(labels["returned"])
    assert sheet.cell(row=3, column=1).data_type == "s"


def test_only_the_office_sees_the_board(rw):
    for name in ("returns:board", "returns:board_export", "returns:mapping"):
        url = reverse(name, args=[rw.campaign.pk])
        for user in (rw.unit_liaison, rw.unit_head, rw.reviewer):
            assert login(user).get(url).status_code == 403, (name, user)
        assert login(rw.office_editor).get(url).status_code == 200
    missing = reverse("returns:board", args=[99999])
    assert login(rw.unit_head).get(missing).status_code == 403  # nothing leaks
    assert login(rw.office_admin).get(missing).status_code == 404


def test_board_reads_41_units_in_as_many_queries_as_2(rw):
    url = reverse("returns:board", args=[rw.campaign.pk])
    client = login(rw.office_admin)
    client.get(url)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    more = [
        Unit.objects.create(
            committee=rw.committee, name=f"单位{i:02d}", joined_on=dt.date(2023, 1, 1)
        )
        for i in range(39)
    ]
    services.campaign_units_set(
        by=rw.office_admin, campaign=rw.campaign, units=[rw.unit_a, rw.unit_b, *more]
    )
    assert ReportingUnit.objects.filter(campaign=rw.campaign, active=True).count() == 41
    page = client.get(url).content.decode()
    assert page.count("/returns/submissions/") == 41 * 7
    assert queries() == few <= 12


# --- mapping and draft -------------------------------------------------------------------


def test_mapping_suggests_the_chronicle_node_and_saves_it(rw):
    url = reverse("returns:mapping", args=[rw.campaign.pk])
    client = login(rw.office_admin)
    mapping = YearbookMapping.objects.get(campaign=rw.campaign, active=True)
    assert client.post(reverse("returns:mapping_remove", args=[mapping.pk])).status_code == 302
    assert not YearbookMapping.objects.filter(campaign=rw.campaign, active=True).exists()
    page = html(client.get(url))
    assert_accessible(page, url=url)
    suggestion = page[page.index("<h2>", page.index("</table>")) :]
    assert "大事记" in suggestion and f'value="{rw.chronicle_node.pk}"' in suggestion
    response = client.post(url, {"category": "chronicle", "node": rw.chronicle_node.pk})
    assert response.status_code == 302
    assert YearbookMapping.objects.get(campaign=rw.campaign, active=True).node == rw.chronicle_node

    # one unit's topics to its own node
    response = client.post(url, {"category": "topic", "unit": rw.unit_a.pk, "node": rw.node_a.pk})
    line = YearbookMapping.objects.get(campaign=rw.campaign, category="topic", active=True)
    assert line.unit == rw.unit_a and line.node == rw.node_a
    page = html(client.get(url))
    assert rw.node_a.title in page and "大事记" in page


def test_mapping_refuses_a_node_of_another_work_and_editors(rw):
    url = reverse("returns:mapping", args=[rw.campaign.pk])
    response = login(rw.office_admin).post(url, {"category": "chronicle", "node": rw.town_node.pk})
    assert response.status_code == 200 and response.context["form"].errors["node"]
    editor = login(rw.office_editor)
    page = html(editor.get(url))
    assert 'name="node"' not in page  # read only
    assert editor.post(url, {"category": "chronicle", "node": rw.node_a.pk}).status_code == 403
    mapping = YearbookMapping.objects.get(campaign=rw.campaign, active=True)
    assert editor.post(reverse("returns:mapping_remove", args=[mapping.pk])).status_code == 403
    assert mapping.node == rw.chronicle_node


def test_draft_start_runs_the_job_and_lists_the_generated_version(
    rw, django_capture_on_commit_callbacks
):
    for submission, head in ((rw.sub_a, rw.unit_head), (rw.sub_b, rw.head_b)):
        sign_off(rw, submission, head)
        services.submission_accept(by=rw.office_admin, submission=submission)
    client = login(rw.office_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("returns:draft_start", args=[rw.campaign.pk]))
    job = Job.objects.get(kind="returns_draft")
    assert response.status_code == 302
    assert response.url == reverse("core:job_detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.log
    version = rw.chronicle_node.versions.order_by("-number").first()
    assert version.text.index("区委召开全会") < version.text.index("鱼洞街道举办灯会")
    assert DraftSource.objects.filter(version=version).count() == 3
    page = html(client.get(reverse("returns:campaign_detail", args=[rw.campaign.pk])))
    section = page[page.rindex("<h2>") :]
    assert f'href="/works/nodes/{rw.chronicle_node.pk}/"' in section and "大事记" in section


def test_draft_without_a_mapping_says_so(rw):
    mapping = YearbookMapping.objects.get(campaign=rw.campaign, active=True)
    services.mapping_remove(by=rw.office_admin, mapping=mapping)
    client = login(rw.office_admin)
    response = client.post(reverse("returns:draft_start", args=[rw.campaign.pk]), follow=True)
    assert zh("Map the categories to the yearbook's outline first.") in html(response)
    assert not Job.objects.filter(kind="returns_draft").exists()
    assert (
        login(rw.office_editor)
        .post(reverse("returns:draft_start", args=[rw.campaign.pk]))
        .status_code
        == 403
    )


def test_forged_csrf_is_refused(rw):
    client = login(rw.office_admin, enforce_csrf_checks=True)
    response = client.post(
        reverse("returns:campaign_open"),
        {"year": 2030, "due_on": "2031-01-01", "csrfmiddlewaretoken": "forged"},
    )
    assert response.status_code == 403
    response = client.post(
        reverse("returns:campaign_close", args=[rw.campaign.pk]), {"csrfmiddlewaretoken": "x"}
    )
    assert response.status_code == 403
    assert not Campaign.objects.filter(year=2030).exists()
    rw.campaign.refresh_from_db()
    assert rw.campaign.status == Campaign.Status.OPEN


# --- dashboard -------------------------------------------------------------------------


def test_dashboard_office_sees_returns_waiting_for_acceptance(progressed):
    w = progressed
    page = html(login(w.office_editor).get(reverse("core:dashboard")))
    assert_accessible(page, url="/")
    section = page[page.index(zh("Annual returns waiting for acceptance")) :]
    section = section[: section.index("</section>")]
    assert f"{reverse('returns:board', args=[w.campaign.pk])}?status=submitted" in section
    assert "2025" in section and "1" in section


def test_dashboard_unit_sees_due_date_count_and_returned(progressed):
    w = progressed
    page = html(login(w.liaison_b).get(reverse("core:dashboard")))
    assert_accessible(page, url="/")
    section = page[page.index(gettext("My unit's annual returns")) :]
    section = section[: section.index("</section>")]
    assert w.campaign.due_on.isoformat() in section
    assert "<td>7</td>" in section  # unit_b: nothing signed off (chronicle returned)
    assert f"/returns/submissions/{w.sub_b.pk}/" in section and "status-error" in section
    page = html(login(w.unit_head).get(reverse("core:dashboard")))
    section = page[page.index(gettext("My unit's annual returns")) :]
    section = section[: section.index("</section>")]
    assert "<td>5</td>" in section  # chronicle submitted, people accepted
