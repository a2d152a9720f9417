"""Works data on top of the ``world`` fixture, made through the services.

After ``make_works(world)`` the world also has:

- ``office_unit``: the gazetteer office as a unit (category ``office``);
- ``yearbook``: 《巴南年鉴（2025）》 compiled by the office, with its outline:
  ``part`` (篇, unassigned) > ``node_a`` (assigned to unit_a, version ``version_a`` saved
  by unit_a's liaison, a comment ``comment_a`` by the editor) and ``node_b`` (assigned
  to unit_b, version ``version_b``); ``review_a``: the reviewer is asked to read node_a;
- ``district``: 《重庆市巴南区志（1986—2025）》, a district gazetteer, compiling;
- ``town_work``: 《鱼洞街道志》 compiled by unit_b (a unit-named work), with ``town_node``
  assigned to unit_b.
"""

import datetime as dt

from fangzhi.org.models import Unit
from fangzhi.works import services
from fangzhi.works.models import Work

DEADLINE = dt.date(2026, 3, 31)


def make_works(world):
    admin = world.office_admin
    office_unit = Unit.objects.create(
        committee=world.committee,
        name="巴南区地方志办公室",
        category=Unit.Category.OFFICE,
        joined_on=dt.date(2023, 1, 1),
    )
    yearbook = services.work_create(
        by=admin, kind=Work.Kind.YEARBOOK, title="巴南年鉴（2025）", compiler=office_unit, year=2025
    )
    part = services.node_add(by=admin, work=yearbook, title="综述")
    node_a = services.node_add(by=admin, work=yearbook, parent=part, title="区委办公室工作")
    node_b = services.node_add(by=admin, work=yearbook, parent=part, title="鱼洞街道概况")
    services.node_assign(by=admin, node=node_a, unit=world.unit_a, deadline=DEADLINE)
    services.node_assign(by=admin, node=node_b, unit=world.unit_b, deadline=DEADLINE)
    node_a.refresh_from_db()
    node_b.refresh_from_db()
    version_a = services.version_save_html(
        by=world.unit_liaison,
        node=node_a,
        html="<h2>区委办公室</h2><p>2025年，区委办公室围绕中心工作，服务大局。</p>",
        base_revision=node_a.revision,
    )
    version_b = services.version_save_html(
        by=world.liaison_b,
        node=node_b,
        html="<p>鱼洞街道位于巴南区中部，是区政府驻地。</p>",
        base_revision=node_b.revision,
    )
    review_a = services.reviewer_assign(by=admin, node=node_a, reviewer=world.reviewer)
    start = version_a.text.index("2025年")
    comment_a = services.comment_add(
        by=world.office_editor,
        version=version_a,
        body="请核实时间。",
        quote="2025年",
        start=start,
        end=start + 5,
    )
    district = services.work_create(
        by=admin,
        kind=Work.Kind.DISTRICT,
        title="重庆市巴南区志（1986—2025）",
        compiler=office_unit,
        upper_limit=1986,
        lower_limit=2025,
    )
    town_work = services.work_create(
        by=admin, kind=Work.Kind.TOWN, title="鱼洞街道志", compiler=world.unit_b
    )
    town_node = services.node_add(by=admin, work=town_work, title="建置沿革")
    services.node_assign(by=admin, node=town_node, unit=world.unit_b, deadline=DEADLINE)
    for name, value in locals().copy().items():
        if name not in ("admin", "world", "name", "value", "start"):
            setattr(world, name, value)
    for obj in (node_a, node_b, town_node):
        obj.refresh_from_db()
    return world
