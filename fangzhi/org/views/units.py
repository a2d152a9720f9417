"""Member units and their seats: list, detail with seat history, replacements (自行替补)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fangzhi.accounts.models import User
from fangzhi.core.querysets import CHANGE
from fangzhi.core.views import FangzhiDetailView, FangzhiListView, ServiceFormView, visible_object

from .. import services
from ..filters import UnitFilter
from ..forms import EndForm, SeatAppointForm, SeatReplaceForm, UnitEditForm
from ..models import SeatTerm, Unit

CURRENT_TERMS = Prefetch(
    "seat_terms",
    queryset=SeatTerm.objects.filter(end_on__isnull=True).select_related("holder"),
    to_attr="open_terms",
)


class UnitListView(FangzhiListView):
    model = Unit
    template_name = "org/unit_list.html"
    partial_template_name = "org/_unit_table.html"
    filterset_class = UnitFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related(CURRENT_TERMS)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["can_manage"] = services.can_manage_membership(self.request.user)
        return ctx


class UnitDetailView(FangzhiDetailView):
    model = Unit
    template_name = "org/unit_detail.html"
    context_object_name = "unit"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        unit = self.object
        user = self.request.user
        terms = (
            SeatTerm.objects.visible_to(user)
            .filter(unit=unit)
            .select_related("holder", "appointed_by", "replaces__holder")
        )
        ctx["current_terms"] = [t for t in terms if t.end_on is None]
        ctx["history"] = sorted(terms, key=lambda t: (t.start_on, t.pk), reverse=True)
        ctx["has_head"] = any(t.seat == SeatTerm.Seat.HEAD for t in ctx["current_terms"])
        ctx["changes"] = unit.membership_changes.select_related("recorded_by")
        ctx["can_manage_seats"] = services.can_manage_seats(user, unit) and unit.is_active
        ctx["can_edit"] = services.can_edit_unit_contact(user, unit)
        ctx["can_manage_membership"] = services.can_manage_membership(user)
        return ctx


class _UnitSeatForm(ServiceFormView):
    """Forms acting on one unit's seats; only those who may manage them get in."""

    template_name = "org/form.html"
    heading: Any = ""

    def get_unit(self) -> Unit:
        raise NotImplementedError

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.unit = self.get_unit()
            if not services.can_manage_seats(request.user, self.unit):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def unit_people(self, seat: str | None = None) -> Any:
        people = User.objects.visible_to(self.request.user).filter(unit=self.unit, is_active=True)
        if seat is not None:
            people = people.filter(role=services.SEAT_ROLE[seat])
        return people

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["heading"] = self.heading
        ctx["subject"] = self.unit
        ctx["cancel_url"] = reverse("org:unit_detail", args=[self.unit.pk])
        return ctx

    def get_success_url(self) -> str:
        return reverse("org:unit_detail", args=[self.unit.pk])


class _TermForm(_UnitSeatForm):
    def get_unit(self) -> Unit:
        self.term = visible_object(SeatTerm, self.request.user, self.kwargs["pk"], CHANGE)
        return self.term.unit

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["term"] = self.term
        return ctx


class SeatReplaceView(_TermForm):
    form_class = SeatReplaceForm
    template_name = "org/seat_replace.html"
    heading = _("Replace")
    success_message = _("The replacement has been recorded.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["people"] = self.unit_people(self.term.seat).exclude(pk=self.term.holder_id)
        return kwargs

    def perform(self, form: Any) -> Any:
        d = form.cleaned_data
        common = {"on": d["on"], "reason": d["reason"], "disable_leaver": d["disable_leaver"]}
        if d.get("holder"):
            return (
                services.seat_replace(
                    by=self.request.user, term=self.term, new_holder=d["holder"], **common
                ),
                None,
                None,
            )
        return services.seat_replace_with_new_person(
            by=self.request.user,
            term=self.term,
            full_name=d["full_name"],
            username=d["username"],
            phone=d["phone"],
            email=d["email"],
            **common,
        )

    def form_valid(self, form: Any) -> Any:
        response = super().form_valid(form)
        if response.status_code != 302:
            return response
        new_term, person, password = self.result
        if password is None:
            return response
        return render(
            self.request,
            "accounts/password_issued.html",
            {
                "person": person,
                "password": password,
                "created": True,
                "back_url": reverse("org:unit_detail", args=[self.unit.pk]),
            },
        )


class SeatEndView(_TermForm):
    form_class = EndForm
    heading = _("End a term")
    success_message = _("The term has ended; it stays in the seat history.")

    def perform(self, form: Any) -> Any:
        d = form.cleaned_data
        return services.seat_end(
            by=self.request.user, term=self.term, end_on=d["end_on"], reason=d["reason"]
        )


class SeatAppointView(_UnitSeatForm):
    form_class = SeatAppointForm
    heading = _("Appoint to a vacant seat")
    success_message = _("The appointment has been recorded.")

    def get_unit(self) -> Unit:
        return visible_object(Unit, self.request.user, self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["people"] = self.unit_people()
        return kwargs

    def perform(self, form: Any) -> Any:
        d = form.cleaned_data
        return services.seat_appoint(
            by=self.request.user,
            unit=self.unit,
            seat=d["seat"],
            holder=d["holder"],
            start_on=d["start_on"],
        )


class UnitEditView(_UnitSeatForm):
    form_class = UnitEditForm
    heading = _("Edit the unit")
    success_message = _("Saved.")

    def get_unit(self) -> Unit:
        return visible_object(Unit, self.request.user, self.kwargs["pk"])

    def contact_only(self) -> bool:
        return not services.can_manage_membership(self.request.user)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["contact_only"] = self.contact_only()
        u = self.unit
        kwargs["initial"] = {
            "name": u.name,
            "short_name": u.short_name,
            "category": u.category,
            "address": u.address,
            "phone": u.phone,
        }
        return kwargs

    def perform(self, form: Any) -> Any:
        return services.unit_update(by=self.request.user, unit=self.unit, **form.cleaned_data)
