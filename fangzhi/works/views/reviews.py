"""Pages: a work's way to publication (三.四) — the review chain, publication, filing
(备案) and credits (署名).

Each page shows a work reached through ``visible_object``; its forms post to POST-only
actions that call the services in ``works.services.reviews`` and, when a rule refuses,
render the page again with the form's errors in the user's words.
"""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View

from fangzhi.core.errors import Forbidden, ServiceError
from fangzhi.core.files import file_read
from fangzhi.core.querysets import CHANGE
from fangzhi.core.views import attachment, visible_object

from .. import services
from ..forms.reviews import CreditForm, DecisionForm, FilingForm, PublicationForm
from ..models import Credit, Filing, Publication, ReviewDecision, Work
from ..pipelines import needs_filing, pipeline_for
from ..services.common import is_admin
from ..services.reviews import can_publish, can_submit_work, can_take_step
from .manuscripts import add_service_error, safe_filename, work_url

DONE_STATUSES = (Work.Status.APPROVED, Work.Status.PUBLISHED, Work.Status.FILED)
# Attachments are documents (PDF, scans, Word); anything else is served as bytes.
SAFE_ATTACHMENT_TYPES = {
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/tiff",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/zip",
}


def work_for(request: Any, pk: int) -> Work:
    return visible_object(Work, request.user, pk)


# --- page contexts -------------------------------------------------------------------------


def review_context(request: Any, work: Work, **forms: Any) -> dict[str, Any]:
    user = request.user
    decisions = list(
        ReviewDecision.objects.visible_to(user)
        .filter(work=work)
        .select_related("recorded_by", "attachment")
        .order_by("round", "step_index", "id")
    )
    current = services.current_step(work)
    in_chain = work.status in (Work.Status.IN_REVIEW, Work.Status.RETURNED)
    steps = []
    for index, step in enumerate(pipeline_for(work)):
        if work.status in DONE_STATUSES or (in_chain and index < work.step_index):
            state = "done"
        elif in_chain and index == work.step_index:
            state = "current"
        else:
            state = "pending"
        steps.append(
            {
                "step": step,
                "number": index + 1,
                "state": state,
                "decisions": [d for d in decisions if d.step == step.code],
            }
        )
    returned = None
    if work.status == Work.Status.RETURNED:
        returned = next(
            (d for d in reversed(decisions) if d.decision == ReviewDecision.Decision.RETURN), None
        )
    can_decide = (
        current is not None
        and work.status == Work.Status.IN_REVIEW
        and can_take_step(user, work, current)
    )
    return {
        "work": work,
        "work_url": work_url(work),
        "steps": steps,
        "current": current,
        "returned": returned,
        "needs_filing": needs_filing(work),
        "can_submit": can_submit_work(user, work)
        and work.status in (Work.Status.COMPILING, Work.Status.RETURNED),
        "can_decide": can_decide,
        "decision_form": forms.get("decision_form")
        or DecisionForm(initial={"step": current.code if current else ""}),
    }


def publication_context(request: Any, work: Work, **forms: Any) -> dict[str, Any]:
    user = request.user
    publication = Publication.objects.visible_to(user).filter(work=work).first()
    filing = Filing.objects.visible_to(user).filter(work=work).select_related("received_by")
    filing = filing.first()
    return {
        "work": work,
        "work_url": work_url(work),
        "publication": publication,
        "filing": filing,
        "needs_filing": needs_filing(work),
        "filing_due": services.filing_due(work),
        "filing_overdue": services.filing_overdue(work),
        "can_publish": publication is None and can_publish(user, work),
        "can_file": filing is None
        and is_admin(user)
        and needs_filing(work)
        and work.status == Work.Status.PUBLISHED,
        "approved": work.status == Work.Status.APPROVED,
        "publication_form": forms.get("publication_form") or PublicationForm(),
        "filing_form": forms.get("filing_form") or FilingForm(),
    }


def credit_groups(work: Work, credits: Any) -> list[dict[str, Any]]:
    """Credits grouped by role, in the order of ``Credit.Role`` (主编 first)."""
    groups = []
    for value, label in Credit.Role.choices:
        members = [c for c in credits if c.role == value]
        if members:
            groups.append({"role": value, "label": label, "credits": members})
    return groups


def visible_credits(request: Any, work: Work, *, with_withdrawn: bool) -> list[Credit]:
    credits = Credit.objects.visible_to(request.user).filter(work=work)
    if not with_withdrawn:
        credits = credits.filter(withdrawn=False)
    return list(credits.order_by("sort_order", "id"))


def credits_context(request: Any, work: Work, **forms: Any) -> dict[str, Any]:
    admin = is_admin(request.user)
    credits = visible_credits(request, work, with_withdrawn=admin)
    return {
        "work": work,
        "work_url": work_url(work),
        "groups": credit_groups(work, credits),
        "is_admin": admin,
        "credit_form": forms.get("credit_form") or CreditForm(),
    }


# --- pages ---------------------------------------------------------------------------------


class _WorkPage(LoginRequiredMixin, View):
    template_name = ""

    @staticmethod
    def context(request: Any, work: Work, **forms: Any) -> dict[str, Any]:
        raise NotImplementedError

    def get(self, request: Any, pk: int) -> HttpResponse:
        work = work_for(request, pk)
        return render(request, self.template_name, self.context(request, work))


class ReviewView(_WorkPage):
    template_name = "works/review_detail.html"
    context = staticmethod(review_context)


class PublicationView(_WorkPage):
    template_name = "works/publication_detail.html"
    context = staticmethod(publication_context)


class CreditsView(_WorkPage):
    template_name = "works/credits_detail.html"
    context = staticmethod(credits_context)


class CreditsPrintView(LoginRequiredMixin, View):
    def get(self, request: Any, pk: int) -> HttpResponse:
        work = work_for(request, pk)
        groups = credit_groups(work, visible_credits(request, work, with_withdrawn=False))
        ctx = {"work": work, "work_url": work_url(work), "groups": groups}
        return render(request, "works/credits_print.html", ctx)


class CreditsDocxView(LoginRequiredMixin, View):
    """The credits page as a Word file: the title, the copyright holder, a heading per
    role and the names under it."""

    def get(self, request: Any, pk: int) -> HttpResponse:
        from docx import Document

        work = work_for(request, pk)
        groups = credit_groups(work, visible_credits(request, work, with_withdrawn=False))
        document = Document()
        document.add_heading(_("Credits of %(title)s") % {"title": work.title}, level=0)
        document.add_paragraph(_("Copyright belongs to %(unit)s") % {"unit": work.compiler.name})
        for group in groups:
            document.add_heading(str(group["label"]), level=1)
            for credit in group["credits"]:
                name = credit.name
                if credit.unit_name:
                    name = f"{name}（{credit.unit_name}）"
                document.add_paragraph(name)
        buffer = io.BytesIO()
        document.save(buffer)
        name = safe_filename(_("《%(title)s》credits.docx") % {"title": work.title}, "credits.docx")
        return attachment(
            buffer.getvalue(),
            name,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )


class DecisionAttachmentView(LoginRequiredMixin, View):
    """A review decision's document, only to who can see the work."""

    def get(self, request: Any, pk: int) -> HttpResponse:
        decision = visible_object(ReviewDecision, request.user, pk)
        if decision.attachment is None:
            raise Http404
        stored = decision.attachment
        content_type = stored.content_type
        if content_type not in SAFE_ATTACHMENT_TYPES:
            content_type = "application/octet-stream"
        name = safe_filename(decision.attachment_name, f"decision-{decision.pk}")
        return attachment(file_read(stored), name, content_type)


# --- actions -------------------------------------------------------------------------------


class _WorkAction(LoginRequiredMixin, View):
    """A POST-only action on a work; ``allowed`` mirrors the service's permission so a
    refused person gets 403 before any form is read. The service still decides."""

    page: Any = None
    form_class: Any = None
    form_key = ""
    anchor = ""

    def allowed(self, user: Any, work: Work) -> bool:
        return True

    def perform(self, form: Any) -> Any:  # pragma: no cover - subclasses implement
        raise NotImplementedError

    def success_message(self) -> str:
        return ""

    def page_url(self) -> str:
        url = reverse(self.page_name, args=[self.work.pk])
        return f"{url}#{self.anchor}" if self.anchor else url

    page_name = ""

    def post(self, request: Any, pk: int) -> HttpResponse:
        self.work = work_for(request, pk)
        if not self.allowed(request.user, self.work):
            raise PermissionDenied
        form = self.form_class(request.POST, request.FILES) if self.form_class else None
        if form is None or form.is_valid():
            try:
                self.result = self.perform(form)
            except Forbidden as exc:
                raise PermissionDenied(str(exc)) from exc
            except ServiceError as exc:
                if form is None:
                    messages.error(request, str(exc))
                    return redirect(self.page_url())
                add_service_error(form, exc)
            else:
                if message := self.success_message():
                    messages.success(request, message)
                return redirect(self.page_url())
        self.work.refresh_from_db()
        ctx = self.page.context(request, self.work, **{self.form_key: form})
        return render(request, self.page.template_name, ctx)


class SubmitForReviewView(_WorkAction):
    page = ReviewView
    page_name = "works:work_review"

    def allowed(self, user: Any, work: Work) -> bool:
        return can_submit_work(user, work)

    def perform(self, form: Any) -> Any:
        return services.work_submit_for_review(by=self.request.user, work=self.work)

    def success_message(self) -> str:
        return _("The work has been submitted for review.")


class DecisionRecordView(_WorkAction):
    page = ReviewView
    page_name = "works:work_review"
    form_class = DecisionForm
    form_key = "decision_form"

    def allowed(self, user: Any, work: Work) -> bool:
        # Whoever may take some step of the chain; the service judges which step waits.
        return any(can_take_step(user, work, step) for step in pipeline_for(work))

    def perform(self, form: Any) -> Any:
        d = form.cleaned_data
        upload = d.get("attachment")
        return services.review_step_record(
            by=self.request.user,
            work=self.work,
            step=d["step"],
            decision=d["decision"],
            decided_on=d["decided_on"],
            reasons=d["reasons"],
            document_number=d["document_number"],
            attachment=upload.read() if upload else None,
            attachment_name=upload.name if upload else "",
            attachment_type=(upload.content_type or "application/octet-stream")
            if upload
            else "application/octet-stream",
        )

    def success_message(self) -> str:
        return _("The decision has been recorded: %(step)s.") % {"step": self.result.step_label}


class PublicationRecordView(_WorkAction):
    page = PublicationView
    page_name = "works:work_publication"
    form_class = PublicationForm
    form_key = "publication_form"

    def allowed(self, user: Any, work: Work) -> bool:
        return can_publish(user, work)

    def perform(self, form: Any) -> Any:
        return services.publication_record(
            by=self.request.user, work=self.work, **form.cleaned_data
        )

    def success_message(self) -> str:
        return _("The publication has been recorded.")


class FilingRecordView(_WorkAction):
    page = PublicationView
    page_name = "works:work_publication"
    form_class = FilingForm
    form_key = "filing_form"

    def allowed(self, user: Any, work: Work) -> bool:
        return is_admin(user)

    def perform(self, form: Any) -> Any:
        return services.filing_record(by=self.request.user, work=self.work, **form.cleaned_data)

    def success_message(self) -> str:
        return _("The filing has been recorded.")


class CreditAddView(_WorkAction):
    page = CreditsView
    page_name = "works:work_credits"
    form_class = CreditForm
    form_key = "credit_form"

    def allowed(self, user: Any, work: Work) -> bool:
        return is_admin(user)

    def perform(self, form: Any) -> Any:
        return services.credit_add(by=self.request.user, work=self.work, **form.cleaned_data)

    def success_message(self) -> str:
        return _("The credit has been added.")


class CreditsGenerateView(CreditAddView):
    form_class = None

    def perform(self, form: Any) -> Any:
        return services.credits_generate(by=self.request.user, work=self.work)

    def success_message(self) -> str:
        return _("%(n)d credits were added from the work's records.") % {"n": self.result}


class CreditWithdrawView(LoginRequiredMixin, View):
    def post(self, request: Any, pk: int) -> HttpResponse:
        credit = visible_object(Credit, request.user, pk, CHANGE)
        try:
            services.credit_withdraw(by=request.user, credit=credit)
        except Forbidden as exc:
            raise PermissionDenied(str(exc)) from exc
        except ServiceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The credit has been withdrawn; it is kept in the record."))
        return redirect("works:work_credits", pk=credit.work_id)


urls = [
    path("<int:pk>/review/", ReviewView.as_view(), name="work_review"),
    path("<int:pk>/review/submit/", SubmitForReviewView.as_view(), name="work_submit_review"),
    path("<int:pk>/review/decide/", DecisionRecordView.as_view(), name="work_review_decide"),
    path(
        "decisions/<int:pk>/attachment/",
        DecisionAttachmentView.as_view(),
        name="decision_attachment",
    ),
    path("<int:pk>/publication/", PublicationView.as_view(), name="work_publication"),
    path(
        "<int:pk>/publication/record/",
        PublicationRecordView.as_view(),
        name="work_publication_record",
    ),
    path("<int:pk>/publication/filing/", FilingRecordView.as_view(), name="work_filing_record"),
    path("<int:pk>/credits/", CreditsView.as_view(), name="work_credits"),
    path("<int:pk>/credits/add/", CreditAddView.as_view(), name="work_credit_add"),
    path("<int:pk>/credits/generate/", CreditsGenerateView.as_view(), name="work_credits_generate"),
    path("<int:pk>/credits/print/", CreditsPrintView.as_view(), name="work_credits_print"),
    path("<int:pk>/credits/docx/", CreditsDocxView.as_view(), name="work_credits_docx"),
    path("credits/<int:pk>/withdraw/", CreditWithdrawView.as_view(), name="credit_withdraw"),
]
