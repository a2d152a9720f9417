"""Attribute every change to the person who made it, whatever surface they used.

The web middleware sets the actor for page requests; the API, commands and jobs do
not pass through it, so each service wraps its writes in ``acting(by)``.

django-auditlog's ``set_actor`` leaves its context variable set after it exits, so a
stale value cannot be trusted: ``acting`` always sets the actor for its own block and
puts the previous value back afterwards, which also makes nesting safe.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from auditlog.context import auditlog_value, set_actor


@contextlib.contextmanager
def acting(user: Any) -> Iterator[None]:
    if user is None or not getattr(user, "is_authenticated", False):
        yield
        return
    previous = auditlog_value.get(None)
    try:
        with set_actor(user):
            yield
    finally:
        if previous is not None:
            auditlog_value.set(previous)
