"""The review chains of 三.四 for every kind, every forbidden transition, and filing."""

import datetime as dt

import pytest

from fangzhi.core.errors import Forbidden, ServiceError
from fangzhi.works import services
from fangzhi.works.models import ReviewDecision, Work
from fangzhi.works.pipelines import PIPELINES, pipeline_for
from fangzhi.works.services.reviews import add_months

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 6, 2)
UNIT_NAMED = ["town", "department", "industry", "village", "enterprise"]


def taker(w, work, step):
    """The person who takes a step: office staff, the compiler's head, or the admin."""
    return {
        "office": w.office_editor,
        "compiler_head": w.head_b,
        "external": w.office_admin,
    }[step.actor]


def record(w, work, step, decision="pass", **kw):
    kw.setdefault("decided_on", DAY)
    kw.setdefault("document_number", "巴南府〔2025〕12号" if step.needs_document else "")
    if decision == "return":
        kw.setdefault("reasons", "资料不全。")
    work.refresh_from_db()
    return services.review_step_record(
        by=taker(w, work, step), work=work, step=step.code, decision=decision, **kw
    )


def new_work(w, kind):
    compiler = w.unit_b if kind in UNIT_NAMED else w.office_unit
    extra = {"year": 2030} if kind == "yearbook" else {}
    return services.work_create(
        by=w.office_admin, kind=kind, title=f"测试{kind}", compiler=compiler, **extra
    )


def test_the_chains_are_exactly_the_documents():
    codes = {kind: [s.code for s in steps] for kind, steps in PIPELINES.items()}
    assert codes["district"] == [
        "office_preliminary",
        "district_consent",
        "city_office_acceptance",
        "city_approval",
    ]
    assert codes["yearbook"] == ["district_approval"]
    for kind in UNIT_NAMED:
        assert codes[kind] == ["compiler_preliminary", "office_acceptance"]
    assert set(PIPELINES) == set(Work.Kind.values)


@pytest.mark.parametrize("kind", Work.Kind.values)
def test_each_kind_passes_its_steps_in_order_then_publishes(works_world, kind):
    w = works_world
    work = new_work(w, kind)
    with pytest.raises(ServiceError) as exc:
        services.publication_record(
            by=w.office_admin, work=work, publisher="重庆出版社", published_on=DAY
        )
    assert exc.value.code == "not_approved"
    services.work_submit_for_review(by=w.office_admin, work=work)
    steps = pipeline_for(work)
    for i, step in enumerate(steps):
        # Any later step is out of order while this one waits.
        for later in steps[i + 1 :]:
            work.refresh_from_db()
            with pytest.raises(ServiceError) as exc:
                record(w, work, later)
            assert exc.value.code == "out_of_order"
        # Publication is refused before the last step.
        work.refresh_from_db()
        with pytest.raises(ServiceError):
            services.publication_record(
                by=w.office_admin, work=work, publisher="重庆出版社", published_on=DAY
            )
        record(w, work, step)
        # The same step again is refused: the work no longer waits at it.
        work.refresh_from_db()
        with pytest.raises(ServiceError) as exc:
            record(w, work, step)
        assert exc.value.code == "out_of_order"
    work.refresh_from_db()
    assert work.status == Work.Status.APPROVED
    assert list(work.decisions.values_list("step", flat=True)) == [s.code for s in steps]
    publisher = w.office_admin
    services.publication_record(
        by=publisher, work=work, publisher="重庆出版社", published_on=DAY, isbn="9787229000004"
    )
    work.refresh_from_db()
    assert work.status == Work.Status.PUBLISHED
    with pytest.raises(ServiceError) as exc:
        services.publication_record(
            by=publisher, work=work, publisher="重庆出版社", published_on=DAY
        )
    assert exc.value.code == "already_published"


@pytest.mark.parametrize("kind", Work.Kind.values)
def test_wrong_people_cannot_take_a_step(works_world, kind):
    w = works_world
    work = new_work(w, kind)
    services.work_submit_for_review(by=w.office_admin, work=work)
    step = pipeline_for(work)[0]
    everyone = [w.office_admin, w.office_editor, w.unit_liaison, w.unit_head, w.reviewer]
    everyone += [w.head_b, w.liaison_b]
    allowed = {
        "office": {w.office_admin, w.office_editor},
        "compiler_head": {w.head_b},
        "external": {w.office_admin},
    }[step.actor]
    for person in everyone:
        if person in allowed:
            continue
        work.refresh_from_db()
        with pytest.raises(Forbidden):
            services.review_step_record(
                by=person,
                work=work,
                step=step.code,
                decision="pass",
                decided_on=DAY,
                document_number="文号",
            )
    assert not ReviewDecision.objects.filter(work=work).exists()


def test_a_returned_work_goes_back_with_reasons_and_resumes_at_that_step(works_world):
    w = works_world
    work = w.district
    services.work_submit_for_review(by=w.office_admin, work=work)
    steps = pipeline_for(work)
    record(w, work, steps[0])
    record(w, work, steps[1])
    record(w, work, steps[2], decision="return", reasons="大事记缺2019年。")
    work.refresh_from_db()
    assert work.status == Work.Status.RETURNED and work.step_index == 2
    # While returned, no step can be taken, and it cannot be published.
    with pytest.raises(ServiceError):
        record(w, work, steps[2])
    with pytest.raises(ServiceError):
        services.publication_record(
            by=w.office_admin, work=work, publisher="重庆出版社", published_on=DAY
        )
    returned = work.decisions.get(decision="return")
    assert returned.reasons == "大事记缺2019年。" and returned.round == 1
    services.work_submit_for_review(by=w.office_admin, work=work)
    work.refresh_from_db()
    assert work.status == Work.Status.IN_REVIEW and work.step_index == 2
    assert work.review_round == 2
    record(w, work, steps[2])
    record(w, work, steps[3])
    work.refresh_from_db()
    assert work.status == Work.Status.APPROVED


def test_return_needs_reasons_and_external_pass_needs_its_document(works_world):
    w = works_world
    work = w.yearbook
    services.work_submit_for_review(by=w.office_admin, work=work)
    step = pipeline_for(work)[0]
    with pytest.raises(ServiceError) as exc:
        record(w, work, step, decision="return", reasons="  ")
    assert exc.value.field == "reasons"
    with pytest.raises(ServiceError) as exc:
        record(w, work, step, document_number="")
    assert exc.value.field == "document_number"
    with pytest.raises(ServiceError) as exc:
        record(w, work, step, decided_on=dt.date.today() + dt.timedelta(days=2))
    assert exc.value.field == "decided_on"
    assert not work.decisions.exists()


def test_submitting_twice_or_by_others_is_refused(works_world):
    w = works_world
    with pytest.raises(Forbidden):
        services.work_submit_for_review(by=w.unit_liaison, work=w.yearbook)
    with pytest.raises(Forbidden):
        services.work_submit_for_review(by=w.office_editor, work=w.yearbook)
    services.work_submit_for_review(by=w.office_admin, work=w.yearbook)
    with pytest.raises(ServiceError) as exc:
        services.work_submit_for_review(by=w.office_admin, work=w.yearbook)
    assert exc.value.code == "out_of_order"
    # A unit-named work is sent by its own compiling unit, not by another unit.
    with pytest.raises(Forbidden):
        services.work_submit_for_review(by=w.unit_liaison, work=w.town_work)
    services.work_submit_for_review(by=w.liaison_b, work=w.town_work)


def test_a_step_recorded_from_a_stale_page_is_refused(works_world):
    w = works_world
    work = w.yearbook
    services.work_submit_for_review(by=w.office_admin, work=work)
    stale = Work.objects.get(pk=work.pk)
    record(w, work, pipeline_for(work)[0])
    with pytest.raises(ServiceError):
        services.review_step_record(
            by=w.office_admin,
            work=stale,
            step="district_approval",
            decision="pass",
            decided_on=DAY,
            document_number="文号",
        )
    assert work.decisions.count() == 1


# --- filing within three months ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "due"),
    [
        (dt.date(2025, 1, 15), dt.date(2025, 4, 15)),
        (dt.date(2025, 11, 30), dt.date(2026, 2, 28)),
        (dt.date(2023, 11, 30), dt.date(2024, 2, 29)),
        (dt.date(2025, 12, 31), dt.date(2026, 3, 31)),
    ],
)
def test_add_months_clips_to_the_month_end(published, due):
    assert add_months(published, 3) == due


def publish_town_work(w, published_on):
    work = w.town_work
    services.work_submit_for_review(by=w.liaison_b, work=work)
    for step in pipeline_for(work):
        record(w, work, step, decided_on=published_on - dt.timedelta(days=30))
    work.refresh_from_db()
    services.publication_record(
        by=w.head_b, work=work, publisher="重庆出版社", published_on=published_on
    )
    work.refresh_from_db()
    return work


def test_filing_overdue_the_day_after_three_months(works_world):
    w = works_world
    published = dt.date(2025, 5, 31)
    work = publish_town_work(w, published)
    due = services.filing_due(work)
    assert due == dt.date(2025, 8, 31)
    assert not services.filing_overdue(work, on=due)
    assert services.filing_overdue(work, on=due + dt.timedelta(days=1))
    assert work in services.overdue_filings(on=due + dt.timedelta(days=1))
    assert work not in services.overdue_filings(on=due)
    # Filing clears it; filing twice or before publication is refused.
    services.filing_record(
        by=w.office_admin, work=work, filed_on=due, document_number="备〔2025〕3号"
    )
    work.refresh_from_db()
    assert work.status == Work.Status.FILED
    assert not services.filing_overdue(work, on=due + dt.timedelta(days=10))
    with pytest.raises(ServiceError):
        services.filing_record(by=w.office_admin, work=work, filed_on=due)


def test_only_unit_named_works_are_filed_and_only_by_the_office(works_world):
    w = works_world
    with pytest.raises(ServiceError):
        services.filing_record(by=w.office_admin, work=w.yearbook, filed_on=DAY)
    assert services.filing_due(w.yearbook) is None
    work = publish_town_work(w, dt.date(2025, 3, 1))
    with pytest.raises(Forbidden):
        services.filing_record(by=w.head_b, work=work, filed_on=dt.date(2025, 4, 1))
    with pytest.raises(ServiceError):
        services.filing_record(by=w.office_admin, work=work, filed_on=dt.date(2025, 2, 1))


def test_publication_checks_isbn_and_dates(works_world):
    w = works_world
    work = w.yearbook
    services.work_submit_for_review(by=w.office_admin, work=work)
    record(w, work, pipeline_for(work)[0], decided_on=dt.date(2025, 5, 1))
    work.refresh_from_db()
    for bad in ("978-7-229-00000-1", "12345", "ISBN 978722900000X"):
        with pytest.raises(ServiceError) as exc:
            services.publication_record(
                by=w.office_admin, work=work, publisher="重庆出版社", published_on=DAY, isbn=bad
            )
        assert exc.value.field == "isbn"
    with pytest.raises(ServiceError) as exc:
        services.publication_record(
            by=w.office_admin, work=work, publisher="重庆出版社", published_on=dt.date(2025, 4, 1)
        )
    assert exc.value.field == "published_on"
    with pytest.raises(Forbidden):
        services.publication_record(
            by=w.unit_head, work=work, publisher="重庆出版社", published_on=DAY
        )
    pub = services.publication_record(
        by=w.office_admin,
        work=work,
        publisher="重庆出版社",
        published_on=DAY,
        isbn="ISBN 978-7-5366-9293-0",
        print_run=2000,
        copies_deposited=20,
    )
    assert pub.isbn == "9787536692930"
