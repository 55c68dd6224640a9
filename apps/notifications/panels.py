"""What notifications adds to "my day" (registered in apps.py)."""

from typing import Any

from apps.accounts.models import User
from apps.notifications.selectors import notifications_of, with_people


def my_day_notifications(user: User) -> dict[str, Any]:
    return {
        "notifications": list(
            with_people(notifications_of(user)).filter(read_at__isnull=True).order_by("-created_at")[:5]
        )
    }
