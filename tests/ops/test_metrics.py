"""``/metrics`` (apps/core/metrics.py): who may read it, what it counts, and one scrape adding up
several gunicorn workers and Celery processes (prometheus-client's multiprocess mode)."""

import os
import signal
import subprocess
import sys
import uuid
from datetime import date

import pytest
import redis
from django.conf import settings as django_settings
from knox.models import AuthToken

from apps.reminders.models import Reminder
from pspteam.celery import app as celery_app
from tests.ops.processes import Gunicorn, samples
from tests.reminders.helpers import make_world
from tests.reminders.processes import ROOT, Worker, wait_for

pytestmark = pytest.mark.django_db


def production_setting(name: str, **env) -> str:
    """A setting as production computes it from ``env`` (a fresh interpreter: settings are read once)."""
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("METRICS_")},
        "DJANGO_ENV": "production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "pspteam.example.org",
        "DJANGO_SETTINGS_MODULE": "pspteam.settings",
        **env,
    }
    code = f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip()


def test_in_production_metrics_are_closed_until_an_operator_opens_them():
    assert production_setting("METRICS_ALLOWED_NETWORKS") == "[]"
    assert production_setting("METRICS_ALLOWED_NETWORKS", METRICS_TOKEN="t0ken") == "['0.0.0.0/0', '::/0']"
    assert production_setting("METRICS_ALLOWED_NETWORKS", METRICS_ALLOWED_NETWORKS="10.0.0.0/8") == "['10.0.0.0/8']"
    # Passed through empty by docker-compose from an .env that leaves it blank: as if not set.
    assert production_setting("METRICS_ALLOWED_NETWORKS", METRICS_ALLOWED_NETWORKS="") == "[]"
    everywhere = production_setting("METRICS_ALLOWED_NETWORKS", METRICS_ALLOWED_NETWORKS="", METRICS_TOKEN="t")
    assert everywhere == "['0.0.0.0/0', '::/0']"


def test_closed_metrics_answer_403_with_nothing_in_them(client, settings):
    settings.METRICS_ALLOWED_NETWORKS = []
    response = client.get("/metrics")
    assert response.status_code == 403 and b"pspteam_" not in response.content


def test_only_allowed_networks_may_read_metrics_and_a_forged_forwarded_for_does_not_help(client, settings):
    settings.METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8", "fd00::/8"]
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.7").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="fd00::5").status_code == 200
    settings.TRUSTED_PROXY_COUNT = 1  # behind the TLS proxy: the client is the address it appends
    forged = client.get("/metrics", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="10.9.9.9, 192.0.2.7")
    assert forged.status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 200


def test_network_and_token_together_both_are_needed(client, settings):
    settings.METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    settings.METRICS_TOKEN = "scrape-me"
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.9").status_code == 401
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.7", HTTP_AUTHORIZATION="Bearer scrape-me").status_code == 403
    ok = client.get("/metrics", REMOTE_ADDR="10.0.0.9", HTTP_AUTHORIZATION="Bearer scrape-me")
    assert ok.status_code == 200 and "no-store" in ok["Cache-Control"]


def test_requests_are_timed_by_view_name_never_by_path(client, everyone):
    client.force_login(everyone["peer"])
    missing = uuid.uuid4()
    assert client.get(f"/api/v1/reflections/{missing}/").status_code == 404
    assert client.get("/api/v1/me/").status_code == 200
    text = client.get("/metrics").content.decode()
    assert str(missing) not in text
    assert f'"{everyone["peer"].username}"' not in text and str(everyone["peer"].pk) not in text
    latency = samples(text, "pspteam_http_request_duration_seconds_count")
    assert latency['{method="GET",view="api:reflection-detail"}'] >= 1
    assert latency['{method="GET",view="api:me"}'] >= 1
    assert (
        samples(text, "pspteam_http_responses_total")['{method="GET",status="404",view="api:reflection-detail"}'] >= 1
    )


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_one_scrape_adds_up_every_gunicorn_worker_and_celery_process(tmp_path, started):
    redis.Redis.from_url(django_settings.CELERY_BROKER_URL).delete("celery")
    multiproc = tmp_path / "prometheus"
    multiproc.mkdir()
    world = make_world(next_due_on=date(2020, 1, 1), prefix="ops")  # long overdue: the scan reminds
    _, token = AuthToken.objects.create(world.supervisee)
    smtp_down = tmp_path / "smtp-down"
    smtp_down.touch()  # every e-mail fails: counted as a failure, tried again later
    shared = {"PROMETHEUS_MULTIPROC_DIR": multiproc}
    for _ in range(2):  # two Celery processes
        started.append(
            Worker(
                tmp_path,
                DJANGO_SETTINGS_MODULE="tests.faults.worker_settings",
                TEST_SMTP_DOWN=smtp_down,
                TEST_EMAIL_FILE=tmp_path / "mail.txt",
                **shared,
            )
        )
    web = Gunicorn(tmp_path, workers=3, **shared)
    started.append(web)
    try:
        auth = {"Authorization": f"Token {token}"}
        for _ in range(15):
            assert web.get("/api/v1/me/", headers=auth).status_code == 200
        first_workers = {p.name.split("_")[-1] for p in multiproc.glob("histogram_*.db")}
        # A graceful restart replaces every gunicorn worker: what the old ones counted must stay.
        os.kill(web.process.pid, signal.SIGHUP)
        wait_for(
            lambda: (
                {p.name.split("_")[-1] for p in multiproc.glob("histogram_*.db")} - first_workers
                and web.get("/healthz").status_code == 200
            ),
            timeout=60,
            message="new gunicorn workers",
        )
        for _ in range(15):
            assert web.get("/api/v1/me/", headers=auth).status_code == 200
        celery_app.send_task("apps.reminders.tasks.scan")
        celery_app.send_task("apps.core.tasks.worker_heartbeat", args=["unexpected"])  # a TypeError: a failure

        def scrape() -> str:
            return web.get("/metrics").text

        def settled(text: str) -> bool:
            emails = samples(text, "pspteam_notification_emails_total")
            return (
                samples(text, "pspteam_celery_task_failures_total").get('{task="apps.core.tasks.worker_heartbeat"}', 0)
                >= 1
                and samples(text, "pspteam_reminder_scan_duration_seconds_count").get("", 0) >= 1
                and emails.get('{outcome="retry"}', 0) >= 1
            )

        text = wait_for(lambda: (lambda t: t if settled(t) else None)(scrape()), timeout=90, interval=0.5)
        assert samples(text, "pspteam_http_responses_total")['{method="GET",status="200",view="api:me"}'] == 30
        tasks = samples(text, "pspteam_celery_tasks_total")
        assert tasks['{state="SUCCESS",task="apps.reminders.tasks.scan"}'] == 1
        assert tasks['{state="FAILURE",task="apps.core.tasks.worker_heartbeat"}'] == 1
        created = samples(text, "pspteam_reminders_created_total")
        assert sum(created.values()) == Reminder.objects.count() > 0
        assert samples(text, "pspteam_celery_task_duration_seconds_count")['{task="apps.reminders.tasks.scan"}'] == 1
        assert "pspteam_database_up 1.0" in text.splitlines()
        for private in (world.supervisee.username, world.supervisee.email, str(world.supervisee.pk), token):
            assert private not in text
    finally:
        for process in started:
            process.stop()
