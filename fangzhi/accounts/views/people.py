"""People pages: list, detail, create, edit, password reset, enable/disable."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from fangzhi.core.errors import Forbidden, ServiceError
from fangzhi.core.querysets import CHANGE
from fangzhi.core.views import FangzhiDetailView, FangzhiListView, ServiceFormView, visible_object
from fangzhi.org.models import SeatTerm, Unit

from .. import services
from ..filters import PersonFilter
from ..forms import PersonEditForm, PersonForm
from ..models import User
from ..roles import UNIT_ROLES, Role, role_of
from ..services import creatable_roles


class PersonListView(FangzhiListView):
    model = User
    template_name = "accounts/person_list.html"
    partial_template_name = "accounts/_person_table.html"
    filterset_class = PersonFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("unit")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["can_create"] = role_of(user) in {Role.OFFICE_ADMIN, *UNIT_ROLES}
        return ctx


class PersonDetailView(FangzhiDetailView):
    model = User
    template_name = "accounts/person_detail.html"
    context_object_name = "person"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        person = self.object
        ctx["terms"] = (
            SeatTerm.objects.visible_to(self.request.user)
            .filter(holder=person)
            .select_related("unit")
        )
        user = self.request.user
        ctx["is_admin"] = role_of(user) == Role.OFFICE_ADMIN
        ctx["can_edit"] = ctx["is_admin"] or user.pk == person.pk
        return ctx


class PersonCreateView(ServiceFormView):
    form_class = PersonForm
    template_name = "accounts/person_form.html"

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not creatable_roles(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["units"] = Unit.objects.visible_to(self.request.user).active()
        kwargs["roles"] = creatable_roles(self.request.user)
        if self.request.method == "GET" and self.request.user.unit_id:
            kwargs["initial"] = {"unit": self.request.user.unit_id}
        return kwargs

    def perform(self, form: Any) -> Any:
        data = form.cleaned_data
        person, password = services.person_create(
            by=self.request.user,
            username=data["username"],
            full_name=data["full_name"],
            role=data["role"],
            unit=data["unit"],
            email=data["email"],
            phone=data["phone"],
            title=data["title"],
        )
        return person, password

    def form_valid(self, form: Any) -> Any:
        response = super().form_valid(form)
        if response.status_code != 302:
            return response
        person, password = self.result
        return render(
            self.request,
            "accounts/password_issued.html",
            {"person": person, "password": password, "created": True},
        )

    def get_success_url(self) -> str:
        return reverse("accounts:person_list")


class PersonEditView(ServiceFormView):
    form_class = PersonEditForm
    template_name = "accounts/person_form.html"

    def setup(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.person: User | None = None

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.person = visible_object(User, request.user, kwargs["pk"], CHANGE)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        admin = role_of(self.request.user) == Role.OFFICE_ADMIN
        kwargs["admin"] = admin
        kwargs["units"] = Unit.objects.visible_to(self.request.user)
        person = self.person
        assert person is not None
        kwargs.setdefault("initial", {}).update(
            full_name=person.full_name,
            role=person.role,
            unit=person.unit_id,
            phone=person.phone,
            email=person.email,
            title=person.title,
        )
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["person"] = self.person
        return ctx

    def perform(self, form: Any) -> Any:
        return services.person_update(by=self.request.user, person=self.person, **form.cleaned_data)

    def get_success_url(self) -> str:
        assert self.person is not None
        messages.success(self.request, _("Saved."))
        return reverse("accounts:person_detail", args=[self.person.pk])


class _AdminPersonAction(LoginRequiredMixin, View):
    def person(self, request: Any, pk: int) -> User:
        if role_of(request.user) != Role.OFFICE_ADMIN:
            raise PermissionDenied
        return visible_object(User, request.user, pk, CHANGE)


class PersonResetPasswordView(_AdminPersonAction):
    def post(self, request: Any, pk: int) -> Any:
        person = self.person(request, pk)
        try:
            password = services.person_reset_password(by=request.user, person=person)
        except Forbidden as exc:
            raise PermissionDenied(str(exc)) from exc
        return render(
            request, "accounts/password_issued.html", {"person": person, "password": password}
        )


class PersonSetActiveView(_AdminPersonAction):
    def post(self, request: Any, pk: int) -> Any:
        person = self.person(request, pk)
        active = request.POST.get("active") == "1"
        try:
            services.person_set_active(by=request.user, person=person, active=active)
        except Forbidden as exc:
            raise PermissionDenied(str(exc)) from exc
        except ServiceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Account enabled.") if active else _("Account disabled."))
        return redirect("accounts:person_detail", pk=person.pk)
