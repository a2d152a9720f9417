"""The outline: add, move (drag-and-drop and keyboard), assign, withdraw, import."""

import datetime as dt
import io

import docx
import pytest

from fangzhi.core.errors import Forbidden, ServiceError
from fangzhi.core.models import Notification
from fangzhi.works import services
from fangzhi.works.models import NodeEvent, OutlineNode

pytestmark = pytest.mark.django_db


def titles(work):
    return [(n.title, n.depth) for n in OutlineNode.objects.filter(work=work, withdrawn=False)]


def build(w):
    """综述 > [区委办公室工作, 鱼洞街道概况]; 大事记; 附录 > 文件选编."""
    a = w.office_admin
    chronicle = services.node_add(by=a, work=w.yearbook, title="大事记")
    appendix = services.node_add(by=a, work=w.yearbook, title="附录")
    documents = services.node_add(by=a, work=w.yearbook, parent=appendix, title="文件选编")
    return chronicle, appendix, documents


def test_moves_keep_each_work_apart(works_world):
    w = works_world
    chronicle, appendix, documents = build(w)
    a = w.office_admin
    services.node_move(by=a, node=chronicle, target=w.part, position="left")
    assert [t for t, d in titles(w.yearbook) if d == 1] == ["大事记", "综述", "附录"]
    services.node_move(by=a, node=documents, target=w.part, position="first-child")
    assert titles(w.yearbook)[2] == ("文件选编", 2)
    # The district gazetteer's outline is another tree: no moving across works.
    other = services.node_add(by=a, work=w.district, title="概述")
    with pytest.raises(ServiceError):
        services.node_move(by=a, node=other, target=w.part, position="left")
    with pytest.raises(ServiceError):
        services.node_move(
            by=a, node=w.part, target=OutlineNode.objects.get(pk=w.node_a.pk), position="last-child"
        )
    assert titles(w.district) == [("概述", 1)]


def test_keyboard_shifts(works_world):
    w = works_world
    chronicle, appendix, documents = build(w)
    a = w.office_admin
    node_b = OutlineNode.objects.get(pk=w.node_b.pk)
    services.node_shift(by=a, node=node_b, direction="up")
    assert [t for t, d in titles(w.yearbook) if d == 2][:2] == ["鱼洞街道概况", "区委办公室工作"]
    services.node_shift(by=a, node=OutlineNode.objects.get(pk=node_b.pk), direction="outdent")
    assert ("鱼洞街道概况", 1) in titles(w.yearbook)
    moved = OutlineNode.objects.get(pk=node_b.pk)
    services.node_shift(by=a, node=moved, direction="indent")  # under 综述 again, as last child
    assert titles(w.yearbook)[:3] == [("综述", 1), ("区委办公室工作", 2), ("鱼洞街道概况", 2)]
    # At the edge, nothing moves; an unknown direction is refused.
    first = OutlineNode.objects.get(pk=w.part.pk)
    before = titles(w.yearbook)
    services.node_shift(by=a, node=first, direction="up")
    assert titles(w.yearbook) == before
    with pytest.raises(ServiceError):
        services.node_shift(by=a, node=first, direction="sideways")


def test_depth_is_limited(works_world):
    w = works_world
    parent = w.node_a
    for i in range(4):
        parent = services.node_add(
            by=w.office_admin, work=w.yearbook, parent=parent, title=f"层{i}"
        )
    assert parent.depth == 6
    with pytest.raises(ServiceError):
        services.node_add(by=w.office_admin, work=w.yearbook, parent=parent, title="太深")


def test_who_may_edit_an_outline(works_world):
    w = works_world
    for person in (w.unit_liaison, w.unit_head, w.reviewer, w.liaison_b):
        with pytest.raises(Forbidden):
            services.node_add(by=person, work=w.yearbook, title="不可")
    services.node_add(by=w.office_editor, work=w.yearbook, title="编辑可加")
    # The unit that compiles a work named after itself runs its outline.
    services.node_add(by=w.liaison_b, work=w.town_work, title="自然环境")
    with pytest.raises(Forbidden):
        services.node_add(by=w.unit_liaison, work=w.town_work, title="别人的")


def test_assignment_rules_and_notifications(works_world):
    w = works_world
    a = w.office_admin
    chronicle, *_ = build(w)
    with pytest.raises(ServiceError) as exc:
        services.node_assign(by=a, node=chronicle, unit=w.unit_a, deadline=None)
    assert exc.value.field == "deadline"
    from fangzhi.org.services import unit_retire

    unit_retire(by=a, unit=w.unit_b, retired_on=dt.date(2025, 1, 1), document_number="〔2025〕9号")
    w.unit_b.refresh_from_db()
    with pytest.raises(ServiceError) as exc:
        services.node_assign(by=a, node=chronicle, unit=w.unit_b, deadline=dt.date(2026, 1, 1))
    assert exc.value.field == "unit"
    before = Notification.objects.filter(recipient=w.unit_liaison).count()
    services.node_assign(by=a, node=chronicle, unit=w.unit_a, deadline=dt.date(2026, 2, 1))
    chronicle.refresh_from_db()
    assert chronicle.state == "assigned" and chronicle.unit == w.unit_a
    assert Notification.objects.filter(recipient=w.unit_liaison).count() == before + 1
    assert NodeEvent.objects.filter(node=chronicle, action="assign").exists()
    # Taken back: draft again.
    services.node_assign(by=a, node=chronicle, unit=None)
    chronicle.refresh_from_db()
    assert chronicle.state == "draft" and chronicle.unit is None and chronicle.deadline is None


def test_a_submitted_node_cannot_be_reassigned(works_world):
    w = works_world
    services.node_sign_off(by=w.unit_head, node=w.node_a)
    w.node_a.refresh_from_db()
    with pytest.raises(ServiceError) as exc:
        services.node_assign(
            by=w.office_admin, node=w.node_a, unit=w.unit_b, deadline=dt.date(2026, 1, 1)
        )
    assert exc.value.code == "not_open"


def test_withdraw_keeps_everything_and_restore_brings_it_back(works_world):
    w = works_world
    services.node_withdraw(by=w.office_admin, node=w.part, reason="调整篇目")
    assert titles(w.yearbook) == []
    assert OutlineNode.objects.filter(work=w.yearbook).count() == 3
    assert w.node_a.versions.count() == 1
    with pytest.raises(ServiceError):
        services.node_restore(by=w.office_admin, node=OutlineNode.objects.get(pk=w.node_a.pk))
    services.node_restore(by=w.office_admin, node=OutlineNode.objects.get(pk=w.part.pk))
    assert len(titles(w.yearbook)) == 3


def test_outline_rows_number_and_limit_to_what_the_user_sees(works_world):
    w = works_world
    build(w)
    rows = services.outline_rows(w.yearbook, w.office_admin)
    assert [(r["number"], r["title"]) for r in rows] == [
        ("1", "综述"),
        ("1.1", "区委办公室工作"),
        ("1.2", "鱼洞街道概况"),
        ("2", "大事记"),
        ("3", "附录"),
        ("3.1", "文件选编"),
    ]
    mine = services.outline_rows(w.yearbook, w.unit_liaison)
    assert [(r["number"], r["title"]) for r in mine] == [("1.1", "区委办公室工作")]
    assert services.outline_rows(w.yearbook, w.reviewer)[0]["title"] == "区委办公室工作"


def word_outline(headings):
    document = docx.Document()
    for level, text in headings:
        if level:
            document.add_heading(text, level=level)
        else:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_import_an_outline_from_word(works_world):
    w = works_world
    data = word_outline(
        [
            (1, "第一篇 政治"),
            (0, "正文段落不成为节点"),
            (2, "第一章 中共巴南区委"),
            (3, "第一节 组织机构"),
            (4, "一、区委常委会"),
            (2, "第二章 区人大"),
            (1, "第二篇 经济"),
            (3, "跳级的节"),
        ]
    )
    count = services.outline_import_docx(by=w.office_admin, work=w.district, data=data)
    assert count == 7
    assert titles(w.district) == [
        ("第一篇 政治", 1),
        ("第一章 中共巴南区委", 2),
        ("第一节 组织机构", 3),
        ("一、区委常委会", 4),
        ("第二章 区人大", 2),
        ("第二篇 经济", 1),
        ("跳级的节", 2),
    ]


@pytest.mark.parametrize("data", [b"not a zip", b"PK\x03\x04broken", b""])
def test_a_broken_outline_file_adds_nothing(works_world, data):
    w = works_world
    with pytest.raises(ServiceError) as exc:
        services.outline_import_docx(by=w.office_admin, work=w.district, data=data)
    assert exc.value.field == "file" and str(exc.value)
    assert titles(w.district) == []


def test_a_word_file_without_headings_is_refused(works_world):
    w = works_world
    with pytest.raises(ServiceError) as exc:
        services.outline_import_docx(
            by=w.office_admin, work=w.district, data=word_outline([(0, "只有正文")])
        )
    assert exc.value.code == "empty"
