"""Forms of a return's way: the head's sign-off (签发), the office's return and acceptance.

The services in ``returns.services.workflow`` judge the rules; these check shape.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fangzhi.works.services.manuscripts import default_statement

from .entries import RevisionForm


class SignOffForm(RevisionForm):
    id_prefix = "signoff"
    statement = forms.CharField(
        label=_("Responsibility statement"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        initial=default_statement,
        help_text=_("You may add to it; it is kept with the signed-off version."),
    )
    confirm = forms.BooleanField(
        label=_("I confirm the statement above and sign off this return for our unit."),
        error_messages={"required": _("Tick the box to confirm the statement.")},
    )


class ReturnForm(RevisionForm):
    id_prefix = "return"
    reason = forms.CharField(
        label=_("Reasons for returning"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The unit reads these reasons on the return's page."),
    )


class AcceptForm(RevisionForm):
    """Accept a submitted return as it was signed off."""

    id_prefix = "accept"
