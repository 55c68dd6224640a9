"""Sentry error reports (pspteam/sentry.py) against a real HTTP endpoint standing in for Sentry:
gunicorn with SENTRY_DSN pointing at a local server, the real sentry-sdk sending its envelope
there, and the test reading what arrived — no private text, no credentials, the request id kept."""

import gzip
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import connection
from knox.models import AuthToken

from apps.reflections.models import Reflection
from pspteam.sentry import scrub
from tests.ops.processes import Gunicorn
from tests.reminders.processes import ROOT, wait_for

pytestmark = pytest.mark.django_db

TITLE = "Night-Shift-Disclosure-5521"
BODY = "What-I-Told-No-One-5521"


class Envelopes(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        type(self).received.append(body)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_endpoint():
    """A local HTTP server taking Sentry envelopes; its DSN."""
    Envelopes.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Envelopes)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://publickey@127.0.0.1:{server.server_port}/42"
    server.shutdown()


@pytest.fixture
def refusing_reflections():
    """PostgreSQL refuses every new reflection with a message quoting its title and text."""
    table = Reflection._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION ops_refuse() RETURNS trigger AS $$ BEGIN"
            " RAISE EXCEPTION 'refused row: % / %', NEW.title, NEW.sections; END $$ LANGUAGE plpgsql"
        )
        cursor.execute(f"CREATE TRIGGER ops_refuse BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION ops_refuse()")
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER IF EXISTS ops_refuse ON {table}")
        cursor.execute("DROP FUNCTION IF EXISTS ops_refuse()")


def events(envelopes: list[bytes]) -> list[dict]:
    """The event items of the envelopes (an envelope: a header line, then item header / payload lines)."""
    found = []
    for envelope in envelopes:
        lines = envelope.split(b"\n")
        for header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(header).get("type") == "event":
                found.append(json.loads(payload))
    return found


@pytest.mark.django_db(transaction=True)
def test_a_database_error_quoting_a_reflection_reaches_sentry_without_the_text_or_credentials(
    tmp_path, sentry_endpoint, refusing_reflections, everyone
):
    peer = everyone["peer"]
    _, token = AuthToken.objects.create(user=peer)
    web = Gunicorn(tmp_path, SENTRY_DSN=sentry_endpoint)
    try:
        response = web.post(
            "/api/v1/reflections/?q=query-5521",
            json={"title": TITLE, "occurred_on": "2026-11-30", "framework": "gibbs", "sections": {"description": BODY}},
            headers={"Authorization": f"Token {token}", "X-Request-ID": "ops-sentry-1"},
            cookies={"sessionid": "cookie-value-5521"},
        )
        assert response.status_code == 500 and TITLE not in response.text
        wait_for(lambda: events(Envelopes.received), timeout=20, message="the event at the local Sentry endpoint")
    finally:
        web.stop()

    raw = b"".join(Envelopes.received).decode()
    for secret in (TITLE, BODY, token, "cookie-value-5521", "query-5521"):
        assert secret not in raw
    [event] = events(Envelopes.received)
    assert event["tags"]["request_id"] == "ops-sentry-1"
    types = [exception["type"] for exception in event["exception"]["values"]]
    assert "RaiseException" in types, types
    assert all(exception.get("value") in (None, "[scrubbed]") for exception in event["exception"]["values"])
    frames = [frame for exception in event["exception"]["values"] for frame in exception["stacktrace"]["frames"]]
    assert frames and not any("vars" in frame for frame in frames)
    request = event["request"]
    assert request["method"] == "POST" and request["url"].endswith("/api/v1/reflections/")
    assert not {"data", "cookies", "query_string", "env"} & set(request)
    assert {name.lower() for name in request["headers"]} <= {
        "content-type",
        "content-length",
        "host",
        "x-request-id",
        "accept",
        "user-agent",
    }
    assert "user" not in event and "extra" not in event
    assert not Reflection.objects.exists()


def test_scrub_drops_breadcrumb_data_extras_and_the_user():
    event = {
        "breadcrumbs": {"values": [{"category": "query", "message": "INSERT ...", "data": {"params": [BODY]}}]},
        "extra": {"celery-job": {"args": [BODY]}},
        "user": {"id": "1", "username": "pat"},
        "threads": {"values": [{"stacktrace": {"frames": [{"function": "f", "vars": {"body": BODY}}]}}]},
    }
    assert BODY not in json.dumps(scrub(event))
    assert event["breadcrumbs"]["values"][0]["message"] == "INSERT ..."


@pytest.mark.parametrize("dsn, active", [("", "False"), ("http://publickey@127.0.0.1:9/1", "True")])
def test_sentry_is_on_only_when_a_dsn_is_set(dsn, active):
    code = "import django; django.setup(); import sentry_sdk; print(sentry_sdk.get_client().is_active())"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pspteam.settings", "SENTRY_DSN": dsn}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == active
