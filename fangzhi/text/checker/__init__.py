"""The quality checker (精品意识): gazetteer style and error checks, pure Python.

``check(text, config)`` returns ``Mark``s: where (character offsets into ``text``, end
exclusive), which rule, why, and a suggestion where one is possible. Rules live in the
``rules_*`` modules, each registered with ``@rule``; the Django layer (works) runs the
checker on every manuscript version and keeps the marks.
"""

from .core import (
    RULES,
    CheckConfig,
    Mark,
    Rule,
    Severity,
    check,
    error_rate,
    fingerprint,
    rule,
)

__all__ = [
    "RULES",
    "CheckConfig",
    "Mark",
    "Rule",
    "Severity",
    "check",
    "error_rate",
    "fingerprint",
    "rule",
]
