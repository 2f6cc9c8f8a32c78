"""Starts and stops the production server (gunicorn, production settings) on a loopback port."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A port the kernel says is free on 127.0.0.1 (it hands out each one once in a while)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def default_workers() -> int:
    """gunicorn's own advice: two per core plus one."""
    return 2 * (os.cpu_count() or 1) + 1


class Gunicorn:
    """``gunicorn waypoint.wsgi`` with production settings against ``database_url``.

    Plain HTTP on loopback, so the SSL redirect is off; everything else (secure cookies, CSRF,
    the second factor, DEBUG off) is as in production.
    """

    def __init__(
        self,
        *,
        database_url: str,
        secret_key: str,
        workers: int,
        threads: int = 1,
        log_path: str | None = None,
        extra_args: tuple[str, ...] = (),
        settings_module: str = "waypoint.settings.production",
    ):
        self.port = free_port()
        self.database_url = database_url
        self.secret_key = secret_key  # the one the benchmark's sessions are signed with
        self.workers = workers
        self.threads = threads
        self.log_path = log_path or os.devnull
        self.extra_args = extra_args  # more gunicorn options, after the ones below (they win)
        self.settings_module = settings_module
        self.process: subprocess.Popen | None = None

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, ready_timeout: float = 90) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": self.settings_module,
            "DATABASE_URL": self.database_url,
            "SECRET_KEY": self.secret_key,
            "SECURE_SSL_REDIRECT": "0",
            "DEBUG": "0",
        }
        args = [
            sys.executable,
            "-m",
            "gunicorn",
            "waypoint.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--timeout",
            "30",
            "--graceful-timeout",
            "5",
            "--backlog",
            "2048",
            "--log-level",
            "warning",
            "--preload",
            *self.extra_args,
        ]
        # In our process group, so whoever kills the benchmark's group kills the server too.
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(args, cwd=BASE_DIR, env=env, stdout=log, stderr=log)
        self._wait_ready(ready_timeout)

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {self.process.returncode}; see {self.log_path}"
                )
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/api/search?q=shelter")
                status = conn.getresponse().status
                conn.close()
                if status == 200:
                    self._warm_up()
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn was not ready within {timeout:.0f} s; see {self.log_path}")

    def _warm_up(self) -> None:
        """A few concurrent searches, so every worker has its first (slow) request behind it."""

        def search():
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                conn.request("GET", "/api/search?q=detox+bed+tonight")
                conn.getresponse().read()
            except (OSError, http.client.HTTPException):
                pass  # the measured run reports what goes wrong
            finally:
                conn.close()

        threads = [threading.Thread(target=search) for _ in range(2 * self.workers * self.threads)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    def stop(self) -> None:
        """SIGTERM the master (it stops its workers), SIGKILL after 10 s (workers notice and exit)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
