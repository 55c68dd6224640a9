"""Making, replacing and turning off a worker's calendar feed address."""

import hashlib
import secrets

from django.db import transaction

from apps.accounts.models import User
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.calendar.models import CalendarFeed


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def feed_issue(*, actor: User) -> str:
    """A new secret for ``actor``'s feed, returned once (only its hash is kept). An earlier
    address stops working at once."""
    secret = secrets.token_urlsafe(32)
    feed, created = CalendarFeed.objects.update_or_create(
        user=actor, defaults={"secret_hash": secret_hash(secret), "last_read_at": None}
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        target=feed,
        subject=actor,
        detail="calendar feed" if created else "calendar feed: new address",
    )
    return secret


@transaction.atomic
def feed_revoke(*, actor: User) -> bool:
    """Turn the feed off: its address answers 404 from now on. ``False`` when there was none."""
    feed = CalendarFeed.objects.filter(user=actor).first()
    if feed is None:
        return False
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, target=feed, subject=actor, detail="calendar feed")
    feed.delete()
    return True
