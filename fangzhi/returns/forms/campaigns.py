"""Forms of the campaign, board and mapping pages: shape only; the services judge."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fangzhi.org.models import Unit
from fangzhi.works.forms.works import DateInput
from fangzhi.works.models import OutlineNode, Work

from ..models import Category
from ..selectors import FILTERS, STATUSES


class YearbookChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Work) -> str:
        return f"{obj.year}：{obj.title}"


class UnitsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class NodeChoiceField(forms.ModelChoiceField):
    """The yearbook's nodes, indented by depth so the outline reads as a tree."""

    def label_from_instance(self, obj: OutlineNode) -> str:
        return "\u3000" * (obj.depth - 1) + obj.title


def yearbooks_for(user: Any) -> Any:
    return (
        Work.objects.visible_to(user)
        .filter(kind=Work.Kind.YEARBOOK)
        .order_by("-year", "title")
        .select_related("compiler")
    )


def active_units() -> Any:
    return (
        Unit.objects.active().exclude(category=Unit.Category.OFFICE).order_by("sort_order", "name")
    )


def _instructions() -> forms.CharField:
    return forms.CharField(
        label=_("Instructions"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("What the units should report and how; shown on their returns pages."),
    )


class CampaignOpenForm(forms.Form):
    year = forms.IntegerField(label=_("Year of the returns"), min_value=1949, max_value=2999)
    yearbook = YearbookChoiceField(
        label=_("Yearbook"),
        queryset=Work.objects.none(),
        required=False,
        help_text=_("The yearbook of the same year that the returns feed."),
    )
    due_on = forms.DateField(label=_("Due date"), widget=DateInput())
    instructions = _instructions()
    units = UnitsField(
        label=_("Reporting units"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_(
            "Ticked: the yearbook's contributing units. Leave every box empty to take the "
            "yearbook's contributing units."
        ),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["yearbook"].queryset = yearbooks_for(user)
        self.fields["units"].queryset = active_units()

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "year": d["year"],
            "yearbook": d["yearbook"],
            "due_on": d["due_on"],
            "instructions": d["instructions"],
            # none ticked: the service takes the yearbook's contributing units
            "units": list(d["units"]) or None,
        }


class CampaignEditForm(forms.Form):
    due_on = forms.DateField(label=_("Due date"), widget=DateInput())
    instructions = _instructions()
    units = UnitsField(
        label=_("Reporting units"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_(
            "A unit that is unticked stops reporting; what it has filed is kept. "
            "Retired units are not listed."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = active_units()


class CampaignNextForm(forms.Form):
    due_on = forms.DateField(
        label=_("Due date"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty for the same day next year."),
    )
    yearbook = YearbookChoiceField(
        label=_("Yearbook"),
        queryset=Work.objects.none(),
        required=False,
        help_text=_("Leave empty to take next year's yearbook of the same compiling unit."),
    )

    def __init__(self, *args: Any, user: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["yearbook"].queryset = yearbooks_for(user).filter(year=year)


class MappingForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    unit = forms.ModelChoiceField(
        label=_("From unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Every reporting unit"),
    )
    node = NodeChoiceField(label=_("Outline node"), queryset=OutlineNode.objects.none())

    def __init__(self, *args: Any, campaign: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(
            pk__in=campaign.reporting_units.filter(active=True).values("unit_id")
        ).order_by("sort_order", "name")
        self.fields["node"].queryset = OutlineNode.objects.filter(
            work_id=campaign.yearbook_id or 0, withdrawn=False
        ).order_by("path")


class BoardFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Show units with"),
        required=False,
        choices=[
            ("", _("Any status")),
            *((str(s), s.label) for s in STATUSES),
            ("overdue", _("Overdue")),
        ],
    )

    def wanted(self) -> str:
        if self.is_valid() and self.cleaned_data["status"] in FILTERS:
            return str(self.cleaned_data["status"])
        return ""
