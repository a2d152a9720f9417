"""Pages of the campaigns (资料年报, 三.六): list, open, detail, edit, close, next year's;
the office's progress board and its XLSX export; the mapping to the yearbook's outline
and the yearbook draft generated from accepted returns.

The office admin changes; the office editor reads everything; a reporting unit's people
read the campaigns they report in and go on to their own returns page.
"""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from openpyxl import Workbook

from fangzhi.accounts.roles import UNIT_ROLES, role_of
from fangzhi.core.errors import Forbidden, ServiceError
from fangzhi.core.querysets import CHANGE
from fangzhi.core.views import FangzhiDetailView, FangzhiListView, ServiceFormView, visible_object
from fangzhi.text.cells import safe_cell

from .. import selectors, services
from ..forms import (
    BoardFilterForm,
    CampaignEditForm,
    CampaignNextForm,
    CampaignOpenForm,
    MappingForm,
)
from ..models import Campaign, YearbookMapping
from ..services.common import is_admin, is_office


class CampaignListView(FangzhiListView):
    model = Campaign
    template_name = "returns/campaign_list.html"

    def get_queryset(self) -> Any:
        if Campaign.visibility(self.request.user, "view") is None:
            raise PermissionDenied  # outside reviewers have no part in the returns
        return super().get_queryset().select_related("yearbook")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["object_list"] = selectors.with_counts(list(ctx["object_list"]))
        ctx["is_admin"] = is_admin(user)
        ctx["is_office"] = is_office(user)
        if role_of(user) in UNIT_ROLES:
            for campaign in ctx["object_list"]:
                campaign.my_url = selectors.unit_returns_url(campaign.pk, user.unit_id)
        return ctx


class CampaignDetailView(FangzhiDetailView):
    model = Campaign
    template_name = "returns/campaign_detail.html"
    context_object_name = "campaign"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("yearbook", "based_on", "created_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        campaign, user = self.object, self.request.user
        ctx["is_admin"] = is_admin(user)
        ctx["is_office"] = is_office(user)
        ctx["is_open"] = campaign.status == Campaign.Status.OPEN
        if is_office(user):
            ctx["reporting_units"] = (
                campaign.reporting_units.filter(active=True)
                .select_related("unit")
                .order_by("unit__sort_order", "unit__name")
            )
            for row in ctx["reporting_units"]:
                row.url = selectors.unit_returns_url(campaign.pk, row.unit_id)
            counts = selectors.with_counts([campaign])[0].counts
            ctx["progress"] = [(s.label, counts.get(str(s), 0)) for s in selectors.STATUSES]
            ctx["mappings"] = campaign.mappings.filter(active=True).select_related("node", "unit")
            ctx["versions"] = selectors.generated_versions(campaign)
            ctx["has_next"] = Campaign.objects.filter(year=campaign.year + 1).exists()
        elif role_of(user) in UNIT_ROLES:
            ctx["my_url"] = selectors.unit_returns_url(campaign.pk, user.unit_id)
        return ctx


def campaign_for_change(user: Any, pk: int) -> Campaign:
    """The campaign, for the office admin only (others: 403 whether or not it exists)."""
    return visible_object(Campaign, user, pk, CHANGE)


def campaign_for_office(user: Any, pk: int) -> Campaign:
    """The campaign, for the office (the board, the mapping): units and reviewers get 403."""
    if not is_office(user):
        raise PermissionDenied
    return visible_object(Campaign, user, pk)


class CampaignOpenView(ServiceFormView):
    form_class = CampaignOpenForm
    template_name = "returns/campaign_form.html"
    success_message = gettext_lazy("The annual returns have been opened.")

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not is_admin(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def chosen_yearbook(self) -> Any:
        """The yearbook named in ``?yearbook=``, else the latest one without returns."""
        yearbooks = CampaignOpenForm(user=self.request.user).fields["yearbook"].queryset
        pk = self.request.GET.get("yearbook", "")
        if pk.isdigit():
            return yearbooks.filter(pk=pk).first()
        taken = Campaign.objects.values("year")
        return yearbooks.exclude(year__in=taken).first()

    def get_initial(self) -> dict[str, Any]:
        yearbook = self.chosen_yearbook()
        if yearbook is None:
            return {}
        return {
            "year": yearbook.year,
            "yearbook": yearbook,
            "units": services.contributing_units(yearbook),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["heading"] = _("Open the annual returns")
        ctx["cancel_url"] = reverse("returns:campaign_list")
        ctx["yearbooks"] = ctx["form"].fields["yearbook"].queryset
        ctx["chosen_yearbook"] = self.chosen_yearbook()
        return ctx

    def perform(self, form: Any) -> Campaign:
        return services.campaign_open(by=self.request.user, **form.service_kwargs())

    def get_success_url(self) -> str:
        return reverse("returns:campaign_detail", args=[self.result.pk])


class _CampaignForm(ServiceFormView):
    """A form acting on one campaign, for the office admin."""

    template_name = "returns/campaign_form.html"
    heading: Any = ""

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.campaign = campaign_for_change(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["heading"] = self.heading
        ctx["campaign"] = self.campaign
        ctx["cancel_url"] = reverse("returns:campaign_detail", args=[self.campaign.pk])
        return ctx

    def get_success_url(self) -> str:
        return reverse("returns:campaign_detail", args=[self.campaign.pk])


class CampaignEditView(_CampaignForm):
    form_class = CampaignEditForm
    heading = gettext_lazy("Edit the annual returns")
    success_message = gettext_lazy("Saved.")

    def get_initial(self) -> dict[str, Any]:
        c = self.campaign
        return {
            "due_on": c.due_on,
            "instructions": c.instructions,
            "units": [r.unit for r in c.reporting_units.filter(active=True).select_related("unit")],
        }

    def perform(self, form: Any) -> Campaign:
        d = form.cleaned_data
        user = self.request.user
        # Both or neither: a refused set of units leaves the dates and instructions as they were.
        with transaction.atomic():
            services.campaign_update(
                by=user, campaign=self.campaign, due_on=d["due_on"], instructions=d["instructions"]
            )
            return services.campaign_units_set(
                by=user, campaign=self.campaign, units=list(d["units"])
            )


class CampaignNextView(_CampaignForm):
    form_class = CampaignNextForm
    heading = gettext_lazy("Open next year's returns from this one")
    success_message = gettext_lazy(
        "Next year's returns have been opened with this year's units, instructions and mapping."
    )

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "year": self.campaign.year + 1,
        }

    def perform(self, form: Any) -> Campaign:
        d = form.cleaned_data
        return services.campaign_next(
            by=self.request.user,
            previous=self.campaign,
            due_on=d["due_on"],
            yearbook=d["yearbook"],
        )

    def get_success_url(self) -> str:
        return reverse("returns:campaign_detail", args=[self.result.pk])


class _CampaignAction(LoginRequiredMixin, View):
    """A POST-only action from the campaign's page; errors come back as messages."""

    def act(self, request: Any, campaign: Campaign) -> HttpResponse | None:
        raise NotImplementedError

    def post(self, request: Any, pk: int) -> HttpResponse:
        campaign = campaign_for_change(request.user, pk)
        try:
            response = self.act(request, campaign)
        except Forbidden as exc:
            raise PermissionDenied(str(exc)) from exc
        except ServiceError as exc:
            messages.error(request, str(exc))
            response = None
        return response or HttpResponseRedirect(self.back(campaign))

    def back(self, campaign: Campaign) -> str:
        return reverse("returns:campaign_detail", args=[campaign.pk])


class CampaignCloseView(_CampaignAction):
    def act(self, request: Any, campaign: Campaign) -> None:
        services.campaign_close(by=request.user, campaign=campaign)
        messages.success(request, _("The annual returns are closed."))


class DraftStartView(_CampaignAction):
    """Generate the yearbook draft from the accepted returns, in the background."""

    def act(self, request: Any, campaign: Campaign) -> HttpResponse:
        job = services.draft_start(by=request.user, campaign=campaign)
        messages.success(request, _("The yearbook draft is being generated."))
        return HttpResponseRedirect(reverse("core:job_detail", args=[job.pk]))


# --- the progress board ----------------------------------------------------------------


class BoardView(LoginRequiredMixin, TemplateView):
    template_name = "returns/board.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        campaign = campaign_for_office(self.request.user, self.kwargs["pk"])
        form = BoardFilterForm(self.request.GET or None)
        ctx.update(
            campaign=campaign,
            form=form,
            board=selectors.board(campaign, status=form.wanted()),
            query_string=self.request.GET.urlencode(),
        )
        return ctx


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def board_xlsx(board: selectors.Board) -> bytes:
    """The board as a workbook: a unit per row, a category per column, each cell the status
    in words (and 逾期 when overdue); the counts per status below. Unit names are what
    people typed, so every text cell is defused (CSV/XLSX injection)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(safe_cell(str(board.campaign))[:31])
    sheet.append([_("Reporting unit"), *(label for _c, label in board.categories), _("Overdue")])
    overdue = _("overdue")
    for row in board.rows:
        cells = [
            f"{c.status_label}（{overdue}）" if c.overdue else c.status_label for c in row.cells
        ]
        sheet.append([safe_cell(x) for x in (row.unit.name, *cells)] + [row.overdue])
    sheet.append([])
    for _status, label, counts in board.column_counts:
        sheet.append([safe_cell(label), *counts[:7]])
    sheet.append([overdue, *board.overdue_counts[:7]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class BoardExportView(LoginRequiredMixin, View):
    def get(self, request: Any, pk: int) -> HttpResponse:
        campaign = campaign_for_office(request.user, pk)
        form = BoardFilterForm(request.GET or None)
        data = selectors.board(campaign, status=form.wanted())
        response = HttpResponse(board_xlsx(data), content_type=XLSX_CONTENT_TYPE)
        name = f"returns-{campaign.year}-board.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response


# --- the mapping to the yearbook ---------------------------------------------------------


class MappingView(ServiceFormView):
    """The office reads the mapping; the office admin sets and removes its lines."""

    form_class = MappingForm
    template_name = "returns/mapping.html"
    success_message = gettext_lazy("The mapping has been saved.")

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.campaign = campaign_for_office(request.user, kwargs["pk"])
            if request.method == "POST" and not is_admin(request.user):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "campaign": self.campaign}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        campaign = self.campaign
        nodes = selectors.yearbook_nodes(campaign)
        ctx.update(
            campaign=campaign,
            is_admin=is_admin(self.request.user),
            mappings=campaign.mappings.filter(active=True)
            .select_related("node", "unit")
            .order_by("category", "unit__sort_order", "pk"),
            suggestions=selectors.mapping_suggestions(campaign, nodes),
            has_nodes=bool(nodes),
        )
        return ctx

    def perform(self, form: Any) -> YearbookMapping:
        d = form.cleaned_data
        return services.mapping_set(
            by=self.request.user,
            campaign=self.campaign,
            category=d["category"],
            node=d["node"],
            unit=d["unit"],
        )

    def get_success_url(self) -> str:
        return reverse("returns:mapping", args=[self.campaign.pk])


class MappingRemoveView(LoginRequiredMixin, View):
    def post(self, request: Any, pk: int) -> HttpResponse:
        if not is_admin(request.user):
            raise PermissionDenied
        mapping = visible_object(YearbookMapping, request.user, pk, CHANGE)
        try:
            services.mapping_remove(by=request.user, mapping=mapping)
        except Forbidden as exc:
            raise PermissionDenied(str(exc)) from exc
        except ServiceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The mapping line has been removed."))
        return HttpResponseRedirect(reverse("returns:mapping", args=[mapping.campaign_id]))


urls = [
    path("", CampaignListView.as_view(), name="campaign_list"),
    path("new/", CampaignOpenView.as_view(), name="campaign_open"),
    path("<int:pk>/", CampaignDetailView.as_view(), name="campaign_detail"),
    path("<int:pk>/edit/", CampaignEditView.as_view(), name="campaign_edit"),
    path("<int:pk>/close/", CampaignCloseView.as_view(), name="campaign_close"),
    path("<int:pk>/next/", CampaignNextView.as_view(), name="campaign_next"),
    path("<int:pk>/board/", BoardView.as_view(), name="board"),
    path("<int:pk>/board.xlsx", BoardExportView.as_view(), name="board_export"),
    path("<int:pk>/mapping/", MappingView.as_view(), name="mapping"),
    path("mappings/<int:pk>/remove/", MappingRemoveView.as_view(), name="mapping_remove"),
    path("<int:pk>/draft/", DraftStartView.as_view(), name="draft_start"),
]
