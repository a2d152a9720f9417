"""Filters of the API lists. They only narrow ``visible_to``; an id filter accepts only
ids the user can see, so an id elsewhere is refused exactly like one that does not exist."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fangzhi.accounts.models import User
from fangzhi.core.models import Notification
from fangzhi.org.models import MembershipChange, SeatTerm, Unit
from fangzhi.returns.models import (
    Campaign,
    Category,
    Entry,
    Submission,
    SubmissionVersion,
    YearbookMapping,
)
from fangzhi.works.models import (
    ApplicationDocument,
    Comment,
    Credit,
    ManuscriptVersion,
    NodeReviewer,
    OutlineNode,
    ReviewDecision,
    SeriesApplication,
    Work,
)
from fangzhi.works.services.common import today


def visible_choices(model: type) -> Callable[[Any], Any]:
    def queryset(request: Any) -> Any:
        return model._default_manager.visible_to(getattr(request, "user", None))

    return queryset


def _unit_filter(model: type) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        queryset=visible_choices(Unit), label=model._meta.get_field("unit").verbose_name
    )


class MembershipChangeFilter(django_filters.FilterSet):
    unit = _unit_filter(MembershipChange)

    class Meta:
        model = MembershipChange
        fields = ["unit", "action"]


class SeatFilter(django_filters.FilterSet):
    unit = _unit_filter(SeatTerm)
    holder = django_filters.ModelChoiceFilter(
        queryset=visible_choices(User), label=SeatTerm._meta.get_field("holder").verbose_name
    )
    current = django_filters.BooleanFilter(
        field_name="end_on", lookup_expr="isnull", label=_("current")
    )

    class Meta:
        model = SeatTerm
        fields = ["unit", "seat", "holder", "current"]


class PersonFilter(django_filters.FilterSet):
    unit = _unit_filter(User)
    active = django_filters.BooleanFilter(field_name="is_active", label=_("account enabled"))
    search = django_filters.CharFilter(method="filter_search", label=_("name contains"))

    class Meta:
        model = User
        fields = ["role", "unit", "active", "search"]

    def filter_search(self, queryset: Any, name: str, value: str) -> Any:
        """User name or full name contains the text."""
        value = value.strip()[:100]
        if not value:
            return queryset
        return queryset.filter(Q(full_name__icontains=value) | Q(username__icontains=value))


# --- works ------------------------------------------------------------------------------------

# A node whose unit still owes its manuscript; past the deadline in these states it is overdue.
OWING_STATES = (OutlineNode.State.ASSIGNED, OutlineNode.State.RETURNED)


class WorkFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Work.Kind.choices, label=_("kind"))
    status = django_filters.ChoiceFilter(choices=Work.Status.choices, label=_("status"))
    compiler = django_filters.ModelChoiceFilter(
        queryset=visible_choices(Unit), label=Work._meta.get_field("compiler").verbose_name
    )
    year = django_filters.NumberFilter(
        method="filter_year", min_value=1, max_value=2999, label=_("year")
    )

    class Meta:
        model = Work
        fields = ["kind", "status", "compiler", "year"]

    def filter_year(self, queryset: Any, name: str, value: Any) -> Any:
        """A yearbook of that year, or a work whose time span (上限–下限) covers it."""
        if value is None:
            return queryset
        year = int(value)
        spans = (
            Q(year__isnull=True)
            & Q(upper_limit__lte=year)
            & (Q(lower_limit__gte=year) | Q(lower_limit__isnull=True))
        )
        return queryset.filter(Q(year=year) | spans)


class OutlineNodeFilter(django_filters.FilterSet):
    work = django_filters.ModelChoiceFilter(
        queryset=visible_choices(Work), label=OutlineNode._meta.get_field("work").verbose_name
    )
    unit = _unit_filter(OutlineNode)
    state = django_filters.ChoiceFilter(choices=OutlineNode.State.choices, label=_("state"))
    withdrawn = django_filters.BooleanFilter(label=_("withdrawn"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))

    class Meta:
        model = OutlineNode
        fields = ["work", "unit", "state", "withdrawn", "overdue"]

    def filter_overdue(self, queryset: Any, name: str, value: Any) -> Any:
        """Past the deadline while the unit still owes the manuscript (assigned, returned)."""
        if value is None:
            return queryset
        owing = Q(withdrawn=False, state__in=OWING_STATES, deadline__lt=today())
        return queryset.filter(owing) if value else queryset.exclude(owing)


class VersionFilter(django_filters.FilterSet):
    node = django_filters.ModelChoiceFilter(
        queryset=visible_choices(OutlineNode),
        label=ManuscriptVersion._meta.get_field("node").verbose_name,
    )

    class Meta:
        model = ManuscriptVersion
        fields = ["node"]


class CommentFilter(django_filters.FilterSet):
    version = django_filters.ModelChoiceFilter(
        queryset=visible_choices(ManuscriptVersion),
        label=Comment._meta.get_field("version").verbose_name,
    )
    node = django_filters.ModelChoiceFilter(
        field_name="version__node",
        queryset=visible_choices(OutlineNode),
        label=ManuscriptVersion._meta.get_field("node").verbose_name,
    )
    resolved = django_filters.BooleanFilter(
        field_name="resolved_at", lookup_expr="isnull", exclude=True, label=_("resolved")
    )

    class Meta:
        model = Comment
        fields = ["version", "node", "resolved"]


class ReviewDecisionFilter(django_filters.FilterSet):
    work = django_filters.ModelChoiceFilter(
        queryset=visible_choices(Work), label=ReviewDecision._meta.get_field("work").verbose_name
    )

    class Meta:
        model = ReviewDecision
        fields = ["work", "step", "decision"]


class CreditFilter(django_filters.FilterSet):
    work = django_filters.ModelChoiceFilter(
        queryset=visible_choices(Work), label=Credit._meta.get_field("work").verbose_name
    )
    role = django_filters.ChoiceFilter(choices=Credit.Role.choices, label=_("role"))
    withdrawn = django_filters.BooleanFilter(label=_("withdrawn"))

    class Meta:
        model = Credit
        fields = ["work", "role", "withdrawn"]


class NodeReviewerFilter(django_filters.FilterSet):
    node = django_filters.ModelChoiceFilter(
        queryset=visible_choices(OutlineNode),
        label=NodeReviewer._meta.get_field("node").verbose_name,
    )
    work = django_filters.ModelChoiceFilter(
        field_name="node__work",
        queryset=visible_choices(Work),
        label=OutlineNode._meta.get_field("work").verbose_name,
    )
    reviewer = django_filters.ModelChoiceFilter(
        queryset=visible_choices(User), label=NodeReviewer._meta.get_field("reviewer").verbose_name
    )
    current = django_filters.BooleanFilter(
        field_name="ended_at", lookup_expr="isnull", label=_("current")
    )

    class Meta:
        model = NodeReviewer
        fields = ["node", "work", "reviewer", "current"]


class ApplicationFilter(django_filters.FilterSet):
    series = django_filters.ChoiceFilter(
        choices=SeriesApplication.Series.choices, label=_("series")
    )
    status = django_filters.ChoiceFilter(
        choices=SeriesApplication.Status.choices, label=_("status")
    )
    applicant = django_filters.ModelChoiceFilter(
        queryset=visible_choices(Unit),
        label=SeriesApplication._meta.get_field("applicant").verbose_name,
    )

    class Meta:
        model = SeriesApplication
        fields = ["series", "status", "applicant"]


class ApplicationDocumentFilter(django_filters.FilterSet):
    application = django_filters.ModelChoiceFilter(
        queryset=visible_choices(SeriesApplication),
        label=ApplicationDocument._meta.get_field("application").verbose_name,
    )

    class Meta:
        model = ApplicationDocument
        fields = ["application"]


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(
        field_name="read_at", lookup_expr="isnull", label=_("unread")
    )

    class Meta:
        model = Notification
        fields = ["unread"]


# --- annual returns ---------------------------------------------------------------------------


class CampaignFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Campaign.Status.choices, label=_("status"))

    class Meta:
        model = Campaign
        fields = ["year", "status"]


class MappingFilter(django_filters.FilterSet):
    campaign = django_filters.ModelChoiceFilter(
        queryset=visible_choices(Campaign),
        label=YearbookMapping._meta.get_field("campaign").verbose_name,
    )
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("category"))
    active = django_filters.BooleanFilter(label=_("active"))

    class Meta:
        model = YearbookMapping
        fields = ["campaign", "category", "active"]


class SubmissionFilter(django_filters.FilterSet):
    campaign = django_filters.ModelChoiceFilter(
        queryset=visible_choices(Campaign),
        label=Submission._meta.get_field("campaign").verbose_name,
    )
    unit = _unit_filter(Submission)
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("category"))
    status = django_filters.ChoiceFilter(choices=Submission.Status.choices, label=_("status"))

    class Meta:
        model = Submission
        fields = ["campaign", "unit", "category", "status"]


class EntryFilter(django_filters.FilterSet):
    submission = django_filters.ModelChoiceFilter(
        queryset=visible_choices(Submission),
        label=Entry._meta.get_field("submission").verbose_name,
    )
    campaign = django_filters.ModelChoiceFilter(
        field_name="submission__campaign",
        queryset=visible_choices(Campaign),
        label=Submission._meta.get_field("campaign").verbose_name,
    )
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("category"))
    withdrawn = django_filters.BooleanFilter(label=_("withdrawn"))

    class Meta:
        model = Entry
        fields = ["submission", "campaign", "category", "withdrawn"]


class SubmissionVersionFilter(django_filters.FilterSet):
    submission = django_filters.ModelChoiceFilter(
        queryset=visible_choices(Submission),
        label=SubmissionVersion._meta.get_field("submission").verbose_name,
    )

    class Meta:
        model = SubmissionVersion
        fields = ["submission"]
