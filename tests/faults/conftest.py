"""Fault tests: real processes (a private redis-server, a private PostgreSQL cluster, Celery
workers, gunicorn) stopped and killed while they work. Never the shared services."""

import os
import time

import pytest

from tests.faults.postgres import PrivatePostgres
from tests.faults.processes import PrivateRedis


@pytest.fixture
def private_redis(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def cluster():
    """A private PostgreSQL cluster (not started)."""
    pg = PrivatePostgres()
    try:
        yield pg
    finally:
        pg.destroy()


@pytest.fixture
def workers():
    started = []
    yield started
    for worker in started:
        worker.stop()


@pytest.fixture
def fault_table(request):
    """``fault_table(fault, expected, observed, lost)``: a row of the fault table, appended to the
    Markdown file named by ``$FAULTS_REPORT`` (nothing is written without it)."""

    def record(fault: str, expected: str, observed: str, lost: int | str = 0):
        path = os.environ.get("FAULTS_REPORT")
        if path:
            with open(path, "a") as f:
                f.write(f"| {fault} | {expected} | {observed} | {lost} | `{request.node.name}` |\n")

    started = time.monotonic()
    record.elapsed = lambda: time.monotonic() - started
    return record
