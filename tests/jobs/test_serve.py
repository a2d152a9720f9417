"""`fangzhi serve` starts the site and a worker, and stops both."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children_of(pid):
    out = subprocess.run(
        ["ps", "-o", "pid=,args=", "--ppid", str(pid)], capture_output=True, text=True
    )
    return [line for line in out.stdout.splitlines() if line.strip()]


@pytest.mark.queue
def test_serve_runs_site_and_worker_and_stops_both(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FANGZHI_", "DJANGO_"))}
    env.update(FANGZHI_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="fangzhi.settings")
    manage = [sys.executable, "-m", "fangzhi.manage"]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, timeout=120)
    port = free_port()
    proc = subprocess.Popen(
        [*manage, "serve", "--addr", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        status = None
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/accounts/login/", timeout=10
                ) as r:
                    status = r.status
                    body = r.read().decode()
                break
            except OSError:  # not listening yet, or still starting
                time.sleep(0.3)
        assert status == 200 and "登录" in body
        workers = [c for c in children_of(proc.pid) if "run_huey" in c]
        assert len(workers) == 1
        worker_pid = int(workers[0].split()[0])
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and Path(f"/proc/{worker_pid}").exists():
            time.sleep(0.2)
        assert (
            not Path(f"/proc/{worker_pid}").exists()
            or "Z" in Path(f"/proc/{worker_pid}/stat").read_text().split()[2]
        )
    finally:
        if proc.poll() is None:
            proc.kill()
