"""Forms of the outline page: shape only; the outline services judge."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fangzhi.accounts.models import User
from fangzhi.accounts.roles import Role
from fangzhi.org.models import Unit

from ..models import OutlineNode, Work
from .works import DateInput


def work_nodes(work: Work) -> Any:
    return OutlineNode.objects.filter(work=work)


class NodeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    expected_length = forms.IntegerField(
        label=_("Expected length (characters)"), min_value=1, required=False
    )
    quality_standard = forms.CharField(
        label=_("Quality standard"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class NodeAddForm(NodeForm):
    parent = forms.ModelChoiceField(
        label=_("Under"),
        queryset=OutlineNode.objects.none(),
        required=False,
        empty_label=_("(top level)"),
    )

    field_order = ["parent", "title"]

    def __init__(self, *args: Any, work: Work, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = work_nodes(work).filter(withdrawn=False)
        self.fields["parent"].label_from_instance = lambda n: "　" * (n.depth - 1) + n.title


class NodeAssignForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Assigned unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("(not assigned)"),
        help_text=_("Choose no unit to take the assignment back."),
    )
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput(), required=False)
    expected_length = forms.IntegerField(
        label=_("Expected length (characters)"), min_value=1, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.active().order_by("name")


class ReviewerAssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=User.objects.none())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reviewers = User.objects.visible_to(user).filter(role=Role.REVIEWER, is_active=True)
        self.fields["reviewer"].queryset = reviewers.order_by("full_name", "username")
        self.fields["reviewer"].label_from_instance = lambda u: u.full_name or u.username


class NodeMoveForm(forms.Form):
    POSITIONS = [
        ("left", _("Before")),
        ("right", _("After")),
        ("first-child", _("First inside")),
        ("last-child", _("Last inside")),
    ]
    target = forms.ModelChoiceField(label=_("Next to"), queryset=OutlineNode.objects.none())
    position = forms.ChoiceField(label=pgettext_lazy("outline move", "Position"), choices=POSITIONS)

    def __init__(self, *args: Any, work: Work, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = work_nodes(work)


class NodeShiftForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=[
            ("up", _("Up")),
            ("down", _("Down")),
            ("indent", _("Indent")),
            ("outdent", _("Outdent")),
        ],
    )


class NodeWithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class OutlineImportForm(forms.Form):
    file = forms.FileField(
        label=_("Word file (.docx)"),
        help_text=_("Headings 1 to 4 become parts, chapters, sections and entries."),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
    )
    parent = forms.ModelChoiceField(
        label=_("Add under"),
        queryset=OutlineNode.objects.none(),
        required=False,
        empty_label=_("(top level)"),
    )

    def __init__(self, *args: Any, work: Work, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = work_nodes(work).filter(withdrawn=False)
        self.fields["parent"].label_from_instance = lambda n: "　" * (n.depth - 1) + n.title
