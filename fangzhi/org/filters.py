from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Unit


class UnitFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("Name contains"), method="name_contains")
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Unit.Category.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Unit.Status.choices)

    class Meta:
        model = Unit
        fields = ["name", "category", "status"]

    def name_contains(self, queryset: Any, name: str, value: str) -> Any:
        value = value.strip()[:100]
        return queryset.filter(name__icontains=value) if value else queryset
