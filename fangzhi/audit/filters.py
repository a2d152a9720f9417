from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from fangzhi.accounts.models import User
from fangzhi.org.models import Unit

from .selectors import audit_entries


class DateInput(forms.DateInput):
    input_type = "date"


def tracked_content_types() -> Any:
    return ContentType.objects.filter(
        pk__in=LogEntry.objects.values("content_type").distinct()
    ).order_by("app_label", "model")


class ContentTypeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: ContentType) -> str:
        model = obj.model_class()
        return str(model._meta.verbose_name) if model else obj.model


class AuditFilterForm(forms.Form):
    actor = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.all(), required=False)
    unit = forms.ModelChoiceField(
        label=_("Member unit"), queryset=Unit.objects.all(), required=False
    )
    content_type = ContentTypeChoice(
        label=_("Kind of record"), queryset=ContentType.objects.none(), required=False
    )
    action = forms.TypedChoiceField(
        label=_("Action"),
        choices=[("", "---------"), *LogEntry.Action.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    date_from = forms.DateField(label=_("From"), widget=DateInput(), required=False)
    date_to = forms.DateField(label=_("To"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["content_type"].queryset = tracked_content_types()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def entries(self) -> Any:
        """The entries the filters select; none when the filters are invalid."""
        if not self.is_valid():
            return audit_entries().none()
        return audit_entries(**self.cleaned_data)
