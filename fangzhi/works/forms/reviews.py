"""Forms for a work's review chain, publication, filing and credits: shape only; the
services in ``works.services.reviews`` judge order, roles, dates and the ISBN."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Credit, ReviewDecision
from ..services.reviews import ATTACHMENT_MAX


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def today() -> Any:
    return timezone.localdate()


class DecisionForm(forms.Form):
    step = forms.CharField(widget=forms.HiddenInput, max_length=40)
    decision = forms.ChoiceField(
        label=_("Decision"), choices=ReviewDecision.Decision.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the work is returned; the compiling unit reads them."),
    )
    document_number = forms.CharField(
        label=_("Document number (文号)"),
        required=False,
        max_length=100,
        help_text=_("Required for a pass of a step taken outside the system."),
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput(), initial=today)
    attachment = forms.FileField(label=_("Attachment (optional, at most 50 MB)"), required=False)

    def clean_attachment(self) -> Any:
        upload = self.cleaned_data.get("attachment")
        if upload and upload.size > ATTACHMENT_MAX:
            raise forms.ValidationError(_("The attachment is larger than 50 MB."))
        return upload


class PublicationForm(forms.Form):
    publisher = forms.CharField(label=_("Publisher"), max_length=100)
    isbn = forms.CharField(
        label=_("ISBN"), max_length=20, required=False, help_text=_("ISBN-13 or ISBN-10")
    )
    published_on = forms.DateField(label=_("Publication date"), widget=DateInput())
    print_run = forms.IntegerField(label=_("Print run"), required=False, min_value=0)
    copies_deposited = forms.IntegerField(label=_("Copies deposited"), required=False, min_value=0)


class FilingForm(forms.Form):
    filed_on = forms.DateField(label=_("Filed on"), widget=DateInput(), initial=today)
    document_number = forms.CharField(label=_("Document number"), max_length=100, required=False)
    notes = forms.CharField(
        label=_("Notes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CreditForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Credit.Role.choices)
    name = forms.CharField(label=_("Name"), max_length=64)
    unit_name = forms.CharField(label=_("Unit"), max_length=100, required=False)
