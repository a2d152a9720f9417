"""The audit trail's filters: one FilterSet for the page, the exports and the API.

The FilterSet only reads and checks the parameters; ``selectors.audit_entries`` applies
them, so the meaning of "unit" or of a date range is written once.
"""

from __future__ import annotations

from typing import Any

import django_filters
from auditlog.models import LogEntry
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from fangzhi.accounts.models import User
from fangzhi.org.models import Unit

from .selectors import audit_entries

FILTER_NAMES = ("actor", "unit", "content_type", "action", "date_from", "date_to")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def tracked_content_types(request: Any = None) -> QuerySet[ContentType]:
    """The kinds of record that have entries (the others would always give nothing)."""
    return ContentType.objects.filter(
        pk__in=LogEntry.objects.values("content_type").distinct()
    ).order_by("app_label", "model")


class ContentTypeField(forms.ModelChoiceField):
    """Kinds of record are shown by their verbose name (成员单位), not their code."""

    def label_from_instance(self, obj: ContentType) -> str:
        model = obj.model_class()
        return str(model._meta.verbose_name) if model else obj.model


class ContentTypeFilter(django_filters.ModelChoiceFilter):
    field_class = ContentTypeField


@extend_schema_field(OpenApiTypes.INT)
class UnitFilter(django_filters.ModelChoiceFilter):
    """A member unit by id; LogEntry has no unit field, the selector decides what matches."""


class AuditFilterForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data


class AuditFilter(django_filters.FilterSet):
    actor = django_filters.ModelChoiceFilter(
        label=_("Person"), queryset=User.objects.order_by("full_name", "username")
    )
    unit = UnitFilter(
        label=_("Member unit"),
        queryset=Unit.objects.all(),
        help_text=_("Changes by the unit's people, and to the unit, its seats and its people."),
    )
    content_type = ContentTypeFilter(label=_("Kind of record"), queryset=tracked_content_types)
    action = django_filters.TypedChoiceFilter(
        label=_("Action"), choices=LogEntry.Action.choices, coerce=int
    )
    date_from = django_filters.DateFilter(
        label=_("From"), widget=DateInput(), help_text=_("Local date, inclusive.")
    )
    date_to = django_filters.DateFilter(
        label=_("To"), widget=DateInput(), help_text=_("Local date, inclusive.")
    )

    class Meta:
        model = LogEntry
        fields = list(FILTER_NAMES)
        form = AuditFilterForm

    def filter_queryset(self, queryset: QuerySet[LogEntry]) -> QuerySet[LogEntry]:
        data = self.form.cleaned_data
        given = {name: data.get(name) for name in FILTER_NAMES}
        # 0 is a real action (create): only None and "" mean "not given".
        return audit_entries(
            queryset, **{k: v for k, v in given.items() if v is not None and v != ""}
        )


def filtered_entries(params: Any) -> AuditFilter:
    """The FilterSet for request parameters; ``.qs`` is the entries, ``.errors`` the faults."""
    return AuditFilter(params, queryset=LogEntry.objects.all())
