"""Attribute every change to the person who made it, whatever surface they used.

The web middleware sets the actor for page requests; the API, commands and jobs do
not pass through it, so each service wraps its writes in ``acting(by)``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from auditlog.context import auditlog_value, set_actor


@contextlib.contextmanager
def acting(user: Any) -> Iterator[None]:
    try:
        current = auditlog_value.get()
    except LookupError:
        current = None
    if current and current.get("actor") is not None:
        yield
        return
    if user is None or not getattr(user, "is_authenticated", False):
        yield
        return
    with set_actor(user):
        yield
