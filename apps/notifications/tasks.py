from celery import shared_task
from django.conf import settings

from apps.notifications.services import notification_email_send


@shared_task(bind=True, name="apps.notifications.tasks.send_notification_email", acks_late=True)
def send_notification_email(self, notification_id: str) -> str:
    """E-mail one notification (at most once; see ``notification_email_send``).

    Retries with exponential backoff on failure. If even the retry cannot be queued, the
    e-mail stays due in the database and the reminder scan's sweep publishes it again.
    """
    outcome, countdown = notification_email_send(notification_id)
    if outcome == "retry":
        raise self.retry(countdown=countdown, max_retries=None)
    return outcome


@shared_task(name="apps.notifications.tasks.send_notification_emails", acks_late=True)
def send_notification_emails(notification_ids: list[str]) -> dict:
    """E-mail a batch of notifications (the sweep publishes one task per
    ``NOTIFICATION_EMAIL_BATCH`` e-mails rather than one each). Every e-mail is still claimed,
    sent and marked on its own; one that fails is retried on its own, with backoff, as a
    ``send_notification_email`` task. One that cannot be re-queued waits for the sweep."""
    from apps.notifications.queue import publish_later

    outcomes: dict[str, int] = {}
    for notification_id in notification_ids:
        outcome, countdown = notification_email_send(notification_id)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if outcome == "retry":
            publish_later(send_notification_email, countdown, notification_id)
    return outcomes


def batches(ids: list, size: int | None = None) -> list[tuple[list[str]]]:
    size = size or settings.NOTIFICATION_EMAIL_BATCH
    return [([str(pk) for pk in ids[i : i + size]],) for i in range(0, len(ids), size)]
