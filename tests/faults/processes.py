"""Processes for fault tests, on top of ``tests/reminders/processes.py``: a redis-server that can
be SIGKILLed, and workers on the fault-test settings. Every wait polls with a bounded timeout."""

from __future__ import annotations

import signal

from tests.reminders.processes import PrivateRedis as _PrivateRedis
from tests.reminders.processes import Worker, wait_for

WORKER_SETTINGS = "tests.faults.worker_settings"


class PrivateRedis(_PrivateRedis):
    def kill(self):
        """SIGKILL: no goodbye to clients, nothing saved (it runs without persistence)."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None


def worker(tmp_path, redis_server: PrivateRedis, *, beat=False, **env) -> Worker:
    return Worker(tmp_path, beat=beat, broker_url=redis_server.url, DJANGO_SETTINGS_MODULE=WORKER_SETTINGS, **env)


def log_count(worker: Worker, text: str) -> int:
    return worker.log.read_text().count(text)


__all__ = ["PrivateRedis", "Worker", "log_count", "wait_for", "worker"]
