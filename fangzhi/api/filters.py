"""Filters of the API lists. They only narrow ``visible_to``; an id filter accepts only
ids the user can see, so an id elsewhere is refused exactly like one that does not exist."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fangzhi.accounts.models import User
from fangzhi.org.models import MembershipChange, SeatTerm, Unit


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
