"""The API's one error format: ``{"detail", "code"[, "field"][, "errors"]}``.

``detail`` is always one translated sentence a person can read (Chinese by default),
whatever went wrong: a broken rule (``ServiceError``, 400, or ``Forbidden``, 403), input of
the wrong shape (DRF's ``ValidationError``, 400, where ``detail`` names the first bad field
by its label and ``errors`` keeps every message per field), a missing login (401), a record
out of reach (403/404) or a body that is not JSON.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ErrorDetail, ParseError, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from fangzhi.core.errors import ServiceError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ServiceError):
        body: dict[str, Any] = {"detail": str(exc), "code": exc.code}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=exc.status_code)
    if isinstance(exc, ParseError):
        # DRF's JSON parser puts the English parser message into ``detail``.
        exc = ParseError(_("The request body could not be read; send a JSON object."))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ValidationError):
        response.data = _validation_body(exc, context)
    elif isinstance(response.data, dict) and "detail" in response.data:
        code = getattr(response.data["detail"], "code", None)
        response.data.setdefault("code", code or "error")
    return response


def _validation_body(exc: ValidationError, context: dict[str, Any]) -> dict[str, Any]:
    path, message = next(_leaves(exc.detail), ([], ErrorDetail(_("Invalid input."), "invalid")))
    field = ".".join(path) or None
    body: dict[str, Any] = {"detail": str(message), "code": message.code or "invalid"}
    if field:
        body["field"] = field
        if message.code != "unknown_field":  # that message already names the field
            name = _label(exc, context, path) or field
            body["detail"] = _("%(field)s: %(message)s") % {"field": name, "message": message}
    body["errors"] = exc.detail
    return body


def _leaves(detail: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[list[str], ErrorDetail]]:
    """Every single message with the path of field names that leads to it."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            key = str(key)
            inner = path if key == api_settings.NON_FIELD_ERRORS_KEY else (*path, key)
            yield from _leaves(value, inner)
    elif isinstance(detail, list):
        for item in detail:
            yield from _leaves(item, path)
    else:
        yield list(path), detail if isinstance(detail, ErrorDetail) else ErrorDetail(str(detail))


def _label(exc: ValidationError, context: dict[str, Any], path: list[str]) -> str | None:
    """The field's translated label, from the input serializer or the view's filter set."""
    serializer = getattr(exc, "serializer", None)
    if serializer is not None:
        field: Any = serializer
        for name in path:
            fields = getattr(field, "fields", None)
            field = fields.get(name) if fields is not None else None
            if field is None:
                return None
        return str(field.label) if field.label else None
    filterset_class = getattr(context.get("view"), "filterset_class", None)
    if filterset_class is not None and len(path) == 1:
        filter_ = filterset_class.base_filters.get(path[0])
        if filter_ is not None and filter_.label:
            return str(filter_.label)
    return None
