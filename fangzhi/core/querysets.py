"""One permission path: ``Model.objects.visible_to(user, action)``.

Every model that people see has a default manager built from ``VisibleQuerySet`` and
implements ``visibility(user, action)``, returning a ``Q`` of the rows the user may
reach for that action, or ``None`` for none at all. The base views and the base API
viewset call ``visible_to``; no page, export or endpoint builds its own filter.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

VIEW = "view"
CHANGE = "change"


class VisibleQuerySet(models.QuerySet):
    def visible_to(self, user: Any, action: str = VIEW) -> VisibleQuerySet:
        visibility = getattr(self.model, "visibility", None)
        if visibility is None:
            raise TypeError(f"{self.model.__name__} must define visibility(user, action)")
        q = visibility(user, action)
        if q is None:
            return self.none()
        return self.filter(q)


def everything() -> Q:
    return Q()


def through(parent: Any, field: str, user: Any, action: str = VIEW) -> Q | None:
    """Rows that belong to a ``parent`` row (through ``field``): reachable where their
    parent is. One subquery over the parent's own visibility, or everything for a user who
    reaches every parent, so the rule is written once, on the parent."""
    q = parent.visibility(user, action)
    if q is None:
        return None
    if not q.children:
        return Q()
    return Q(**{f"{field}__in": parent.objects.filter(q).values("pk")})
