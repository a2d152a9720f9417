"""The outline page: the tree, adding, editing, moving (drag-and-drop endpoint, keyboard
shifts, plain buttons), withdrawing, assigning, import from Word, export to Word and Excel."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from fangzhi.works import services
from fangzhi.works.models import LEVEL_LABELS, NodeReviewer, OutlineNode, Work

from ..a11y import assert_accessible

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def zh(message, **values):
    with translation.override("zh-hans"):
        text = gettext(str(message))
    return escape(text % values if values else text)


def html(response):
    return response.content.decode()


def titles(work):
    return [(n.depth, n.title) for n in OutlineNode.objects.filter(work=work, withdrawn=False)]


@pytest.fixture
def admin(works_world):
    client = Client()
    client.force_login(works_world.office_admin)
    return client


@pytest.fixture
def client_of(works_world):
    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


def node(work, title):
    return OutlineNode.objects.get(work=work, title=title)


# --- the tree --------------------------------------------------------------------------------


def test_tree_numbers_and_labels_the_nodes(works_world, admin):
    w = works_world
    url = reverse("works:outline", args=[w.yearbook.pk])
    page = html(admin.get(url))
    assert_accessible(page, url=url)
    with translation.override("zh-hans"):
        part, chapter = str(LEVEL_LABELS[1]), str(LEVEL_LABELS[2])
    row_part = page.split(f'id="node-{w.part.pk}"')[1].split("</tr>")[0]
    row_b = page.split(f'id="node-{w.node_b.pk}"')[1].split("</tr>")[0]
    assert ">1<" in row_part and part in row_part and "综述" in row_part
    assert ">1.2<" in row_b and chapter in row_b and "鱼洞街道" in row_b
    assert 'draggable="true"' in row_b and "data-move-url" in row_b
    assert "outline.js" in page and "outline.css" in page


def test_a_unit_sees_only_its_own_nodes_and_no_move_controls(works_world, client_of):
    w = works_world
    page = html(client_of(w.unit_liaison).get(reverse("works:outline", args=[w.yearbook.pk])))
    assert "区委办公室工作" in page and "鱼洞街道概况" not in page
    assert ">1.1<" in page  # numbered as in the whole outline
    assert "data-move-url" not in page and "draggable" not in page


# --- add, edit, withdraw ---------------------------------------------------------------------


def test_add_top_level_and_child_then_rename(works_world, admin):
    w = works_world
    add = reverse("works:outline_node_add", args=[w.yearbook.pk])
    response = admin.post(add, {"title": "大事记"})
    top = node(w.yearbook, "大事记")
    assert response.status_code == 302 and response.url.endswith(f"#node-{top.pk}")
    assert top.depth == 1
    page = html(admin.get(add, {"parent": top.pk}))
    assert f'value="{top.pk}" selected' in page
    admin.post(add, {"parent": top.pk, "title": "一月", "expected_length": "3000"})
    child = node(w.yearbook, "一月")
    assert OutlineNode.objects.get_parent(child) == top and child.expected_length == 3000

    refused = admin.post(add, {"title": "  "})
    assert refused.status_code == 200 and OutlineNode.objects.filter(work=w.yearbook).count() == 5

    edit = reverse("works:outline_node_edit", args=[child.pk])
    admin.post(edit, {"title": "一月大事", "expected_length": "", "notes": "按日排列"})
    child.refresh_from_db()
    assert (child.title, child.expected_length, child.notes) == ("一月大事", None, "按日排列")


def test_withdrawn_nodes_are_hidden_until_shown_and_can_be_restored(works_world, admin):
    w = works_world
    outline = reverse("works:outline", args=[w.yearbook.pk])
    response = admin.post(
        reverse("works:outline_node_withdraw", args=[w.part.pk]), {"reason": "并入概况"}
    )
    assert response.status_code == 302
    assert all(n.withdrawn for n in OutlineNode.objects.filter(work=w.yearbook))
    page = html(admin.get(outline))
    assert f'id="node-{w.node_a.pk}"' not in page and "?withdrawn=1" in page
    shown = html(admin.get(outline, {"withdrawn": "1"}))
    restore = reverse("works:outline_node_restore", args=[w.part.pk])
    assert restore in shown and "区委办公室工作" in shown
    # A child cannot come back before its parent.
    admin.post(reverse("works:outline_node_restore", args=[w.node_a.pk]))
    assert OutlineNode.objects.get(pk=w.node_a.pk).withdrawn
    admin.post(restore)
    assert not any(n.withdrawn for n in OutlineNode.objects.filter(work=w.yearbook))


# --- moves -----------------------------------------------------------------------------------


def test_drag_and_drop_move_answers_the_tree_to_a_script(works_world, admin):
    w = works_world
    move = reverse("works:outline_node_move", args=[w.node_b.pk])
    response = admin.post(move, {"target": w.part.pk, "position": "left"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "<h1>" not in html(response)
    assert titles(w.yearbook) == [(1, "鱼洞街道概况"), (1, "综述"), (2, "区委办公室工作")]
    assert html(response).index("鱼洞街道概况") < html(response).index("综述")
    assert f'data-focus="{w.node_b.pk}"' in html(response)

    # Without a script: a redirect back to the node.
    response = admin.post(move, {"target": w.part.pk, "position": "last-child"})
    assert response.status_code == 302 and response.url.endswith(f"#node-{w.node_b.pk}")
    assert titles(w.yearbook) == [(1, "综述"), (2, "区委办公室工作"), (2, "鱼洞街道概况")]


def test_a_refused_move_shows_the_reason_and_changes_nothing(works_world, admin):
    w = works_world
    before = titles(w.yearbook)
    response = admin.post(
        reverse("works:outline_node_move", args=[w.part.pk]),
        {"target": w.node_a.pk, "position": "last-child"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert 'role="alert"' in html(response)
    assert zh("A node cannot move into itself.") in html(response)
    assert titles(w.yearbook) == before
    other_work = admin.post(
        reverse("works:outline_node_move", args=[w.part.pk]),
        {"target": w.town_node.pk, "position": "left"},
        HTTP_HX_REQUEST="true",
    )
    assert other_work.status_code == 400 and titles(w.yearbook) == before


def test_keyboard_shifts_up_down_indent_outdent(works_world, admin):
    w = works_world
    shift_b = reverse("works:outline_node_shift", args=[w.node_b.pk])
    admin.post(shift_b, {"direction": "up"}, HTTP_HX_REQUEST="true")
    assert titles(w.yearbook) == [(1, "综述"), (2, "鱼洞街道概况"), (2, "区委办公室工作")]
    admin.post(shift_b, {"direction": "down"})
    assert titles(w.yearbook) == [(1, "综述"), (2, "区委办公室工作"), (2, "鱼洞街道概况")]
    admin.post(shift_b, {"direction": "indent"})
    assert titles(w.yearbook) == [(1, "综述"), (2, "区委办公室工作"), (3, "鱼洞街道概况")]
    assert OutlineNode.objects.get_parent(node(w.yearbook, "鱼洞街道概况")).pk == w.node_a.pk
    admin.post(shift_b, {"direction": "outdent"})
    admin.post(shift_b, {"direction": "outdent"})
    assert titles(w.yearbook) == [(1, "综述"), (2, "区委办公室工作"), (1, "鱼洞街道概况")]
    bad = admin.post(shift_b, {"direction": "sideways"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400


def test_units_cannot_move_nodes_of_an_outline_they_do_not_run(works_world, client_of):
    w = works_world
    liaison = client_of(w.unit_liaison)
    before = titles(w.yearbook)
    # Its own node in the office's yearbook: seen, not moved.
    own = liaison.post(reverse("works:outline_node_shift", args=[w.node_a.pk]), {"direction": "up"})
    other = liaison.post(
        reverse("works:outline_node_shift", args=[w.node_b.pk]), {"direction": "up"}
    )
    assert own.status_code == 403 and other.status_code == 403
    missing = liaison.post(reverse("works:outline_node_shift", args=[999999]), {"direction": "up"})
    assert missing.status_code == 403
    assert titles(w.yearbook) == before
    for name in ("outline_node_edit", "outline_node_assign", "outline_node_withdraw"):
        assert liaison.get(reverse(f"works:{name}", args=[w.node_b.pk])).status_code == 403
        assert liaison.post(reverse(f"works:{name}", args=[w.node_b.pk])).status_code == 403


def test_a_unit_runs_the_outline_of_a_work_named_after_itself(works_world, client_of):
    w = works_world
    own = services.work_create(
        by=w.office_admin, kind=Work.Kind.DEPARTMENT, title="区委办公室志", compiler=w.unit_a
    )
    liaison = client_of(w.unit_liaison)
    add = reverse("works:outline_node_add", args=[own.pk])
    liaison.post(add, {"title": "机构"})
    liaison.post(add, {"title": "职能"})
    second = node(own, "职能")
    liaison.post(reverse("works:outline_node_shift", args=[second.pk]), {"direction": "up"})
    assert titles(own) == [(1, "职能"), (1, "机构")]


def test_forged_csrf_on_a_move_is_refused(works_world):
    w = works_world
    client = Client(enforce_csrf_checks=True)
    client.force_login(w.office_admin)
    before = titles(w.yearbook)
    response = client.post(
        reverse("works:outline_node_shift", args=[w.node_b.pk]), {"direction": "up"}
    )
    assert response.status_code == 403 and titles(w.yearbook) == before


# --- assignments -----------------------------------------------------------------------------


def test_assign_a_node_to_a_unit_and_a_reviewer(works_world, admin):
    w = works_world
    assign = reverse("works:outline_node_assign", args=[w.part.pk])
    missing = admin.post(assign, {"unit": w.unit_b.pk})
    assert missing.status_code == 200 and zh("Give the unit a deadline.") in html(missing)
    response = admin.post(
        assign, {"unit": w.unit_b.pk, "deadline": "2027-06-30", "expected_length": "8000"}
    )
    part = OutlineNode.objects.get(pk=w.part.pk)
    assert response.status_code == 302
    assert (part.unit, part.deadline, part.expected_length, part.state) == (
        w.unit_b,
        dt.date(2027, 6, 30),
        8000,
        "assigned",
    )
    page = html(admin.get(reverse("works:outline", args=[w.yearbook.pk])))
    row = page.split(f'id="node-{w.part.pk}"')[1].split("</tr>")[0]
    assert "鱼洞街道" in row and "2027-06-30" in row and "8000" in row

    # Taking it back.
    admin.post(assign, {"unit": ""})
    part.refresh_from_db()
    assert part.unit is None and part.state == "draft"

    reviewer = reverse("works:outline_reviewer", args=[w.node_b.pk])
    admin.post(reviewer, {"reviewer": w.reviewer.pk})
    assert NodeReviewer.objects.filter(node=w.node_b, reviewer=w.reviewer).exists()
    twice = admin.post(reviewer, {"reviewer": w.reviewer.pk})
    assert twice.status_code == 200 and zh("This reviewer is already assigned.") in html(twice)
    # Only reviewer accounts are offered.
    refused = admin.post(reviewer, {"reviewer": w.unit_liaison.pk})
    assert refused.status_code == 200
    assert not NodeReviewer.objects.filter(reviewer=w.unit_liaison).exists()


def test_the_office_ends_a_reviewers_assignment(works_world, admin):
    w = works_world
    page_url = reverse("works:outline_reviewer", args=[w.node_a.pk])
    end_url = reverse("works:outline_reviewer_end", args=[w.review_a.pk])
    page = html(admin.get(page_url))
    assert_accessible(page, url=page_url)
    table = page.split('id="current-reviewers"')[1].split("</table>")[0]
    name = w.reviewer.full_name or w.reviewer.username
    assert f'<th scope="row">{name}</th>' in table and f'action="{end_url}"' in table

    reviewer = Client()
    reviewer.force_login(w.reviewer)
    node_page = reverse("works:node_detail", args=[w.node_a.pk])
    assert reviewer.get(node_page).status_code == 200

    response = admin.post(end_url, follow=True)
    assert response.redirect_chain == [(page_url, 302)]
    ended = NodeReviewer.objects.get(pk=w.review_a.pk)
    assert ended.ended_at is not None
    after = html(response)
    assert zh("%(name)s no longer reads this node.", name=name) in after
    assert f'action="{end_url}"' not in after and zh("No reviewer has been asked yet.") in after
    # The reviewer no longer reads the node; asking them again opens a new assignment.
    assert reviewer.get(node_page).status_code == 403
    admin.post(page_url, {"reviewer": w.reviewer.pk})
    assert NodeReviewer.objects.filter(node=w.node_a, ended_at__isnull=True).count() == 1


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("office_editor", 302),
        ("unit_liaison", 403),
        ("unit_head", 403),
        ("reviewer", 403),
    ],
)
def test_only_the_office_ends_an_assignment(works_world, client_of, role, expected):
    w = works_world
    url = reverse("works:outline_reviewer_end", args=[w.review_a.pk])
    client = client_of(getattr(w, role))
    assert client.get(url).status_code in (403, 405)
    assert client.post(url).status_code == expected
    ended_at = NodeReviewer.objects.get(pk=w.review_a.pk).ended_at
    assert (ended_at is not None) == (expected == 302)


def test_ending_an_assignment_needs_an_account(works_world):
    w = works_world
    response = Client().post(reverse("works:outline_reviewer_end", args=[w.review_a.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert NodeReviewer.objects.get(pk=w.review_a.pk).ended_at is None


def test_retired_units_are_not_offered(works_world, admin):
    w = works_world
    from fangzhi.org.models import Unit

    Unit.objects.filter(pk=w.unit_b.pk).update(
        status=Unit.Status.RETIRED, retired_on=dt.date(2025, 1, 1)
    )
    response = admin.post(
        reverse("works:outline_node_assign", args=[w.part.pk]),
        {"unit": w.unit_b.pk, "deadline": "2027-06-30"},
    )
    assert response.status_code == 200
    assert OutlineNode.objects.get(pk=w.part.pk).unit is None


# --- import and export -----------------------------------------------------------------------


def _docx(headings):
    from docx import Document

    document = Document()
    document.add_paragraph("正文不会成为节点。")
    for level, text in headings:
        document.add_heading(text, level=level)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_import_headings_from_word(works_world, admin):
    w = works_world
    url = reverse("works:outline_import", args=[w.district.pk])
    assert_accessible(html(admin.get(url)), url=url)
    data = _docx([(1, "建置"), (2, "沿革"), (2, "政区"), (1, "自然环境"), (3, "地貌")])
    upload = SimpleUploadedFile("篇目.docx", data, DOCX)
    response = admin.post(url, {"file": upload}, follow=True)
    assert response.redirect_chain[0][1] == 302
    assert "已从 Word 导入 5 个条目。" in html(response)
    assert titles(w.district) == [
        (1, "建置"),
        (2, "沿革"),
        (2, "政区"),
        (1, "自然环境"),
        (2, "地貌"),
    ]


def test_import_of_a_broken_file_says_why_and_adds_nothing(works_world, admin):
    w = works_world
    url = reverse("works:outline_import", args=[w.district.pk])
    response = admin.post(url, {"file": SimpleUploadedFile("篇目.docx", b"not a zip", DOCX)})
    assert response.status_code == 200
    assert 'class="errorlist"' in html(response)
    assert not OutlineNode.objects.filter(work=w.district).exists()


def test_export_to_word_and_excel(works_world, admin, client_of):
    from docx import Document
    from openpyxl import load_workbook

    w = works_world
    response = admin.get(reverse("works:outline_export_docx", args=[w.yearbook.pk]))
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''" in disposition
    assert "%E3%80%8A" in disposition  # 《
    texts = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert "巴南年鉴（2025）" in texts[0]
    assert any("1.1" in t and "区委办公室工作" in t for t in texts)
    assert any("鱼洞街道概况" in t for t in texts)

    response = admin.get(reverse("works:outline_export_xlsx", args=[w.yearbook.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any("区委办公室工作" in v for v in values) and any("鱼洞街道概况" in v for v in values)

    # A unit's people export only their own nodes.
    response = client_of(w.unit_liaison).get(
        reverse("works:outline_export_xlsx", args=[w.yearbook.pk])
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any("区委办公室工作" in v for v in values)
    assert not any("鱼洞街道概况" in v for v in values)
    other = client_of(w.unit_liaison).get(
        reverse("works:outline_export_docx", args=[w.town_work.pk])
    )
    assert other.status_code == 403
