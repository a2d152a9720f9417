"""Demo data: Banan District's compilation committee and its 41 member units.

Only for demonstrations and tests: the people are invented. Everything goes through the
services, so the demo also exercises the rules and fills the audit trail.
"""

from __future__ import annotations

import datetime as dt

from fangzhi.accounts.models import User
from fangzhi.accounts.roles import Role
from fangzhi.accounts.services import person_create

from . import services
from .models import Committee, SeatTerm, Unit

DEMO_PASSWORD = "Banan-demo-2026"
JOINED = dt.date(2023, 9, 1)
DECISION = "巴南府办发〔2023〕51号"

# The five units the source document names, then the 8 streets, 14 towns and departments.
NAMED = ["区纪委监委机关", "区委办公室", "区人大常委会办公室", "区政府办公室", "区政协办公室"]
NAMED_CATEGORY = ["party", "party", "congress", "government", "cppcc"]
STREETS = ["龙洲湾", "鱼洞", "南泉", "花溪", "李家沱", "一品", "南彭", "惠民"]
TOWNS = [
    "界石",
    "安澜",
    "跳石",
    "木洞",
    "双河口",
    "麻柳嘴",
    "丰盛",
    "二圣",
    "东温泉",
    "姜家",
    "天星寺",
    "接龙",
    "石滩",
    "石龙",
]
DEPARTMENTS = [
    "区发展改革委",
    "区教委",
    "区公安分局",
    "区财政局",
    "区人力社保局",
    "区规划自然资源局",
    "区住房城乡建委",
    "区交通局",
    "区农业农村委",
    "区商务委",
    "区文化旅游委",
    "区卫生健康委",
    "区统计局",
    "区档案馆",
]

SURNAMES = (
    "王李张刘陈杨黄赵周吴徐孙马胡朱郭何罗高林郑梁谢唐许冯宋韩邓彭曹曾田萧潘袁蔡蒋余于"
    "杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙"
)
GIVEN = [
    "建国",
    "晓梅",
    "志刚",
    "丽娟",
    "国平",
    "红英",
    "海燕",
    "德明",
    "文静",
    "永红",
    "春华",
    "立新",
    "秀兰",
    "明辉",
    "小军",
    "玉芳",
    "家兴",
    "雪梅",
    "正清",
    "天佑",
    "少华",
    "宏伟",
    "嘉怡",
    "思远",
]

# Demo units without a head or a liaison, so the dashboard has vacancies to show.
NO_HEAD = {"区统计局"}
NO_LIAISON = {"石龙镇"}
# The unit of the demo liaison and head accounts.
DEMO_UNIT = "区委办公室"


def all_units() -> list[tuple[str, str]]:
    units = list(zip(NAMED, NAMED_CATEGORY, strict=True))
    units += [(f"{s}街道", "street") for s in STREETS]
    units += [(f"{t}镇", "town") for t in TOWNS]
    units += [(d, "department") for d in DEPARTMENTS]
    return units


def person_name(i: int) -> str:
    return SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)]


def ensure_person(
    by: User | None, username: str, full_name: str, role: str, unit: Unit | None
) -> User:
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    if by is None:  # the first office admin bootstraps everything else
        user = User(username=username, full_name=full_name, role=role, unit=unit)
        user.set_password(DEMO_PASSWORD)
        user.save()
        return user
    user, _ = person_create(
        by=by, username=username, full_name=full_name, role=role, unit=unit, password=DEMO_PASSWORD
    )
    return user


def load_demo() -> dict[str, User]:
    """Create the demo committee, units, seats and one account per role; idempotent."""
    admin = ensure_person(None, "admin", "陈志远", Role.OFFICE_ADMIN, None)
    committee = Committee.objects.order_by("pk").first()
    if committee is None:
        committee = Committee.objects.create(
            name="重庆市巴南区地方志编纂委员会",
            district="重庆市巴南区",
            office_name="巴南区地方志编纂委员会办公室（设在区地方志办公室）",
            established_on=JOINED,
            document_number=DECISION,
        )
        services.committee_post_assign(
            by=admin,
            committee=committee,
            post="chair",
            person_name="区长",
            position="区人民政府区长",
            start_on=JOINED,
            document_number=DECISION,
        )
        services.committee_post_assign(
            by=admin,
            committee=committee,
            post="vice_chair",
            person_name="分管副区长",
            position="区人民政府副区长",
            start_on=JOINED,
            document_number=DECISION,
        )
        services.committee_post_assign(
            by=admin,
            committee=committee,
            post="office_director",
            person_name="区地方志办公室主任",
            position="区地方志办公室主任",
            start_on=JOINED,
            document_number=DECISION,
        )
    for i, (name, category) in enumerate(all_units()):
        unit = Unit.objects.filter(name=name).first()
        if unit is None:
            unit = services.unit_add(
                by=admin,
                name=name,
                category=category,
                joined_on=JOINED,
                document_number=DECISION,
                committee=committee,
            )
        if unit.seat_terms.exists():
            continue
        if name not in NO_HEAD:
            username = "head" if name == DEMO_UNIT else f"head{i + 1:02d}"
            head = ensure_person(admin, username, person_name(2 * i), Role.UNIT_HEAD, unit)
            services.seat_appoint(
                by=admin, unit=unit, seat=SeatTerm.Seat.HEAD, holder=head, start_on=JOINED
            )
        if name not in NO_LIAISON:
            liaison = ensure_person(
                admin, f"liaison{i + 1:02d}", person_name(2 * i + 1), Role.UNIT_LIAISON, unit
            )
            services.seat_appoint(
                by=admin, unit=unit, seat=SeatTerm.Seat.LIAISON, holder=liaison, start_on=JOINED
            )

    office = Unit.objects.get(name=DEMO_UNIT)
    accounts = {
        "office_admin": admin,
        "office_editor": ensure_person(admin, "editor", "林文静", Role.OFFICE_EDITOR, None),
        "unit_liaison": ensure_person(admin, "liaison", "刘晓梅", Role.UNIT_LIAISON, office),
        "unit_head": User.objects.get(username="head"),
        "reviewer": ensure_person(admin, "reviewer", "秦思远", Role.REVIEWER, None),
    }
    # The demo liaison's unit has a second liaison, for the replacement walk-through.
    if not office.seat_terms.filter(holder=accounts["unit_liaison"]).exists():
        services.seat_appoint(
            by=admin,
            unit=office,
            seat=SeatTerm.Seat.LIAISON,
            holder=accounts["unit_liaison"],
            start_on=JOINED,
        )
    return accounts
