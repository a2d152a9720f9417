from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fangzhi.org.models import Unit

from .models import User
from .roles import Role


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or user name"), method="search")
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Role.choices)
    unit = django_filters.ModelChoiceFilter(label=_("Member unit"), queryset=Unit.objects.none())
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = User
        fields = ["q", "role", "unit", "is_active"]

    def __init__(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        user = request.user if request is not None else None
        self.filters["unit"].queryset = Unit.objects.visible_to(user)

    def search(self, queryset: Any, name: str, value: str) -> Any:
        value = value.strip()[:100]
        if not value:
            return queryset
        return queryset.filter(Q(full_name__icontains=value) | Q(username__icontains=value))
