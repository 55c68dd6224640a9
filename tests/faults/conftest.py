"""Fault tests: real processes (a private redis-server, a private PostgreSQL cluster, Celery
workers, gunicorn) stopped and killed while they work. Never the shared services."""

import pytest

from tests.faults.processes import PrivateRedis


@pytest.fixture
def private_redis(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def workers():
    started = []
    yield started
    for worker in started:
        worker.stop()
