"""Forms for signing in and for people; they validate shape, services enforce rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from fangzhi.org.models import Unit

from .roles import Role


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=64)
    username = forms.CharField(label=_("User name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = forms.ModelChoiceField(
        label=_("Member unit"), queryset=Unit.objects.none(), required=False
    )
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    title = forms.CharField(label=_("Post"), max_length=64, required=False)

    def __init__(self, *args: Any, units: Any = None, roles: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        if roles is not None:
            self.fields["role"].choices = [c for c in Role.choices if c[0] in roles]


class PersonEditForm(PersonForm):
    def __init__(self, *args: Any, admin: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["username"]
        if not admin:
            del self.fields["role"]
            del self.fields["unit"]
