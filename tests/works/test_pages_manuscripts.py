"""Manuscript pages through the Django test client: upload, editing, conflicts, images,
versions, comparison, comments, sign-off and the office's review of a node."""

import re
from urllib.parse import unquote

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.html import escape

from fangzhi.core.errors import ServiceError
from fangzhi.works import services
from fangzhi.works.models import Comment, ManuscriptVersion, NodeEvent, OutlineNode, SignOff
from fangzhi.works.services.messages import docx_error_message
from tests.a11y import assert_accessible

from .matrix_manuscripts import OTHER_UNIT_POSTS, docx_bytes, png_bytes

pytestmark = pytest.mark.django_db


def login(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


def node_url(node):
    return reverse("works:node_detail", args=[node.pk])


def fresh(node):
    return OutlineNode.objects.get(pk=node.pk)


def upload(client, node, data, name="稿件.docx", base=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    node = fresh(node)
    return client.post(
        reverse("works:manuscript_upload", args=[node.pk]),
        {
            "file": SimpleUploadedFile(name, data),
            "base_revision": node.revision if base is None else base,
        },
    )


def manuscript_part(html):
    """The formatted manuscript as the page renders it."""
    match = re.search(
        r'<div class="manuscript formatted"[^>]*>(.*?)</div>\s*<div class="manuscript plain"',
        html,
        re.S,
    )
    assert match, "no formatted manuscript on the page"
    return match.group(1)


# --- upload --------------------------------------------------------------------------------


def test_upload_real_docx_shows_text_table_and_image(works_world):
    w = works_world
    client = login(w.unit_liaison)
    before = w.node_a.versions.count()
    response = upload(
        client, w.node_a, docx_bytes(heading="工业经济", body="规模以上工业增加值增长6%。")
    )
    assert response.status_code == 302
    assert response.url.startswith(node_url(w.node_a))
    version = w.node_a.versions.order_by("-number").first()
    assert w.node_a.versions.count() == before + 1
    assert version.source == ManuscriptVersion.Source.UPLOAD
    assert version.source_name == "稿件.docx"
    assert "规模以上工业增加值增长6%。" in version.text

    page = client.get(node_url(w.node_a)).content.decode()
    text = manuscript_part(page)
    assert "工业经济" in text and "<table>" in text and "128" in text
    # The manuscript's own h1 sits under the page's headings: one h1 on the page.
    assert "<h1>工业经济</h1>" not in text and "工业经济</h3>" in text
    src = re.search(r'<img[^>]+src="([^"]+)"', text).group(1)
    assert src.startswith(f"/works/nodes/{w.node_a.pk}/images/")
    assert_accessible(page, url=node_url(w.node_a))

    image = client.get(src)
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert image["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in image["Content-Security-Policy"]
    assert image.content == png_bytes()
    # Another unit's liaison may not see the image, nor its node.
    assert login(w.liaison_b).get(src).status_code == 403
    assert login(w.office_editor).get(src).status_code == 200
    assert client.get(src[:-4] + "0000").status_code == 404


def test_original_file_and_word_export(works_world):
    w = works_world
    client = login(w.unit_liaison)
    data = docx_bytes()
    upload(client, w.node_a, data, name="..\\初稿（终）.docx")
    version = w.node_a.versions.order_by("-number").first()
    original = client.get(reverse("works:version_original", args=[version.pk]))
    assert original.status_code == 200
    assert original.content == data
    disposition = original["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''" in disposition
    assert unquote(disposition.split("''", 1)[1]) == "初稿（终）.docx"

    export = client.get(reverse("works:version_docx", args=[version.pk]))
    assert export.status_code == 200
    assert export.content[:2] == b"PK"
    name = unquote(export["Content-Disposition"].split("''", 1)[1])
    assert w.node_a.title in name and name.endswith(".docx")
    # An editor-made version has no original file.
    assert client.get(reverse("works:version_original", args=[w.version_a.pk])).status_code == 404


def test_text_file_named_docx_is_refused_and_nothing_stored(works_world):
    w = works_world
    client = login(w.unit_liaison)
    before = ManuscriptVersion.objects.count()
    response = upload(client, w.node_a, "这不是Word文件。".encode(), name="伪装.docx")
    assert response.status_code == 200
    message = docx_error_message(type("E", (), {"code": "not_docx"})())
    assert escape(message) in response.content.decode()
    assert ManuscriptVersion.objects.count() == before


@override_settings(MAX_UPLOAD_BYTES=1024)
def test_oversized_upload_is_refused_by_the_form(works_world):
    w = works_world
    before = ManuscriptVersion.objects.count()
    response = upload(login(w.unit_liaison), w.node_a, docx_bytes())
    assert response.status_code == 200
    assert response.context["upload_form"].errors["file"]
    assert ManuscriptVersion.objects.count() == before


def test_upload_with_a_stale_revision_is_a_conflict(works_world):
    w = works_world
    client = login(w.unit_liaison)
    stale = fresh(w.node_a).revision
    services.version_save_html(
        by=w.liaison_a2, node=fresh(w.node_a), html="<p>联络员二的稿子。</p>", base_revision=stale
    )
    response = upload(client, w.node_a, docx_bytes(), base=stale)
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["conflict"] is True
    latest = w.node_a.versions.order_by("-number").first()
    assert latest.text == "联络员二的稿子。"
    assert reverse("works:version_detail", args=[latest.pk]) in page


# --- the editor ----------------------------------------------------------------------------


def test_edit_in_the_browser_makes_a_new_version(works_world):
    w = works_world
    client = login(w.unit_liaison)
    page = client.get(reverse("works:manuscript_edit", args=[w.node_a.pk]))
    assert page.status_code == 200
    assert_accessible(page.content.decode(), url="edit")
    base = page.context["form"].initial["base_revision"]
    response = client.post(
        reverse("works:manuscript_edit", args=[w.node_a.pk]),
        {"html": "<h2>概况</h2><p>新写的一段。</p>", "note": "补充概况", "base_revision": base},
    )
    assert response.status_code == 302
    latest = w.node_a.versions.order_by("-number").first()
    assert latest.text == "概况\n新写的一段。" and latest.note == "补充概况"
    assert latest.author == w.unit_liaison and latest.source == "editor"


def test_concurrent_edit_is_refused_and_loses_nothing(works_world):
    w = works_world
    mine, theirs = login(w.unit_liaison), login(w.liaison_a2)
    url = reverse("works:manuscript_edit", args=[w.node_a.pk])
    base = mine.get(url).context["form"].initial["base_revision"]
    assert theirs.get(url).context["form"].initial["base_revision"] == base
    theirs.post(url, {"html": "<p>他们的修改。</p>", "base_revision": base})
    count = w.node_a.versions.count()

    response = mine.post(url, {"html": "<p>我的修改，不能丢。</p>", "base_revision": base})
    assert response.status_code == 200
    assert response.context["conflict"] is True
    assert w.node_a.versions.count() == count  # nothing saved over theirs
    latest = w.node_a.versions.order_by("-number").first()
    assert latest.text == "他们的修改。" and latest.author == w.liaison_a2
    page = response.content.decode()
    assert escape("<p>我的修改，不能丢。</p>") in page  # my text is still in the form
    assert_accessible(page, url="conflict")
    assert reverse("works:version_detail", args=[latest.pk]) in page
    # Saving again, having been told, makes mine the next version after theirs.
    new_base = response.context["form"].data["base_revision"]
    assert int(new_base) == fresh(w.node_a).revision
    again = mine.post(url, {"html": "<p>我的修改，不能丢。</p>", "base_revision": new_base})
    assert again.status_code == 302
    versions = list(w.node_a.versions.order_by("-number")[:2])
    assert [v.text for v in versions] == ["我的修改，不能丢。", "他们的修改。"]


def test_script_in_editor_html_never_reaches_a_page(works_world):
    w = works_world
    client = login(w.unit_liaison)
    evil = (
        '<p>正文<script>alert("x1")</script></p><img src="x" onerror="alert(\'x2\')">'
        "<p onclick=\"alert('x3')\"><a href=\"javascript:alert('x4')\">链接</a></p>"
    )
    client.post(
        reverse("works:manuscript_edit", args=[w.node_a.pk]),
        {"html": evil, "base_revision": fresh(w.node_a).revision},
    )
    latest = w.node_a.versions.order_by("-number").first()
    assert latest.text.startswith("正文")
    for url in (node_url(w.node_a), reverse("works:version_detail", args=[latest.pk])):
        page = login(w.office_editor).get(url).content.decode()
        assert "正文" in page
        for bad in ("alert(", "onerror", "onclick", "javascript:"):
            assert bad not in page, (url, bad)


def test_reviewer_and_other_units_may_not_edit(works_world):
    w = works_world
    url = reverse("works:manuscript_edit", args=[w.node_a.pk])
    assert login(w.reviewer).post(url, {"html": "<p>x</p>", "base_revision": 0}).status_code == 403
    assert login(w.liaison_b).get(url).status_code == 403
    before = ManuscriptVersion.objects.count()
    assert upload(login(w.liaison_b), w.node_a, docx_bytes()).status_code == 403
    assert ManuscriptVersion.objects.count() == before


# --- versions and comparison ---------------------------------------------------------------


def test_compare_two_versions_side_by_side(works_world):
    w = works_world
    node = fresh(w.node_a)
    services.version_save_html(
        by=w.unit_liaison,
        node=node,
        html="<h2>区委办公室</h2><p>2025年，区委办公室围绕中心工作，服务全局。</p><p>新增一段。</p>",
        base_revision=node.revision,
    )
    client = login(w.unit_head)
    response = client.get(reverse("works:manuscript_compare", args=[w.node_a.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<del>大</del>" in page and "<ins>全</ins>" in page
    assert "<ins>新增一段。</ins>" in page
    assert response.context["stats"] == {"inserted": 7, "deleted": 1}  # 全, 新增一段。 and ¶
    assert response.context["changed_rows"] == 2
    assert page.count('class="changed"') == 2
    assert_accessible(page, url="compare")
    # Explicit choice, reversed.
    latest = w.node_a.versions.order_by("-number").first()
    reverse_page = client.get(
        reverse("works:manuscript_compare", args=[w.node_a.pk]),
        {"old": latest.pk, "new": w.version_a.pk},
    )
    assert "<del>新增一段。</del>" in reverse_page.content.decode()
    # Another node's version is not a choice.
    bad = client.get(
        reverse("works:manuscript_compare", args=[w.node_a.pk]),
        {"old": w.version_a.pk, "new": w.version_b.pk},
    )
    assert bad.status_code == 200 and bad.context["form"].errors and "rows" not in bad.context


def test_version_page_shows_the_version(works_world):
    w = works_world
    response = login(w.reviewer).get(reverse("works:version_detail", args=[w.version_a.pk]))
    page = response.content.decode()
    assert "2025年，区委办公室围绕中心工作，服务大局。" in page
    assert "请核实时间。" in page
    assert_accessible(page, url="version")


# --- node page -----------------------------------------------------------------------------


def test_node_page_shows_facts_versions_and_plain_text_offsets(works_world):
    w = works_world
    response = login(w.unit_liaison).get(node_url(w.node_a))
    page = response.content.decode()
    assert w.node_a.title in page and w.yearbook.title in page and w.unit_a.name in page
    assert "2026-03-31" in page
    paragraphs = response.context["paragraphs"]
    plain = re.findall(r'<p data-offset="(\d+)">(.*?)</p>', page)
    texts = [re.sub(r"<[^>]+>", "", html) for _, html in plain]
    assert "\n".join(texts) == w.version_a.text
    assert [int(o) for o, _ in plain] == [p["offset"] for p in paragraphs] == [0, 6]
    # The open comment's passage is marked.
    assert f'<mark class="passage" data-comments="comment-{w.comment_a.pk}">2025年</mark>' in page
    assert_accessible(page, url=node_url(w.node_a))


def test_comment_on_a_passage_and_resolve_keeps_it(works_world):
    w = works_world
    editor = login(w.office_editor)
    text = w.version_a.text
    start = text.index("围绕中心工作")
    end = start + len("围绕中心工作")
    response = editor.post(
        reverse("works:comment_add", args=[w.node_a.pk]),
        {
            "version": w.version_a.pk,
            "quote": "围绕中心工作",
            "start": start,
            "end": end,
            "body": "表述可更具体。",
        },
    )
    assert response.status_code == 302
    comment = Comment.objects.get(body="表述可更具体。")
    assert (comment.start, comment.end, comment.quote) == (start, end, "围绕中心工作")
    page = editor.get(node_url(w.node_a)).content.decode()
    assert f'data-comments="comment-{comment.pk}">围绕中心工作</mark>' in page

    # A passage that does not match the text is refused with the service's message.
    bad = editor.post(
        reverse("works:comment_add", args=[w.node_a.pk]),
        {"version": w.version_a.pk, "quote": "不存在", "start": 0, "end": 3, "body": "x"},
    )
    assert bad.status_code == 200 and bad.context["comment_form"].errors
    # Without a passage (no JavaScript): a plain comment.
    editor.post(
        reverse("works:comment_add", args=[w.node_a.pk]),
        {"version": w.version_a.pk, "body": "整体不错。"},
    )
    assert Comment.objects.get(body="整体不错。").start is None

    # The unit resolves it with a note; it stays, greyed, with who and when.
    liaison = login(w.unit_liaison)
    resolved = liaison.post(
        reverse("works:comment_resolve", args=[comment.pk]), {"resolution": "已改写。"}
    )
    assert resolved.status_code == 302
    comment.refresh_from_db()
    assert comment.is_resolved and comment.resolved_by == w.unit_liaison
    page = liaison.get(node_url(w.node_a)).content.decode()
    item = page[page.index(f'id="comment-{comment.pk}"') - 40 :]
    assert "comment-resolved" in item[:80] and "表述可更具体。" in item and "已改写。" in item
    assert w.unit_liaison.full_name in item[: item.index("</li>")]
    assert f'data-comments="comment-{comment.pk}"' not in page  # no longer marked
    # Another unit may not resolve or comment.
    assert (
        login(w.liaison_b).post(reverse("works:comment_resolve", args=[w.comment_a.pk])).status_code
        == 403
    )
    assert (
        login(w.unit_liaison)
        .post(
            reverse("works:comment_add", args=[w.node_a.pk]),
            {"version": w.version_a.pk, "body": "x"},
        )
        .status_code
        == 403
    )


def test_sign_off_by_the_head_only(works_world):
    w = works_world
    url = reverse("works:node_sign_off", args=[w.node_a.pk])
    data = {"version": w.version_a.pk, "statement": services.default_statement(), "confirm": "on"}
    assert login(w.unit_liaison).post(url, data).status_code == 403
    assert login(w.office_admin).post(url, data).status_code == 403
    assert login(w.head_b).post(url, data).status_code == 403
    assert not SignOff.objects.exists()

    head = login(w.unit_head)
    page = head.get(node_url(w.node_a)).content.decode()
    assert escape(services.default_statement()) in page and 'name="confirm"' in page
    assert_accessible(page, url="head's node page")
    assert 'name="confirm"' not in login(w.unit_liaison).get(node_url(w.node_a)).content.decode()
    unconfirmed = head.post(url, {**data, "confirm": ""})
    assert (
        unconfirmed.status_code == 200 and "confirm" in unconfirmed.context["signoff_form"].errors
    )
    response = head.post(url, {**data, "statement": "本单位对所报送资料负责。"})
    assert response.status_code == 302
    signoff = SignOff.objects.get()
    assert signoff.signed_by == w.unit_head and signoff.statement == "本单位对所报送资料负责。"
    assert fresh(w.node_a).state == OutlineNode.State.SUBMITTED
    page = head.get(node_url(w.node_a)).content.decode()
    assert "本单位对所报送资料负责。" in page
    # Submitted: the unit can no longer save, and the head cannot sign twice.
    assert head.post(url, data).status_code == 200
    assert SignOff.objects.count() == 1


def test_office_returns_with_reasons_the_unit_reads(works_world):
    w = works_world
    services.node_sign_off(by=w.unit_head, node=fresh(w.node_a))
    office = login(w.office_editor)
    page = office.get(node_url(w.node_a)).content.decode()
    assert reverse("works:node_review_start", args=[w.node_a.pk]) in page
    assert_accessible(page, url="office's node page")
    assert office.post(reverse("works:node_review_start", args=[w.node_a.pk])).status_code == 302
    assert fresh(w.node_a).state == OutlineNode.State.IN_REVIEW
    # Reasons are required.
    empty = office.post(reverse("works:node_return", args=[w.node_a.pk]), {"reason": ""})
    assert empty.status_code == 200 and empty.context["return_form"].errors
    assert fresh(w.node_a).state == OutlineNode.State.IN_REVIEW
    office.post(
        reverse("works:node_return", args=[w.node_a.pk]),
        {"reason": "数据缺少来源，请注明统计口径。"},
    )
    assert fresh(w.node_a).state == OutlineNode.State.RETURNED
    assert NodeEvent.objects.filter(node=w.node_a, action="return").exists()
    unit_page = login(w.unit_liaison).get(node_url(w.node_a)).content.decode()
    box = unit_page[unit_page.index('class="returned panel"') :]
    assert "数据缺少来源，请注明统计口径。" in box[: box.index("</section>")]
    # The unit may write again; liaison may not take office actions.
    assert (
        login(w.unit_liaison).post(reverse("works:node_accept", args=[w.node_a.pk])).status_code
        == 403
    )
    # The same version cannot be signed off again: the unit revises first.
    resign = login(w.unit_head).post(
        reverse("works:node_sign_off", args=[w.node_a.pk]),
        {"version": w.version_a.pk, "statement": "x", "confirm": "on"},
    )
    assert resign.status_code == 200 and resign.context["signoff_form"].errors
    node = fresh(w.node_a)
    services.version_save_html(
        by=w.unit_liaison, node=node, html="<p>已注明统计口径。</p>", base_revision=node.revision
    )
    services.node_sign_off(by=w.unit_head, node=fresh(w.node_a))
    assert office.post(reverse("works:node_accept", args=[w.node_a.pk])).status_code == 302
    assert fresh(w.node_a).state == OutlineNode.State.ACCEPTED
    # Accepting twice is refused with a message, not an error page.
    again = office.post(reverse("works:node_accept", args=[w.node_a.pk]), follow=True)
    assert again.status_code == 200 and list(again.context["messages"])


def test_other_units_posts_are_refused(works_world):
    w = works_world
    for role_user in (w.unit_liaison, w.unit_head):
        client = login(role_user)
        for name, kwargs in OTHER_UNIT_POSTS.items():
            url = reverse(name, kwargs=kwargs(w))
            assert client.post(url, {}).status_code == 403, (name, role_user)
            assert client.get(url).status_code in (403, 405), name


def test_forged_csrf_is_refused(works_world):
    w = works_world
    client = login(w.unit_liaison, enforce_csrf_checks=True)
    before = ManuscriptVersion.objects.count()
    response = client.post(
        reverse("works:manuscript_edit", args=[w.node_a.pk]),
        {
            "html": "<p>伪造</p>",
            "base_revision": fresh(w.node_a).revision,
            "csrfmiddlewaretoken": "forged",
        },
    )
    assert response.status_code == 403
    assert ManuscriptVersion.objects.count() == before


def test_missing_service_rules_show_as_errors_not_crashes(works_world):
    """An empty manuscript is refused by the service; the form says so."""
    w = works_world
    response = login(w.unit_liaison).post(
        reverse("works:manuscript_edit", args=[w.node_a.pk]),
        {"html": "<script>x</script>", "base_revision": fresh(w.node_a).revision},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    with pytest.raises(ServiceError):
        services.version_save_html(
            by=w.unit_liaison, node=fresh(w.node_a), html="", base_revision=fresh(w.node_a).revision
        )
