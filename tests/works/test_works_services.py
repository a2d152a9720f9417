"""Works: kinds, one yearbook a year, the fixed lower limit, next year's yearbook."""

import datetime as dt

import pytest
from auditlog.models import LogEntry

from fangzhi.core.errors import Forbidden, ServiceError
from fangzhi.works import services
from fangzhi.works.models import LowerLimitChange, OutlineNode, Work

pytestmark = pytest.mark.django_db


def test_a_second_yearbook_for_the_same_year_is_refused(works_world):
    w = works_world
    with pytest.raises(ServiceError) as exc:
        services.work_create(
            by=w.office_admin,
            kind="yearbook",
            title="巴南年鉴（2025）",
            compiler=w.office_unit,
            year=2025,
        )
    assert exc.value.code == "duplicate_yearbook" and "2025" in str(exc.value)
    assert Work.objects.filter(kind="yearbook").count() == 1
    # Another year, or another compiler, is fine.
    services.work_create(
        by=w.office_admin,
        kind="yearbook",
        title="巴南年鉴（2026）",
        compiler=w.office_unit,
        year=2026,
    )


def test_the_database_also_refuses_a_second_yearbook(works_world):
    from django.db import IntegrityError, transaction

    w = works_world
    with pytest.raises(IntegrityError), transaction.atomic():
        Work.objects.create(kind="yearbook", title="重复", compiler=w.office_unit, year=2025)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "志" * 201}, "title"),
        ({"title": "巴南\x00区志"}, "title"),
        ({"upper_limit": 2030}, "lower_limit"),
        ({"lower_limit": "二〇二五"}, "lower_limit"),
        (
            {"planned_start": dt.date(2026, 1, 1), "planned_finish": dt.date(2025, 1, 1)},
            "planned_finish",
        ),
    ],
)
def test_bad_work_values_are_refused_and_nothing_changes(works_world, changes, field):
    w = works_world
    before = Work.objects.filter(pk=w.district.pk).values().get()
    with pytest.raises(ServiceError) as exc:
        services.work_update(by=w.office_admin, work=w.district, **changes)
    assert exc.value.field == field
    assert Work.objects.filter(pk=w.district.pk).values().get() == before


def test_who_may_create_works(works_world):
    w = works_world
    # A unit opens a work named after itself, not the district gazetteer nor for others.
    work = services.work_create(
        by=w.unit_liaison, kind="department", title="区委办公室志", compiler=w.unit_a
    )
    assert work.compiler == w.unit_a
    with pytest.raises(Forbidden):
        services.work_create(
            by=w.unit_liaison, kind="department", title="别人的志", compiler=w.unit_b
        )
    with pytest.raises(Forbidden):
        services.work_create(by=w.unit_head, kind="district", title="区志", compiler=w.unit_a)
    for person in (w.office_editor, w.reviewer, None):
        with pytest.raises(Forbidden):
            services.work_create(
                by=person, kind="yearbook", title="年鉴", compiler=w.office_unit, year=2031
            )


def test_a_fixed_lower_limit_changes_only_with_a_decision_document(works_world):
    w = works_world
    work = w.district
    services.work_update(by=w.office_admin, work=work, lower_limit=2024)  # not fixed yet
    with pytest.raises(Forbidden):
        services.work_lower_limit_fix(by=w.office_editor, work=work)
    services.work_lower_limit_fix(by=w.office_admin, work=work)
    with pytest.raises(ServiceError) as exc:
        services.work_update(by=w.office_admin, work=work, lower_limit=2026)
    assert exc.value.code == "lower_limit_fixed"
    # The title still changes; the same lower limit is no change.
    services.work_update(by=w.office_admin, work=work, title="重庆市巴南区志", lower_limit=2024)
    with pytest.raises(ServiceError) as exc:
        services.work_lower_limit_change(
            by=w.office_admin, work=work, new_value=2026, document_number=" "
        )
    assert exc.value.field == "document_number"
    with pytest.raises(Forbidden):
        services.work_lower_limit_change(
            by=w.office_editor, work=work, new_value=2026, document_number="巴南府〔2026〕3号"
        )
    change = services.work_lower_limit_change(
        by=w.office_admin,
        work=work,
        new_value=2026,
        document_number="巴南府〔2026〕3号",
        reason="与第三轮修志规划衔接",
    )
    work.refresh_from_db()
    assert work.lower_limit == 2026 and work.lower_limit_fixed
    assert (change.old_value, change.new_value, change.changed_by) == (2024, 2026, w.office_admin)
    assert list(LowerLimitChange.objects.filter(work=work)) == [change]
    entry = LogEntry.objects.get_for_object(work).first()
    assert entry.actor == w.office_admin and "lower_limit" in entry.changes


def test_only_a_district_gazetteer_has_a_fixed_lower_limit(works_world):
    w = works_world
    with pytest.raises(ServiceError):
        services.work_lower_limit_fix(by=w.office_admin, work=w.yearbook)


def test_next_years_yearbook_copies_the_outline(works_world):
    w = works_world
    services.node_withdraw(by=w.office_admin, node=w.node_b, reason="并入概况")
    services.node_update(
        by=w.office_admin, node=w.node_a, expected_length=3000, quality_standard="数据准确"
    )
    new = services.yearbook_start_from(by=w.office_admin, previous=w.yearbook, year=2026)
    assert new.title == "巴南年鉴（2026）" and new.year == 2026 and new.based_on == w.yearbook
    nodes = list(OutlineNode.objects.filter(work=new))
    assert [(n.title, n.depth) for n in nodes] == [("综述", 1), ("区委办公室工作", 2)]
    copied = nodes[1]
    assert copied.unit == w.unit_a and copied.deadline == dt.date(2027, 3, 31)
    assert (copied.expected_length, copied.quality_standard) == (3000, "数据准确")
    assert copied.state == "assigned" and not copied.versions.exists()
    # The old outline is untouched, and a second 2026 yearbook is refused.
    assert OutlineNode.objects.filter(work=w.yearbook).count() == 3
    with pytest.raises(ServiceError):
        services.yearbook_start_from(by=w.office_admin, previous=w.yearbook, year=2026)
