"""The reminder scan: insert what became due, deliver it in-app once, hand e-mails to Celery.

``reminders_scan`` is safe to run at any time, any number of times, from any number of
workers at once (SPEC §3). Each step is set-based, so the number of queries is the same for
ten agreements or a hundred thousand:

1. read the database clock, the time zones in use and when paced rules last ran (3 queries);
2. with the planner's ``random_page_cost`` lowered for the rules' statements (2 queries: set and
   reset; ``apps.core.db.random_page_cost``), each rule: one ``INSERT … SELECT … ON CONFLICT DO NOTHING`` per audience (a rule with a
   cadence, e.g. the monthly "peer worker without peer supervision", only when it is due);
3. deliver one batch (``REMINDER_SCAN_DELIVERY_BATCH``): in one transaction, claim undelivered
   reminders with ``SELECT … FOR UPDATE SKIP LOCKED``, create their in-app notifications (one
   ``INSERT``; each notification's id is its reminder's id) and mark them notified (one
   ``UPDATE``) — a worker killed here rolls back and the next scan delivers them; a concurrent
   scan skips the locked rows. A full batch means more are waiting: the scan publishes the
   ``deliver`` task, which delivers the next batch (``REMINDER_DELIVERY_BATCH``, larger) the same
   way and publishes itself again while its batch is full (issue 20: a scan's time and query count do not grow with how much became
   due at once, and more Celery workers share a large delivery); if the broker is down, the next
   scan delivers the next batch;
4. e-mail: once that has committed, publish the new notifications' e-mail tasks (batched), then
   sweep for older e-mails still due (never published, lost, or whose sender died); retries,
   backoff and leases live in ``apps.notifications.services``;
5. record the successful scan (``SchedulerHeartbeat``), shown by ``/readyz`` and the admin page.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction

from apps.accounts.models import User
from apps.core.db import random_page_cost
from apps.core.models import SchedulerHeartbeat
from apps.notifications.queue import publish
from apps.notifications.services import (
    email_publishing_window,
    notification_emails_dispatch,
    notification_emails_publish,
    notifications_create_many,
)
from apps.reminders import clock
from apps.reminders.engine import INSERT_COLUMNS, ScanContext, insert_reminders
from apps.reminders.models import Reminder
from apps.reminders.registry import KINDS, RULES, ReminderView, Rule

logger = logging.getLogger(__name__)

HEARTBEAT = "reminders.scan"
DELIVER_TASK = "apps.reminders.tasks.deliver"  # by name: the task module imports this one


@dataclass
class ScanReport:
    now: datetime
    created: Counter = field(default_factory=Counter)  # new reminder rows by kind
    delivered: list = field(default_factory=list)  # (kind, recipient username, due_on)
    skipped: int = 0
    emails_queued: int = 0

    def summary(self) -> dict[str, object]:
        return {
            "created": dict(self.created),
            "delivered": len(self.delivered),
            "skipped": self.skipped,
            "emails_queued": self.emails_queued,
        }


def reminders_scan(*, now: datetime | None = None, deliver_all: bool = False) -> ScanReport:
    """Run every rule once and deliver what is due (see the module docstring). ``deliver_all``
    (``manage.py scan_reminders``, in the foreground): every batch here, none left to the task."""
    now = now or clock.now()
    ctx = ScanContext.build(now)
    report = ScanReport(now=now)
    if ctx.today_by_zone:  # no organisation yet: nothing can be due
        # Index look-ups rather than whole tables of people (apps.core.db.random_page_cost).
        with random_page_cost(settings.REMINDER_SCAN_RANDOM_PAGE_COST):
            for rule in _rules_due(now):
                for rows in rule.queries(ctx):
                    report.created[rows.kind] += insert_reminders(rows, now=now)
                if rule.every:
                    SchedulerHeartbeat.beat(rule.heartbeat)
    more = reminders_deliver_batch(now=now, report=report, limit=settings.REMINDER_SCAN_DELIVERY_BATCH)
    while more and deliver_all:
        more = reminders_deliver_batch(now=now, report=report)
    if more:
        publish(DELIVER_TASK)  # more waiting: the next batch is a task's (not published: the next scan's)
    # E-mails left over from before: not published (broker down), lost, or whose sender died.
    report.emails_queued += notification_emails_dispatch(now=now, limit=settings.REMINDER_DELIVERY_BATCH)
    SchedulerHeartbeat.beat(HEARTBEAT)
    logger.info("reminder scan: %s", report.summary())
    return report


def reminders_deliver_batch(*, now: datetime, report: ScanReport, limit: int | None = None) -> bool:
    """Deliver one batch (``limit``, by default ``REMINDER_DELIVERY_BATCH``) and publish its e-mails,
    adding to ``report``; ``True`` when the batch was full, so more may be waiting."""
    batch = limit or settings.REMINDER_DELIVERY_BATCH
    delivered, skipped, email_ids = reminders_deliver(now=now, limit=batch)
    report.delivered += delivered
    report.skipped += skipped
    report.emails_queued += notification_emails_publish(email_ids, now=now)  # committed: ring
    return len(delivered) + skipped >= batch


def _rules_due(now: datetime) -> list[Rule]:
    """Every rule, less those with a cadence (``every``) that ran less than that long ago."""
    paced = [rule for rule in RULES if rule.every]
    last: dict[str, datetime] = {}
    if paced:
        names = [rule.heartbeat for rule in paced]
        last = dict(SchedulerHeartbeat.objects.filter(name__in=names).values_list("name", "last_run_at"))

    def recent(rule: Rule) -> bool:
        ran = last.get(rule.heartbeat)
        return ran is not None and rule.every is not None and timedelta(0) <= now - ran < rule.every

    return [rule for rule in RULES if not (rule.every and recent(rule))]


# The row as the scan inserted it, and what delivery reads of its people.
DELIVERY_COLUMNS = (
    "id",
    *INSERT_COLUMNS,
    "recipient__username",
    "recipient__email",
    "recipient__status",
    "recipient__is_active",
    "about__status",
    "about__is_active",
)


@transaction.atomic
def reminders_deliver(*, now: datetime, limit: int) -> tuple[list, int, list]:
    """Claim up to ``limit`` undelivered reminders and create their in-app notifications, all in
    one transaction (so exactly once); returns (delivered, number skipped, ids of notifications
    to e-mail, for the caller to publish once this has committed). Four queries at most.

    A reminder whose recipient, or the worker it is about, no longer receives reminders
    (stepped away, left) is marked skipped instead; a ``despite_step_away`` kind (a manager's
    escalation) is skipped only if the worker it is about has left.
    """
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
        about_statuses = (
            (active, User.Status.STEPPED_AWAY) if kind is not None and kind.despite_step_away else (active,)
        )
        about_ok = row["about_id"] is None or (row["about__status"] in about_statuses and row["about__is_active"])
        if kind is None or not (recipient_ok and about_ok):
            skipped_ids.append(row["id"])
            continue
        view = ReminderView(
            kind=row["kind"],
            subject_type=row["subject_type"],
            subject_id=row["subject_id"],
            recipient_id=row["recipient_id"],
            about_id=row["about_id"],
            other_id=row["other_id"],
            due=row["due_on"],
        )
        notifications.append(
            {
                "id": row["id"],
                "organisation_id": row["organisation_id"],
                "recipient_id": row["recipient_id"],
                "kind": row["kind"],
                "message": kind.message(view),
                "about_id": row["about_id"],
                # The notification names people as ``{actor}`` / ``{about}``: a reminder has no
                # actor, so its second person (``other_name`` = ``{actor}``) goes there.
                "actor_id": row["other_id"],
                "link": kind.link(view),
                "email": bool(row["recipient__email"]),
            }
        )
        delivered.append((row["kind"], row["recipient__username"], row["due_on"]))
    # The e-mails are published by the caller right after this commits.
    email_ids = notifications_create_many(notifications, now=now, email_due=now + email_publishing_window())
    _mark(notified_at=now, ids=[n["id"] for n in notifications])
    _mark(skipped_at=now, ids=skipped_ids)
    return delivered, len(skipped_ids), email_ids


def _mark(*, ids: list[object], **values: datetime) -> None:
    """One UPDATE of ``ids`` (PostgreSQL: ``= ANY(array)``, one parameter however many)."""
    if not ids:
        return
    if connection.vendor == "postgresql":
        ((column, value),) = values.items()
        table = connection.ops.quote_name(Reminder._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = ANY(%s::uuid[])", [value, ids])  # noqa: S608
    else:
        Reminder.objects.filter(pk__in=ids).update(**values)
