"""The annual returns journey in Debian's Chromium: the liaison fills the chronicle and
uploads a photo, the head signs off, the office returns the chronicle with a reason, the
liaison fixes it and the head signs off again, the office accepts and generates the
yearbook draft.

Labels are looked up in the Chinese catalogue, so the test reads the UI as it is shown.
"""

import io

import pytest
from playwright.sync_api import expect

from fangzhi.returns.models import DraftSource, Submission
from fangzhi.works.models import ManuscriptVersion

from ..returns.data import make_returns
from ..works.data import make_works
from .test_yearbook_journey import person, t  # noqa: F401  (fixture and label lookup)


def photo(path):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 40, 40)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


@pytest.mark.django_db(transaction=True)
def test_returns_from_the_unit_to_the_yearbook_draft(world, live_server, person, tmp_path):  # noqa: F811
    w = make_returns(make_works(world))
    chronicle = Submission.objects.get(pk=w.sub_a.pk)
    media = Submission.objects.get(campaign=w.campaign, unit=w.unit_a, category="media")

    # The liaison adds a chronicle entry and a photo.
    liaison = person("liaison_a")
    liaison.goto(f"{live_server.url}/returns/submissions/{chronicle.pk}/")
    liaison.get_by_label(t("Date")).fill("2025-06-18")
    liaison.get_by_label(t("Place")).fill("区行政中心")
    liaison.get_by_label(t("What happened")).fill("区委召开经济工作会议")
    liaison.get_by_role("button", name=t("Add the entry")).click()
    expect(liaison.locator("main")).to_contain_text("区委召开经济工作会议")
    liaison.goto(f"{live_server.url}/returns/submissions/{media.pk}/")
    liaison.get_by_label(t("Picture, audio or video")).set_input_files(photo(tmp_path / "会议.jpg"))
    liaison.get_by_label(t("Caption")).fill("经济工作会议现场")
    liaison.get_by_label(t("Author")).fill("刘晓梅")
    liaison.get_by_role("button", name=t("Add the entry")).click()
    expect(liaison.locator("main img").first).to_be_visible()

    # The head signs off both.
    head = person("head_a")
    for submission in (chronicle, media):
        head.goto(f"{live_server.url}/returns/submissions/{submission.pk}/")
        head.get_by_label(
            t("I confirm the statement above and sign off this return for our unit.")
        ).check()
        head.get_by_role("button", name=t("Sign off and submit")).click()
        expect(head.locator("main")).to_contain_text(
            t("Signed off and submitted: the office is reviewing it.")
        )

    # The office returns the chronicle with a reason and accepts the photo.
    office = person("admin")
    office.goto(f"{live_server.url}/returns/submissions/{chronicle.pk}/")
    office.get_by_label(t("Reasons")).fill("请写明会议全称。")
    office.get_by_role("button", name=t("Return with these reasons")).click()
    expect(office.locator("main")).to_contain_text("请写明会议全称。")
    office.goto(f"{live_server.url}/returns/submissions/{media.pk}/")
    office.get_by_role("button", name=t("Accept")).click()

    # The liaison sees the reason, fixes the entry; the head signs off again.
    liaison.goto(f"{live_server.url}/returns/submissions/{chronicle.pk}/")
    expect(liaison.locator("main")).to_contain_text("请写明会议全称。")
    row = (
        liaison.locator("main li, main tr, main article")
        .filter(has_text="区委召开经济工作会议")
        .first
    )
    row.get_by_role("link", name=t("Edit")).click()
    liaison.get_by_label(t("What happened")).fill("中共巴南区委召开2025年经济工作会议")
    liaison.get_by_role("button", name=t("Save the entry")).click()
    expect(liaison.locator("main")).to_contain_text("中共巴南区委召开2025年经济工作会议")
    head.goto(f"{live_server.url}/returns/submissions/{chronicle.pk}/")
    head.get_by_label(
        t("I confirm the statement above and sign off this return for our unit.")
    ).check()
    head.get_by_role("button", name=t("Sign off and submit")).click()
    assert Submission.objects.get(pk=chronicle.pk).versions.count() == 2

    # The office accepts and generates the yearbook draft.
    office.goto(f"{live_server.url}/returns/submissions/{chronicle.pk}/")
    office.get_by_role("button", name=t("Accept")).click()
    expect(office.locator("main")).to_contain_text(t("Accepted by the office."))
    office.goto(f"{live_server.url}/returns/{w.campaign.pk}/")
    office.get_by_role("button", name=t("Generate the yearbook draft")).click()
    office.wait_for_load_state()
    version = ManuscriptVersion.objects.filter(node=w.chronicle_node).order_by("-number").first()
    assert version is not None and "中共巴南区委召开2025年经济工作会议" in version.text
    assert DraftSource.objects.filter(version=version, entry__submission=chronicle).exists()
    office.goto(f"{live_server.url}/works/nodes/{w.chronicle_node.pk}/")
    expect(office.locator("main")).to_contain_text("6月18日")
