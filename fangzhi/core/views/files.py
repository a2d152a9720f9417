"""Sending a file the user may have: every download goes out the same way."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def attachment(data: bytes, filename: str, content_type: str) -> HttpResponse:
    """A download: RFC 5987 ``filename*=utf-8''…`` so Chinese names survive, and
    ``nosniff`` so a browser never second-guesses the content type we checked."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
