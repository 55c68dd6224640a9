"""Redis goes away while a real Celery worker holds work: the worker stays alive, reconnects,
and every reminder and e-mail is delivered exactly once (issue 22, case 1).

A private redis-server (its own port, never the shared one) is SIGKILLed for some seconds and
started again; the worker is a real ``celery worker`` subprocess on the test database.
"""

import time

import pytest

from apps.core.models import SchedulerHeartbeat
from apps.core.tasks import WORKER_HEARTBEAT, worker_heartbeat
from apps.notifications.models import Notification
from apps.notifications.queue import publish
from apps.notifications.services import notify
from apps.notifications.tasks import dispatch_due_emails
from apps.reminders.models import Reminder
from apps.reminders.tasks import scan
from tests.faults.processes import log_count, wait_for, worker
from tests.notifications.brokers import broker_at
from tests.reminders.helpers import SUPERVISION, sent

pytestmark = [pytest.mark.faults, pytest.mark.celery, pytest.mark.django_db(transaction=True)]

LOST = "Connection to broker lost"
OUTAGE = {"seconds": 0.0}
CONNECTED = "Connected to "


def heartbeats() -> int:
    row = SchedulerHeartbeat.objects.filter(name=WORKER_HEARTBEAT).first()
    return row.runs if row else 0


def scans() -> int:
    row = SchedulerHeartbeat.objects.filter(name="reminders.scan").first()
    return row.runs if row else 0


def outage(redis_server, the_worker):
    """Kill Redis, wait until the worker has noticed, start Redis again on the same port."""
    connected = log_count(the_worker, CONNECTED)
    started = time.monotonic()
    redis_server.kill()
    wait_for(
        lambda: log_count(the_worker, LOST) >= 1 or the_worker.process.poll() is not None,
        timeout=30,
        message="the worker to notice that Redis is gone",
    )
    wait_for(lambda: time.monotonic() - started >= 3, message="Redis to stay away a few seconds")
    redis_server.start()
    OUTAGE["seconds"] = time.monotonic() - started
    return connected


def hold_a_delayed_task(redis_server, the_worker):
    """Give the worker an unacknowledged message to hold: a task due in ten minutes."""
    with broker_at(redis_server.url):
        task_id = worker_heartbeat.apply_async(countdown=600).id
    wait_for(lambda: log_count(the_worker, f"[{task_id}] received"), message="the worker to take the delayed task")


def test_a_worker_holding_an_unacknowledged_task_survives_a_redis_outage(private_redis, workers, tmp_path, fault_table):
    the_worker = worker(tmp_path, private_redis)
    workers.append(the_worker)
    hold_a_delayed_task(private_redis, the_worker)

    connected = outage(private_redis, the_worker)
    wait_for(
        lambda: log_count(the_worker, CONNECTED) > connected or the_worker.process.poll() is not None,
        timeout=30,
        message="the worker to reconnect",
    )
    assert the_worker.process.poll() is None, the_worker.log.read_text()[-3000:]
    assert "Unrecoverable error" not in the_worker.log.read_text()

    # And it works: a task published now runs.
    with broker_at(private_redis.url):
        worker_heartbeat.delay()
    wait_for(lambda: heartbeats() >= 1, message="a task to run after the outage")
    fault_table(
        f"Redis killed for {OUTAGE['seconds']:.0f} s while the worker holds an unacknowledged (delayed) task",
        "worker stays up, reconnects, keeps working",
        "worker up, reconnected, ran a task published afterwards",
        0,
    )


def test_without_pspteams_transport_kombu_5_7_still_kills_such_a_worker(private_redis, workers, tmp_path, fault_table):
    """The canary for pspteam/broker.py: the plain kombu transport still crashes. When this
    test fails, kombu has fixed the bug and the workaround can go."""
    the_worker = worker(tmp_path, private_redis, CELERY_BROKER_TRANSPORT="redis")
    workers.append(the_worker)
    hold_a_delayed_task(private_redis, the_worker)

    outage(private_redis, the_worker)
    wait_for(lambda: the_worker.process.poll() is not None, timeout=30, message="the plain-kombu worker to exit")
    log = the_worker.log.read_text()
    assert "Unrecoverable error: AttributeError(\"'NoneType' object has no attribute 'hostname'\")" in log
    fault_table(
        "the same, with kombu's plain Redis transport (canary for pspteam/broker.py)",
        "worker exits (the kombu 5.7 bug, still unfixed)",
        "worker exited: Unrecoverable error AttributeError 'NoneType' … 'hostname'",
        "n/a",
    )


def emails_in(path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def test_reminders_and_email_retries_held_through_a_redis_outage_are_delivered_exactly_once(
    everyone, private_redis, workers, tmp_path, fault_table
):
    email_file, smtp_down = tmp_path / "emails.txt", tmp_path / "smtp-down"
    smtp_down.touch()  # the SMTP server refuses every send until this file goes
    the_worker = worker(
        tmp_path,
        private_redis,
        TEST_EMAIL_FILE=email_file,
        TEST_SMTP_DOWN=smtp_down,
        # Retries due 4 s, 8 s, … after a failure: on the old code, countdowns the worker held.
        NOTIFICATION_EMAIL_RETRY_BACKOFF=4,
        NOTIFICATION_EMAIL_MAX_ATTEMPTS=50,
        # Messages lost with Redis (it keeps nothing) are published again after this.
        NOTIFICATION_EMAIL_REDISPATCH_SECONDS=3,
    )
    workers.append(the_worker)

    def beat(*tasks):
        """What beat does on its next tick (driven from here, so the worker is idle, waiting on
        Redis, when Redis goes: the moment that used to kill it)."""
        with broker_at(private_redis.url):
            return all(publish(task) for task in tasks)

    with broker_at(private_redis.url):
        notify(recipient=everyone["supervisor"], kind="supervision_requested", message="Pat Peer asked.")
    assert beat(scan)
    # The scan delivered the reminders in-app; every e-mail failed at least once.
    wait_for(lambda: Notification.objects.count() == 7, timeout=30, message="seven notifications")
    wait_for(
        lambda: not Notification.objects.filter(email_status="pending", email_attempts=0).exists(),
        timeout=30,
        message="every e-mail to have failed once",
    )
    hold_a_delayed_task(private_redis, the_worker)  # and something the worker holds unacknowledged
    connected = outage(private_redis, the_worker)
    smtp_down.unlink()  # SMTP is back while Redis is coming back

    wait_for(
        lambda: (
            the_worker.process.poll() is not None
            or (beat(dispatch_due_emails) and not Notification.objects.filter(email_status="pending").exists())
        ),
        timeout=60,
        interval=0.5,
        message="every e-mail to be sent",
    )
    assert the_worker.process.poll() is None, the_worker.log.read_text()[-3000:]
    assert log_count(the_worker, CONNECTED) > connected
    # The worker keeps working; more scans and sweeps send nothing twice.
    assert beat(scan, dispatch_due_emails, worker_heartbeat, scan)
    wait_for(lambda: heartbeats() >= 1 and scans() >= 3, timeout=30, message="two more scans and a heartbeat")

    assert sent(*SUPERVISION) == [
        ("supervision_escalated", "morgan"),
        ("supervision_overdue", "pat"),
        ("supervision_overdue", "sam"),
    ]
    assert Notification.objects.count() == Reminder.objects.count() + 1 == 7
    assert set(Notification.objects.values_list("email_status", flat=True)) == {"sent"}
    lines = emails_in(email_file)
    message_ids = [line.rsplit("|", 1)[1] for line in lines]
    assert len(lines) == 7 and len(set(message_ids)) == 7, lines
    assert sorted(message_ids) == sorted(
        f"<notification.{pk}@pspteam.invalid>" for pk in Notification.objects.values_list("pk", flat=True)
    )
    fault_table(
        f"Redis killed for {OUTAGE['seconds']:.0f} s (SMTP down too) while 7 e-mails (6 reminders + a request)"
        " wait for their retries and the worker holds a delayed task",
        "worker up; every reminder and e-mail delivered exactly once",
        f"worker up; {Reminder.objects.count()} reminders, {Notification.objects.count()} notifications,"
        f" {len(lines)} e-mails with {len(set(message_ids))} distinct Message-IDs",
        7 - len(set(message_ids)),
    )
