"""E-mail delivery under database faults (issue 22, case 4). Decided: **at least once**, with a
``Message-ID`` fixed per notification so that a duplicate is recognisable; a database error on
one e-mail never stops the rest of its batch; retries wait in the database, not on a worker.

Database errors are real: a trigger makes PostgreSQL refuse chosen UPDATEs.
"""

from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.core import mail
from django.db import connection
from django.utils import timezone

from apps.notifications import services
from apps.notifications.models import Notification
from apps.notifications.services import notification_email_send, notify
from apps.notifications.tasks import dispatch_due_emails, send_notification_email, send_notification_emails
from tests.notifications.backends import FlakyEmailBackend
from tests.notifications.brokers import queued_email_ids

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker():
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete("celery")
    yield client
    client.delete("celery")


@pytest.fixture
def refuse_updates():
    """``refuse_updates(condition, times=None)``: PostgreSQL raises on UPDATEs of notifications
    whose new row matches ``condition`` (SQL on NEW), the first ``times`` times (None: always)."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE SEQUENCE IF NOT EXISTS faults_refusals")

    def install(condition: str, times: int | None = None):
        limit = "TRUE" if times is None else f"nextval('faults_refusals') <= {int(times)}"
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE OR REPLACE FUNCTION faults_refuse() RETURNS trigger AS $$ BEGIN"
                f" IF ({condition}) AND {limit} THEN"
                " RAISE EXCEPTION 'refused by the fault test' USING ERRCODE = 'lock_not_available'; END IF;"
                " RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE OR REPLACE TRIGGER faults_refuse BEFORE UPDATE ON notifications_notification"
                " FOR EACH ROW EXECUTE FUNCTION faults_refuse()"
            )

    yield install
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS faults_refuse ON notifications_notification")
        cursor.execute("DROP FUNCTION IF EXISTS faults_refuse()")
        cursor.execute("DROP SEQUENCE IF EXISTS faults_refusals")


def pending(recipient) -> Notification:
    notification = notify(recipient=recipient, kind="supervision_overdue", message="Your supervision was due.")
    Notification.objects.filter(pk=notification.pk).update(email_next_attempt_at=timezone.now())
    return notification


def test_a_failed_send_waits_in_the_database_and_the_sweep_publishes_it_when_due(everyone, settings, broker):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FlakyEmailBackend"
    FlakyEmailBackend.failures, FlakyEmailBackend.calls = 1, 0
    notification = pending(everyone["peer"])
    broker.delete("celery")

    started = timezone.now()
    assert send_notification_email.apply(args=[str(notification.pk)]).get() == "retry"

    # Nothing waits on a worker or in Redis: the retry is a due time in the database.
    assert broker.llen("celery") == 0
    notification.refresh_from_db()
    backoff = timedelta(seconds=settings.NOTIFICATION_EMAIL_RETRY_BACKOFF)
    assert started + backoff <= notification.email_next_attempt_at <= timezone.now() + backoff
    assert notification.email_claimed_until is None and notification.email_status == "pending"
    assert dispatch_due_emails.apply().get() == 0  # not due yet
    Notification.objects.filter(pk=notification.pk).update(email_next_attempt_at=timezone.now())
    assert dispatch_due_emails.apply().get() == 1
    assert queued_email_ids(broker) == [str(notification.pk)]


def test_a_database_error_on_one_email_never_stops_the_rest_of_the_batch(everyone, refuse_updates, fault_table):
    first, second, third = (pending(everyone[name]) for name in ("peer", "peer2", "supervisor"))
    refuse_updates(f"NEW.id = '{second.pk}'")  # the second e-mail cannot even be claimed

    outcomes = send_notification_emails.apply(args=[[str(n.pk) for n in (first, second, third)]]).get()

    assert outcomes == {"sent": 2, "database_error": 1}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([everyone["peer"].email, everyone["supervisor"].email])
    for notification in (first, third):
        notification.refresh_from_db()
        assert notification.email_status == "sent" and notification.email_sent_at is not None
    second.refresh_from_db()
    assert second.email_status == "pending" and second.email_attempts == 0 and second.email_claimed_until is None
    fault_table(
        "database error on the 2nd of 3 e-mails of a batch",
        "the others are sent; the failed one stays due",
        f"{outcomes}; the failed one pending, unclaimed",
        0,
    )


def test_a_sent_mark_that_fails_once_is_retried_and_the_email_is_never_sent_again(
    everyone, refuse_updates, fault_table
):
    notification = pending(everyone["peer"])
    refuse_updates("NEW.email_status = 'sent'", times=1)  # a database blip right after the SMTP "250 OK"

    assert notification_email_send(notification.pk) == ("sent", 0)

    notification.refresh_from_db()
    assert notification.email_status == "sent" and notification.email_claimed_until is None
    # A later sweep, even with every lease expired, has nothing to send.
    assert dispatch_due_emails.apply().get() == 0
    assert notification_email_send(notification.pk) == ("skipped", 0)
    assert len(mail.outbox) == 1
    fault_table(
        "database refuses the 'sent' mark once, right after SMTP took the e-mail",
        "marked sent on a retry; never sent again",
        f"{len(mail.outbox)} e-mail; status {notification.email_status}",
        0,
    )


def test_a_sent_mark_that_keeps_failing_sends_again_with_the_same_message_id(
    everyone, refuse_updates, monkeypatch, fault_table
):
    """At least once, honestly: SMTP took the e-mail but the database stayed down for longer than
    the mark's retries, so nothing records that it went. When its lease expires it is sent again,
    as the same message (same ``Message-ID``), which mail systems deduplicate."""
    monkeypatch.setattr(services, "MARK_SENT_RETRY_DELAYS", (0.1, 0.1))
    notification = pending(everyone["peer"])
    refuse_updates("NEW.email_status = 'sent'")

    with pytest.raises(Exception, match="refused by the fault test"):
        notification_email_send(notification.pk)
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.email_status == "pending" and notification.email_claimed_until is not None

    refuse_updates("FALSE")  # the database is back
    Notification.objects.filter(pk=notification.pk).update(email_claimed_until=timezone.now())  # lease expired
    assert notification_email_send(notification.pk) == ("sent", 0)
    assert len(mail.outbox) == 2
    first, second = (m.extra_headers["Message-ID"] for m in mail.outbox)
    assert first == second == f"<notification.{notification.pk}@pspteam.invalid>"
    fault_table(
        "database refuses the 'sent' mark for longer than its retries",
        "at least once: sent again after the lease, same Message-ID",
        f"{len(mail.outbox)} sends, one Message-ID",
        0,
    )
