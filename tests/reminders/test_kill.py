"""A worker process SIGKILLed mid-scan or mid-send, then a new one: each reminder exactly once.

Real ``celery worker`` subprocesses on the test database and Redis; nothing is mocked. The
moment of the kill is made deterministic with the database (a lock the scan must wait for)
or with an e-mail backend that hangs, never with sleeps.
"""

import psycopg
import pytest
import redis
from django.conf import settings
from django.db import connection

from apps.core.models import SchedulerHeartbeat
from apps.notifications.models import Notification
from apps.notifications.queue import publish
from apps.reminders.models import Reminder
from apps.reminders.tasks import scan
from tests.reminders.helpers import SUPERVISION, sent
from tests.reminders.processes import Worker, wait_for

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

EXPECTED = [
    ("supervision_escalated", "morgan"),
    ("supervision_overdue", "pat"),
    ("supervision_overdue", "sam"),
]


@pytest.fixture(autouse=True)
def empty_queue():
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete("celery", "unacked", "unacked_index")
    yield
    client.delete("celery", "unacked", "unacked_index")


@pytest.fixture
def workers():
    started = []
    yield started
    for worker in started:
        worker.stop()


def emails_in(path) -> list[str]:
    return sorted(path.read_text().splitlines()) if path.exists() else []


def raw_connection(*, autocommit=False):
    d = connection.settings_dict
    return psycopg.connect(
        host=d["HOST"] or "127.0.0.1", port=d["PORT"] or 5432, user=d["USER"], dbname=d["NAME"], autocommit=autocommit
    )


def test_a_worker_killed_mid_scan_leaves_each_reminder_to_be_sent_exactly_once(everyone, tmp_path, workers):
    email_file = tmp_path / "emails.txt"
    blocker, observer = raw_connection(), raw_connection(autocommit=True)  # (statistics are per transaction)
    try:
        # Hold a lock that the scan's delivery step (INSERT INTO notifications) must wait for.
        blocker.execute("LOCK TABLE notifications_notification IN SHARE ROW EXCLUSIVE MODE")
        first = Worker(tmp_path, TEST_EMAIL_FILE=email_file)
        workers.append(first)
        assert publish(scan)

        def scan_waiting_on_the_lock():
            row = observer.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                " AND query LIKE 'INSERT INTO %notifications_notification%'"
            ).fetchone()
            return row and row[0]

        backend_pid = wait_for(scan_waiting_on_the_lock, message="the scan to block in its delivery step")
        first.kill()  # mid-scan: reminders inserted and claimed, notifications not yet committed
        blocker.rollback()
        wait_for(
            lambda: not observer.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [backend_pid]).fetchone(),
            message="the killed worker's database session to end (its transaction rolls back)",
        )
    finally:
        blocker.close()
        observer.close()

    assert Reminder.objects.count() == 6 and not Reminder.objects.filter(notified_at__isnull=False).exists()
    assert Notification.objects.count() == 0 and emails_in(email_file) == []

    second = Worker(tmp_path, TEST_EMAIL_FILE=email_file)
    workers.append(second)
    assert publish(scan)
    wait_for(lambda: len(emails_in(email_file)) == 6, message="six e-mails")
    assert publish(scan)
    wait_for(lambda: SchedulerHeartbeat.objects.get(name="reminders.scan").runs == 2, message="a second scan")
    wait_for(lambda: not Notification.objects.filter(email_status="pending").exists(), message="all sent")

    assert sent(*SUPERVISION) == EXPECTED
    assert Notification.objects.count() == 6
    lines = emails_in(email_file)
    assert len(lines) == len(set(lines)) == 6
    assert set(Notification.objects.values_list("email_status", flat=True)) == {"sent"}


def test_a_worker_killed_mid_send_leaves_its_claim_to_expire_and_the_email_is_sent_exactly_once(
    everyone, tmp_path, workers
):
    email_file, hanging = tmp_path / "emails.txt", tmp_path / "hanging"
    short_lease = {"NOTIFICATION_EMAIL_LEASE_SECONDS": 2, "NOTIFICATION_EMAIL_REDISPATCH_SECONDS": 1}
    first = Worker(tmp_path, TEST_EMAIL_FILE=email_file, TEST_EMAIL_HANG_MARKER=hanging, **short_lease)
    workers.append(first)
    assert publish(scan)
    wait_for(hanging.exists, message="the first e-mail send to hang")
    first.kill()  # mid-send: one e-mail claimed under a lease, the others queued or reserved

    claimed = Notification.objects.filter(email_claimed_until__isnull=False, email_status="pending")
    assert claimed.count() == 1 and emails_in(email_file) == []
    assert Notification.objects.count() == 6  # the in-app notifications were already committed

    # A new worker with beat: the scan every second sweeps up what the dead worker left.
    second = Worker(tmp_path, beat=True, TEST_EMAIL_FILE=email_file, REMINDER_SCAN_INTERVAL=1, **short_lease)
    workers.append(second)
    wait_for(lambda: len(emails_in(email_file)) >= 6, timeout=60, message="six e-mails")
    wait_for(lambda: not Notification.objects.filter(email_status="pending").exists(), message="all sent")
    before = emails_in(email_file)
    # Let beat run a few more scans: nothing is sent twice.
    runs = Notification.objects.count()
    scans = SchedulerHeartbeat.objects.get(name="reminders.scan").runs
    wait_for(lambda: SchedulerHeartbeat.objects.get(name="reminders.scan").runs >= scans + 2, message="more scans")

    assert emails_in(email_file) == before and len(before) == len(set(before)) == 6
    assert Notification.objects.count() == runs == 6
    assert set(Notification.objects.values_list("email_status", flat=True)) == {"sent"}
    assert claimed.model.objects.filter(email_attempts=2).count() == 1  # the one retried after the kill
