"""The audit trail is append-only: no code path may change or delete a ``LogEntry``.

No surface offers it (no admin site, a read-only API, pages without forms), and these
receivers close the paths that remain inside the ORM: saving an existing entry, deleting
entries (``queryset.delete()``, django-auditlog's ``auditlogflush`` command), rewriting
them in bulk (``queryset.update()``, which sends no signal, refused by the manager's
queryset class set below) and the
cascade from deleting a content type (``remove_stale_contenttypes``), which would
otherwise take a removed model's history with it. This is a guard on data, not a rule of
the work, which is why it is a signal receiver rather than a service.

Raw SQL bypasses signals; ``auditlogflush --truncate`` is refused by our own command of
that name (``management/commands/auditlogflush.py``).
"""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.db.models import QuerySet
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _


class AuditTrailImmutable(RuntimeError):
    """Someone tried to change or delete an audit entry."""


MESSAGE = _("Audit entries cannot be changed or deleted.")


@receiver(pre_save, sender=LogEntry, dispatch_uid="fangzhi.audit.no_entry_changes")
def refuse_changes(sender: Any, instance: LogEntry, **kwargs: Any) -> None:
    if not instance._state.adding:
        raise AuditTrailImmutable(str(MESSAGE))


@receiver(pre_delete, sender=LogEntry, dispatch_uid="fangzhi.audit.no_entry_deletes")
def refuse_deletes(sender: Any, instance: LogEntry, **kwargs: Any) -> None:
    raise AuditTrailImmutable(str(MESSAGE))


class AppendOnlyQuerySet(QuerySet):
    """Entries are only ever added: bulk rewrites are refused like single saves."""

    def update(self, **kwargs: Any) -> int:
        raise AuditTrailImmutable(str(MESSAGE))

    def bulk_update(self, objs: Any, fields: Any, batch_size: Any = None) -> int:
        raise AuditTrailImmutable(str(MESSAGE))


# django-auditlog's manager is a plain Manager; every queryset it makes is append-only.
LogEntry.objects._queryset_class = AppendOnlyQuerySet
