"""A unit liaison signs in, finds its unit and replaces the other liaison (自行替补)."""

import pytest
from playwright.sync_api import expect

from fangzhi.accounts.models import User
from fangzhi.org.models import SeatTerm

from ..factories import PASSWORD


@pytest.mark.django_db(transaction=True)
def test_liaison_replaces_a_liaison(world, live_server, page, sign_in):
    sign_in("liaison_a", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.get_by_role("navigation").get_by_role("link", name="成员单位").click()
    # A liaison sees only its own unit.
    expect(page.get_by_role("link", name=world.unit_b.name)).to_have_count(0)
    page.get_by_role("link", name=world.unit_a.name).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(world.unit_a.name)

    leaver = world.liaison_a2
    current = page.locator("section", has=page.get_by_role("heading", name="现任人员"))
    row = current.get_by_role("row").filter(has_text=leaver.full_name)
    row.get_by_role("link", name="替换").or_(row.get_by_role("button", name="替换")).first.click()

    page.get_by_label("姓名").fill("周晓梅")
    page.get_by_label("用户名").fill("zhouxm")
    page.get_by_role("button", name="替换").click()

    # The new account's temporary password is shown once; then back to the unit.
    expect(page.get_by_role("heading", level=1)).to_have_text("账号已创建")
    expect(page.locator("code")).not_to_be_empty()
    page.get_by_role("link", name="返回单位").click()

    # The newcomer is current, the leaver is in the history.
    expect(page.get_by_text("周晓梅").first).to_be_visible()
    history = page.locator("section", has=page.get_by_role("heading", name="任职历史"))
    rows = history.get_by_role("row")
    expect(rows.filter(has_text="周晓梅")).to_contain_text(["现任"])
    expect(rows.filter(has_text="周晓梅")).to_contain_text([leaver.full_name])  # replaces
    expect(rows.filter(has_text=leaver.full_name).filter(has_not_text="周晓梅")).to_contain_text(
        ["已被接替"]
    )

    newcomer = User.objects.get(username="zhouxm")
    assert newcomer.unit == world.unit_a and newcomer.role == "unit_liaison"
    term = SeatTerm.objects.get(holder=newcomer, end_on__isnull=True)
    assert term.replaces_id == world.terms.liaison_a2.pk
    leaver.refresh_from_db()
    assert leaver.is_active is False
    old = SeatTerm.objects.get(pk=world.terms.liaison_a2.pk)
    assert old.end_on is not None
