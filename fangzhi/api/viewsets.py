"""The API's one permission path, mirroring ``fangzhi.core.views.base``.

Every viewset derives from ``VisibleViewSetMixin``: its queryset is
``Model.objects.visible_to(user, action)`` (``view`` for safe methods, ``change`` for
writes), an object outside it answers 403 (404 only for users who see every row), a
user who may change no row of the model is refused any write before its body is read,
and writes go through services, which attribute them to ``by`` in the audit trail (DRF
authenticates after Django's middleware, so the middleware cannot do it for tokens).
Request bodies are read with ``validated()`` and a ``StrictSerializer``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import SAFE_METHODS

from fangzhi.core.querysets import CHANGE, VIEW
from fangzhi.core.views.base import sees_everything, visible_object

from .schema import FangzhiAutoSchema


class VisibleViewSetMixin:
    model: Any = None
    schema = FangzhiAutoSchema()
    request: Any
    kwargs: dict

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        method = request.method.lower()
        if (
            request.method not in SAFE_METHODS
            and method in self.http_method_names  # type: ignore[attr-defined]
            and getattr(self, method, None) is not None
            and self.model.visibility(request.user, CHANGE) is None
        ):
            # Someone who may change no row of this kind is refused before the body is
            # read, so that validating ids cannot tell them which records exist.
            raise PermissionDenied

    def action_name(self) -> str:
        return VIEW if self.request.method in SAFE_METHODS else CHANGE

    def get_queryset(self) -> Any:
        return self.model.objects.visible_to(self.request.user, self.action_name())

    def get_object(self) -> Any:
        lookup = self.kwargs.get("pk")
        try:
            pk = int(lookup)
        except (TypeError, ValueError):
            # Not an id at all: answered like a missing id, so both look the same.
            if sees_everything(self.model, self.request.user, VIEW):
                raise NotFound from None
            raise PermissionDenied from None
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

    def validated(self, serializer_class: type, **kwargs: Any) -> dict:
        """The request body checked by an input serializer (shape only; services judge)."""
        if not isinstance(self.request.data, Mapping):  # a JSON list, string or null
            raise ValidationError(
                _("The request body must be a JSON object."), code="not_an_object"
            )
        serializer = serializer_class(
            data=self.request.data, context={"request": self.request, "view": self}, **kwargs
        )
        try:
            serializer.is_valid(raise_exception=True)
        except ValidationError as exc:
            exc.serializer = serializer  # type: ignore[attr-defined]  # field labels for 400s
            raise
        return serializer.validated_data


class ReadOnlyVisibleViewSet(VisibleViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class VisibleViewSet(
    VisibleViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """List and retrieve; writes are added per viewset as actions that call services."""
