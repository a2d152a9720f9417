"""The compilation journey in Debian's Chromium, one person per browser context:

the office opens a yearbook and its outline and assigns a node; the unit's liaison
uploads a Word file; the editor comments on a passage; the unit head signs off; the office
records the district government's approval and the publication.

Labels are looked up in the Chinese catalogue, so the test reads the UI as it is shown.
"""

import datetime as dt
import io

import docx
import pytest
from django.utils import translation
from playwright.sync_api import expect

from fangzhi.org.models import Unit
from fangzhi.works.models import Comment, OutlineNode, SignOff, Work

from ..factories import PASSWORD
from .conftest import CHROMIUM_FLAGS  # noqa: F401  (the browser fixture launches with them)


def t(msgid):
    with translation.override("zh-hans"):
        return translation.gettext(msgid)


def word_file():
    document = docx.Document()
    document.add_heading("中共巴南区委", level=1)
    document.add_paragraph("全年召开区委常委会会议42次，研究重大事项186项。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "项目", "数量"
    table.cell(1, 0).text, table.cell(1, 1).text = "发文", "120件"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def person(browser, live_server):
    """``person(username)``: a signed-in page of its own browser context."""
    contexts = []

    def sign_in(username):
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state()
        return page

    yield sign_in
    for context in contexts:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_a_yearbook_from_outline_to_publication(world, live_server, person, tmp_path):
    Unit.objects.create(
        committee=world.committee,
        name="巴南区地方志办公室",
        category="office",
        joined_on="2023-01-01",
    )
    today = dt.date.today()

    # The office opens the yearbook.
    office = person("admin")
    office.goto(f"{live_server.url}/works/")
    office.get_by_role("link", name=t("Open a work")).click()
    office.get_by_label(t("Kind")).select_option("yearbook")
    office.get_by_label(t("Title")).fill("巴南年鉴（2026）")
    office.get_by_label(t("Compiling unit")).select_option(label="巴南区地方志办公室")
    office.get_by_label(t("Yearbook year")).fill("2026")
    office.get_by_role("button", name=t("Save")).click()
    expect(office.get_by_role("heading", level=1)).to_contain_text("巴南年鉴（2026）")
    work = Work.objects.get(title="巴南年鉴（2026）")

    # Its outline: a part and a chapter under it, assigned to the liaison's unit.
    office.get_by_role("link", name=t("Outline"), exact=True).first.click()
    office.get_by_role("link", name=t("Add a top-level node")).click()
    office.get_by_label(t("Title")).fill("政治")
    office.get_by_role("button", name=t("Save")).click()
    office.get_by_role("link", name=f"{t('Add under')}：政治").click()
    office.get_by_label(t("Title")).fill("中共巴南区委")
    office.get_by_role("button", name=t("Save")).click()
    expect(office.locator("table.outline-tree")).to_contain_text("中共巴南区委")
    office.get_by_role("link", name=f"{t('Assign')}：中共巴南区委").click()
    office.get_by_label(t("Assigned unit")).select_option(label=world.unit_a.name)
    office.get_by_label(t("Deadline")).fill((today + dt.timedelta(days=20)).isoformat())
    office.get_by_role("button", name=t("Save")).click()
    node = OutlineNode.objects.get(work=work, title="中共巴南区委")
    assert node.unit == world.unit_a and node.state == "assigned"

    # The liaison finds the assignment on the dashboard and uploads a Word file.
    liaison = person("liaison_a")
    liaison.get_by_role("link", name="中共巴南区委").first.click()
    path = tmp_path / "区委.docx"
    path.write_bytes(word_file())
    liaison.get_by_label(t("Word file (.docx)")).set_input_files(str(path))
    liaison.get_by_role("button", name=t("Upload as the next version")).click()
    expect(liaison.locator("main")).to_contain_text("研究重大事项186项")
    assert node.versions.count() == 1

    # The editor selects a passage in the plain text and comments on it.
    editor = person("editor")
    editor.goto(f"{live_server.url}/works/nodes/{node.pk}/")
    editor.get_by_role("button", name=t("Plain text for comments")).click()
    paragraph = editor.locator("[data-plain-text] p", has_text="42次").first
    paragraph.evaluate(
        """p => {
            const text = p.firstChild;
            const start = text.textContent.indexOf("42次");
            const range = document.createRange();
            range.setStart(text, start);
            range.setEnd(text, start + 3);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            p.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
        }"""
    )
    expect(editor.get_by_label(t("Passage"))).to_have_value("42次")
    editor.get_by_role("textbox", name=t("Comment"), exact=True).fill("请核实会议次数。")
    editor.get_by_role("button", name=t("Add the comment")).click()
    expect(editor.locator("main")).to_contain_text("请核实会议次数。")
    comment = Comment.objects.get(body="请核实会议次数。")
    version = node.versions.get()
    assert comment.quote == "42次" and version.text[comment.start : comment.end] == "42次"

    # The unit head signs off: the unit answers for what it submits.
    head = person("head_a")
    head.goto(f"{live_server.url}/works/nodes/{node.pk}/")
    head.get_by_label(
        t("I confirm the statement above and sign off this version for our unit.")
    ).check()
    head.get_by_role("button", name=t("Sign off and submit")).click()
    expect(head.locator("main")).to_contain_text(t("Submitted"))
    assert SignOff.objects.get(node=node).signed_by == world.unit_head

    # The office sends the yearbook for review and records the district's approval.
    office.goto(f"{live_server.url}/works/{work.pk}/review/")
    office.get_by_role("button", name=t("Submit for review")).click()
    office.get_by_label(t("Passed")).check()
    office.get_by_label(t("Document number (文号)")).fill("巴南府〔2026〕30号")
    office.get_by_label(t("Decided on")).fill(today.isoformat())
    office.get_by_role("button", name=t("Record the decision")).click()
    work.refresh_from_db()
    assert work.status == "approved"
    expect(office.locator("main")).to_contain_text("巴南府〔2026〕30号")

    # Publication.
    office.goto(f"{live_server.url}/works/{work.pk}/publication/")
    office.get_by_label(t("Publisher")).fill("重庆出版社")
    office.get_by_label(t("ISBN")).fill("978-7-229-00000-4")
    office.get_by_label(t("Publication date")).fill(today.isoformat())
    office.get_by_role("button", name=t("Record the publication")).click()
    expect(office.locator("main")).to_contain_text("重庆出版社")
    work.refresh_from_db()
    assert work.status == "published" and work.publication.isbn == "9787229000004"
