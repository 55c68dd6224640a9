"""Real processes for tests: Celery workers (optionally with beat) and a private redis-server
that a test may stop and start. Every wait polls a condition with a bounded timeout."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))


def wait_for(condition, *, timeout: float = 30, interval: float = 0.05, message: str = "condition"):
    """Poll ``condition()`` until it is truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message}")
        time.sleep(interval)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_database_url() -> str:
    d = connection.settings_dict
    return f"postgres://{d['USER']}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"


class Worker:
    """``celery -A pspteam worker --pool=solo`` (``beat=True`` adds ``-B``) on the test database."""

    def __init__(self, tmp_path: Path, *, beat: bool = False, broker_url: str | None = None, **env):
        self.log = tmp_path / f"worker-{time.monotonic_ns()}.log"
        args = [CELERY, "-A", "pspteam", "worker", "--pool=solo", "--loglevel=INFO"]
        args += ["--without-gossip", "--without-mingle", "-n", f"test-{os.getpid()}-{time.monotonic_ns()}@%h"]
        if beat:
            args += ["-B", "--schedule", str(tmp_path / f"beat-{time.monotonic_ns()}")]
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.reminders.worker_settings",
            "DATABASE_URL": test_database_url(),
            "REDIS_URL": broker_url or settings.CELERY_BROKER_URL,
            "PSPTEAM_VAR_DIR": str(tmp_path / "var"),
            "PYTHONPATH": str(ROOT),
            **{k: str(v) for k, v in env.items()},
        }
        self._log_file = open(self.log, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            args, cwd=ROOT, env=environment, stdout=self._log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.wait_until_ready()

    def wait_until_ready(self, timeout: float = 60):
        wait_for(
            lambda: " ready." in self.log.read_text() or self.process.poll() is not None,
            timeout=timeout,
            message=f"worker ready ({self.log})",
        )
        assert self.process.poll() is None, self.log.read_text()[-3000:]

    def kill(self):
        """SIGKILL the worker (and its embedded beat): no clean-up runs, nothing is acknowledged."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self._log_file.close()

    def stop(self):
        stop_group(self.process)
        self._log_file.close()


def stop_group(process: subprocess.Popen) -> None:
    """SIGTERM a process started with ``start_new_session`` and its children; SIGKILL after 20 s."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


class PrivateRedis:
    """A redis-server of this test's own, on a free port, that it can stop and start again."""

    def __init__(self, tmp_path: Path):
        self.port = free_port()
        self.dir = tmp_path
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.dir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self._answers, timeout=10, message="redis-server to answer")

    def _answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.2).ping())
        except redis.RedisError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None
