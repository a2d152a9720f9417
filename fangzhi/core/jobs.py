"""Long work runs as a background job: a ``Job`` row, a huey task, progress pages can poll.

A handler is registered per job kind; it receives the job and a ``report(progress,
message)`` callable. ``job_start`` creates the row and enqueues the task once the
surrounding transaction commits, so the worker never looks for a row that isn't there.
"""

from __future__ import annotations

import os
import socket
import traceback
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fangzhi.accounts.roles import Role, role_of
from fangzhi.core.errors import Forbidden, ServiceError

from .models import Job

Report = Callable[[int, str], None]
Handler = Callable[[Job, Report], dict]

HANDLERS: dict[str, Handler] = {}


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        HANDLERS[kind] = fn
        return fn

    return register


def job_start(*, by: Any, kind: str, title: str, params: dict | None = None) -> Job:
    """Create a queued job and hand it to the worker once the transaction commits.

    Callers check who may start their kind of job (see ``system_check_start``).
    """
    if kind not in HANDLERS:
        raise ServiceError(_("Unknown job kind."), code="unknown_job")
    job = Job.objects.create(
        kind=kind,
        title=title[:200],
        params=params or {},
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    from .tasks import run_job  # the huey task module imports settings lazily

    transaction.on_commit(lambda: run_job(job.pk))
    return job


def system_check_start(*, by: Any) -> Job:
    """An office administrator asks the worker to check the database and the file store."""
    if role_of(by) != Role.OFFICE_ADMIN:
        raise Forbidden(_("You do not have permission to do this."))
    return job_start(by=by, kind="system_check", title=_("System check"))


def _append_log(job: Job, message: str) -> None:
    stamp = timezone.localtime().strftime("%H:%M:%S")
    job.log = f"{job.log}[{stamp}] {message}\n" if message else job.log


def job_execute(job_id: int) -> Job:
    """Run one job to completion in this process (the worker calls this)."""
    job = Job.objects.get(pk=job_id)
    if job.is_finished:
        return job
    job.status = Job.Status.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["status", "started_at"])

    def report(progress: int, message: str = "") -> None:
        job.progress = max(0, min(100, int(progress)))
        _append_log(job, message)
        job.save(update_fields=["progress", "log"])

    try:
        result = HANDLERS[job.kind](job, report)
    except Exception as exc:  # the log keeps the reason; the job row records the failure
        job.status = Job.Status.FAILED
        _append_log(job, f"{type(exc).__name__}: {exc}")
        job.result = {"error": str(exc), "traceback": traceback.format_exc()[-4000:]}
    else:
        job.status = Job.Status.DONE
        job.progress = 100
        job.result = result or {}
    job.finished_at = timezone.now()
    job.save()
    return job


@job_handler("system_check")
def system_check(job: Job, report: Report) -> dict:
    """Counts the records and checks that the database and the file store answer.

    The result names the worker (host and process id), so one can tell where it ran.
    """
    from django.apps import apps
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    models = [m for m in apps.get_models() if m._meta.app_label in {"org", "accounts", "core"}]
    counts: dict[str, int] = {}
    for i, model in enumerate(models, 1):
        counts[model._meta.label] = model._default_manager.count()
        report(int(80 * i / len(models)), f"{model._meta.label}: {counts[model._meta.label]}")
    probe = default_storage.save(f"system-check/{job.pk}.txt", ContentFile(b"ok"))
    with default_storage.open(probe) as handle:
        storage_ok = handle.read() == b"ok"
    report(100, _("File store answers.") if storage_ok else _("File store does not answer."))
    return {
        "counts": counts,
        "storage_ok": storage_ok,
        "worker": {"host": socket.gethostname(), "pid": os.getpid()},
    }
