"""Probes and request ids (issue 22, cases 1, 3, 5 and 7): ``/healthz`` touches nothing,
``/readyz`` answers for the database only and reports the broker and the worker heartbeat beside
it, ``/metrics`` has what an alert needs, and every response carries ``X-Request-ID``."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from apps.core.models import SchedulerHeartbeat
from apps.core.tasks import WORKER_HEARTBEAT, worker_heartbeat

pytestmark = [pytest.mark.faults, pytest.mark.django_db]


def heartbeat(seconds_ago: float):
    SchedulerHeartbeat.objects.update_or_create(
        name=WORKER_HEARTBEAT, defaults={"last_run_at": timezone.now() - timedelta(seconds=seconds_ago)}
    )


def test_healthz_touches_neither_the_database_nor_the_session_even_with_a_session_cookie(
    client, everyone, django_assert_num_queries
):
    client.force_login(everyone["peer"])
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readyz_reports_a_fresh_worker_heartbeat_as_ok(client):
    worker_heartbeat.apply()  # what a worker does when beat's heartbeat task reaches it
    body = client.get("/readyz").json()
    assert body["status"] == "ready" and body["required"] == ["database"]
    assert body["checks"] == {"database": "ok", "broker": "ok", "worker": "ok"}
    assert 0 <= body["worker_heartbeat_age_seconds"] < 5


def test_a_stale_or_missing_worker_heartbeat_is_reported_but_never_makes_readyz_fail(client, settings):
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json()["checks"]["worker"] == "unknown"

    heartbeat(settings.WORKER_HEARTBEAT_STALE_SECONDS + 60)
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # and the broker is down too
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "broker": "down", "worker": "stale"}


def test_metrics_carry_the_worker_heartbeat_age_and_the_database_and_broker(client):
    heartbeat(42)
    SchedulerHeartbeat.objects.create(name="reminders.scan", last_run_at=timezone.now() - timedelta(seconds=7))
    response = client.get("/metrics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain; version=0.0.4")
    lines = response.content.decode().splitlines()
    assert "pspteam_database_up 1.0" in lines and "pspteam_broker_up 1.0" in lines
    age = next(float(line.split()[1]) for line in lines if line.startswith("pspteam_worker_heartbeat_age_seconds "))
    assert 42 <= age < 50
    assert any(line.startswith('pspteam_job_last_success_age_seconds{job="reminders.scan"} ') for line in lines)


def test_beat_publishes_the_worker_heartbeat_and_the_email_sweep():
    schedule = {entry["task"]: entry["schedule"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["apps.core.tasks.worker_heartbeat"] == django_settings.WORKER_HEARTBEAT_INTERVAL
    assert schedule["apps.notifications.tasks.dispatch_due_emails"] == django_settings.NOTIFICATION_EMAIL_SWEEP_INTERVAL


def test_every_response_carries_a_request_id_keeping_a_callers_plain_one(client, everyone):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-1234.abc")["X-Request-ID"] == "lb-1234.abc"
    made_up = client.get("/accounts/login/", HTTP_X_REQUEST_ID="bad id\nwith newline")["X-Request-ID"]
    assert len(made_up) == 32 and made_up.isalnum()
    client.force_login(everyone["peer"])
    assert client.get("/api/v1/me/")["X-Request-ID"] != client.get("/api/v1/me/")["X-Request-ID"]


def test_with_a_metrics_token_metrics_answer_only_to_its_bearer(client, settings):
    settings.METRICS_TOKEN = "s3cret-scrape-token"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-scrape-token")
    assert response.status_code == 200 and b"pspteam_database_up 1.0" in response.content
