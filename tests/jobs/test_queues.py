"""Jobs really run through huey: a separate consumer process, on SQLite and on Redis.

The test process enqueues into the same storage the consumer reads (a huey instance
built the way settings build it), then waits for the worker to finish the Job row in
the shared test database. Nothing is mocked.
"""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.db import connection

from fangzhi.core.jobs import job_execute, job_handler
from fangzhi.core.models import Job
from fangzhi.core.tasks import run_job

REDIS_URL = "redis://127.0.0.1:6379/15"


def database_url():
    cfg = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{cfg['NAME']}"
    user = cfg.get("USER") or "postgres"
    host = cfg.get("HOST") or "127.0.0.1"
    port = cfg.get("PORT") or 5432
    password = f":{cfg['PASSWORD']}" if cfg.get("PASSWORD") else ""
    return f"postgresql://{user}{password}@{host}:{port}/{cfg['NAME']}"


def redis_answers():
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception:
        return False


@pytest.fixture
def consumer(tmp_path):
    """Start ``fangzhi run_huey`` for the given storage; yield the producer huey."""
    procs = []

    def start(storage):
        name = f"fangzhi-test-{uuid.uuid4().hex[:8]}"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("FANGZHI_", "DJANGO_"))}
        env.update(
            DJANGO_SETTINGS_MODULE="fangzhi.settings",
            FANGZHI_DATA_DIR=str(tmp_path),
            FANGZHI_DATABASE_URL=database_url(),
            FANGZHI_HUEY_NAME=name,
            FANGZHI_HUEY_IMMEDIATE="0",
            FANGZHI_DEBUG="1",
        )
        if storage == "redis":
            import huey

            env["FANGZHI_REDIS_URL"] = REDIS_URL
            producer = huey.RedisHuey(name, url=REDIS_URL)
        else:
            import huey

            producer = huey.SqliteHuey(name, filename=str(tmp_path / "jobs.sqlite3"))
        proc = subprocess.Popen(
            [sys.executable, "-m", "fangzhi.manage", "run_huey", "--workers", "1"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        procs.append(proc)
        return producer, proc

    yield start
    for proc in procs:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def wait_for(job, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job still {job.status} after {timeout}s")


@pytest.mark.queue
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("storage", ["sqlite", "redis"])
def test_job_runs_in_a_real_consumer(world, consumer, storage):
    if storage == "redis" and not redis_answers():
        pytest.skip("Redis does not answer PING at 127.0.0.1:6379")
    producer, proc = consumer(storage)
    job = Job.objects.create(kind="system_check", title="check", created_by=world.office_admin)
    # The same task, registered under the consumer's name on the producer's storage.
    enqueue = producer.task()(run_job.func)
    enqueue(job.pk)
    try:
        job = wait_for(job)
    except AssertionError:
        proc.terminate()
        raise AssertionError(proc.communicate(timeout=20)[0][-3000:]) from None
    assert job.status == Job.Status.DONE, job.log
    assert job.progress == 100
    assert job.result["storage_ok"] is True
    # The counts were taken by the worker in the shared database.
    assert job.result["counts"]["org.Unit"] == 2
    assert "org.Unit: 2" in job.log
    assert job.started_at and job.finished_at and job.started_at <= job.finished_at


@job_handler("test_failure")
def failing_handler(job, report):
    report(30, "about to fail")
    raise ValueError("档案不存在")


@pytest.mark.django_db
def test_failed_job_keeps_progress_log_and_reason(world):
    job = Job.objects.create(kind="test_failure", title="fails")
    job = job_execute(job.pk)
    assert job.status == Job.Status.FAILED
    assert job.progress == 30
    assert "about to fail" in job.log and "档案不存在" in job.log
    assert job.result["error"] == "档案不存在"
    # Running a finished job again does nothing.
    assert job_execute(job.pk).log == job.log


@pytest.mark.django_db
def test_job_start_enqueues_on_commit(world, django_capture_on_commit_callbacks):
    from fangzhi.core.jobs import job_start

    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(by=world.office_admin, kind="system_check", title="check")
    job.refresh_from_db()
    assert job.status == Job.Status.DONE  # immediate mode in tests runs it at commit
    assert job.created_by == world.office_admin
