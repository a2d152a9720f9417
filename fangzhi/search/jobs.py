"""The search jobs: ``search_index`` (one source, after it changed) and ``search_reindex``
(everything, with progress)."""

from __future__ import annotations

from fangzhi.core.jobs import Job, Report, job_handler


@job_handler("search_index")
def search_index(job: Job, report: Report) -> dict:
    from . import services

    report(5, f"{job.params.get('source_type')}:{job.params.get('source_id')}")
    return services.index_by_key(job.params["source_type"], job.params["source_id"])


@job_handler("search_index_all")
def search_index_all(job: Job, report: Report) -> dict:
    from . import services

    report(5, f"{job.params.get('model')}:{job.params.get('id')}")
    return services.index_all_by_key(job.params["model"], job.params["id"])


@job_handler("search_reindex")
def search_reindex(job: Job, report: Report) -> dict:
    from . import services

    return services.reindex_all(report=report)
