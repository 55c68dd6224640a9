"""The header's unread badge: a template context processor (listed in settings.TEMPLATES), so that
the core's navigation needs no knowledge of notifications."""

from collections.abc import Callable

from django.http import HttpRequest

from apps.notifications.selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, int | Callable[[], int]]:
    """``unread_notifications``: a callable the template evaluates only if it renders the header,
    and at most once per request however often it asks (one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.organisation_id is None:
        return {"unread_notifications": 0}
    cache: list[int] = []

    def unread() -> int:
        if not cache:
            cache.append(unread_count(user))
        return cache[0]

    return {"unread_notifications": unread}
