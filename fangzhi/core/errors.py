"""The one error type that services raise for a broken rule of the work.

Views show its message to the user; the API turns it into HTTP 400 (or 403 for
``Forbidden``) with ``{"detail": message, "code": code}``. Messages are translated
(lazy), so the user reads them in Chinese.
"""

from __future__ import annotations


class ServiceError(Exception):
    """A rule of the work was broken; nothing was changed."""

    status_code = 400

    def __init__(self, message: object, *, code: str = "invalid", field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class Forbidden(ServiceError):
    """The acting user may not do this."""

    status_code = 403

    def __init__(self, message: object, *, code: str = "forbidden"):
        super().__init__(message, code=code)


class Conflict(ServiceError):
    """Someone else changed the record since the user loaded it; nothing was overwritten."""

    status_code = 409

    def __init__(self, message: object, *, code: str = "conflict", field: str | None = None):
        super().__init__(message, code=code, field=field)
