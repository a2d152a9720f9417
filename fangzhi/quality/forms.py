"""Forms of the quality pages: shape only; ``quality.services`` judges."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CheckerTerm


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for dismissing"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the dismissal; the same mark does not come back on later versions."),
    )


class TermForm(forms.Form):
    kind = forms.ChoiceField(label=_("List"), choices=CheckerTerm.Kind.choices)
    term = forms.CharField(
        label=_("Term"),
        max_length=100,
        help_text=_(
            "Evaluative word; full name of an abbreviation; place or organisation name; "
            "or the wrong form of a fixed term."
        ),
    )
    other = forms.CharField(
        label=_("Other form"),
        max_length=200,
        required=False,
        help_text=_(
            "The abbreviation; the right form of a fixed term (empty: must not appear); "
            "the name used at other times."
        ),
    )
    valid_from = forms.IntegerField(
        label=_("Valid from (year)"), required=False, min_value=1, max_value=2999
    )
    valid_to = forms.IntegerField(
        label=_("Valid to (year)"), required=False, min_value=1, max_value=2999
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class TermEditForm(TermForm):
    active = forms.BooleanField(label=_("Active"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # The list of an entry does not change: make a new entry on the other list.
        del self.fields["kind"]


class TermFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("List"), choices=[("", _("All lists")), *CheckerTerm.Kind.choices], required=False
    )
    q = forms.CharField(label=_("Term contains"), required=False, max_length=100)
    inactive = forms.BooleanField(label=_("Show inactive entries"), required=False)


class TermImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_(
            "Columns: list, term, other form, valid from, valid to, note (as in the export)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
