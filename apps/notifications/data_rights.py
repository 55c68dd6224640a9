"""Notifications in a worker's export, and their erasure."""

from apps.core.readable import Readable
from apps.notifications.models import Notification


def export(user) -> list:
    return [
        {
            "kind": n.kind,
            "message": n.message,
            "link": n.link,
            "created_at": n.created_at.isoformat(),
            "read_at": n.read_at.isoformat() if n.read_at else None,
        }
        for n in Notification.objects.filter(recipient=user).select_related("actor", "about").order_by("created_at")
    ]


def erase(worker) -> None:
    Notification.objects.filter(recipient=worker).delete()


READABLE = Readable(
    title="Notifications",
    labels={"message": "Message", "created_at": "Sent", "read_at": "Read"},
    hidden=frozenset({"id", "kind", "link"}),
)
