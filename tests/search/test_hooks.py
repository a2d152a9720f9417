"""The index follows the work: accepted returns, a renamed node and a publication reach
search through background jobs (huey runs them at once in the tests)."""

import datetime as dt

import pytest

from fangzhi.returns import services as returns
from fangzhi.returns.models import Submission
from fangzhi.search.models import SearchDocument
from fangzhi.search.services import search
from fangzhi.works import services as works
from fangzhi.works.pipelines import pipeline_for

from ..returns.data import make_returns
from ..works.data import make_works

pytestmark = pytest.mark.django_db(transaction=True)


def test_accepted_returns_become_searchable_for_the_office(world):
    w = make_returns(make_works(world))
    assert search(user=w.office_admin, q="灯会").total == 0
    sub = Submission.objects.get(pk=w.sub_b.pk)
    returns.submission_sign_off(by=w.head_b, submission=sub)
    sub.refresh_from_db()
    returns.submission_accept(by=w.office_admin, submission=sub)
    assert search(user=w.office_admin, q="灯会").total == 1
    # Another unit's people do not find it.
    assert search(user=w.unit_liaison, q="灯会").total == 0


def test_a_renamed_node_and_a_publication_update_the_index(world):
    w = make_works(world)
    works.node_update(by=w.office_admin, node=w.node_a, title="中共巴南区委办公室工作")
    doc = SearchDocument.objects.get(node=w.node_a)
    assert "中共巴南区委办公室工作" in doc.title
    assert search(user=None, q="服务大局").total == 0  # not public before publication
    work = w.yearbook
    works.work_submit_for_review(by=w.office_admin, work=work)
    works.review_step_record(
        by=w.office_admin,
        work=work,
        step=pipeline_for(work)[0].code,
        decision="pass",
        decided_on=dt.date(2025, 6, 1),
        document_number="巴南府〔2025〕9号",
    )
    work.refresh_from_db()
    works.publication_record(
        by=w.office_admin, work=work, publisher="重庆出版社", published_on=dt.date(2025, 7, 1)
    )
    assert search(user=None, q="服务大局").total == 1
