"""What every API serializer shares: strict input and ids limited to what the user sees."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

# Sent by the browsable API's HTML forms alongside the fields themselves.
FORM_NOISE = frozenset({"csrfmiddlewaretoken"})


def label(model: type[models.Model], field: str) -> Any:
    """The model field's translated verbose name, so API messages name fields in Chinese."""
    return model._meta.get_field(field).verbose_name


class StrictSerializer(serializers.Serializer):
    """Input serializer that refuses fields it does not know.

    DRF ignores unknown keys by default, so ``{"status": "retired"}`` or a misspelt field
    would answer 200 and change nothing the caller asked for; here it is a 400.
    """

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data) - writable - FORM_NOISE)
            if unknown:
                raise serializers.ValidationError(
                    {
                        name: [
                            ErrorDetail(
                                str(_("Unknown field: %(name)s.") % {"name": name}),
                                code="unknown_field",
                            )
                        ]
                        for name in unknown
                    }
                )
        return super().to_internal_value(data)


class VisiblePK(serializers.PrimaryKeyRelatedField):
    """An id that must name a row the requesting user can see: others read as unknown,
    so a unit's people cannot probe which ids exist elsewhere."""

    def __init__(self, model: type[models.Model], **kwargs: Any) -> None:
        self.model = model
        super().__init__(queryset=model._default_manager.all(), **kwargs)

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        return self.model._default_manager.visible_to(getattr(request, "user", None))
