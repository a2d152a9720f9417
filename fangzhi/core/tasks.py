"""Huey tasks. They only call services; all logic lives in ``jobs`` and the apps' services."""

from huey.contrib.djhuey import db_task

from .jobs import job_execute


@db_task()
def run_job(job_id: int) -> str:
    return job_execute(job_id).status
