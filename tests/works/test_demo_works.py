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
