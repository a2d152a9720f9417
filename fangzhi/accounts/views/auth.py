"""Signing in and changing one's password."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from fangzhi.audit.context import acting

from ..forms import LoginForm


class FangzhiLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class FangzhiPasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("core:dashboard")

    def form_valid(self, form: Any) -> Any:
        with acting(self.request.user):
            response = super().form_valid(form)
            user = form.user
            if user.must_change_password:
                user.must_change_password = False
                user.save(update_fields=["must_change_password"])
        messages.success(self.request, _("Your password has been changed."))
        return response
