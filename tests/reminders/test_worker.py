"""Against a real Redis broker and a real Celery worker (in this process, solo pool)."""

import time

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.urls import reverse

from apps.core.models import SchedulerHeartbeat
from apps.notifications.models import Notification
from apps.notifications.queue import publish
from apps.reminders.models import Reminder
from apps.reminders.tasks import scan
from pspteam.celery import app
from tests.notifications.backends import FlakyEmailBackend
from tests.notifications.brokers import broker_at
from tests.reminders.helpers import SUPERVISION, sent
from tests.reminders.processes import PrivateRedis, wait_for

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

EXPECTED = [
    ("supervision_escalated", "morgan"),
    ("supervision_overdue", "pat"),
    ("supervision_overdue", "sam"),
]


@pytest.fixture
def empty_queue():
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete("celery")


def scans_done() -> int:
    heartbeat = SchedulerHeartbeat.objects.filter(name="reminders.scan").first()
    return heartbeat.runs if heartbeat else 0


def all_emails_settled() -> bool:
    return not Notification.objects.filter(email_status="pending").exists()


def run_scan_through_the_broker(expected_runs: int):
    assert publish(scan)
    wait_for(lambda: scans_done() >= expected_runs, timeout=30, message=f"{expected_runs} scan(s)")


def test_a_due_agreement_produces_exactly_the_expected_notifications_and_emails_once(everyone, empty_queue):
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        run_scan_through_the_broker(1)
        wait_for(all_emails_settled, message="e-mails sent")
        assert sent(*SUPERVISION) == EXPECTED
        first_emails = sorted((m.to[0], m.subject) for m in mail.outbox)

        # A second scan, and two at once (two beats by mistake): nothing new.
        run_scan_through_the_broker(2)
        assert publish(scan) and publish(scan)
        wait_for(lambda: scans_done() >= 4, message="4 scans")
        wait_for(all_emails_settled, message="e-mails settled")

    assert sent(*SUPERVISION) == EXPECTED
    assert Notification.objects.count() == Reminder.objects.count() == 6  # + 3 peers without peer supervision
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == first_emails
    assert len(mail.outbox) == 6
    assert ("pat@example.invalid", "Supervision is waiting to be arranged") in first_emails or any(
        m.subject == "Supervision is waiting to be arranged" for m in mail.outbox
    )
    assert set(Notification.objects.values_list("email_status", flat=True)) == {"sent"}


def test_an_email_backend_that_fails_twice_then_succeeds_delivers_one_email(everyone, empty_queue, settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FlakyEmailBackend"
    settings.NOTIFICATION_EMAIL_RETRY_BACKOFF = 0.2  # seconds before the first retry, doubled after
    FlakyEmailBackend.failures, FlakyEmailBackend.calls = 2, 0
    from apps.notifications.services import notify
    from apps.notifications.tasks import dispatch_due_emails

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        notification = notify(
            recipient=everyone["supervisor"], kind="supervision_requested", message="Pat Peer asked for supervision."
        )  # autocommit: published at once
        # A failed send waits in the database; the sweep (beat, every few seconds) publishes it when due.
        wait_for(
            lambda: publish(dispatch_due_emails) and all_emails_settled(), interval=0.3, message="the e-mail to settle"
        )

    notification.refresh_from_db()
    assert FlakyEmailBackend.calls == 3
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [everyone["supervisor"].email]
    assert notification.email_status == "sent" and notification.email_attempts == 3
    assert Notification.objects.filter(recipient=everyone["supervisor"]).count() == 1  # in-app: exactly one


def test_with_redis_stopped_web_requests_succeed_quickly_and_everything_is_sent_once_it_is_back(
    client, everyone, tmp_path
):
    redis_server = PrivateRedis(tmp_path)  # ours alone, so we can really stop it
    peer, agreement = everyone["peer"], everyone["peer"].agreements_as_supervisee.get()
    with broker_at(redis_server.url):  # Redis is not running
        client.force_login(peer)
        started = time.monotonic()
        response = client.post(reverse("supervision:agreement-request", args=[agreement.pk]))
        assert response.status_code == 302 and time.monotonic() - started < 1.5
        assert client.get(reverse("core:my-day")).status_code == 200

        client.force_login(everyone["admin"])
        started = time.monotonic()
        response = client.post(reverse("reminders:scan-now"), follow=True)
        assert time.monotonic() - started < 1.5
        assert "cannot be reached" in response.content.decode()

        # The request is in the database, its e-mail waiting; beat could not ring: no reminders yet.
        request = Notification.objects.get(kind="supervision_requested")
        assert request.recipient == everyone["supervisor"] and request.email_status == "pending"
        assert sent(*SUPERVISION) == [] and mail.outbox == []

        redis_server.start()
        try:
            with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
                run_scan_through_the_broker(1)  # what beat does on its next tick
                wait_for(all_emails_settled, message="e-mails sent")
                run_scan_through_the_broker(2)
                wait_for(all_emails_settled, message="e-mails settled")
        finally:
            redis_server.stop()

    assert sent(*SUPERVISION) == EXPECTED
    assert Notification.objects.filter(kind="supervision_requested").count() == 1
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects.count("Supervision requested") == 1
    assert len(mail.outbox) == Notification.objects.count() == 7
