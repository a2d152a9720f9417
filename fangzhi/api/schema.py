"""OpenAPI: every operation also documents the API's one error format."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer (see ``fangzhi.api.exceptions``)."""

    detail = serializers.CharField(help_text="One sentence for a person, in the user's language.")
    code = serializers.CharField(help_text="A stable code for programs, e.g. `second_head`.")
    field = serializers.CharField(
        required=False, help_text="The field at fault, dotted for nested input."
    )
    errors = serializers.JSONField(
        required=False, help_text="Every input message, per field (400 on bad input only)."
    )


class FangzhiAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict:
        responses = super()._get_response_bodies(direction)
        codes = ["401", "403"]
        if self.method != "GET":
            codes.insert(0, "400")
        if "{" in self.path:
            codes.append("404")
        for code in codes:
            responses.setdefault(
                code, self._get_response_for_code(ErrorSerializer, code, direction=direction)
            )
        return responses
