"""The checker's configuration: the defaults the rules ship with, overridden by the
office's lists (``CheckerTerm``).

The rule modules ship their lists in ``fangzhi/text/checker/defaults*.py``: either a
``default_config()`` function (or ``DEFAULT_CONFIG``) giving a ``CheckConfig``, or
module constants named after its fields, with or without ``DEFAULT_``
(``DEFAULT_EVALUATION_WORDS``, ``ABBREVIATIONS``, ``PLACE_NAMES``, ``FIXED_TERMS``).
An office entry with the same term replaces the default; an inactive office entry
switches the default off.
"""

from __future__ import annotations

import hashlib
import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import fields
from typing import Any

from fangzhi.text import checker
from fangzhi.text.checker.core import RULES, CheckConfig, PlaceName, _load_rules

from .models import CheckerTerm

LIST_FIELDS = ("evaluation_words", "abbreviations", "place_names", "fixed_terms")


def shipped_defaults() -> CheckConfig:
    """The lists the rule modules ship, merged (empty while no defaults module exists)."""
    merged = CheckConfig()
    for info in sorted(pkgutil.iter_modules(checker.__path__), key=lambda i: i.name):
        if not info.name.startswith("defaults"):
            continue
        module = importlib.import_module(f"{checker.__name__}.{info.name}")
        config = getattr(module, "DEFAULT_CONFIG", None)
        factory = getattr(module, "default_config", None)
        if callable(factory):
            config = factory()
        for f in fields(CheckConfig):
            if f.name not in LIST_FIELDS:
                continue
            value = getattr(config, f.name, None) if isinstance(config, CheckConfig) else None
            for constant in (f.name.upper(), f"DEFAULT_{f.name.upper()}"):
                if value is None:
                    value = getattr(module, constant, None)
            if value:
                getattr(merged, f.name).extend(value)
    return merged


def _key(kind: str) -> Callable[[Any], str]:
    return {
        CheckerTerm.Kind.EVALUATION: lambda item: item,
        CheckerTerm.Kind.ABBREVIATION: lambda item: item[0],
        CheckerTerm.Kind.PLACE_NAME: lambda item: item.name,
        CheckerTerm.Kind.FIXED_TERM: lambda item: item[0],
    }[kind]


def _office_item(entry: CheckerTerm) -> Any:
    if entry.kind == CheckerTerm.Kind.EVALUATION:
        return entry.term
    if entry.kind == CheckerTerm.Kind.PLACE_NAME:
        return PlaceName(entry.term, entry.valid_from, entry.valid_to, entry.other)
    return (entry.term, entry.other)


FIELD_OF_KIND = {
    CheckerTerm.Kind.EVALUATION: "evaluation_words",
    CheckerTerm.Kind.ABBREVIATION: "abbreviations",
    CheckerTerm.Kind.PLACE_NAME: "place_names",
    CheckerTerm.Kind.FIXED_TERM: "fixed_terms",
}


def merge(defaults: CheckConfig, entries: Iterable[CheckerTerm]) -> CheckConfig:
    """The defaults with the office's entries on top (the office wins on the same term)."""
    entries = list(entries)
    config = CheckConfig(disabled=set(defaults.disabled))
    for kind, name in FIELD_OF_KIND.items():
        key = _key(kind)
        mine = [e for e in entries if e.kind == kind]
        overridden = {e.term for e in mine}
        items = [item for item in getattr(defaults, name) if key(item) not in overridden]
        items += [_office_item(e) for e in mine if e.active]
        setattr(config, name, items)
    return config


def checker_config(rules: Iterable[str] | None = None) -> CheckConfig:
    """The configuration a check runs with; ``rules`` limits it to those rule ids (a
    variant R04.1 runs when R04 is named)."""
    config = merge(shipped_defaults(), CheckerTerm.objects.all())
    if rules is not None:
        config.disabled |= disabled_except(rules)
    return config


def all_rules() -> dict[str, Any]:
    if not RULES:
        _load_rules()
    return RULES


def disabled_except(rules: Iterable[str]) -> set[str]:
    wanted = {r.strip().upper() for r in rules if r.strip()}
    return {rid for rid in all_rules() if rid not in wanted and rid.split(".")[0] not in wanted}


def ruleset_version() -> str:
    """Names the rule set a run used: the checker's own version when it declares one,
    otherwise the number of rules and a digest of their ids and explanations."""
    declared = getattr(checker, "RULESET_VERSION", None) or getattr(checker, "__version__", None)
    if declared:
        return str(declared)[:100]
    rules = all_rules()
    raw = "\n".join(
        f"{r.id}\x1f{r.explanation}" for r in sorted(rules.values(), key=lambda r: r.id)
    )
    return f"{len(rules)}:{hashlib.sha256(raw.encode()).hexdigest()[:12]}"
