"""Obtaining an API token with a user name and password.

DRF's view passes the request to ``authenticate``, so django-axes counts failures and
locks the account as on the sign-in page; a locked account gets a clear answer, not the
same "wrong password" as a typo.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from ..schema import FangzhiAutoSchema


class LockedOut(APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"
    default_detail = _(
        "Too many failed sign-in attempts: this account is locked for a while. "
        "Try again later or ask an administrator of the gazetteer office."
    )


class TokenView(ObtainAuthToken):
    schema = FangzhiAutoSchema()

    @extend_schema(
        auth=[],
        description=(
            "Exchange a user name and password for the user's API token; send it as "
            "`Authorization: Token <key>`. Five failures lock the account (429)."
        ),
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            if getattr(request, "axes_locked_out", False):
                raise LockedOut
            raise ValidationError(serializer.errors)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})
