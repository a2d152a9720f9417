"""Annual returns data on top of ``make_works(world)``, made through the services.

After ``make_returns(world)`` the world also has:

- ``campaign``: the 2025 returns with the 2025 yearbook; reporting units unit_a and
  unit_b (the yearbook's contributing units); ``chronicle_node``: a 大事记 node of the
  yearbook that every unit's chronicle maps to;
- ``sub_a``: unit_a's chronicle return (draft) with ``entry_a1`` (2025-03-05) and
  ``entry_a2`` (2025-03, month only); ``sub_b``: unit_b's chronicle return with
  ``entry_b1`` (2025-03-10); ``people_a``: unit_a's people return with a living person in
  a list (``person_a``).
"""

import datetime as dt

from fangzhi.returns import services as returns
from fangzhi.returns.models import Submission
from fangzhi.works import services as works


def _add(world, submission, by, data):
    submission.refresh_from_db()
    entry, _warnings = returns.entry_save(
        by=by, submission=submission, data=data, base_revision=submission.revision
    )
    submission.refresh_from_db()
    return entry


def make_returns(world):
    admin = world.office_admin
    campaign = returns.campaign_open(
        by=admin,
        year=2025,
        due_on=dt.date(2026, 2, 28),
        yearbook=world.yearbook,
        instructions="请于2月底前报送。",
    )
    chronicle_node = works.node_add(by=admin, work=world.yearbook, title="大事记")
    returns.mapping_set(by=admin, campaign=campaign, category="chronicle", node=chronicle_node)
    sub_a = Submission.objects.get(campaign=campaign, unit=world.unit_a, category="chronicle")
    sub_b = Submission.objects.get(campaign=campaign, unit=world.unit_b, category="chronicle")
    people_a = Submission.objects.get(campaign=campaign, unit=world.unit_a, category="people")
    entry_a1 = _add(
        world, sub_a, world.unit_liaison, {"date": "2025-03-05", "text": "区委召开全会。"}
    )
    entry_a2 = _add(world, sub_a, world.unit_liaison, {"date": "2025-03", "text": "开展督查。"})
    entry_b1 = _add(
        world, sub_b, world.liaison_b, {"date": "2025-03-10", "text": "鱼洞街道举办灯会。"}
    )
    person_a = _add(
        world,
        people_a,
        world.unit_liaison,
        {"name": "王建国", "sex": "male", "born": "1968", "posts": "区委办公室主任"},
    )
    for name, value in dict(locals()).items():
        if name not in ("admin", "world", "name", "value"):
            setattr(world, name, value)
    return world
