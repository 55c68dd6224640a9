"""PostgreSQL crashes under a real Celery worker with e-mails waiting (issue 22, cases 1 and 4):
the worker stays up through the tasks that fail meanwhile, and once the database is back every
reminder's e-mail goes out exactly once."""

import time

import pytest

from apps.core.tasks import worker_heartbeat
from apps.notifications.queue import publish
from apps.notifications.tasks import dispatch_due_emails
from apps.reminders.tasks import scan
from tests.faults.postgres import query
from tests.faults.processes import wait_for, worker
from tests.notifications.brokers import broker_at

pytestmark = [pytest.mark.faults, pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def test_a_worker_survives_a_postgresql_crash_and_then_sends_every_email_once(
    everyone, cluster, private_redis, workers, tmp_path, fault_table
):
    cluster.start()
    cluster.copy_test_database()  # the personas, with supervision overdue: six reminders are due
    email_file, smtp_down = tmp_path / "emails.txt", tmp_path / "smtp-down"
    smtp_down.touch()
    the_worker = worker(
        tmp_path,
        private_redis,
        DATABASE_URL=cluster.url,
        TEST_EMAIL_FILE=email_file,
        TEST_SMTP_DOWN=smtp_down,
        NOTIFICATION_EMAIL_RETRY_BACKOFF=1,
        NOTIFICATION_EMAIL_MAX_ATTEMPTS=50,
        NOTIFICATION_EMAIL_REDISPATCH_SECONDS=3,
    )
    workers.append(the_worker)

    def beat(*tasks):
        with broker_at(private_redis.url):
            return all(publish(task) for task in tasks)

    def pending():
        rows = query(cluster, "SELECT count(*) FROM notifications_notification WHERE email_status = 'pending'")
        return None if rows is None else rows[0][0]

    assert beat(scan)
    wait_for(lambda: pending() == 6, timeout=30, message="six e-mails waiting (SMTP down)")
    wait_for(
        lambda: query(cluster, "SELECT count(*) FROM notifications_notification WHERE email_attempts = 0")[0][0] == 0,
        timeout=30,
        message="every e-mail tried once",
    )

    cluster.crash()
    crashed = time.monotonic()
    smtp_down.unlink()  # SMTP is back; the database is not
    tasks_before = the_worker.log.read_text().count(" received")
    assert beat(dispatch_due_emails, scan, worker_heartbeat)  # beat keeps ringing meanwhile
    wait_for(
        lambda: the_worker.log.read_text().count(" received") >= tasks_before + 3,
        timeout=30,
        message="the worker to take (and fail) the tasks while the database is down",
    )
    assert the_worker.process.poll() is None
    wait_for(lambda: time.monotonic() - crashed >= 5, message="the database to stay down a few seconds")
    cluster.start()
    down_for = time.monotonic() - crashed

    wait_for(
        lambda: the_worker.process.poll() is not None or (beat(dispatch_due_emails) and pending() == 0),
        timeout=60,
        interval=0.5,
        message="every e-mail sent after the database came back",
    )
    assert the_worker.process.poll() is None, the_worker.log.read_text()[-3000:]
    # Another scan and sweep, then a heartbeat (run after them: one worker, in order): nothing
    # new, nothing twice.
    assert beat(scan, dispatch_due_emails, worker_heartbeat)
    wait_for(
        lambda: query(cluster, "SELECT runs FROM core_schedulerheartbeat WHERE name = 'worker'"),
        timeout=30,
        message="the scan, the sweep and the heartbeat after the outage",
    )
    lines = email_file.read_text().splitlines()
    message_ids = {line.rsplit("|", 1)[1] for line in lines}
    notifications = query(
        cluster, "SELECT count(*), count(*) FILTER (WHERE email_status = 'sent') FROM notifications_notification"
    )[0]
    assert notifications == (6, 6)
    assert len(lines) == len(message_ids) == 6, lines
    fault_table(
        f"PostgreSQL crashed for {down_for:.0f} s under a worker with 6 reminder e-mails waiting (SMTP down before)",
        "worker stays up; every e-mail sent exactly once after",
        f"worker up through the failed tasks; {notifications[1]}/6 sent, {len(lines)} e-mails,"
        f" {len(message_ids)} distinct Message-IDs",
        6 - len(message_ids),
    )
