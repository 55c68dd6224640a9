import logging

from celery import shared_task
from django.db import DatabaseError, connection
from django.utils import timezone

from apps.core import metrics
from apps.notifications.services import notification_email_send, notification_emails_dispatch

logger = logging.getLogger(__name__)


@shared_task(name="apps.notifications.tasks.send_notification_email", acks_late=True)
def send_notification_email(notification_id: str) -> str:
    """E-mail one notification (at least once, deduplicated by ``Message-ID``; see
    ``notification_email_send``). A failed send is scheduled again in the database, never held
    on the worker as a countdown: ``dispatch_due_emails`` publishes it when it is due."""
    outcome, _ = notification_email_send(notification_id)
    metrics.EMAIL_SENDS.labels(outcome).inc()
    return outcome


@shared_task(name="apps.notifications.tasks.send_notification_emails", acks_late=True)
def send_notification_emails(notification_ids: list[str]) -> dict:
    """E-mail a batch of notifications (the sweep publishes one task per
    ``NOTIFICATION_EMAIL_BATCH`` e-mails rather than one each). Every e-mail is claimed, sent
    and marked on its own. One that fails — the SMTP server or the database — never stops the
    rest: a failed send is scheduled again in the database; one the database could not even
    claim stays due and the sweep publishes it again after the redispatch window."""
    outcomes: dict[str, int] = {}
    for notification_id in notification_ids:
        try:
            outcome, _ = notification_email_send(notification_id)
        except DatabaseError as exc:
            # Drop the broken connection so that the next e-mail reconnects (the database may
            # be back a second later); one line, no traceback: the outage is reported elsewhere.
            connection.close_if_unusable_or_obsolete()
            logger.warning("e-mail for notification %s not sent: database error (%s)", notification_id, exc)
            outcome = "database_error"
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        metrics.EMAIL_SENDS.labels(outcome).inc()
    return outcomes


@shared_task(name="apps.notifications.tasks.dispatch_due_emails", ignore_result=True)
def dispatch_due_emails() -> int:
    """Beat, every ``NOTIFICATION_EMAIL_SWEEP_INTERVAL`` seconds: publish the e-mails that are
    due — retries whose backoff has passed, and e-mails whose message was lost. Safe to run
    twice or concurrently (rows are claimed with ``SKIP LOCKED``)."""
    return notification_emails_dispatch(now=timezone.now())
