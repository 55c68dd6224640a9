"""E-mailing notifications: claimed under a lease, sent once, retried with backoff, never at
the in-app notification's expense; publishing never blocks on the broker."""

import time
from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.core import mail
from django.utils import timezone

from apps.notifications.models import Notification
from apps.notifications.services import notification_email_send, notification_emails_dispatch, notify
from tests.notifications.backends import FlakyEmailBackend
from tests.notifications.brokers import CLOSED_PORT_URL, broker_at, queued_email_ids

pytestmark = pytest.mark.django_db

FLAKY = "tests.notifications.backends.FlakyEmailBackend"


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = FLAKY
    FlakyEmailBackend.failures = 0
    FlakyEmailBackend.calls = 0
    return FlakyEmailBackend


def pending(recipient, kind="supervision_overdue") -> Notification:
    return notify(recipient=recipient, kind=kind, message="Your supervision was due on Mon 16 June.", link="/x/")


def test_reminder_and_request_kinds_are_emailed_other_kinds_only_when_asked(everyone):
    peer = everyone["peer"]
    assert pending(peer).email_status == "pending"
    assert notify(recipient=peer, kind="supervision_requested", message="m").email_status == "pending"
    assert notify(recipient=peer, kind="agreement_created", message="m").email_status == "none"
    assert notify(recipient=peer, kind="agreement_created", message="m", email=True).email_status == "pending"
    peer.email = ""
    assert pending(peer).email_status == "none"  # no address, nothing to send


def test_an_email_is_sent_once_with_the_message_and_a_link_and_never_again(everyone):
    notification = pending(everyone["peer"])
    assert notification_email_send(notification.pk) == ("sent", 0)
    assert notification_email_send(notification.pk) == ("skipped", 0)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [everyone["peer"].email]
    # Issue 15, item 12: the subject names the wait, not the supervisee's lateness.
    assert message.subject == "Supervision is waiting to be arranged"
    assert "Your supervision was due on Mon 16 June." in message.body
    assert f"{settings.SITE_URL}/x/" in message.body
    notification.refresh_from_db()
    assert notification.email_status == "sent" and notification.email_sent_at is not None
    assert notification.email_attempts == 1 and notification.email_claimed_until is None


def test_a_live_lease_keeps_a_second_sender_out_and_an_expired_one_lets_it_retry(everyone):
    notification = pending(everyone["peer"])
    # Another worker claimed it and is sending (or died mid-send): its lease is live.
    Notification.objects.filter(pk=notification.pk).update(email_claimed_until=timezone.now() + timedelta(minutes=5))
    assert notification_email_send(notification.pk) == ("skipped", 0)
    assert mail.outbox == []
    # The lease expired (the worker died): the next attempt sends it.
    Notification.objects.filter(pk=notification.pk).update(email_claimed_until=timezone.now() - timedelta(seconds=1))
    assert notification_email_send(notification.pk) == ("sent", 0)
    assert len(mail.outbox) == 1


def test_a_failing_backend_is_retried_with_growing_backoff_and_the_in_app_notification_stays(everyone, flaky):
    flaky.failures = 2
    notification = pending(everyone["peer"])

    first = notification_email_send(notification.pk)
    second = notification_email_send(notification.pk)
    third = notification_email_send(notification.pk)

    assert first == ("retry", 30) and second == ("retry", 60)  # NOTIFICATION_EMAIL_RETRY_BACKOFF, doubled
    assert third == ("sent", 0)
    assert len(mail.outbox) == 1 and flaky.calls == 3
    notification.refresh_from_db()
    assert notification.email_attempts == 3 and notification.email_status == "sent"
    assert Notification.objects.filter(recipient=everyone["peer"]).count() == 1
    assert notification.read_at is None and notification.message.startswith("Your supervision")


def test_after_the_last_attempt_the_email_is_marked_failed_and_the_notification_remains(everyone, flaky, settings):
    settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS = 2
    flaky.failures = 5
    notification = pending(everyone["peer"])
    assert notification_email_send(notification.pk)[0] == "retry"
    assert notification_email_send(notification.pk) == ("failed", 0)
    assert notification_email_send(notification.pk) == ("skipped", 0)
    notification.refresh_from_db()
    assert notification.email_status == "failed" and mail.outbox == []
    assert Notification.objects.filter(pk=notification.pk).exists()


def test_a_failed_attempt_is_not_republished_by_the_sweep_during_its_backoff(everyone, flaky):
    flaky.failures = 1
    notification = pending(everyone["peer"])
    Notification.objects.filter(pk=notification.pk).update(email_next_attempt_at=timezone.now())
    assert notification_email_send(notification.pk)[0] == "retry"
    assert notification_emails_dispatch(now=timezone.now()) == 0
    later = timezone.now() + timedelta(seconds=30 + settings.NOTIFICATION_EMAIL_REDISPATCH_SECONDS + 5)
    assert notification_emails_dispatch(now=later) == 1


def test_the_sweep_publishes_due_emails_once_and_makes_unpublished_ones_due_again(everyone):
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete("celery")
    a, b = pending(everyone["peer"]), pending(everyone["peer2"])
    Notification.objects.filter(pk__in=[a.pk, b.pk]).update(email_next_attempt_at=timezone.now())
    now = timezone.now()

    with broker_at(CLOSED_PORT_URL):
        started = time.monotonic()
        assert notification_emails_dispatch(now=now) == 0
        assert time.monotonic() - started < 1.5
    assert set(Notification.objects.values_list("email_next_attempt_at", flat=True)) == {now}  # due again

    assert notification_emails_dispatch(now=now) == 2
    assert notification_emails_dispatch(now=now) == 0  # not due again until the redispatch window
    assert sorted(queued_email_ids(broker)) == sorted([str(a.pk), str(b.pk)])
    assert broker.llen("celery") == 1  # one task for the batch
    broker.delete("celery")


@pytest.mark.django_db(transaction=True)
def test_notify_publishes_after_commit_and_when_the_broker_is_down_leaves_the_email_due(everyone):
    from django.db import transaction

    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete("celery")
    with transaction.atomic():
        sent = pending(everyone["peer"])
        assert broker.llen("celery") == 0  # not before the commit
    assert queued_email_ids(broker) == [str(sent.pk)]

    with broker_at(CLOSED_PORT_URL):
        started = time.monotonic()
        with transaction.atomic():
            waiting = pending(everyone["peer2"])
        assert time.monotonic() - started < 1.5
    waiting.refresh_from_db()
    sent.refresh_from_db()
    assert waiting.email_status == "pending" and waiting.email_next_attempt_at <= timezone.now()
    assert sent.email_next_attempt_at > timezone.now()  # published: the sweep leaves it alone
    broker.delete("celery")
