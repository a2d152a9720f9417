"""Demo works: this year's yearbook in compilation, the district gazetteer's outline, a
town gazetteer in review and last year's yearbook published. Only for demonstrations;
everything goes through the services, so the demo fills the audit trail too."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fangzhi.accounts.models import User
from fangzhi.org import services as org_services
from fangzhi.org.models import Unit

from . import services
from .models import Work
from .pipelines import pipeline_for

OFFICE_UNIT = "巴南区地方志办公室"

YEARBOOK_OUTLINE = [
    ("特载", []),
    ("大事记", []),
    (
        "政治",
        [
            ("中共巴南区委", "区委办公室"),
            ("区人大常委会", "区人大常委会办公室"),
            ("区人民政府", "区政府办公室"),
            ("区政协", "区政协办公室"),
            ("纪检监察", "区纪委监委机关"),
        ],
    ),
    (
        "经济",
        [
            ("发展和改革", "区发展改革委"),
            ("财政", "区财政局"),
            ("统计", "区统计局"),
            ("农业农村", "区农业农村委"),
            ("商务", "区商务委"),
        ],
    ),
    (
        "社会",
        [("教育", "区教委"), ("卫生健康", "区卫生健康委"), ("人力资源和社会保障", "区人力社保局")],
    ),
    (
        "镇街",
        [
            ("鱼洞街道", "鱼洞街道"),
            ("龙洲湾街道", "龙洲湾街道"),
            ("木洞镇", "木洞镇"),
            ("界石镇", "界石镇"),
        ],
    ),
    ("附录", []),
]

DISTRICT_OUTLINE = [
    "总述",
    "大事记",
    "建置",
    "自然环境",
    "人口",
    "中共巴南地方组织",
    "经济综述",
    "农业",
    "工业",
    "文化",
    "人物",
    "附录",
]


def _office_unit(admin: User) -> Unit:
    unit = Unit.objects.filter(name=OFFICE_UNIT).first()
    if unit is None:
        unit = org_services.unit_add(
            by=admin,
            name=OFFICE_UNIT,
            category=Unit.Category.OFFICE,
            joined_on=dt.date(2023, 9, 1),
            document_number="巴南府办发〔2023〕51号",
            committee=org_services.committee_get(),
        )
    return unit


def load_works_demo(accounts: dict[str, User]) -> None:
    """Idempotent: does nothing if the demo yearbook exists."""
    admin = accounts["office_admin"]
    if Work.objects.filter(title__startswith="巴南年鉴").exists():
        return
    office = _office_unit(admin)
    today = timezone.localdate()
    this_year = today.year - 1  # the yearbook of a year is compiled the following year

    last = services.work_create(
        by=admin,
        kind=Work.Kind.YEARBOOK,
        title=f"巴南年鉴（{this_year - 1}）",
        compiler=office,
        year=this_year - 1,
    )
    for title, _children in YEARBOOK_OUTLINE:
        services.node_add(by=admin, work=last, title=title)
    services.work_submit_for_review(by=admin, work=last)
    services.review_step_record(
        by=admin,
        work=last,
        step=pipeline_for(last)[0].code,
        decision="pass",
        decided_on=today - dt.timedelta(days=120),
        document_number=f"巴南府〔{today.year}〕8号",
    )
    last.refresh_from_db()
    services.publication_record(
        by=admin,
        work=last,
        publisher="重庆出版社",
        published_on=today - dt.timedelta(days=90),
        print_run=1500,
        copies_deposited=30,
    )

    yearbook = services.work_create(
        by=admin,
        kind=Work.Kind.YEARBOOK,
        title=f"巴南年鉴（{this_year}）",
        compiler=office,
        year=this_year,
        planned_finish=today + dt.timedelta(days=150),
    )
    deadline = today + dt.timedelta(days=5)
    for title, children in YEARBOOK_OUTLINE:
        part = services.node_add(by=admin, work=yearbook, title=title)
        for i, (child, unit_name) in enumerate(children):
            node = services.node_add(
                by=admin, work=yearbook, parent=part, title=child, expected_length=3000
            )
            unit = Unit.objects.filter(name=unit_name).first()
            if unit is not None:
                due = deadline if i % 3 else today - dt.timedelta(days=3)
                services.node_assign(by=admin, node=node, unit=unit, deadline=due)

    liaison = accounts["unit_liaison"]
    own = yearbook.nodes.filter(unit=liaison.unit).first()
    if own is not None:
        services.version_save_html(
            by=liaison,
            node=own,
            base_revision=own.revision,
            html="<h2>中共巴南区委</h2><p>全年召开区委常委会会议42次，研究重大事项186项。</p>"
            "<p>区委办公室加强督查督办，办结率100%。</p>",
        )

    district = services.work_create(
        by=admin,
        kind=Work.Kind.DISTRICT,
        title="重庆市巴南区志（1994—2020）",
        compiler=office,
        upper_limit=1994,
        lower_limit=2020,
    )
    for title in DISTRICT_OUTLINE:
        services.node_add(by=admin, work=district, title=title)
    services.work_lower_limit_fix(by=admin, work=district)

    town_unit = Unit.objects.filter(name="木洞镇").first()
    if town_unit is not None:
        town = services.work_create(
            by=admin,
            kind=Work.Kind.TOWN,
            title="木洞镇志",
            compiler=town_unit,
            upper_limit=1949,
            lower_limit=2020,
        )
        for title in ("建置沿革", "自然环境", "经济", "社会", "人物"):
            services.node_add(by=admin, work=town, title=title)
        services.work_submit_for_review(by=admin, work=town)
