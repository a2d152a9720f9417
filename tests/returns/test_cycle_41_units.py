"""The whole annual returns cycle for 41 reporting units, through the services, on
whichever database the suite runs on (make test runs it on SQLite and PostgreSQL)."""

import datetime as dt

import pytest

from fangzhi.accounts.roles import Role
from fangzhi.org.models import SeatTerm, Unit
from fangzhi.returns import services as returns
from fangzhi.returns.models import DraftSource, Submission
from fangzhi.returns.package import verify_package
from fangzhi.works import services as works
from fangzhi.works.models import Work

from ..factories import SeatTermFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_41_units_report_and_the_yearbook_chronicle_is_drafted(world):
    admin = world.office_admin
    office = Unit.objects.create(
        committee=world.committee,
        name="地方志办公室",
        category="office",
        joined_on=dt.date(2023, 1, 1),
    )
    people = []
    for i in range(41):
        unit = UnitFactory(committee=world.committee, name=f"承报单位{i:02d}", sort_order=100 + i)
        head = UserFactory(role=Role.UNIT_HEAD, unit=unit)
        liaison = UserFactory(role=Role.UNIT_LIAISON, unit=unit)
        SeatTermFactory(unit=unit, seat=SeatTerm.Seat.HEAD, holder=head)
        SeatTermFactory(unit=unit, holder=liaison)
        people.append((unit, liaison, head))
    yearbook = works.work_create(
        by=admin, kind=Work.Kind.YEARBOOK, title="巴南年鉴（2025）", compiler=office, year=2025
    )
    chronicle = works.node_add(by=admin, work=yearbook, title="大事记")
    for unit, _liaison, _head in people:
        node = works.node_add(by=admin, work=yearbook, title=unit.name)
        works.node_assign(by=admin, node=node, unit=unit, deadline=dt.date(2026, 3, 1))
    campaign = returns.campaign_open(
        by=admin, year=2025, due_on=dt.date(2026, 2, 28), yearbook=yearbook
    )
    assert campaign.reporting_units.count() == 41
    returns.mapping_set(by=admin, campaign=campaign, category="chronicle", node=chronicle)

    dates = ["2025-01-15", "2025-03", "2025年秋", "2025", "2025-12-31"]
    for n, (unit, liaison, head) in enumerate(people):
        submission = Submission.objects.get(campaign=campaign, unit=unit, category="chronicle")
        for k, date in enumerate(dates):
            submission.refresh_from_db()
            returns.entry_save(
                by=liaison,
                submission=submission,
                data={"date": date, "text": f"{unit.name}第{k + 1}件大事。"},
                base_revision=submission.revision,
            )
        submission.refresh_from_db()
        returns.submission_sign_off(by=head, submission=submission)
        submission.refresh_from_db()
        if n % 10 == 0:  # some are returned once and resubmitted
            returns.submission_return(by=admin, submission=submission, reason="请补充地点。")
            submission.refresh_from_db()
            returns.submission_sign_off(by=head, submission=submission)
            submission.refresh_from_db()
            assert submission.versions.count() == 2
        returns.submission_accept(by=admin, submission=submission)

    statuses = Submission.objects.filter(campaign=campaign, category="chronicle")
    assert set(statuses.values_list("status", flat=True)) == {"accepted"}
    [version] = returns.draft_generate(by=admin, campaign=campaign)
    lines = [line for line in version.text.split("\n") if line.strip()]
    assert len(lines) == 41 * 5
    # Date order: every 1月15日 entry before every 3月 entry, then 秋, then 12月31日, 是年 last.
    heads = [line.split("\u3000")[0] for line in lines]
    assert (
        heads == ["1月15日"] * 41 + ["3月"] * 41 + ["秋"] * 41 + ["12月31日"] * 41 + ["是年"] * 41
    )
    # Within a date, units keep their order.
    assert lines[0].split("\u3000")[1].startswith("承报单位00")
    assert DraftSource.objects.filter(version=version).count() == 41 * 5
    for unit, _liaison, _head in people[:3]:
        assert verify_package(returns.package_bytes(campaign=campaign, unit=unit)) == []
