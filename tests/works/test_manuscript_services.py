"""Manuscripts: versions from Word and the browser, conflicts, comments, sign-off, review."""

import io

import docx
import pytest
from django.core import mail

from fangzhi.core.errors import Conflict, Forbidden, ServiceError
from fangzhi.core.files import file_read
from fangzhi.core.models import Notification, StoredFile
from fangzhi.works import services
from fangzhi.works.models import (
    Comment,
    Credit,
    ImmutableError,
    ManuscriptAsset,
    ManuscriptVersion,
    OutlineNode,
)

pytestmark = pytest.mark.django_db

PNG = bytes.fromhex(  # a 2×2 red PNG
    "89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a73000000104944415478"
    "9c63f8cfc000440c100a001fee03fd8b5f14d40000000049454e44ae426082"
)


def word_file(paragraphs=("巴南区位于重庆市主城区南部。",), image=False):
    document = docx.Document()
    document.add_heading("区委办公室", level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "项目", "数量"
    table.cell(1, 0).text, table.cell(1, 1).text = "发文", "120件"
    if image:
        document.add_picture(io.BytesIO(PNG))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def fresh(node):
    return OutlineNode.objects.get(pk=node.pk)


def test_upload_keeps_structure_images_and_the_original(works_world):
    w = works_world
    node = fresh(w.node_a)
    data = word_file(image=True)
    version = services.version_upload(
        by=w.unit_liaison, node=node, data=data, filename="C:\\文稿\\区委办.docx", base_revision=1
    )
    assert version.number == 2 and version.based_on == w.version_a
    assert "<h1>区委办公室</h1>" in version.html and "<table>" in version.html
    assert "巴南区位于重庆市主城区南部。" in version.text and "120件" in version.text
    assert version.source_name == "区委办.docx"
    assert file_read(version.source_file) == data
    asset = ManuscriptAsset.objects.get(node=node)
    assert f"/works/nodes/{node.pk}/images/{asset.file.sha256}" in version.html
    assert file_read(asset.file) == PNG
    assert fresh(node).revision == 2


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"just text, named .docx", "not_docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"), "encrypted"),
        (b"PK\x03\x04truncated", "not_docx"),
    ],
)
def test_a_bad_file_stores_nothing(works_world, data, code):
    w = works_world
    node = fresh(w.node_a)
    files_before = StoredFile.objects.count()
    with pytest.raises(ServiceError) as exc:
        services.version_upload(
            by=w.unit_liaison, node=node, data=data, filename="a.docx", base_revision=1
        )
    assert exc.value.code in (code, "corrupt") and exc.value.field == "file"
    assert any("\u4e00" <= c <= "\u9fff" for c in str(exc.value))
    assert node.versions.count() == 1 and fresh(node).revision == 1
    assert StoredFile.objects.count() == files_before


def test_a_macro_document_is_refused(works_world):
    import zipfile

    w = works_world
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(word_file())) as src, zipfile.ZipFile(buffer, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("word/vbaProject.bin", b"\x00" * 64)
    with pytest.raises(ServiceError) as exc:
        services.version_upload(
            by=w.unit_liaison,
            node=fresh(w.node_a),
            data=buffer.getvalue(),
            filename="宏.docx",
            base_revision=1,
        )
    assert exc.value.code == "macros"


def test_concurrent_saves_do_not_overwrite(works_world):
    w = works_world
    node = fresh(w.node_a)
    mine = services.version_save_html(
        by=w.unit_liaison, node=node, html="<p>联络员的修改。</p>", base_revision=1
    )
    # The editor opened the page at revision 1 too: their save is refused, nothing lost.
    with pytest.raises(Conflict) as exc:
        services.version_save_html(
            by=w.office_editor, node=fresh(w.node_a), html="<p>编辑的修改。</p>", base_revision=1
        )
    assert exc.value.status_code == 409
    assert list(node.versions.values_list("number", flat=True)) == [2, 1]
    assert node.versions.first().pk == mine.pk and "联络员" in mine.text
    with pytest.raises(ServiceError):
        services.version_save_html(
            by=w.office_editor, node=fresh(w.node_a), html="<p>x</p>", base_revision=None
        )


def test_browser_html_is_sanitised(works_world):
    w = works_world
    version = services.version_save_html(
        by=w.unit_liaison,
        node=fresh(w.node_a),
        html='<p onclick="x()">正文<script>alert(1)</script><img src="http://evil/x.png" '
        'onerror="alert(2)"><a href="javascript:alert(3)">链接</a></p><style>p{}</style>',
        base_revision=1,
    )
    lowered = version.html.lower()
    for bad in ("<script", "onclick", "onerror", "javascript:", "evil", "<style"):
        assert bad not in lowered
    assert "正文" in version.text
    with pytest.raises(ServiceError):
        services.version_save_html(
            by=w.unit_liaison, node=fresh(w.node_a), html="<script>1</script>", base_revision=2
        )


def test_versions_are_immutable(works_world):
    w = works_world
    version = ManuscriptVersion.objects.get(pk=w.version_a.pk)
    version.html = "<p>篡改</p>"
    with pytest.raises(ImmutableError):
        version.save()
    with pytest.raises(ImmutableError):
        version.delete()
    assert ManuscriptVersion.objects.get(pk=w.version_a.pk).html != "<p>篡改</p>"


def test_who_may_save(works_world):
    w = works_world
    for person in (w.liaison_b, w.head_b, w.reviewer):
        with pytest.raises(Forbidden):
            services.version_save_html(
                by=person, node=fresh(w.node_a), html="<p>不可</p>", base_revision=1
            )
    services.version_save_html(
        by=w.unit_head, node=fresh(w.node_a), html="<p>可</p>", base_revision=1
    )


def test_compare_and_export(works_world):
    w = works_world
    new = services.version_save_html(
        by=w.unit_liaison,
        node=fresh(w.node_a),
        html="<h2>区委办公室</h2><p>2025年，区委办公室围绕中心工作，服务全局。</p>",
        base_revision=1,
    )
    result = services.versions_compare(w.version_a, new)
    assert result["stats"] == {"inserted": 1, "deleted": 1}
    changed = [row for row in result["rows"] if row["changed"]]
    assert len(changed) == 1 and "<del>大</del>" in changed[0]["old"]
    assert "<ins>全</ins>" in changed[0]["new"]
    with pytest.raises(ServiceError):
        services.versions_compare(w.version_a, w.version_b)
    exported = docx.Document(io.BytesIO(services.version_export_docx(new)))
    text = "\n".join(p.text for p in exported.paragraphs)
    assert "区委办公室围绕中心工作，服务全局。" in text


def test_comments_on_passages_are_resolved_not_deleted(works_world):
    w = works_world
    version = w.version_a
    with pytest.raises(ServiceError) as exc:
        services.comment_add(
            by=w.office_editor, version=version, body="x", quote="不对", start=0, end=2
        )
    assert exc.value.field == "quote"
    with pytest.raises(ServiceError):
        services.comment_add(by=w.office_editor, version=version, body="x", start=5, end=999)
    with pytest.raises(Forbidden):
        services.comment_add(by=w.liaison_b, version=version, body="别的单位")
    # The reviewer asked to read node_a comments; not on node_b.
    services.comment_add(by=w.reviewer, version=version, body="建议补充数据。")
    with pytest.raises(Forbidden):
        services.comment_add(by=w.reviewer, version=w.version_b, body="未受邀")
    comment = Comment.objects.get(pk=w.comment_a.pk)
    with pytest.raises(Forbidden):
        services.comment_resolve(by=w.liaison_b, comment=comment)
    services.comment_resolve(by=w.unit_liaison, comment=comment, resolution="已核实")
    comment.refresh_from_db()
    assert comment.is_resolved and comment.resolved_by == w.unit_liaison
    with pytest.raises(ServiceError):
        services.comment_resolve(by=w.office_editor, comment=comment)
    assert Comment.objects.filter(version=version).count() == 2


def test_sign_off_review_return_accept(works_world):
    w = works_world
    node = fresh(w.node_a)
    with pytest.raises(Forbidden):
        services.node_sign_off(by=w.unit_liaison, node=node)
    with pytest.raises(Forbidden):
        services.node_sign_off(by=w.head_b, node=node)
    signoff = services.node_sign_off(by=w.unit_head, node=node)
    assert signoff.version == w.version_a and "真实性" in signoff.statement
    node = fresh(node)
    assert node.state == "submitted"
    # Locked for the unit until returned; the office may still edit.
    with pytest.raises(ServiceError) as exc:
        services.version_save_html(by=w.unit_liaison, node=node, html="<p>改</p>", base_revision=1)
    assert exc.value.code == "locked"
    with pytest.raises(ServiceError):
        services.node_sign_off(by=w.unit_head, node=node)
    with pytest.raises(Forbidden):
        services.node_return(by=w.unit_head, node=node, reason="x")
    services.node_review_start(by=w.office_editor, node=node)
    with pytest.raises(ServiceError):
        services.node_return(by=w.office_editor, node=fresh(node), reason=" ")
    mail.outbox.clear()
    services.node_return(by=w.office_editor, node=fresh(node), reason="请补充2025年发文数据。")
    node = fresh(node)
    assert node.state == "returned"
    assert node.events.first().reason == "请补充2025年发文数据。"
    told = Notification.objects.filter(
        recipient=w.unit_liaison, event_key__startswith="node_returned"
    )
    assert told.count() == 1 and "请补充" in told.get().body
    services.version_save_html(
        by=w.unit_liaison, node=node, html="<p>已补充。</p>", base_revision=1
    )
    services.node_sign_off(by=w.unit_head, node=fresh(node))
    services.node_accept(by=w.office_editor, node=fresh(node))
    assert fresh(node).state == "accepted"
    assert [e.action for e in fresh(node).events.order_by("at", "id")][-5:] == [
        "submit",
        "start_review",
        "return",
        "submit",
        "accept",
    ]


def test_credits_come_from_the_records(works_world):
    w = works_world
    services.version_save_html(
        by=w.office_editor, node=fresh(w.node_a), html="<p>编辑润色。</p>", base_revision=1
    )
    with pytest.raises(Forbidden):
        services.credits_generate(by=w.office_editor, work=w.yearbook)
    added = services.credits_generate(by=w.office_admin, work=w.yearbook)
    credits = {(c.role, c.name) for c in Credit.objects.filter(work=w.yearbook)}
    assert ("writer", str(w.unit_liaison)) in credits
    assert ("writer", str(w.liaison_b)) in credits
    assert ("editor", str(w.office_editor)) in credits
    assert ("reviewer", str(w.office_editor)) in credits
    assert added == len(credits)
    assert services.credits_generate(by=w.office_admin, work=w.yearbook) == 0
    services.credit_add(by=w.office_admin, work=w.yearbook, role="chief_editor", name="陈志远")
    with pytest.raises(ServiceError):
        services.credit_add(by=w.office_admin, work=w.yearbook, role="chief_editor", name="陈志远")
    credit = Credit.objects.get(role="chief_editor")
    services.credit_withdraw(by=w.office_admin, credit=credit)
    assert Credit.objects.filter(pk=credit.pk, withdrawn=True).exists()
