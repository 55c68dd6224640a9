"""Idempotent creates under real faults (issue 22, case 6): gunicorn on a private PostgreSQL
cluster; the client's connection dropped after the write, the gunicorn worker killed mid-request,
PostgreSQL crashed under the request. Each time the client retries with the same
``Idempotency-Key`` and there is exactly one record."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import threading
from datetime import UTC, datetime

import psycopg
import pytest
import requests
from knox.models import AuthToken

from apps.core import idempotency
from tests.faults.postgres import query
from tests.faults.test_postgres_outage import app_on  # noqa: F401 (fixture)
from tests.reminders.processes import wait_for

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

URL = "/api/v1/reflections/"
BODY = {
    "title": "Retried after a fault",
    "occurred_on": "2024-03-01",
    "framework": "gibbs",
    "sections": {"description": "Sent once, maybe twice."},
}


def _reflections(cluster, title=BODY["title"]) -> int | None:
    rows = query(cluster, "SELECT count(*) FROM reflections_reflection WHERE title = %s", (title,))
    return None if rows is None else rows[0][0]


def _headers(token, key):
    return {"Authorization": f"Token {token}", idempotency.HEADER: key, "Content-Type": "application/json"}


def _send_and_hang_up(app, token, key, body):
    """The whole request on a raw socket, closed without reading a byte of the answer."""
    raw = json.dumps(body).encode()
    head = "".join(f"{name}: {value}\r\n" for name, value in _headers(token, key).items())
    request = (
        f"POST {URL} HTTP/1.1\r\nHost: 127.0.0.1:{app.port}\r\n{head}"
        f"Content-Length: {len(raw)}\r\nConnection: close\r\n\r\n"
    ).encode() + raw
    with socket.create_connection(("127.0.0.1", app.port), timeout=10) as sock:
        sock.sendall(request)


def _retry_until_answered(app, token, key, body, *, timeout=30):
    """What a client does after a fault: send the same request again until it gets an answer."""

    def attempt():
        try:
            response = app.post(URL, headers=_headers(token, key), data=json.dumps(body))
        except requests.RequestException:
            return None
        return response if response.status_code < 500 else None

    return wait_for(attempt, timeout=timeout, interval=0.2, message="an answer to the retry")


def _worker_pids(app) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(app.process.pid)], capture_output=True, text=True).stdout
    return [int(pid) for pid in out.split()]


def test_a_create_retried_after_each_fault_makes_exactly_one_record(everyone, cluster, app_on, fault_table):  # noqa: F811
    peer = everyone["peer"]
    _, token = AuthToken.objects.create(user=peer)
    cluster.start()
    cluster.copy_test_database()
    app = app_on(cluster.url)

    # 1. The connection drops after the request was sent: the server commits, the client never
    #    hears. Its retry gets the first answer; one record.
    _send_and_hang_up(app, token, "fault-dropped", BODY)
    wait_for(lambda: _reflections(cluster) == 1, timeout=15, message="the first request to commit")
    retry = _retry_until_answered(app, token, "fault-dropped", BODY)
    assert retry.status_code == 201 and retry.headers[idempotency.REPLAYED_HEADER] == "true"
    first_id = retry.json()["id"]
    assert _reflections(cluster) == 1

    # 2. The gunicorn worker is killed mid-request (it waits on the key, held by an unfinished
    #    request): its transaction dies with it, the key is free, the retry creates one record.
    body = {**BODY, "title": "Retried after a killed worker"}
    holder = psycopg.connect(host="127.0.0.1", port=cluster.port, user="postgres", dbname="pspteam")
    holder.execute(
        "INSERT INTO core_idempotencykey (user_id, key_digest, fingerprint, response, created_at)"
        " VALUES (%s, %s, 'held', ''::bytea, %s)",
        (peer.pk, idempotency._lookup_digest(peer, "fault-killed"), datetime.now(UTC)),
    )
    outcome = []

    def doomed():
        try:
            outcome.append(app.post(URL, headers=_headers(token, "fault-killed"), data=json.dumps(body)).status_code)
        except requests.RequestException as exc:
            outcome.append(type(exc).__name__)

    thread = threading.Thread(target=doomed)
    thread.start()
    wait_for(
        lambda: (query(cluster, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'") or [[0]])[0][0],
        timeout=5,
        message="the request to wait on the key",
    )
    killed = _worker_pids(app)
    for pid in killed:
        os.kill(pid, signal.SIGKILL)
    thread.join(timeout=15)
    holder.rollback()
    holder.close()
    assert outcome and outcome[0] != 201, outcome  # the client saw the crash
    wait_for(lambda: set(_worker_pids(app)) - set(killed), timeout=30, message="gunicorn to start a new worker")
    retry = _retry_until_answered(app, token, "fault-killed", body)
    assert retry.status_code == 201 and idempotency.REPLAYED_HEADER not in retry.headers
    again = _retry_until_answered(app, token, "fault-killed", body)
    assert again.status_code == 201 and again.json()["id"] == retry.json()["id"]
    assert _reflections(cluster, body["title"]) == 1

    # 3. PostgreSQL crashes: the request is a clean 503 and leaves nothing; retried once the
    #    database is back, it creates one record, and again it is a replay.
    body = {**BODY, "title": "Retried after a database crash"}
    cluster.crash()
    down = app.post(URL, headers=_headers(token, "fault-crash"), data=json.dumps(body))
    assert down.status_code == 503 and int(down.headers["Retry-After"]) > 0
    cluster.start()
    retry = _retry_until_answered(app, token, "fault-crash", body)
    assert retry.status_code == 201
    again = _retry_until_answered(app, token, "fault-crash", body)
    assert again.headers[idempotency.REPLAYED_HEADER] == "true" and again.json()["id"] == retry.json()["id"]
    assert _reflections(cluster, body["title"]) == 1
    assert _reflections(cluster) == 1 and first_id

    fault_table(
        "A create (POST /api/v1/reflections/ with an Idempotency-Key) hit by a fault, then retried"
        " with the same key: client hung up after sending; gunicorn worker SIGKILLed mid-request;"
        " PostgreSQL crashed",
        "exactly one record each time; the retry gets the first answer (Idempotent-Replayed)",
        f"hang-up: replayed 201, 1 record; killed worker ({outcome[0]}): retry 201, then replay, 1 record;"
        " crash: clean 503, retry 201 after restart, then replay, 1 record",
        0,
    )
