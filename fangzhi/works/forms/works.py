"""Forms of the works and series application pages: shape only; services judge."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fangzhi.accounts.roles import Role, role_of
from fangzhi.org.models import Unit

from ..models import UNIT_NAMED_KINDS, SeriesApplication, Work


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def today() -> Any:
    return timezone.localdate()


def YearField(label: Any, **kwargs: Any) -> forms.IntegerField:  # noqa: N802 - a field factory
    return forms.IntegerField(label=label, min_value=1, max_value=2999, **kwargs)


def units_for(user: Any) -> Any:
    """Units the user may open works or applications for: any active unit for the office
    admin, the user's own unit for its people."""
    units = Unit.objects.active().order_by("name")
    if role_of(user) == Role.OFFICE_ADMIN:
        return units
    return units.filter(pk=getattr(user, "unit_id", None) or 0)


class _WorkFields(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    upper_limit = YearField(_("Upper limit (year)"), required=False)
    lower_limit = YearField(_("Lower limit (year)"), required=False)
    planned_start = forms.DateField(label=_("Planned start"), widget=DateInput(), required=False)
    planned_finish = forms.DateField(label=_("Planned finish"), widget=DateInput(), required=False)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class WorkCreateForm(_WorkFields):
    kind = forms.ChoiceField(label=_("Kind"), choices=Work.Kind.choices)
    compiler = forms.ModelChoiceField(label=_("Compiling unit"), queryset=Unit.objects.none())
    year = YearField(_("Yearbook year"), required=False, help_text=_("Required for a yearbook."))

    field_order = ["kind", "title", "compiler", "year"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["compiler"].queryset = units_for(user)
        if role_of(user) != Role.OFFICE_ADMIN:
            # A unit opens only works named after itself (镇街志、部门志 …).
            self.fields["kind"].choices = [c for c in Work.Kind.choices if c[0] in UNIT_NAMED_KINDS]
            self.fields["compiler"].initial = getattr(user, "unit_id", None)


class WorkEditForm(_WorkFields):
    def __init__(self, *args: Any, work: Work, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if work.lower_limit_fixed:
            field = self.fields["lower_limit"]
            field.disabled = True
            field.help_text = _(
                "Fixed. It changes only with the approving decision document (see the work's page)."
            )


class LowerLimitChangeForm(forms.Form):
    new_value = YearField(_("New lower limit (year)"))
    document_number = forms.CharField(
        label=_("Approving document"),
        max_length=100,
        help_text=_("The number of the decision that approves the change."),
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class YearbookNextForm(forms.Form):
    year = YearField(_("Yearbook year"))
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to take last year's title with the new year."),
    )


class ApplicationCreateForm(forms.Form):
    series = forms.ChoiceField(label=_("Series"), choices=SeriesApplication.Series.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    applicant = forms.ModelChoiceField(label=_("Applicant"), queryset=Unit.objects.none())
    work = forms.ModelChoiceField(label=_("Work"), queryset=Work.objects.none(), required=False)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applicant"].queryset = units_for(user)
        self.fields["applicant"].initial = getattr(user, "unit_id", None)
        works = Work.objects.visible_to(user).select_related("compiler")
        if role_of(user) != Role.OFFICE_ADMIN:
            works = works.filter(compiler_id=getattr(user, "unit_id", None) or 0)
        self.fields["work"].queryset = works


class ApplicationEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ApplicationDecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accepted into the series")), ("reject", _("Not accepted"))],
        widget=forms.RadioSelect,
    )
    document_number = forms.CharField(label=_("Decision document"), max_length=100)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput(), initial=today)


class ApplicationDocumentForm(forms.Form):
    title = forms.CharField(label=_("Document title"), max_length=200)
    file = forms.FileField(label=_("File"))
