"""Creating and reading notifications. E-mail delivery is added by the reminders work."""

from django.db import transaction
from django.utils import timezone

from apps.notifications.models import Notification


def notify(*, recipient, kind: str, message: str, link: str = "") -> Notification:
    """Tell one user something happened. ``message`` must hold no sensitive content."""
    return Notification.objects.create(
        organisation_id=recipient.organisation_id, recipient=recipient, kind=kind, message=message[:300], link=link
    )


@transaction.atomic
def notification_mark_read(*, actor, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return notification
