"""Attribute every change to the person who made it, whatever surface they used.

The web middleware sets the actor for page requests; the API, commands and jobs do
not pass through it, so each service wraps its writes in ``acting(by)``.

django-auditlog's ``set_actor`` leaves its context variable set after it exits, so a
stale value cannot be trusted: ``acting`` always sets the actor for its own block and
puts the previous value back afterwards, which also makes nesting safe. The request's
address (set by the middleware) is carried into the block.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from auditlog.context import auditlog_value, set_actor
from django.db.models.signals import pre_save


def _is_live(context: dict | None) -> bool:
    """Whether a context's block is still open: its LogEntry receiver is connected."""
    if not context or "signal_duid" not in context:
        return False
    try:
        return any(key[0] == context["signal_duid"] for key, *_rest in pre_save.receivers)
    except (TypeError, ValueError):  # the signal's internals changed: inherit nothing
        return False


@contextlib.contextmanager
def acting(user: Any) -> Iterator[None]:
    if user is None or not getattr(user, "is_authenticated", False):
        yield
        return
    previous = auditlog_value.get(None)
    # Keep the address the middleware found: an API call authenticated by token passes
    # the middleware as anonymous, but it still came from somewhere. A stale value (from
    # a request this thread served earlier) must not lend its address to a job.
    inherited = previous if _is_live(previous) else {}
    try:
        with set_actor(
            user,
            remote_addr=inherited.get("remote_addr"),
            remote_port=inherited.get("remote_port"),
        ):
            yield
    finally:
        if previous is not None:
            auditlog_value.set(previous)
