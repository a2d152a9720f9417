import pytest
from django.core.management import call_command

from fangzhi.works.models import OutlineNode, Work


@pytest.mark.django_db
def test_demo_has_works_in_every_stage_and_is_idempotent():
    call_command("demo")
    yearbooks = Work.objects.filter(kind="yearbook").order_by("year")
    assert [w.status for w in yearbooks] == ["published", "compiling"]
    current = yearbooks.last()
    nodes = OutlineNode.objects.filter(work=current)
    assert nodes.filter(depth=1).count() == 7 and nodes.filter(unit__isnull=False).count() >= 15
    assert nodes.filter(versions__isnull=False).exists()
    district = Work.objects.get(kind="district")
    assert district.lower_limit_fixed
    assert Work.objects.get(kind="town").status == "in_review"
    before = (Work.objects.count(), OutlineNode.objects.count())
    call_command("demo")
    assert (Work.objects.count(), OutlineNode.objects.count()) == before


@pytest.mark.django_db
def test_demo_has_an_annual_returns_campaign():
    from fangzhi.returns.models import Campaign, Submission

    call_command("demo")
    campaign = Campaign.objects.get()
    assert campaign.yearbook.kind == "yearbook" and campaign.reporting_units.count() >= 15
    statuses = set(Submission.objects.filter(campaign=campaign).values_list("status", flat=True))
    assert {"draft", "accepted", "not_started"} <= statuses
    assert campaign.mappings.filter(category="chronicle").exists()
    call_command("demo")
    assert Campaign.objects.count() == 1
