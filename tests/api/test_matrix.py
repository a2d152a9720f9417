"""Every role against every endpoint and method, including another unit's records.

Each case runs on a fresh database, so a write allowed to one role does not change what
the next case sees. The acting unit people belong to unit A; unit B is "another unit".
Ids in a request body that the user cannot see read as unknown (400, the same answer as
for an id that does not exist); ids in the URL answer 403 (404 only for those who see
every row).
"""

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.utils.timezone import localdate

from fangzhi.core.models import Notification
from fangzhi.org import services
from fangzhi.works import services as works
from fangzhi.works.models import Work

from ..conftest import ROLES
from ..works.data import make_works


def expect(default: int, public: int = 401, **overrides: int) -> dict[str, int]:
    table = dict.fromkeys(ROLES, default)
    table["public"] = public
    table.update(overrides)
    return table


ALL = expect(200)
OWN_UNIT = expect(200, reviewer=403)  # office staff and unit A's people
OFFICE = expect(403, office_admin=200, office_editor=200)
MISSING = expect(403, office_admin=404, office_editor=404)
NOPE = expect(405)  # no such method for anyone (nothing is ever deleted)


def admin(status: int) -> dict[str, int]:
    return expect(403, office_admin=status)


def admin_and_unit(status: int) -> dict[str, int]:
    return expect(403, office_admin=status, unit_liaison=status, unit_head=status)


def office(status: int) -> dict[str, int]:
    return expect(403, office_admin=status, office_editor=status)


@dataclass
class Case:
    method: str
    url: str  # a template over the names of ``ids()``
    expected: dict[str, int]
    body: Callable | None = None
    setup: Callable | None = None
    name: str = field(default="")
    works: bool = False  # needs the works data (tests/works/data.py) on top of ``world``
    format: str = "json"


def retire_b(w, m):
    services.unit_retire(
        by=w.office_admin, unit=w.unit_b, retired_on=w.unit_b.joined_on, document_number="〔1〕"
    )


def new_unit(w, m):
    return {
        "name": "区审计局",
        "category": "department",
        "joined_on": "2024-01-01",
        "document_number": "巴南委〔2024〕2号",
    }


def new_person(unit, role="unit_liaison"):
    return lambda w, m: {
        "username": "newbie",
        "full_name": "新人",
        "role": role,
        "unit": getattr(w, unit).pk if unit else None,
    }


# --- compilation ------------------------------------------------------------------------------

DOC = "巴南府〔2025〕12号"


def _job(w):
    from fangzhi.core.jobs import system_check_start

    w.job = system_check_start(by=w.office_admin)


def own_work(w, m):
    """A work unit A compiles itself (部门志): its people run it."""
    w.own_work = works.work_create(
        by=w.office_admin, kind=Work.Kind.DEPARTMENT, title="区委办公室志", compiler=w.unit_a
    )


def own_work_submitted(w, m):
    own_work(w, m)
    works.work_submit_for_review(by=w.office_admin, work=w.own_work)


def submitted(w, m):
    works.work_submit_for_review(by=w.office_admin, work=w.yearbook)


def decided(w, m):
    submitted(w, m)
    w.decision = works.review_step_record(
        by=w.office_admin,
        work=w.yearbook,
        step="district_approval",
        decision="pass",
        decided_on=dt.date(2025, 5, 1),
        document_number=DOC,
    )


def published(w, m):
    decided(w, m)
    works.publication_record(
        by=w.office_admin, work=w.yearbook, publisher="重庆出版社", published_on=dt.date(2025, 6, 1)
    )


def town_published(w, m):
    admin, work = w.office_admin, w.town_work
    works.work_submit_for_review(by=admin, work=work)
    works.review_step_record(
        by=w.head_b,
        work=work,
        step="compiler_preliminary",
        decision="pass",
        decided_on=dt.date(2025, 3, 1),
    )
    works.review_step_record(
        by=admin,
        work=work,
        step="office_acceptance",
        decision="pass",
        decided_on=dt.date(2025, 3, 2),
        document_number=DOC,
    )
    works.publication_record(
        by=admin, work=work, publisher="重庆出版社", published_on=dt.date(2025, 4, 1)
    )


def fixed(w, m):
    works.work_lower_limit_fix(by=w.office_admin, work=w.district)


def signed_off(w, m):
    works.node_sign_off(by=w.unit_head, node=w.node_a)


def withdrawn_b(w, m):
    works.node_withdraw(by=w.office_admin, node=w.node_b)


def comment_b(w, m):
    w.comment_b = works.comment_add(by=w.office_editor, version=w.version_b, body="补充。")


def docx_upload(w, m):
    from docx import Document

    document = Document()
    document.add_heading("区委办公室", level=1)
    document.add_paragraph("2025年，区委办公室服务大局。")
    handle = io.BytesIO()
    document.save(handle)
    handle.seek(0)
    handle.name = "稿件.docx"
    return {"file": handle, "base_revision": w.node_a.revision}


def save_a(w, m):
    return {"html": "<p>改稿</p>", "base_revision": w.node_a.revision}


def applications(w, m):
    """A draft application of each unit, each with one document."""
    for unit, person in (("a", w.unit_liaison), ("b", w.liaison_b)):
        app = works.application_create(
            by=person,
            series="city_famous",
            title=f"申报{unit}",
            applicant=getattr(w, f"unit_{unit}"),
        )
        doc = works.application_document_add(
            by=person, application=app, title="申报书", file_name="申报书.pdf", data=b"%PDF-1.4 x"
        )
        setattr(w, f"app_{unit}", app)
        setattr(w, f"doc_{unit}", doc)


def application_submitted(w, m):
    applications(w, m)
    works.application_update_status(by=w.unit_liaison, application=w.app_a, action="submit")


def credits(w, m):
    w.credit = works.credit_add(by=w.office_admin, work=w.yearbook, role="writer", name="张三")
    w.credit_b = works.credit_add(by=w.office_admin, work=w.town_work, role="writer", name="李四")


def other_review(w, m):
    """Another reviewer reads node B: not the fixture reviewer's business."""
    from ..factories import UserFactory

    other = UserFactory(username="reviewer2", role="reviewer")
    w.review_b = works.reviewer_assign(by=w.office_admin, node=w.node_b, reviewer=other)


def document_upload(w, m):
    return {"title": "推荐意见", "file": io.BytesIO(b"%PDF-1.4 y")}


def outline_docx(w, m):
    from docx import Document

    document = Document()
    document.add_heading("大事记", level=1)
    document.add_heading("一月", level=2)
    handle = io.BytesIO()
    document.save(handle)
    handle.seek(0)
    handle.name = "篇目.docx"
    return {"file": handle}


def W(method, url, expected, body=None, setup=None, name="", **kwargs):  # noqa: N802
    return Case(method, url, expected, body, setup, name, works=True, **kwargs)


WORKS_CASES = [
    # works
    W("get", "/api/works/", ALL),
    W("get", "/api/works/{yearbook}/", ALL, name="written for"),
    W("get", "/api/works/{town_work}/", OFFICE, name="other unit"),
    W("get", "/api/works/99999/", MISSING),
    W(
        "post",
        "/api/works/",
        # The office's unit is an unknown id to a unit's people.
        expect(403, office_admin=201, unit_liaison=400, unit_head=400),
        lambda w, m: {
            "kind": "yearbook",
            "title": "巴南年鉴（2026）",
            "compiler": w.office_unit.pk,
            "year": 2026,
        },
        name="yearbook",
    ),
    W(
        "post",
        "/api/works/",
        admin_and_unit(201),
        lambda w, m: {"kind": "department", "title": "区委办公室志", "compiler": w.unit_a.pk},
        name="own unit-named",
    ),
    W("patch", "/api/works/{yearbook}/", admin(200), lambda w, m: {"notes": "按期"}),
    W(
        "patch",
        "/api/works/{own_work}/",
        expect(200, reviewer=403),
        lambda w, m: {"notes": "按期"},
        setup=own_work,
        name="own unit-named",
    ),
    W("put", "/api/works/{yearbook}/", NOPE, lambda w, m: {}),
    W("delete", "/api/works/{yearbook}/", NOPE),
    W("post", "/api/works/{district}/fix-lower-limit/", admin(200), lambda w, m: {}),
    W(
        "post",
        "/api/works/{district}/change-lower-limit/",
        admin(200),
        lambda w, m: {"new_value": 2026, "document_number": DOC},
        setup=fixed,
    ),
    W("post", "/api/works/{yearbook}/next-yearbook/", admin(201), lambda w, m: {"year": 2026}),
    W("post", "/api/works/{yearbook}/submit-for-review/", admin(200), lambda w, m: {}),
    W(
        "post",
        "/api/works/{own_work}/submit-for-review/",
        admin_and_unit(200),
        lambda w, m: {},
        setup=own_work,
        name="own unit-named",
    ),
    W(
        "post",
        "/api/works/{yearbook}/review-steps/",
        admin(201),  # outside the system: the office admin records it
        lambda w, m: {
            "step": "district_approval",
            "decision": "pass",
            "decided_on": "2025-05-01",
            "document_number": DOC,
        },
        setup=submitted,
    ),
    W(
        "post",
        "/api/works/{own_work}/review-steps/",
        expect(403, unit_head=201),  # 编纂单位初审: the compiling unit's head
        lambda w, m: {
            "step": "compiler_preliminary",
            "decision": "pass",
            "decided_on": "2025-05-01",
        },
        setup=own_work_submitted,
        name="own unit-named",
    ),
    W("get", "/api/works/{yearbook}/publication/", ALL, setup=published),
    W(
        "post",
        "/api/works/{yearbook}/publication/",
        admin(201),
        lambda w, m: {"publisher": "重庆出版社", "published_on": "2025-06-01"},
        setup=decided,
    ),
    W(
        "post",
        "/api/works/{town_work}/filing/",
        admin(201),
        lambda w, m: {"filed_on": "2025-05-01"},
        setup=town_published,
    ),
    W("get", "/api/works/{yearbook}/credits/", ALL),
    W("post", "/api/works/{yearbook}/credits/generate/", admin(200), lambda w, m: {}),
    W("get", "/api/works/{yearbook}/outline/", ALL),
    W("get", "/api/works/{town_work}/outline/", OFFICE, name="other unit"),
    W("get", "/api/works/{yearbook}/outline/docx/", ALL),
    W("get", "/api/works/{yearbook}/outline/xlsx/", ALL),
    # outline nodes
    W("get", "/api/outline-nodes/", ALL),
    W("get", "/api/outline-nodes/{node_a}/", ALL, name="own"),
    W("get", "/api/outline-nodes/{node_b}/", OFFICE, name="other unit"),
    W("get", "/api/outline-nodes/99999/", MISSING),
    W(
        "post",
        "/api/outline-nodes/",
        office(201),
        lambda w, m: {"work": w.yearbook.pk, "title": "附录"},
        name="top level",
    ),
    W(
        "post",
        "/api/outline-nodes/",
        expect(403, office_admin=201, office_editor=201, unit_liaison=400, unit_head=400),
        lambda w, m: {"work": w.yearbook.pk, "parent": w.part.pk, "title": "新节"},
        name="under a node the unit cannot see",
    ),
    W("patch", "/api/outline-nodes/{node_a}/", office(200), lambda w, m: {"title": "改名"}),
    W("put", "/api/outline-nodes/{node_a}/", NOPE, lambda w, m: {}),
    W("delete", "/api/outline-nodes/{node_a}/", NOPE),
    W(
        "post",
        "/api/outline-nodes/{node_b}/move/",
        office(200),
        lambda w, m: {"target": w.node_a.pk, "position": "left"},
    ),
    W("post", "/api/outline-nodes/{node_b}/shift/", office(200), lambda w, m: {"direction": "up"}),
    W(
        "post",
        "/api/outline-nodes/{node_b}/assign/",
        office(200),
        lambda w, m: {"unit": w.unit_a.pk, "deadline": "2027-01-31"},
    ),
    W("post", "/api/outline-nodes/{node_b}/withdraw/", office(200), lambda w, m: {}),
    W(
        "post",
        "/api/outline-nodes/{node_b}/restore/",
        office(200),
        lambda w, m: {},
        setup=withdrawn_b,
    ),
    W(
        "post",
        "/api/outline-nodes/{node_b}/reviewers/",
        office(201),
        lambda w, m: {"reviewer": w.reviewer.pk},
    ),
    W("post", "/api/outline-nodes/{node_a}/sign-off/", expect(403, unit_head=201), lambda w, m: {}),
    W(
        "post",
        "/api/outline-nodes/{node_a}/start-review/",
        office(200),
        lambda w, m: {},
        setup=signed_off,
    ),
    W(
        "post",
        "/api/outline-nodes/{node_a}/return/",
        office(200),
        lambda w, m: {"reason": "请补充"},
        setup=signed_off,
    ),
    W(
        "post",
        "/api/outline-nodes/{node_a}/accept/",
        office(200),
        lambda w, m: {},
        setup=signed_off,
    ),
    W(
        "post",
        "/api/outline-nodes/{node_a}/upload/",
        expect(201, reviewer=403),
        docx_upload,
        format="multipart",
    ),
    W("post", "/api/outline-nodes/{node_a}/save/", expect(201, reviewer=403), save_a),
    W(
        "post",
        "/api/outline-nodes/{node_b}/save/",
        office(201),
        lambda w, m: {"html": "<p>改稿</p>", "base_revision": w.node_b.revision},
        name="other unit",
    ),
    # manuscript versions (read-only)
    W("get", "/api/manuscript-versions/", ALL),
    W("get", "/api/manuscript-versions/{version_a}/", ALL, name="own"),
    W("get", "/api/manuscript-versions/{version_b}/", OFFICE, name="other unit"),
    W("get", "/api/manuscript-versions/99999/", MISSING),
    W("get", "/api/manuscript-versions/{version_a}/docx/", ALL),
    W("get", "/api/manuscript-versions/{version_a}/compare/?with={version_a}", ALL),
    W("post", "/api/manuscript-versions/", NOPE, lambda w, m: {}),
    # comments
    W("get", "/api/comments/", ALL),
    W("get", "/api/comments/{comment_a}/", ALL, name="own"),
    W("get", "/api/comments/{comment_b}/", OFFICE, setup=comment_b, name="other unit"),
    W(
        "post",
        "/api/comments/",
        expect(403, office_admin=201, office_editor=201, reviewer=201),
        lambda w, m: {"version": w.version_a.pk, "body": "请核实。"},
        name="own",
    ),
    W(
        "post",
        "/api/comments/",
        expect(400, office_admin=201, office_editor=201),
        lambda w, m: {"version": w.version_b.pk, "body": "请核实。"},
        name="other unit",
    ),
    W(
        "post",
        "/api/comments/{comment_a}/resolve/",
        expect(200, reviewer=403),
        lambda w, m: {"resolution": "已改"},
    ),
    W("delete", "/api/comments/{comment_a}/", NOPE),
    # review decisions (recorded through works/{id}/review-steps/)
    W("get", "/api/review-decisions/", ALL),
    W("get", "/api/review-decisions/{decision}/", ALL, setup=decided),
    W("post", "/api/review-decisions/", NOPE, lambda w, m: {}),
    # credits (署名): added on the work, withdrawn on their own, never deleted
    W(
        "post",
        "/api/works/{yearbook}/credits/",
        admin(201),
        lambda w, m: {"role": "writer", "name": "王五", "unit_name": "区委办公室"},
    ),
    W("get", "/api/credits/", ALL, setup=credits),
    W("get", "/api/credits/{credit}/", ALL, setup=credits, name="yearbook"),
    W("get", "/api/credits/{credit_b}/", OFFICE, setup=credits, name="other unit"),
    W("get", "/api/credits/99999/", MISSING),
    W("post", "/api/credits/{credit}/withdraw/", admin(200), lambda w, m: {}, setup=credits),
    W("post", "/api/credits/", NOPE, lambda w, m: {}),
    W("delete", "/api/credits/{credit}/", NOPE, setup=credits),
    # reviewer assignments: the office sees all, a reviewer their own, units none
    W("get", "/api/node-reviewers/", expect(200, unit_liaison=403, unit_head=403)),
    W(
        "get",
        "/api/node-reviewers/{review_a}/",
        expect(200, unit_liaison=403, unit_head=403),
        name="own",
    ),
    W("get", "/api/node-reviewers/{review_b}/", OFFICE, setup=other_review, name="other"),
    W("get", "/api/node-reviewers/99999/", MISSING),
    W("post", "/api/node-reviewers/{review_a}/end/", office(200), lambda w, m: {}),
    W(
        "delete",
        "/api/node-reviewers/{review_a}/",
        expect(405, unit_liaison=403, unit_head=403),
    ),
    # the outline from a Word file: who runs the work
    W(
        "post",
        "/api/works/{yearbook}/outline/import/",
        office(201),
        outline_docx,
        format="multipart",
    ),
    W(
        "post",
        "/api/works/{own_work}/outline/import/",
        expect(201, reviewer=403),
        outline_docx,
        setup=own_work,
        name="own unit-named",
        format="multipart",
    ),
    # series applications (名志/特志申报): a unit's own, the office admin decides
    W("get", "/api/series-applications/", expect(200, reviewer=403), setup=applications),
    W(
        "get",
        "/api/series-applications/{app_a}/",
        expect(200, reviewer=403),
        setup=applications,
        name="own",
    ),
    W(
        "get",
        "/api/series-applications/{app_b}/",
        OFFICE,
        setup=applications,
        name="other unit",
    ),
    W("get", "/api/series-applications/99999/", MISSING),
    W(
        "post",
        "/api/series-applications/",
        admin_and_unit(201),
        lambda w, m: {"series": "national_famous", "title": "巴南名志", "applicant": w.unit_a.pk},
        name="own unit",
    ),
    W(
        "post",
        "/api/series-applications/",
        expect(403, office_admin=201, unit_liaison=400, unit_head=400),
        lambda w, m: {"series": "national_famous", "title": "巴南名志", "applicant": w.unit_b.pk},
        name="other unit",
    ),
    W(
        "patch",
        "/api/series-applications/{app_a}/",
        admin_and_unit(200),
        lambda w, m: {"notes": "补充材料"},
        setup=applications,
        name="own",
    ),
    W(
        "patch",
        "/api/series-applications/{app_b}/",
        admin(200),
        lambda w, m: {"notes": "补充材料"},
        setup=applications,
        name="other unit",
    ),
    W(
        "put",
        "/api/series-applications/{app_a}/",
        expect(405, reviewer=403),
        lambda w, m: {},
        setup=applications,
    ),
    W(
        "delete",
        "/api/series-applications/{app_a}/",
        expect(405, reviewer=403),
        setup=applications,
    ),
    W(
        "post",
        "/api/series-applications/{app_a}/submit/",
        admin_and_unit(200),
        lambda w, m: {},
        setup=applications,
    ),
    W(
        "post",
        "/api/series-applications/{app_b}/submit/",
        admin(200),
        lambda w, m: {},
        setup=applications,
        name="other unit",
    ),
    W(
        "post",
        "/api/series-applications/{app_a}/withdraw/",
        admin_and_unit(200),
        lambda w, m: {},
        setup=applications,
    ),
    W(
        "post",
        "/api/series-applications/{app_a}/decide/",
        admin(200),
        lambda w, m: {
            "decision": "accepted",
            "document_number": DOC,
            "decided_on": str(localdate()),
        },
        setup=application_submitted,
    ),
    W(
        "post",
        "/api/series-applications/{app_a}/documents/",
        admin_and_unit(201),
        document_upload,
        setup=applications,
        format="multipart",
    ),
    W(
        "post",
        "/api/series-applications/{app_b}/documents/",
        admin(201),
        document_upload,
        setup=applications,
        name="other unit",
        format="multipart",
    ),
    # documents filed with applications: read-only, downloaded after visible_to
    W("get", "/api/application-documents/", expect(200, reviewer=403), setup=applications),
    W(
        "get",
        "/api/application-documents/{doc_a}/",
        expect(200, reviewer=403),
        setup=applications,
        name="own",
    ),
    W(
        "get",
        "/api/application-documents/{doc_b}/",
        OFFICE,
        setup=applications,
        name="other unit",
    ),
    W("get", "/api/application-documents/99999/", MISSING),
    W(
        "get",
        "/api/application-documents/{doc_a}/download/",
        expect(200, reviewer=403),
        setup=applications,
        name="own",
    ),
    W(
        "get",
        "/api/application-documents/{doc_b}/download/",
        OFFICE,
        setup=applications,
        name="other unit",
    ),
    W("post", "/api/application-documents/", expect(405, reviewer=403), lambda w, m: {}),
    # notifications: one's own only, whatever the role
    W("get", "/api/notifications/", ALL),
    W("get", "/api/notifications/{note_a}/", expect(403, unit_liaison=200)),
    W("post", "/api/notifications/{note_a}/read/", expect(403, unit_liaison=200), lambda w, m: {}),
    W("delete", "/api/notifications/{note_a}/", NOPE),
]


# --- annual returns (tests/returns/data.py: unit A files, unit B is "another unit") ----------


def _returns_setup(extra=None):
    def setup(w, m):
        from ..returns.data import make_returns

        make_returns(w)
        if extra is not None:
            extra(w, m)

    return setup


def R(method, url, expected, body=None, setup=None, name="", **kwargs):  # noqa: N802
    return Case(method, url, expected, body, _returns_setup(setup), name, works=True, **kwargs)


def other_campaign(w, m):
    """Last year's returns, in which only unit B reported."""
    from fangzhi.returns import services as returns

    w.campaign_2024 = returns.campaign_open(
        by=w.office_admin, year=2024, due_on=dt.date(2025, 2, 28), units=[w.unit_b]
    )


def returns_signed(w, m):
    """Both units' heads signed off their chronicle returns."""
    from fangzhi.returns import services as returns

    w.rversion_a = returns.submission_sign_off(by=w.unit_head, submission=w.sub_a)
    w.sub_b.refresh_from_db()
    w.rversion_b = returns.submission_sign_off(by=w.head_b, submission=w.sub_b)


def returns_media(w, m):
    """A photo in each unit's media return."""
    from fangzhi.returns import services as returns
    from fangzhi.returns.models import Submission

    from .helpers import jpeg_bytes

    for unit, person in (("a", w.unit_liaison), ("b", w.liaison_b)):
        sub = Submission.objects.get(
            campaign=w.campaign, unit=getattr(w, f"unit_{unit}"), category="media"
        )
        entry, _ = returns.entry_save(
            by=person,
            submission=sub,
            data={"text": "灯会现场", "date": "2025-02-12", "author": "张三"},
            base_revision=sub.revision,
            upload=(jpeg_bytes(), "灯会.jpg"),
        )
        setattr(w, f"photo_{unit}", entry)


def returns_packages(w, m):
    """A finished archive package of each unit."""
    from fangzhi.core.jobs import job_execute
    from fangzhi.returns import services as returns

    for unit, person in (("a", w.unit_liaison), ("b", w.liaison_b)):
        job = returns.package_start(by=person, campaign=w.campaign, unit=getattr(w, f"unit_{unit}"))
        setattr(w, f"package_{unit}", job_execute(job.pk))


def new_entry(sub):
    return lambda w, m: {
        "submission": getattr(w, sub).pk,
        "base_revision": getattr(w, sub).revision,
        "date": "2025-04-01",
        "text": "新的一条大事。",
    }


def tables_upload(w, m):
    from .helpers import upload, xlsx_bytes

    w.sub_a.refresh_from_db()
    return {"file": upload(xlsx_bytes(), "统计表.xlsx"), "base_revision": w.sub_a.revision}


RETURNS_CASES = [
    # campaigns: the office runs them, a unit sees those it reports in
    R("get", "/api/returns-campaigns/", OWN_UNIT),
    R("get", "/api/returns-campaigns/{campaign}/", OWN_UNIT, name="reporting"),
    R(
        "get",
        "/api/returns-campaigns/{campaign_2024}/",
        OFFICE,
        setup=other_campaign,
        name="not reporting",
    ),
    R("get", "/api/returns-campaigns/99999/", MISSING),
    R(
        "post",
        "/api/returns-campaigns/",
        admin(201),
        lambda w, m: {"year": 2026, "due_on": "2027-02-28", "units": [w.unit_a.pk]},
    ),
    R(
        "patch",
        "/api/returns-campaigns/{campaign}/",
        admin(200),
        lambda w, m: {"instructions": "x"},
    ),
    R("put", "/api/returns-campaigns/{campaign}/", expect(405, reviewer=403), lambda w, m: {}),
    R("delete", "/api/returns-campaigns/{campaign}/", expect(405, reviewer=403)),
    R(
        "post",
        "/api/returns-campaigns/{campaign}/units/",
        admin(200),
        lambda w, m: {"units": [w.unit_a.pk]},
    ),
    R("post", "/api/returns-campaigns/{campaign}/close/", admin(200), lambda w, m: {}),
    R("post", "/api/returns-campaigns/{campaign}/next/", admin(201), lambda w, m: {}),
    R(
        "post",
        "/api/returns-campaigns/{campaign}/mappings/",
        admin(201),
        lambda w, m: {"category": "people", "node": w.node_a.pk},
    ),
    R("post", "/api/returns-campaigns/{campaign}/draft/", admin(202), lambda w, m: {}),
    R("get", "/api/returns-campaigns/{campaign}/board/", OFFICE),
    # the mapping to the yearbook's outline: the office's business
    R("get", "/api/returns-mappings/", OFFICE),
    R("get", "/api/returns-mappings/{mapping}/", OFFICE),
    R("get", "/api/returns-mappings/99999/", MISSING),
    R("post", "/api/returns-mappings/{mapping}/remove/", admin(200), lambda w, m: {}),
    R("delete", "/api/returns-mappings/{mapping}/", office(405)),
    # returns: a unit's own; the head signs off, the office returns or accepts
    R("get", "/api/returns-submissions/", OWN_UNIT),
    R("get", "/api/returns-submissions/{sub_a}/", OWN_UNIT, name="own"),
    R("get", "/api/returns-submissions/{sub_b}/", OFFICE, name="other unit"),
    R("get", "/api/returns-submissions/99999/", MISSING),
    R("put", "/api/returns-submissions/{sub_a}/", expect(405, reviewer=403), lambda w, m: {}),
    R("delete", "/api/returns-submissions/{sub_a}/", expect(405, reviewer=403)),
    R(
        "post",
        "/api/returns-submissions/{sub_a}/sign-off/",
        expect(403, unit_head=201),
        lambda w, m: {},
    ),
    R(
        "post",
        "/api/returns-submissions/{sub_b}/sign-off/",
        expect(403),
        lambda w, m: {},
        name="other unit",
    ),
    R(
        "post",
        "/api/returns-submissions/{sub_a}/return/",
        office(200),
        lambda w, m: {"reason": "请补充来源。"},
        setup=returns_signed,
    ),
    R(
        "post",
        "/api/returns-submissions/{sub_a}/accept/",
        office(200),
        lambda w, m: {},
        setup=returns_signed,
    ),
    R(
        "post",
        "/api/returns-submissions/{sub_a}/tables/",
        admin_and_unit(201),
        tables_upload,
        format="multipart",
    ),
    R(
        "post",
        "/api/returns-submissions/package/",
        expect(202, reviewer=403),
        lambda w, m: {"campaign": w.campaign.pk, "unit": w.unit_a.pk},
        name="own unit",
    ),
    R(
        "post",
        "/api/returns-submissions/package/",
        expect(403, office_admin=202, office_editor=202, unit_liaison=400, unit_head=400),
        lambda w, m: {"campaign": w.campaign.pk, "unit": w.unit_b.pk},
        name="other unit",
    ),
    R(
        "get",
        "/api/returns-submissions/package/?job={package_a}",
        OWN_UNIT,
        setup=returns_packages,
        name="own unit",
    ),
    R(
        "get",
        "/api/returns-submissions/package/?job={package_b}",
        OFFICE,
        setup=returns_packages,
        name="other unit",
    ),
    # entries: filled in by the unit (and the office admin), read by the office
    R("get", "/api/returns-entries/", OWN_UNIT),
    R("get", "/api/returns-entries/{entry_a1}/", OWN_UNIT, name="own"),
    R("get", "/api/returns-entries/{entry_b1}/", OFFICE, name="other unit"),
    R("get", "/api/returns-entries/99999/", MISSING),
    R("post", "/api/returns-entries/", admin_and_unit(201), new_entry("sub_a"), name="own"),
    R(
        "post",
        "/api/returns-entries/",
        # Unit B's return is an unknown id to unit A's people.
        expect(403, office_admin=201, unit_liaison=400, unit_head=400),
        new_entry("sub_b"),
        name="other unit",
    ),
    R(
        "patch",
        "/api/returns-entries/{entry_a1}/",
        admin_and_unit(200),
        lambda w, m: {"text": "区委召开全体会议。", "base_revision": w.sub_a.revision},
        name="own",
    ),
    R(
        "patch",
        "/api/returns-entries/{entry_b1}/",
        admin(200),
        lambda w, m: {"text": "灯会。", "base_revision": w.sub_b.revision},
        name="other unit",
    ),
    R("put", "/api/returns-entries/{entry_a1}/", expect(405, reviewer=403), lambda w, m: {}),
    R("delete", "/api/returns-entries/{entry_a1}/", expect(405, reviewer=403)),
    R(
        "post",
        "/api/returns-entries/{entry_a1}/withdraw/",
        admin_and_unit(200),
        lambda w, m: {"base_revision": w.sub_a.revision},
    ),
    R("get", "/api/returns-entries/{photo_a}/file/", OWN_UNIT, setup=returns_media, name="own"),
    R(
        "get",
        "/api/returns-entries/{photo_b}/file/",
        OFFICE,
        setup=returns_media,
        name="other unit",
    ),
    # signed-off versions: read-only
    R("get", "/api/returns-versions/", OWN_UNIT),
    R("get", "/api/returns-versions/{rversion_a}/", OWN_UNIT, setup=returns_signed, name="own"),
    R(
        "get",
        "/api/returns-versions/{rversion_b}/",
        OFFICE,
        setup=returns_signed,
        name="other unit",
    ),
    R("get", "/api/returns-versions/99999/", MISSING),
    R("post", "/api/returns-versions/", expect(405, reviewer=403), lambda w, m: {}),
]


# --- quality checks ---------------------------------------------------------------------------


def quality_data(w, m):
    """A check run with one mark on each of node A and node B, a dismissal on each node
    and an entry of the office's lists (rows made directly: the data, not the rules)."""
    from fangzhi.quality.models import CheckerTerm, CheckMark, CheckRun, Dismissal

    for side, version in (("a", w.version_a), ("b", w.version_b)):
        run = CheckRun.objects.create(version=version, status="done", characters=20)
        mark = CheckMark.objects.create(
            run=run,
            rule="R01",
            category="time",
            severity="warning",
            start=0,
            end=2,
            excerpt=version.text[:2],
            message="相对时间词",
            fingerprint="f" * 32,
        )
        dismissal = Dismissal.objects.create(
            node=version.node,
            version=version,
            rule="R02",
            fingerprint="e" * 32,
            excerpt="我区",
            reason="引文",
            by=w.office_editor,
        )
        setattr(w, f"qrun_{side}", run)
        setattr(w, f"qmark_{side}", mark)
        setattr(w, f"qdismissal_{side}", dismissal)
    w.qterm = CheckerTerm.objects.create(kind="fixed_term", term="解放前", other="1949年前")


def quality_ids(w) -> dict[str, int]:
    names = ["qrun_a", "qrun_b", "qmark_a", "qmark_b", "qdismissal_a", "qdismissal_b", "qterm"]
    return {name: getattr(w, name).pk for name in names if hasattr(w, name)}


def Q(method, url, expected, body=None, name="", **kwargs):  # noqa: N802
    return Case(method, url, expected, body, quality_data, name, works=True, **kwargs)


RECHECK = expect(403, office_admin=202, office_editor=202, unit_liaison=202, unit_head=202)
QUALITY_CASES = [
    Q("get", "/api/quality-runs/", ALL),
    Q("get", "/api/quality-runs/{qrun_a}/", ALL, name="own node"),
    Q("get", "/api/quality-runs/{qrun_b}/", OFFICE, name="other unit"),
    Q("get", "/api/quality-runs/99999/", MISSING),
    Q("post", "/api/quality-runs/{qrun_a}/check-again/", RECHECK, name="own node"),
    Q("post", "/api/quality-runs/{qrun_b}/check-again/", office(202), name="other unit"),
    Q("get", "/api/quality-marks/", ALL),
    Q("get", "/api/quality-marks/?open=true&rule=R01", ALL, name="filtered"),
    Q("get", "/api/quality-marks/{qmark_a}/", ALL, name="own node"),
    Q("get", "/api/quality-marks/{qmark_b}/", OFFICE, name="other unit"),
    Q("get", "/api/quality-marks/99999/", MISSING),
    Q(
        "post",
        "/api/quality-marks/{qmark_a}/dismiss/",
        office(201),
        lambda w, m: {"reason": "人名，不是相对时间"},
    ),
    Q("get", "/api/quality-dismissals/", ALL),
    Q("get", "/api/quality-dismissals/{qdismissal_a}/", ALL, name="own node"),
    Q("get", "/api/quality-dismissals/{qdismissal_b}/", OFFICE, name="other unit"),
    Q("post", "/api/quality-dismissals/{qdismissal_b}/withdraw/", office(200)),
    Q("get", "/api/quality-terms/", OFFICE),
    Q("get", "/api/quality-terms/{qterm}/", OFFICE),
    Q(
        "post",
        "/api/quality-terms/",
        office(201),
        lambda w, m: {"kind": "place_name", "term": "巴南区", "other": "巴县", "valid_from": 1994},
    ),
    Q("patch", "/api/quality-terms/{qterm}/", office(200), lambda w, m: {"other": "1949年10月前"}),
    Q("post", "/api/quality-terms/{qterm}/deactivate/", office(200)),
    Q("put", "/api/quality-terms/{qterm}/", office(405), lambda w, m: {}),
    Q("delete", "/api/quality-terms/{qterm}/", office(405)),
    Q("post", "/api/quality-check/", ALL, lambda w, m: {"text": "今年，我区取得了巨大成就。"}),
]


def returns_ids(w) -> dict[str, int]:
    if not hasattr(w, "campaign"):
        return {}
    names = ["campaign", "campaign_2024", "sub_a", "sub_b", "entry_a1", "entry_b1"]
    names += ["rversion_a", "rversion_b", "photo_a", "photo_b", "package_a", "package_b"]
    mapping = w.campaign.mappings.get(active=True, category="chronicle")
    return {
        **{name: getattr(w, name).pk for name in names if hasattr(w, name)},
        "mapping": mapping.pk,
    }


def works_ids(w) -> dict[str, int]:
    if not hasattr(w, "yearbook"):
        return {}
    note = Notification.objects.filter(recipient=w.unit_liaison).order_by("pk").first()
    names = ["yearbook", "district", "town_work", "own_work", "part", "node_a", "node_b"]
    names += ["version_a", "version_b", "comment_a", "comment_b", "decision"]
    names += ["credit", "credit_b", "review_a", "review_b", "app_a", "app_b", "doc_a", "doc_b"]
    return {
        **{name: getattr(w, name).pk for name in names if hasattr(w, name)},
        "note_a": note.pk,
    }


CASES = [
    # committee
    Case("get", "/api/committee/", ALL),
    Case("get", "/api/committee/{committee}/", OWN_UNIT),
    Case("post", "/api/committee/", NOPE, lambda w, m: {"name": "x"}),
    Case("get", "/api/committee-posts/", ALL),
    Case("get", "/api/committee-posts/{chair}/", OWN_UNIT),
    Case(
        "post",
        "/api/committee-posts/",
        admin(201),
        lambda w, m: {"post": "vice_chair", "person_name": "李副区长", "start_on": "2024-01-01"},
    ),
    Case(
        "post",
        "/api/committee-posts/{chair}/end/",
        admin(200),
        lambda w, m: {"end_on": "2025-01-01"},
    ),
    Case("patch", "/api/committee-posts/{chair}/", NOPE, lambda w, m: {}),
    # member units
    Case("get", "/api/units/", ALL),
    Case("get", "/api/units/{unit_a}/", OWN_UNIT),
    Case("get", "/api/units/{unit_b}/", OFFICE, name="other unit"),
    Case("get", "/api/units/99999/", MISSING),
    Case("get", "/api/units/abc/", MISSING),
    Case("post", "/api/units/", admin(201), new_unit),
    Case(
        "patch",
        "/api/units/{unit_a}/",
        admin_and_unit(200),
        lambda w, m: {"phone": "023-66201234"},
        name="own contact",
    ),
    Case(
        "patch",
        "/api/units/{unit_a}/",
        admin(200),
        lambda w, m: {"name": "区委办公室（改）"},
        name="own name",
    ),
    Case(
        "patch",
        "/api/units/{unit_b}/",
        admin(200),
        lambda w, m: {"phone": "023-1"},
        name="other unit",
    ),
    Case("put", "/api/units/{unit_a}/", NOPE, lambda w, m: {"phone": "1"}),
    Case("delete", "/api/units/{unit_a}/", NOPE),
    Case(
        "post",
        "/api/units/{unit_a}/retire/",
        admin(200),
        lambda w, m: {"effective_on": "2025-01-01", "document_number": "巴南委〔2025〕1号"},
        name="own",
    ),
    Case(
        "post",
        "/api/units/{unit_b}/retire/",
        admin(200),
        lambda w, m: {"effective_on": "2025-01-01", "document_number": "巴南委〔2025〕1号"},
        name="other unit",
    ),
    Case(
        "post",
        "/api/units/{unit_b}/reinstate/",
        admin(200),
        lambda w, m: {"effective_on": "2025-06-01", "document_number": "巴南委〔2025〕9号"},
        setup=retire_b,
    ),
    # membership changes (recorded by the unit services, never written directly)
    Case("get", "/api/membership-changes/", ALL),
    Case("get", "/api/membership-changes/{join_a}/", OWN_UNIT),
    Case("get", "/api/membership-changes/{join_b}/", OFFICE, name="other unit"),
    Case("get", "/api/membership-changes/99999/", MISSING),
    Case("post", "/api/membership-changes/", NOPE, lambda w, m: {}),
    # seats
    Case("get", "/api/seats/", ALL),
    Case("get", "/api/seats/{term_liaison_a}/", OWN_UNIT),
    Case("get", "/api/seats/{term_liaison_b}/", OFFICE, name="other unit"),
    Case("get", "/api/seats/99999/", MISSING),
    Case(
        "post",
        "/api/seats/",
        admin_and_unit(201),
        lambda w, m: {"unit": w.unit_a.pk, "seat": "liaison", "holder": m.spare_a.pk},
        name="own unit",
    ),
    Case(
        "post",
        "/api/seats/",
        # Unit B and its people are unknown ids to unit A's people.
        expect(403, office_admin=201, unit_liaison=400, unit_head=400),
        lambda w, m: {"unit": w.unit_b.pk, "seat": "liaison", "holder": m.spare_b.pk},
        name="other unit",
    ),
    Case(
        "post",
        "/api/seats/{term_liaison_a2}/end/",
        admin_and_unit(200),
        lambda w, m: {"end_on": "2025-01-01", "reason": "调离"},
        name="own unit",
    ),
    Case(
        "post",
        "/api/seats/{term_liaison_b}/end/",
        admin(200),
        lambda w, m: {"end_on": "2025-01-01"},
        name="other unit",
    ),
    Case(
        "post",
        "/api/seats/{term_liaison_a2}/replace/",
        admin_and_unit(200),
        lambda w, m: {"new_holder": m.spare_a.pk, "on": "2025-01-01"},
        name="own unit",
    ),
    Case(
        "post",
        "/api/seats/{term_liaison_b}/replace/",
        admin(200),
        lambda w, m: {"new_holder": m.spare_b.pk, "on": "2025-01-01"},
        name="other unit",
    ),
    # The editor may change no seat at all: refused before the id is looked at.
    Case("post", "/api/seats/99999/end/", admin(404), lambda w, m: {}),
    Case("patch", "/api/seats/{term_liaison_a}/", NOPE, lambda w, m: {}),
    Case("delete", "/api/seats/{term_liaison_a}/", NOPE),
    # people
    Case("get", "/api/people/", ALL),
    Case("get", "/api/people/{liaison_a2}/", OWN_UNIT, name="colleague"),
    Case("get", "/api/people/{liaison_b}/", OFFICE, name="other unit"),
    Case("get", "/api/people/99999/", MISSING),
    Case("post", "/api/people/", admin_and_unit(201), new_person("unit_a")),
    Case(
        "post",
        "/api/people/",
        expect(403, office_admin=201, unit_liaison=400, unit_head=400),
        new_person("unit_b"),
        name="other unit",
    ),
    Case(
        "post",
        "/api/people/",
        admin(201),
        new_person(None, "office_editor"),
        name="office role",
    ),
    Case(
        "patch",
        "/api/people/{liaison_a2}/",
        admin(200),
        lambda w, m: {"phone": "13800000000"},
        name="colleague",
    ),
    Case(
        "patch",
        "/api/people/{liaison_b}/",
        admin(200),
        lambda w, m: {"phone": "13800000000"},
        name="other unit",
    ),
    Case(
        "post",
        "/api/people/{liaison_a2}/reset-password/",
        admin(200),
        lambda w, m: {},
        name="colleague",
    ),
    Case(
        "post",
        "/api/people/{liaison_b}/set-active/",
        admin(200),
        lambda w, m: {"active": False},
        name="other unit",
    ),
    Case("put", "/api/people/{liaison_a2}/", NOPE, lambda w, m: {}),
    Case("delete", "/api/people/{liaison_a2}/", NOPE),
    # the audit trail and jobs (other apps' viewsets, the same rules)
    Case("get", "/api/audit/", admin(200)),
    Case("post", "/api/audit/", admin(405), lambda w, m: {}),
    Case("get", "/api/jobs/", ALL),
    Case("post", "/api/jobs/", admin(201), lambda w, m: {}),
    Case("get", "/api/jobs/{job}/", expect(403, office_admin=200), setup=lambda w, m: _job(w)),
    Case("get", "/api/audit/{entry}/", admin(200)),
    # --- compilation (the works data: unit A writes node A of the yearbook) ---
    *WORKS_CASES,
    # --- annual returns ---
    *RETURNS_CASES,
    # --- quality checks ---
    *QUALITY_CASES,
    # --- search: every signed-in person finds what they may see; a bad query is a 400 ---
    Case("get", "/api/search/?q=区委", ALL, works=True),
    Case("get", "/api/search/?q=%22区委", expect(400), name="unbalanced quote"),
    # The schema describes the endpoints, not data: public documentation.
    Case("get", "/api/schema/", expect(200, public=200)),
]


def ids(w, m) -> dict[str, int]:
    from auditlog.models import LogEntry

    entry = LogEntry.objects.order_by("pk").first()
    return {
        **works_ids(w),
        **returns_ids(w),
        **quality_ids(w),
        "entry": entry.pk if entry else 99999,
        "job": w.job.pk if hasattr(w, "job") else 99999,
        "committee": w.committee.pk,
        "chair": m.chair.pk,
        "unit_a": w.unit_a.pk,
        "unit_b": w.unit_b.pk,
        "join_a": m.join_a.pk,
        "join_b": m.join_b.pk,
        "liaison_a2": w.liaison_a2.pk,
        "liaison_b": w.liaison_b.pk,
        **{f"term_{name}": term.pk for name, term in vars(w.terms).items()},
    }


def case_id(case: Case) -> str:
    return f"{case.method.upper()} {case.url}" + (f" ({case.name})" if case.name else "")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_api_matrix(world, more, api_for, role, case):
    if case.works:
        make_works(world)
    if case.setup:
        case.setup(world, more)
    client = api_for(role)
    kwargs = {"data": case.body(world, more), "format": case.format} if case.body else {}
    response = getattr(client, case.method)(case.url.format(**ids(world, more)), **kwargs)
    assert response.status_code == case.expected[role], response.content.decode()[:300]
    if response.status_code >= 400:
        assert response.json()["detail"], response.content  # one readable message


def test_case_ids_are_unique():
    names = [case_id(c) for c in CASES]
    assert len(names) == len(set(names))


def _normalise(url: str) -> str:
    """``/api/works/{yearbook}/outline/?x=1`` → ``/api/works/{id}/outline/``."""
    url = url.split("?", 1)[0]
    return re.sub(r"^(/api/[^/]+/)(\{[a-z_0-9]+\}|\d+|abc)/", r"\1{id}/", url)


def _routes() -> set[tuple[str, str]]:
    """Every (method, path) the API router serves, paths as ``/api/<prefix>/{id}/<action>/``."""
    from fangzhi.api.urls import router

    found = set()
    for prefix, viewset, _basename in router.registry:
        for route in router.get_routes(viewset):
            mapping = router.get_method_map(viewset, route.mapping)
            url = route.url.replace("{prefix}", prefix).replace("{trailing_slash}", "/")
            url = url.replace("{lookup}", "{id}").strip("^$")
            for method in mapping:
                found.add((method, f"/api/{url}"))
    return found


def test_every_route_is_in_the_matrix():
    covered = {(c.method, _normalise(c.url)) for c in CASES}
    missing = sorted(_routes() - covered)
    assert not missing, f"add these to CASES: {missing}"
