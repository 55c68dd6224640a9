"""PostgreSQL crashes under a running app (issue 22, cases 3, 5 and 7).

The app runs as it does in production — gunicorn, DEBUG off, persistent connections — against a
private PostgreSQL cluster holding a copy of the test database; the cluster is stopped with
``pg_ctl stop -m immediate`` and started again. While it is down, signed-in pages answer the
app's own 503 page (no user lookup), the API a JSON 503 with ``Retry-After``, ``/healthz`` 200
even with a session cookie, ``/readyz`` 503 naming the database; each failed request writes one
log line with its request id, and only a few tracebacks are kept. When it is back, the same
gunicorn serves again, without a restart.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from django.conf import settings
from knox.models import AuthToken

from tests.ops.processes import Gunicorn
from tests.reminders.processes import wait_for

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

TRACEBACKS_PER_MINUTE = 3


class App(Gunicorn):
    """gunicorn serving pspteam on a free port against ``database_url``, with persistent
    connections as production has them; its log (the app's and gunicorn's) in a file."""

    def __init__(self, tmp_path: Path, database_url: str):
        super().__init__(
            tmp_path,
            DATABASE_URL=database_url,
            CONN_MAX_AGE="60",
            LOG_TRACEBACKS_PER_MINUTE=str(TRACEBACKS_PER_MINUTE),
        )


@pytest.fixture
def app_on(tmp_path):
    started = []

    def start(database_url):
        app = App(tmp_path, database_url)
        started.append(app)
        return app

    yield start
    for app in started:
        app.stop()


def test_with_postgresql_down_pages_and_api_answer_clean_503s_and_recover_without_a_restart(
    client, everyone, cluster, app_on, fault_table
):
    peer = everyone["peer"]
    client.force_login(peer)  # a real session row, copied to the private cluster with the rest
    session = {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}
    _, token = AuthToken.objects.create(user=peer)
    api_auth = {"Authorization": f"Token {token}"}
    cluster.start()
    cluster.copy_test_database()
    app = app_on(cluster.url)

    # Up: the signed-in page, the API, ready.
    assert app.get("/", cookies=session).status_code == 200
    assert app.get("/api/v1/me/", headers=api_auth).json()["username"] == peer.username
    assert app.get("/readyz").status_code == 200

    cluster.crash()
    crashed = time.monotonic()

    failed = {}  # request id -> response, for every request that must fail cleanly

    def during(method, path, *, expect, **kwargs):
        request_id = f"fault-{len(failed) + 1:03d}"
        headers = {**kwargs.pop("headers", {}), "X-Request-ID": request_id}
        started = time.monotonic()
        response = getattr(app, method)(path, headers=headers, **kwargs)
        assert time.monotonic() - started < 3, path  # nothing waits for a database that is gone
        assert response.status_code == expect, (path, response.status_code, response.text[:300])
        assert response.headers["X-Request-ID"] == request_id
        if expect >= 500:
            failed[request_id] = response
        return response

    for _ in range(5):
        page = during("get", "/", cookies=session, expect=503)
        assert page.headers["Content-Type"].startswith("text/html")
        assert "pspteam is temporarily unavailable" in page.text and "Traceback" not in page.text
        assert int(page.headers["Retry-After"]) > 0
        assert "Content-Security-Policy" in page.headers and "<script" not in page.text

        for auth in ({"headers": api_auth}, {"cookies": session}):
            api = during("get", "/api/v1/me/", expect=503, **auth)
            assert api.headers["Content-Type"] == "application/json"
            assert "database" in api.json()["detail"] and int(api.headers["Retry-After"]) > 0

        during("post", "/notifications/read-all/", cookies=session, expect=503)  # a write
        during("get", "/reflections/", cookies=session, expect=503)

        # Probes: alive, not ready (the database), broker and worker reported beside it.
        assert during("get", "/healthz", cookies=session, expect=200).json() == {"status": "ok"}
        ready = during("get", "/readyz", cookies=session, expect=503).json()
        assert ready["status"] == "unavailable" and ready["checks"]["database"] == "down"
        assert ready["checks"]["broker"] == "ok"
        assert "pspteam_database_up 0" in during("get", "/metrics", expect=200).text

    wait_for(lambda: time.monotonic() - crashed >= 5, message="the database to stay down a few seconds")
    cluster.start()
    restarted = time.monotonic()
    down_for = restarted - crashed

    # Back: the same gunicorn serves again (it reconnects on its own).
    wait_for(lambda: app.get("/", cookies=session).status_code == 200, timeout=30, interval=0.2, message="pages back")
    recovered_in = time.monotonic() - restarted
    assert app.get("/api/v1/me/", headers=api_auth).status_code == 200
    assert app.get("/readyz").json()["checks"]["database"] == "ok"

    # One log line per failed request, with its request id; tracebacks rate-limited.
    log = app.log.read_text()
    for request_id in failed:
        lines = [line for line in log.splitlines() if f"[{request_id}]" in line]
        assert len(lines) == 1, (request_id, lines)
    assert len(failed) == 30
    # Of the 25 failures logged by the app (the other 5 are /readyz's own 503s), at most
    # TRACEBACKS_PER_MINUTE carry a traceback (each a chain of at most a few).
    failures = re.findall(r"^.* apps\.core\.errors \[fault-\d+\] database unavailable: .*$", log, re.MULTILINE)
    with_traceback = [line for line in failures if not line.endswith("[traceback suppressed]")]
    assert len(failures) == 25 and len(with_traceback) == TRACEBACKS_PER_MINUTE
    assert log.count("Traceback (most recent call last)") <= 4 * TRACEBACKS_PER_MINUTE
    fault_table(
        f"PostgreSQL crashed (pg_ctl stop -m immediate) for {down_for:.0f} s under gunicorn;"
        " 40 requests with a session or token meanwhile",
        "pages: own 503 page; API: JSON 503 + Retry-After; /healthz 200; /readyz 503; back without restart",
        f"{len(failed)} clean 503s (HTML/JSON, Retry-After), /healthz 200 ×5; pages back {recovered_in:.1f} s"
        f" after restart, same gunicorn; {len(failures) + 5} log lines for {len(failed)} failures,"
        f" {len(with_traceback)} with a traceback",
        0,
    )
