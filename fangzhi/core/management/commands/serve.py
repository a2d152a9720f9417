"""``fangzhi serve``: the web server and a job worker, started and stopped together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the web server and a background job worker (embedded mode)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000", help="host:port to listen on")
        parser.add_argument("--no-worker", action="store_true", help="do not start a job worker")

    def handle(self, *args: Any, addr: str, no_worker: bool, **options: Any) -> None:
        # The manifest static storage needs collected files; collecting is quick when current.
        call_command("collectstatic", interactive=False, verbosity=0)
        worker = None
        if not no_worker:
            worker = subprocess.Popen(  # noqa: S603 - our own interpreter and command
                [sys.executable, "-m", "fangzhi.manage", "run_huey"], env=os.environ.copy()
            )
            self.stdout.write(f"Job worker started (pid {worker.pid}).")

        def stop(signum: int, frame: Any) -> None:
            raise SystemExit(0)

        signal.signal(signal.SIGTERM, stop)
        self.stdout.write(f"Fangzhi is serving on http://{addr}/ — press Ctrl-C to stop.")
        try:
            call_command("runserver", addr, use_reloader=False, use_threading=True)
        except KeyboardInterrupt:
            pass
        finally:
            if worker is not None and worker.poll() is None:
                worker.send_signal(signal.SIGINT)  # huey finishes running tasks on SIGINT
                try:
                    worker.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    worker.kill()
                    worker.wait()
            self.stdout.write("Stopped.")
