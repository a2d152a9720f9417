import pytest
from auditlog.models import LogEntry
from django.core.management import call_command

from fangzhi.accounts.models import User
from fangzhi.accounts.roles import Role
from fangzhi.org.demo import DEMO_UNIT, NAMED
from fangzhi.org.models import CommitteePost, SeatTerm, Unit


def counts():
    return (
        Unit.objects.count(),
        User.objects.count(),
        SeatTerm.objects.count(),
        CommitteePost.objects.count(),
        LogEntry.objects.count(),
    )


@pytest.mark.django_db
def test_demo_loads_banan_and_is_idempotent(capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert Unit.objects.active().exclude(category="office").count() == 41
    for name in [*NAMED, "鱼洞街道", "木洞镇", "石龙镇"]:
        assert Unit.objects.filter(name=name).exists(), name
    assert Unit.objects.filter(category="street").count() == 8
    assert Unit.objects.filter(category="town").count() == 14
    for role in Role.values:
        assert User.objects.filter(role=role).exists(), role
    for username in ("admin", "editor", "liaison", "head", "reviewer"):
        assert username in out
    # The demo liaison's unit has a second liaison to replace.
    office = Unit.objects.get(name=DEMO_UNIT)
    assert office.seat_terms.filter(seat="liaison", end_on__isnull=True).count() == 2
    assert User.objects.get(username="head").unit == office
    # Some vacancies, so the dashboard has something to show.
    assert Unit.objects.exclude(seat_terms__seat="head").exists()
    before = counts()
    call_command("demo")
    assert counts() == before
