"""Demo annual returns: this year's campaign with the yearbook's contributing units, a
unit's chronicle in draft, another's accepted and mapped to the yearbook's 大事记.
Only for demonstrations; everything goes through the services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fangzhi.accounts.models import User
from fangzhi.org.models import SeatTerm
from fangzhi.works.models import OutlineNode, Work

from . import services
from .models import Campaign, Submission


def _add(by: User, submission: Submission, data: dict) -> None:
    submission.refresh_from_db()
    services.entry_save(by=by, submission=submission, data=data, base_revision=submission.revision)


def load_returns_demo(accounts: dict[str, User]) -> None:
    """Idempotent: does nothing if a campaign exists."""
    if Campaign.objects.exists():
        return
    admin = accounts["office_admin"]
    yearbook = Work.objects.filter(kind=Work.Kind.YEARBOOK, status=Work.Status.COMPILING).first()
    if yearbook is None:
        return
    today = timezone.localdate()
    campaign = services.campaign_open(
        by=admin,
        year=yearbook.year,
        yearbook=yearbook,
        due_on=today + dt.timedelta(days=30),
        instructions="请各承报单位按七类资料如实填报，一把手签发后报送区地方志办公室。",
    )
    node = OutlineNode.objects.filter(work=yearbook, title="大事记").first()
    if node is not None:
        services.mapping_set(by=admin, campaign=campaign, category="chronicle", node=node)
    liaison = accounts["unit_liaison"]
    mine = Submission.objects.filter(
        campaign=campaign, unit=liaison.unit, category="chronicle"
    ).first()
    year = campaign.year
    if mine is not None:
        _add(liaison, mine, {"date": f"{year}-01-20", "text": "区委召开全会，部署全年工作。"})
        _add(liaison, mine, {"date": f"{year}-03", "text": "开展作风建设专项督查。"})
    other = (
        Submission.objects.filter(campaign=campaign, category="chronicle")
        .exclude(unit=liaison.unit)
        .select_related("unit")
        .first()
    )
    if other is not None:
        term = SeatTerm.objects.current().filter(unit=other.unit, seat="liaison").first()
        head = SeatTerm.objects.current().filter(unit=other.unit, seat="head").first()
        if term and head:
            _add(
                term.holder,
                other,
                {"date": f"{year}-02-14", "text": f"{other.unit.name}举办元宵灯会。"},
            )
            _add(term.holder, other, {"date": f"{year}年秋", "text": "秋季征兵工作顺利完成。"})
            other.refresh_from_db()
            services.submission_sign_off(by=head.holder, submission=other)
            other.refresh_from_db()
            services.submission_accept(by=admin, submission=other)
