"""Reading the audit trail: who may read it, the entries asked for, their changes as text.

django-auditlog writes the entries (its middleware names the actor for pages, services
name it with ``fangzhi.audit.context.acting`` everywhere else); this module only reads.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from fangzhi.accounts.roles import Role, role_of
from fangzhi.org.models import Unit


def may_read_audit(user: Any) -> bool:
    """Only office administrators read the audit trail (pages, exports and API)."""
    return role_of(user) == Role.OFFICE_ADMIN


def _models_with_unit() -> list[type[models.Model]]:
    """Tracked models that belong to a member unit through a ``unit`` foreign key."""
    from auditlog.registry import auditlog

    found = []
    for model in auditlog.get_models():
        try:
            field = model._meta.get_field("unit")
        except FieldDoesNotExist:
            continue
        if field.is_relation and field.related_model is Unit:
            found.append(model)
    return found


def _pk_texts(qs: QuerySet) -> QuerySet:
    # auditlog keeps ``object_pk`` as text, so the ids are compared as text, in the query.
    return qs.annotate(pk_text=Cast("pk", models.CharField(max_length=255))).values("pk_text")


def entries_for_unit(qs: QuerySet[LogEntry], unit: Unit) -> QuerySet[LogEntry]:
    """Narrow ``qs`` to the entries that concern one member unit.

    An entry concerns the unit when
    - its actor belongs to the unit (the actor's unit today: people who moved to another
      unit are counted with their present unit), or
    - its object is the unit itself, or
    - its object has that unit: every tracked model with a ``unit`` foreign key, such as
      seat terms (``SeatTerm``), people (``User``) and membership changes; models added
      later with a ``unit`` field are included without change here.

    Everything is one query with subqueries; no id lists are built in Python.
    """
    ct = ContentType.objects.get_for_model
    condition = Q(actor__unit=unit) | Q(content_type=ct(Unit), object_pk=str(unit.pk))
    for model in _models_with_unit():
        ids = _pk_texts(model._default_manager.filter(unit=unit))
        condition |= Q(content_type=ct(model), object_pk__in=ids)
    return qs.filter(condition)


def local_day_start(day: dt.date) -> dt.datetime:
    """Midnight starting ``day`` in the office's time zone (settings.TIME_ZONE)."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_default_timezone())


def audit_entries(
    qs: QuerySet[LogEntry] | None = None,
    *,
    actor: Any = None,
    unit: Unit | None = None,
    content_type: ContentType | None = None,
    action: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[LogEntry]:
    """Entries (of ``qs``, by default all) newest first, narrowed by any of the filters.

    ``date_from`` and ``date_to`` are local days (Asia/Shanghai unless TIME_ZONE says
    otherwise), both ends inclusive: ``date_to`` runs until the next local midnight.
    """
    qs = (LogEntry.objects.all() if qs is None else qs).select_related(
        "actor", "actor__unit", "content_type"
    )
    qs = qs.order_by("-timestamp", "-pk")
    if actor is not None:
        qs = qs.filter(actor=actor)
    if unit is not None:
        qs = entries_for_unit(qs, unit)
    if content_type is not None:
        qs = qs.filter(content_type=content_type)
    if action is not None:
        qs = qs.filter(action=action)
    if date_from is not None:
        qs = qs.filter(timestamp__gte=local_day_start(date_from))
    if date_to is not None:
        qs = qs.filter(timestamp__lt=local_day_start(date_to + dt.timedelta(days=1)))
    return qs


# --- changes as text --------------------------------------------------------------------------

Change = tuple[str, str, str]  # (field label, old value, new value)


class ChangeFormatter:
    """Turns ``LogEntry.changes_dict`` into lines a person reads: field labels, choice
    labels instead of codes, related records by name.

    One formatter is shared by a page or an export, so each related record is looked up
    once however many entries mention it. Audit readers see every record, so the lookups
    use the default manager.
    """

    def __init__(self) -> None:
        self._related: dict[tuple[type, str], str] = {}

    def lines(self, entry: LogEntry) -> list[Change]:
        model = entry.content_type.model_class() if entry.content_type_id else None
        lines = []
        for name, values in (entry.changes_dict or {}).items():
            field = None
            if model is not None:
                try:
                    field = model._meta.get_field(name)
                except FieldDoesNotExist:  # a field removed since: keep its name
                    field = None
            if field is not None and field.auto_created and not field.concrete:
                # auditlog lists reverse relations on create ("org.SeatTerm.None"): noise.
                continue
            lines.append(self._line(field, name, values))
        return lines

    def _line(self, field: Any, name: str, values: Any) -> Change:
        label = str(getattr(field, "verbose_name", name)) if field is not None else name
        if isinstance(values, dict):  # many-to-many: {"type": "m2m", "operation", "objects"}
            sign = "-" if values.get("operation") == "delete" else "+"
            objects = ", ".join(str(o) for o in values.get("objects", []))
            return label, "", f"{sign} {objects}".strip()
        if not isinstance(values, list | tuple):
            return label, "", self._value(field, values)
        old, new = (list(values) + [None, None])[:2]
        return label, self._value(field, old), self._value(field, new)

    def _value(self, field: Any, value: Any) -> str:
        if value is None or value == "None":
            return ""
        if field is not None and getattr(field, "choices", None):
            choices = {str(k): v for k, v in field.flatchoices}
            if str(value) in choices:
                return str(choices[str(value)])
        if field is not None and field.is_relation and (field.many_to_one or field.one_to_one):
            return self._related_name(field.related_model, str(value))
        if isinstance(value, bool) or (
            isinstance(field, models.BooleanField) and str(value) in {"True", "False"}
        ):
            return _("Yes") if str(value) == "True" else _("No")
        if isinstance(field, models.DateTimeField):
            return _local_time_text(str(value))
        return str(value)

    def _related_name(self, model: type, pk: str) -> str:
        key = (model, pk)
        if key not in self._related:
            obj = model._default_manager.filter(pk=pk).first()
            self._related[key] = f"{obj} (#{pk})" if obj is not None else f"#{pk}"
        return self._related[key]


def _local_time_text(value: str) -> str:
    """auditlog keeps date-times as naive UTC text; people read office-local time."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=dt.UTC)
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def change_lines(entry: LogEntry, formatter: ChangeFormatter | None = None) -> list[Change]:
    """(field, old, new) for each changed field of one entry, as text."""
    return (formatter or ChangeFormatter()).lines(entry)
