"""Database timeouts (issue 22, case 2): a write on a row locked elsewhere answers within the
lock timeout with a clean 409 and changes nothing; a runaway query is stopped with a clean 503;
every connection carries the timeouts; long jobs and migrations lift the statement timeout."""

import threading
import time

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.core.db import long_statements
from apps.notifications.services import notify
from apps.teams.models import Team

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

MARGIN = 3  # seconds on top of the lock timeout: a loaded machine, the request itself


def server_setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


@pytest.fixture
def row_lock():
    """``row_lock(table, pk)``: another connection takes the row's lock and holds it, as a slow
    transaction elsewhere would; released after 4 × the lock timeout at the latest (so that
    code without a lock timeout answers late instead of hanging the test)."""
    d = connection.settings_dict
    blocker = psycopg.connect(host=d["HOST"] or "127.0.0.1", port=d["PORT"] or 5432, user=d["USER"], dbname=d["NAME"])
    timers = []

    def take(table: str, pk) -> None:
        blocker.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR UPDATE", [pk])
        timer = threading.Timer(4 * settings.DB_LOCK_TIMEOUT, blocker.rollback)
        timer.start()
        timers.append(timer)

    yield take
    for timer in timers:
        timer.cancel()
    blocker.rollback()
    blocker.close()


def test_every_connection_carries_the_statement_lock_and_idle_transaction_timeouts():
    assert server_setting("statement_timeout") == "15s"
    assert server_setting("lock_timeout") == "5s"
    assert server_setting("idle_in_transaction_session_timeout") == "1min"


def test_long_jobs_lift_the_statement_timeout_for_themselves_only():
    with long_statements():
        assert server_setting("statement_timeout") == "4min"
        assert server_setting("lock_timeout") == "5s"  # still never queues behind a lock for long
    assert server_setting("statement_timeout") == "15s"


def test_an_api_write_on_a_row_locked_elsewhere_answers_409_within_the_lock_timeout(
    api, everyone, row_lock, fault_table
):
    team = Team.objects.get(name="Riverside")
    audit_before = AuditEvent.objects.count()
    client = api.as_(everyone["manager"])
    row_lock("teams_team", team.pk)

    started = time.monotonic()
    response = client.patch(f"/api/v1/teams/{team.pk}/", {"description": "Changed"}, format="json")
    elapsed = time.monotonic() - started

    assert response.status_code == 409, response.content
    assert elapsed < settings.DB_LOCK_TIMEOUT + MARGIN
    assert response["Content-Type"] == "application/json"
    assert "changing this right now" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0
    team.refresh_from_db()
    assert team.description != "Changed"
    assert AuditEvent.objects.count() == audit_before  # the audit row rolled back with the write
    fault_table(
        "API PATCH on a row locked by another transaction",
        f"JSON 409 within lock timeout ({settings.DB_LOCK_TIMEOUT:.0f} s) + {MARGIN} s, nothing changed",
        f"JSON 409 with Retry-After in {elapsed:.1f} s; row and audit trail unchanged",
        0,
    )


def test_a_page_form_on_a_row_locked_elsewhere_answers_the_apps_own_409_page(client, everyone, row_lock, fault_table):
    notification = notify(recipient=everyone["peer"], kind="agreement_created", message="An agreement was set up.")
    client.force_login(everyone["peer"])
    row_lock("notifications_notification", notification.pk)

    started = time.monotonic()
    response = client.post(reverse("notifications:notification-open", args=[notification.pk]))
    elapsed = time.monotonic() - started

    assert response.status_code == 409
    assert elapsed < settings.DB_LOCK_TIMEOUT + MARGIN
    assert response["Content-Type"].startswith("text/html")
    assert "Someone else is changing this" in response.content.decode()
    assert response["Retry-After"]
    notification.refresh_from_db()
    assert notification.read_at is None
    fault_table(
        "page form POST on a row locked by another transaction",
        "the app's own 409 page within the lock timeout + margin, nothing changed",
        f"409 page in {elapsed:.1f} s; row unchanged",
        0,
    )


@pytest.mark.parametrize(("path", "kind"), [("/api/v1/slow/", "application/json"), ("/slow/", "text/html")])
def test_a_query_stopped_by_the_statement_timeout_answers_a_clean_503(
    client, everyone, settings, path, kind, fault_table
):
    settings.ROOT_URLCONF = "tests.faults.slow_urls"
    client.force_login(everyone["peer"])
    started = time.monotonic()
    response = client.get(path)
    elapsed = time.monotonic() - started
    assert elapsed < 3
    assert response.status_code == 503
    assert response["Content-Type"].startswith(kind)
    assert response["Retry-After"]
    assert "took too long" in response.content.decode()
    fault_table(
        f"a query past the statement timeout ({path})",
        f"stopped; clean 503 ({kind}) with Retry-After",
        f"503 {kind} in {elapsed:.1f} s",
        0,
    )
