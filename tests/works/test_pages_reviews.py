"""A work's review chain, publication, filing and credits through the pages."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from fangzhi.text.isbn import isbn13_check_digit
from fangzhi.works import services
from fangzhi.works.models import Credit, ReviewDecision, Work
from fangzhi.works.pipelines import pipeline_for
from tests.a11y import assert_accessible

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
ISBN = "978753669293" + isbn13_check_digit("978753669293")


def login(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


def url(name, obj):
    return reverse(f"works:{name}", args=[obj.pk])


def decide(client, work, step, decision="pass", on=TODAY, **extra):
    data = {"step": step, "decision": decision, "decided_on": on.isoformat(), **extra}
    return client.post(url("work_review_decide", work), data)


def reload(work):
    return Work.objects.get(pk=work.pk)


def test_yearbook_through_the_review_page_to_publication(works_world):
    w = works_world
    admin, liaison = login(w.office_admin), login(w.unit_liaison)
    book = w.yearbook
    page = admin.get(url("work_review", book))
    assert [s["step"].code for s in page.context["steps"]] == ["district_approval"]
    assert url("work_submit_review", book) in page.content.decode()
    # A unit that writes for the yearbook may not submit it, nor record a decision.
    assert liaison.post(url("work_submit_review", book)).status_code == 403
    assert admin.post(url("work_submit_review", book)).status_code == 302
    assert reload(book).status == Work.Status.IN_REVIEW

    page = admin.get(url("work_review", book)).content.decode()
    assert 'class="current" aria-current="step"' in page
    assert_accessible(page, url="review")
    assert decide(liaison, book, "district_approval", document_number="x").status_code == 403

    # Publication before approval is refused with the service's message.
    early = admin.post(
        url("work_publication_record", book),
        {"publisher": "重庆出版社", "published_on": TODAY.isoformat()},
    )
    assert early.status_code == 200
    refused = "The work may be published only after its last review step has passed."
    assert escape(gettext(refused)) in early.content.decode()
    assert reload(book).status == Work.Status.IN_REVIEW

    # A step out of order is refused with the message; a pass needs its document.
    wrong = decide(admin, book, "office_acceptance", document_number="巴南府〔2026〕3号")
    assert wrong.status_code == 200
    assert "district_approval" not in str(wrong.context["decision_form"].errors)
    assert str(pipeline_for(book)[0].label) in str(wrong.context["decision_form"].errors)
    no_doc = decide(admin, book, "district_approval")
    assert no_doc.status_code == 200 and "document_number" in no_doc.context["decision_form"].errors
    assert not ReviewDecision.objects.filter(work=book).exists()

    passed = decide(
        admin,
        book,
        "district_approval",
        document_number="巴南府〔2026〕3号",
        attachment=SimpleUploadedFile("批复.pdf", b"%PDF-1.4 approval", "application/pdf"),
    )
    assert passed.status_code == 302
    book = reload(book)
    assert book.status == Work.Status.APPROVED
    decision = ReviewDecision.objects.get(work=book)
    assert (decision.document_number, decision.recorded_by) == ("巴南府〔2026〕3号", w.office_admin)
    # Taking the step twice is refused.
    twice = decide(admin, book, "district_approval", document_number="巴南府〔2026〕3号")
    assert twice.status_code == 200 and ReviewDecision.objects.filter(work=book).count() == 1

    # The unit reads the decision and its document.
    page = liaison.get(url("work_review", book)).content.decode()
    assert "巴南府〔2026〕3号" in page and url("decision_attachment", decision) in page
    attachment = liaison.get(url("decision_attachment", decision))
    assert attachment.status_code == 200 and attachment.content == b"%PDF-1.4 approval"
    assert attachment["Content-Type"] == "application/pdf"
    assert "attachment;" in attachment["Content-Disposition"]

    # Publication: a bad ISBN is refused, then recorded.
    bad = admin.post(
        url("work_publication_record", book),
        {"publisher": "重庆出版社", "isbn": "978-7-5366-9293-9", "published_on": TODAY},
    )
    assert bad.status_code == 200 and "isbn" in bad.context["publication_form"].errors
    assert liaison.post(url("work_publication_record", book), {}).status_code == 403
    done = admin.post(
        url("work_publication_record", book),
        {
            "publisher": "重庆出版社",
            "isbn": ISBN,
            "published_on": TODAY.isoformat(),
            "print_run": 2000,
            "copies_deposited": 5,
        },
    )
    assert done.status_code == 302
    assert reload(book).status == Work.Status.PUBLISHED
    page = liaison.get(url("work_publication", book)).content.decode()
    assert "重庆出版社" in page and ISBN in page and "2000" in page
    assert_accessible(page, url="publication")


def test_return_reasons_are_visible_to_the_compiling_unit(works_world):
    w = works_world
    town = w.town_work
    head_b, office = login(w.head_b), login(w.office_editor)
    assert login(w.liaison_b).post(url("work_submit_review", town)).status_code == 302
    # 编纂单位初审 is the compiling unit's head's step: the office may not take it.
    assert decide(office, town, "compiler_preliminary").status_code == 403
    assert decide(head_b, town, "compiler_preliminary").status_code == 302
    returned = decide(head_b, town, "office_acceptance", decision="return", reasons="x")
    assert returned.status_code == 403  # the office's step
    no_reasons = decide(office, town, "office_acceptance", decision="return")
    assert no_reasons.status_code == 200 and "reasons" in no_reasons.context["decision_form"].errors
    decide(office, town, "office_acceptance", decision="return", reasons="大事记缺少2024年内容。")
    assert reload(town).status == Work.Status.RETURNED

    page = login(w.liaison_b).get(url("work_review", town)).content.decode()
    panel = page[page.index('class="returned panel"') :]
    assert "大事记缺少2024年内容。" in panel[: panel.index("</section>")]
    assert url("work_submit_review", town) in page  # submit again
    # Another unit cannot see the work at all.
    assert login(w.unit_liaison).get(url("work_review", town)).status_code == 403


def test_unit_named_work_published_and_filed_with_the_overdue_flag(works_world):
    w = works_world
    town = w.town_work
    long_ago = TODAY - dt.timedelta(days=200)
    published = TODAY - dt.timedelta(days=120)
    services.work_submit_for_review(by=w.head_b, work=town)
    assert decide(login(w.head_b), town, "compiler_preliminary", on=long_ago).status_code == 302
    office = login(w.office_admin)
    assert (
        decide(
            office, reload(town), "office_acceptance", on=long_ago, document_number="验收〔1〕"
        ).status_code
        == 302
    )
    # The compiling unit's head records its publication.
    response = login(w.head_b).post(
        url("work_publication_record", town),
        {"publisher": "重庆出版社", "published_on": published.isoformat()},
    )
    assert response.status_code == 302
    page = office.get(url("work_publication", town))
    assert page.context["filing_overdue"] is True
    assert page.context["filing_due"] == services.filing_due(reload(town))
    html = page.content.decode()
    assert "status-error" in html and url("work_filing_record", town) in html
    assert login(w.head_b).post(url("work_filing_record", town), {}).status_code == 403
    filed = office.post(
        url("work_filing_record", town),
        {"filed_on": TODAY.isoformat(), "document_number": "备〔7〕"},
    )
    assert filed.status_code == 302
    town = reload(town)
    assert town.status == Work.Status.FILED and town.filing.document_number == "备〔7〕"
    page = office.get(url("work_publication", town))
    assert page.context["filing_overdue"] is False and page.context["can_file"] is False


def test_credits_generate_withdraw_print_and_word(works_world):
    w = works_world
    admin, liaison = login(w.office_admin), login(w.unit_liaison)
    book = w.yearbook
    assert liaison.post(url("work_credits_generate", book)).status_code == 403
    assert admin.post(url("work_credits_generate", book)).status_code == 302
    names = set(Credit.objects.filter(work=book).values_list("role", "name"))
    assert (Credit.Role.WRITER, str(w.unit_liaison)) in names
    assert (Credit.Role.REVIEWER, str(w.office_editor)) in names
    admin.post(
        url("work_credit_add", book), {"role": "chief_editor", "name": "张主编", "unit_name": ""}
    )
    dup = admin.post(url("work_credit_add", book), {"role": "chief_editor", "name": "张主编"})
    assert dup.status_code == 200 and dup.context["credit_form"].errors

    page = liaison.get(url("work_credits", book))
    html = page.content.decode()
    assert w.yearbook.compiler.name in html
    roles = [g["role"] for g in page.context["groups"]]
    assert roles == [r for r in Credit.Role.values if r in roles] and roles[0] == "chief_editor"
    body = html[html.index("<h1") :]
    assert body.index("张主编") < body.index(str(w.unit_liaison))  # 主编 before 撰稿
    assert_accessible(html, url="credits")

    chief = Credit.objects.get(name="张主编")
    assert liaison.post(url("credit_withdraw", chief)).status_code == 403
    assert admin.post(url("credit_withdraw", chief)).status_code == 302
    chief.refresh_from_db()
    assert chief.withdrawn
    assert "<del>张主编</del>" in admin.get(url("work_credits", book)).content.decode()
    assert "张主编" not in liaison.get(url("work_credits", book)).content.decode()

    printable = liaison.get(url("work_credits_print", book)).content.decode()
    assert str(w.unit_liaison) in printable and "张主编" not in printable
    assert "css/manuscript.css" in printable
    assert "@media print" in Path(finders.find("css/manuscript.css")).read_text(encoding="utf-8")
    assert_accessible(printable, url="print")

    from docx import Document

    response = liaison.get(url("work_credits_docx", book))
    assert response.status_code == 200 and "filename*=utf-8''" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Heading 1", str(Credit.Role.WRITER.label)) in paragraphs
    assert any(text.startswith(str(w.unit_liaison)) for _, text in paragraphs)
    assert not any("张主编" in text for _, text in paragraphs)
    assert any(book.compiler.name in text for _, text in paragraphs)


def test_forged_csrf_is_refused_on_a_decision(works_world):
    w = works_world
    services.work_submit_for_review(by=w.office_admin, work=w.yearbook)
    client = login(w.office_admin, enforce_csrf_checks=True)
    response = decide(
        client, w.yearbook, "district_approval", document_number="x", csrfmiddlewaretoken="forged"
    )
    assert response.status_code == 403
    assert not ReviewDecision.objects.exists()
