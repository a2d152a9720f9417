"""The ``quality_check`` job: check one manuscript version and store its marks."""

from __future__ import annotations

from fangzhi.core.jobs import Job, Report, job_handler

from .models import CheckRun
from .services import run_check, run_failed


@job_handler("quality_check")
def quality_check(job: Job, report: Report) -> dict:
    run = CheckRun.objects.select_related("version__node").get(version_id=job.params["version"])
    report(5, run.version.node.title)
    try:
        run = run_check(run)
    except Exception as exc:
        run_failed(run, f"{type(exc).__name__}: {exc}")
        raise
    return {
        "run": run.pk,
        "version": run.version_id,
        "marks": run.mark_count,
        "error_rate": run.error_rate,
    }
