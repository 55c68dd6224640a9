from uuid import UUID

from django.db.models import QuerySet

from apps.accounts.models import User
from apps.core.selectors import get_or_404
from apps.notifications.models import Notification


def notifications_of(user: User) -> QuerySet[Notification]:
    """A user's own notifications; nobody reads anyone else's."""
    return Notification.objects.filter(recipient_id=user.pk)


def with_people(notifications: QuerySet[Notification]) -> QuerySet[Notification]:
    """Load the people a message names in the same query (they are rendered at read time)."""
    return notifications.select_related("actor", "about")


def get_notification_for(user: User, notification_id: UUID | str) -> Notification:
    return get_or_404(notifications_of(user), notification_id)


def unread_count(user: User) -> int:
    return notifications_of(user).filter(read_at__isnull=True).count()
