"""The reminder scan: insert what became due, deliver it in-app once, hand e-mails to Celery.

``reminders_scan`` is safe to run at any time, any number of times, from any number of
workers at once (SPEC §3). Each step is set-based, so the number of queries is the same for
ten agreements or a hundred thousand:

1. read the database clock and the time zones in use (2 queries);
2. each rule: one ``INSERT … SELECT … ON CONFLICT DO NOTHING`` per audience;
3. deliver: in one transaction, claim undelivered reminders with ``SELECT … FOR UPDATE SKIP
   LOCKED``, create their in-app notifications (one ``INSERT``; each notification's id is its
   reminder's id) and mark them notified (one ``UPDATE``) — a worker killed here rolls back
   and the next scan delivers them; a concurrent scan skips the locked rows;
4. e-mail: the notifications sweep publishes one send task per due e-mail (retries, backoff
   and leases in ``apps.notifications.services``);
5. record the successful scan (``SchedulerHeartbeat``), shown by ``/readyz`` and the admin page.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction

from apps.core.models import SchedulerHeartbeat
from apps.notifications.models import Notification
from apps.notifications.services import notification_build, notification_emails_dispatch
from apps.reminders import clock
from apps.reminders.engine import ScanContext, insert_reminders
from apps.reminders.models import Reminder
from apps.reminders.registry import KINDS, RULES, ReminderView

logger = logging.getLogger(__name__)

HEARTBEAT = "reminders.scan"


@dataclass
class ScanReport:
    now: datetime
    created: Counter = field(default_factory=Counter)  # new reminder rows by kind
    delivered: list = field(default_factory=list)  # (kind, recipient username, due_on)
    skipped: int = 0
    emails_queued: int = 0

    def summary(self) -> dict:
        return {
            "created": dict(self.created),
            "delivered": len(self.delivered),
            "skipped": self.skipped,
            "emails_queued": self.emails_queued,
        }


def reminders_scan(*, now: datetime | None = None) -> ScanReport:
    """Run every rule once and deliver what is due (see the module docstring)."""
    now = now or clock.now()
    ctx = ScanContext.build(now)
    report = ScanReport(now=now)
    if ctx.today_by_zone:  # no organisation yet: nothing can be due
        for rule in RULES:
            for rows in rule.queries(ctx):
                report.created[rows.kind] += insert_reminders(rows, now=now)
    batch = settings.REMINDER_DELIVERY_BATCH
    while True:
        delivered, skipped = reminders_deliver(now=now, limit=batch)
        report.delivered += delivered
        report.skipped += skipped
        if len(delivered) + skipped < batch:
            break
    report.emails_queued = notification_emails_dispatch(now=now, limit=settings.REMINDER_DELIVERY_BATCH)
    SchedulerHeartbeat.beat(HEARTBEAT)
    logger.info("reminder scan: %s", report.summary())
    return report


DELIVERY_COLUMNS = (
    "id",
    "kind",
    "subject_type",
    "subject_id",
    "recipient_id",
    "about_id",
    "organisation_id",
    "due_on",
    "recipient__username",
    "recipient__email",
    "recipient__status",
    "recipient__is_active",
    "about__display_name",
    "about__username",
    "about__status",
    "about__is_active",
)


@transaction.atomic
def reminders_deliver(*, now: datetime, limit: int) -> tuple[list, int]:
    """Claim up to ``limit`` undelivered reminders and create their in-app notifications, all in
    one transaction (so exactly once); returns (delivered, number skipped). Four queries at most.

    A reminder whose recipient, or the worker it is about, no longer receives reminders
    (stepped away, left) is marked skipped instead. E-mails are left due for the sweep.
    """
    from apps.accounts.models import User

    rows = list(
        Reminder.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(notified_at__isnull=True, skipped_at__isnull=True)
        .order_by("created_at")
        .values(*DELIVERY_COLUMNS)[:limit]
    )
    active = User.Status.ACTIVE
    notifications, delivered, skipped_ids = [], [], []
    for row in rows:
        kind = KINDS.get(row["kind"])
        recipient_ok = row["recipient__status"] == active and row["recipient__is_active"]
        about_ok = row["about_id"] is None or (row["about__status"] == active and row["about__is_active"])
        if kind is None or not (recipient_ok and about_ok):
            skipped_ids.append(row["id"])
            continue
        view = ReminderView(
            kind=row["kind"],
            subject_type=row["subject_type"],
            subject_id=row["subject_id"],
            recipient_id=row["recipient_id"],
            about_id=row["about_id"],
            about_name=row["about__display_name"] or row["about__username"] or "",
            due=row["due_on"],
        )
        notifications.append(
            notification_build(
                id=row["id"],
                recipient_id=row["recipient_id"],
                organisation_id=row["organisation_id"],
                kind=row["kind"],
                message=kind.message(view),
                link=kind.link(view),
                email=bool(row["recipient__email"]),
                now=now,
            )
        )
        delivered.append((row["kind"], row["recipient__username"], row["due_on"]))
    if notifications:
        Notification.objects.bulk_create(notifications, ignore_conflicts=True)
        Reminder.objects.filter(pk__in=[n.pk for n in notifications]).update(notified_at=now)
    if skipped_ids:
        Reminder.objects.filter(pk__in=skipped_ids).update(skipped_at=now)
    return delivered, len(skipped_ids)
