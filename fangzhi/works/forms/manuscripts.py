"""Forms for manuscripts: upload, browser editing, comments, sign-off, the office's review.

They check shape only (a file is there and not too large, a number is a number); the
services in ``works.services.manuscripts`` judge the rules.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..services import default_statement


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Word file (.docx)"),
        help_text=_("Saved from Word or WPS as .docx; it becomes the next version."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".docx,application/vnd.openxmlformats-officedocument"
                ".wordprocessingml.document"
            }
        ),
    )
    base_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        # The size is checked before the file is read into memory by the importer.
        limit = settings.MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB.") % {"limit": limit // (1024 * 1024)}
            )
        return upload


class EditorForm(forms.Form):
    html = forms.CharField(
        label=_("Text (HTML)"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 20, "class": "manuscript-source"}),
        help_text=_(
            "Headings (h2–h4), paragraphs, bold, italic, lists and tables are kept; "
            "anything else is removed when saving."
        ),
    )
    note = forms.CharField(label=_("Note on this version"), max_length=200, required=False)
    base_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class CommentForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    quote = forms.CharField(
        label=_("Passage"),
        required=False,
        strip=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "comment-quote"}),
        help_text=_("Select a passage in the text to fill this in, or leave it empty."),
    )
    start = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    end = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    body = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("How it was resolved (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SignOffForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    statement = forms.CharField(
        label=_("Responsibility statement"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        initial=default_statement,
    )
    confirm = forms.BooleanField(
        label=_("I confirm the statement above and sign off this version for our unit."),
        error_messages={"required": _("Tick the box to confirm the statement.")},
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reasons for returning"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The unit reads these reasons on the node's page."),
    )


class CompareForm(forms.Form):
    old = forms.TypedChoiceField(label=_("Earlier version"), coerce=int)
    new = forms.TypedChoiceField(label=_("Later version"), coerce=int)

    def __init__(self, *args: Any, versions: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(v.pk, _("Version %(n)d") % {"n": v.number}) for v in versions]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices
