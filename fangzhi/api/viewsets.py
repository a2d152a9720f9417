"""The API's one permission path, mirroring ``fangzhi.core.views.base``.

Every viewset derives from ``VisibleViewSetMixin``: its queryset is
``Model.objects.visible_to(user, action)`` (``view`` for safe methods, ``change`` for
writes), an object outside it answers 403 (404 only for users who see every row), and
writes go through services, which attribute them to ``by`` in the audit trail (DRF
authenticates after Django's middleware, so the middleware cannot do it for tokens).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import SAFE_METHODS

from fangzhi.core.querysets import CHANGE, VIEW
from fangzhi.core.views.base import visible_object


class VisibleViewSetMixin:
    model: Any = None
    request: Any
    kwargs: dict

    def action_name(self) -> str:
        return VIEW if self.request.method in SAFE_METHODS else CHANGE

    def get_queryset(self) -> Any:
        return self.model.objects.visible_to(self.request.user, self.action_name())

    def get_object(self) -> Any:
        lookup = self.kwargs.get("pk")
        try:
            pk = int(lookup)
        except (TypeError, ValueError):
            raise NotFound from None
        try:
            # Reading decides existence; a write needs the change right on top.
            obj = visible_object(self.model, self.request.user, pk, VIEW)
            if self.action_name() == CHANGE:
                obj = visible_object(self.model, self.request.user, pk, CHANGE)
        except DjangoPermissionDenied:
            raise PermissionDenied from None
        except Http404:
            raise NotFound from None
        self.check_object_permissions(self.request, obj)  # type: ignore[attr-defined]
        return obj


class ReadOnlyVisibleViewSet(VisibleViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class VisibleViewSet(
    VisibleViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """List and retrieve; writes are added per viewset as actions that call services."""
