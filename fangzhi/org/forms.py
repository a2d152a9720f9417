"""Forms for the committee, units and seats: shape only; services enforce the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fangzhi.accounts.models import User

from .models import CommitteePost, SeatTerm, Unit


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def today() -> Any:
    return timezone.localdate()


class UnitAddForm(forms.Form):
    name = forms.CharField(label=_("Unit name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=50, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=Unit.Category.choices)
    joined_on = forms.DateField(label=_("Member since"), widget=DateInput(), initial=today)
    document_number = forms.CharField(
        label=_("Decision document"),
        max_length=200,
        help_text=_("The number of the committee's decision, e.g. 巴南地志委〔2025〕1号"),
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class UnitEditForm(forms.Form):
    name = forms.CharField(label=_("Unit name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=50, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=Unit.Category.choices)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)

    def __init__(self, *args: Any, contact_only: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if contact_only:
            for name in ("name", "short_name", "category"):
                del self.fields[name]


class DecisionForm(forms.Form):
    """Retire or reinstate a unit: a date and the decision document."""

    effective_on = forms.DateField(label=_("Effective on"), widget=DateInput(), initial=today)
    document_number = forms.CharField(label=_("Decision document"), max_length=200)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class CommitteePostForm(forms.Form):
    post = forms.ChoiceField(label=_("Post"), choices=CommitteePost.Post.choices)
    person_name = forms.CharField(label=_("Full name"), max_length=100)
    position = forms.CharField(label=_("Position"), max_length=100, required=False)
    start_on = forms.DateField(label=_("From"), widget=DateInput(), initial=today)
    document_number = forms.CharField(label=_("Decision document"), max_length=100, required=False)


class EndForm(forms.Form):
    end_on = forms.DateField(label=_("Until"), widget=DateInput(), initial=today)
    reason = forms.CharField(label=_("Reason for leaving"), max_length=200, required=False)


class SeatAppointForm(forms.Form):
    seat = forms.ChoiceField(label=_("Seat"), choices=SeatTerm.Seat.choices)
    holder = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    start_on = forms.DateField(label=_("From"), widget=DateInput(), initial=today)

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["holder"].queryset = people


class SeatReplaceForm(forms.Form):
    """Pick the successor among the unit's people, or create their account here."""

    holder = forms.ModelChoiceField(
        label=_("Existing person"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Choose someone who already has an account, or fill in a new person below."),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=100, required=False)
    username = forms.CharField(label=_("User name"), max_length=150, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    on = forms.DateField(label=_("Effective on"), widget=DateInput(), initial=today)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
    disable_leaver = forms.BooleanField(
        label=_("Disable the leaver's account"), required=False, initial=True
    )

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["holder"].queryset = people

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        has_existing = bool(data.get("holder"))
        has_new = bool(
            (data.get("full_name") or "").strip() or (data.get("username") or "").strip()
        )
        if has_existing and has_new:
            raise forms.ValidationError(
                _("Choose an existing person or fill in a new person, not both.")
            )
        if not has_existing and not has_new:
            raise forms.ValidationError(
                _("Name the successor: choose a person or fill in a new one.")
            )
        if has_new and not (data.get("full_name") or "").strip():
            self.add_error("full_name", _("Full name may not be empty."))
        if has_new and not (data.get("username") or "").strip():
            self.add_error("username", _("User name may not be empty."))
        return data
