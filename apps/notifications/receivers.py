"""Notifications for events that apps below this one announce by signal (they cannot import
``notify``: ``docs/architecture.md``). Connected in ``NotificationsConfig.ready``.

* ``apps.accounts.lockout.account_locked`` — the owner of a locked account is told in the app
  and by e-mail, at most once per cool-off period.
"""

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.notifications.models import Notification
from apps.notifications.services import notify


@transaction.atomic
def tell_locked_account_owner(
    sender: object, *, user: User, kind: str, message: str, link: str, repeat_after: timedelta | None, **kwargs: Any
) -> None:
    """Later failures while the account is locked extend the lock but send nothing more; the
    sender holds the owner's row lock, so concurrent failures notify exactly once."""
    recent = Notification.objects.filter(recipient=user, kind=kind)
    if repeat_after is not None:
        recent = recent.filter(created_at__gte=timezone.now() - repeat_after)
    if recent.exists():
        return
    notify(recipient=user, kind=kind, message=message, link=link, email=True)
