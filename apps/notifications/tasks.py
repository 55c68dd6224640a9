from celery import shared_task

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
