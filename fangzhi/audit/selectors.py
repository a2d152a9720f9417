"""Reading the audit trail: the entries an office admin asks for, with their filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from fangzhi.accounts.models import User
from fangzhi.accounts.roles import Role, role_of
from fangzhi.org.models import SeatTerm, Unit


def may_read_audit(user: Any) -> bool:
    return role_of(user) == Role.OFFICE_ADMIN


def entries_for_unit(qs: QuerySet[LogEntry], unit: Unit) -> QuerySet[LogEntry]:
    """Entries about a unit: made by its people, or about the unit, its seats or its people.

    The object ids are matched as text because auditlog keeps ``object_pk`` as a string.
    """
    ct = ContentType.objects.get_for_model
    term_ids = [str(pk) for pk in SeatTerm.objects.filter(unit=unit).values_list("pk", flat=True)]
    people_ids = [str(pk) for pk in User.objects.filter(unit=unit).values_list("pk", flat=True)]
    return qs.filter(
        Q(actor__unit=unit)
        | Q(content_type=ct(Unit), object_pk=str(unit.pk))
        | Q(content_type=ct(SeatTerm), object_pk__in=term_ids)
        | Q(content_type=ct(User), object_pk__in=people_ids)
    )


def local_day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_entries(
    *,
    actor: Any = None,
    unit: Unit | None = None,
    content_type: ContentType | None = None,
    action: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[LogEntry]:
    """Entries newest first; dates are local (Asia/Shanghai) days, both ends inclusive."""
    qs = LogEntry.objects.select_related("actor", "actor__unit", "content_type").order_by(
        "-timestamp", "-pk"
    )
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


def change_lines(entry: LogEntry) -> list[tuple[str, str, str]]:
    """(field, old, new) for each changed field, with the field's verbose name if known."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    lines = []
    for field, values in (entry.changes_dict or {}).items():
        label = field
        if model is not None:
            try:
                label = str(model._meta.get_field(field).verbose_name)
            except Exception:  # noqa: BLE001 - a field that no longer exists keeps its name
                label = field
        old, new = (
            (list(values) + ["", ""])[:2] if isinstance(values, list | tuple) else ("", values)
        )
        lines.append(
            (
                label,
                "" if old in (None, "None") else str(old),
                "" if new in (None, "None") else str(new),
            )
        )
    return lines
