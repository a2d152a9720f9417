"""Filters of the works pages: shape only; rows already come through ``visible_to``."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from fangzhi.org.models import Unit

from .models import SeriesApplication, Work


def visible_units(request: Any) -> Any:
    """Only units the user may see are offered (and accepted) as a filter value."""
    if request is None:
        return Unit.objects.none()
    return Unit.objects.visible_to(request.user).order_by("name")


class WorkFilter(django_filters.FilterSet):
    title = django_filters.CharFilter(label=_("Title contains"), method="title_contains")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Work.Kind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Work.Status.choices)
    compiler = django_filters.ModelChoiceFilter(label=_("Compiling unit"), queryset=visible_units)
    year = django_filters.NumberFilter(
        label=_("Year"), method="covers_year", min_value=1, max_value=2999
    )

    class Meta:
        model = Work
        fields = ["title", "kind", "status", "compiler", "year"]

    def title_contains(self, queryset: Any, name: str, value: str) -> Any:
        value = value.strip()[:100]
        return queryset.filter(title__icontains=value) if value else queryset

    def covers_year(self, queryset: Any, name: str, value: Any) -> Any:
        """A yearbook of that year, or a work whose time span covers it."""
        from django.db.models import Q

        if value is None:
            return queryset
        year = int(value)
        return queryset.filter(
            Q(year=year)
            | (
                Q(year__isnull=True)
                & Q(upper_limit__lte=year)
                & (Q(lower_limit__gte=year) | Q(lower_limit__isnull=True))
            )
        )


class ApplicationFilter(django_filters.FilterSet):
    series = django_filters.ChoiceFilter(
        label=_("Series"), choices=SeriesApplication.Series.choices
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=SeriesApplication.Status.choices
    )

    class Meta:
        model = SeriesApplication
        fields = ["series", "status"]
