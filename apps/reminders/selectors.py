"""What the reminders admin page and API show an org admin: the schedule, the last successful
scan, and counts (never any message text) of this organisation's recent reminders."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone

from apps.accounts.models import Organisation
from apps.core.models import SchedulerHeartbeat
from apps.reminders.models import Reminder
from apps.reminders.registry import RULES
from apps.reminders.services import HEARTBEAT


def last_scan() -> SchedulerHeartbeat | None:
    return SchedulerHeartbeat.objects.filter(name=HEARTBEAT).first()


def scan_is_stale(heartbeat: SchedulerHeartbeat | None, *, now: datetime | None = None) -> bool:
    """No successful scan within three intervals: beat or the worker is not running."""
    if heartbeat is None:
        return True
    now = now or timezone.now()
    return now - heartbeat.last_run_at > timedelta(seconds=3 * settings.REMINDER_SCAN_INTERVAL)


def schedule() -> dict[str, Any]:
    return {
        "scan_interval_seconds": settings.REMINDER_SCAN_INTERVAL,
        "lead_days": settings.REMINDER_LEAD_DAYS,
        "escalation_days": settings.ESCALATION_DAYS,
        "boundary_review_days": settings.BOUNDARY_REVIEW_DAYS,
        "acknowledge_days": settings.ACKNOWLEDGE_DAYS,
        "rules": [
            {
                "name": rule.name,
                "description": rule.description,
                "every_seconds": int(rule.every.total_seconds()) if rule.every else settings.REMINDER_SCAN_INTERVAL,
            }
            for rule in RULES
        ],
    }


def delivery_backlog(organisation: Organisation, *, now: datetime | None = None) -> dict[str, Any]:
    """Whether reminders reach people: how many of this organisation's reminders are waiting to
    be delivered, and since when (a backlog older than a scan interval means delivery is stuck).

    No counts of reminders sent or skipped, by kind or at all: while a worker has stepped away
    neither they nor their supervisors are reminded, and only the worker and the supervisors they
    chose may know (issue 15). Any count of sent reminders differs by exactly the reminders a
    step-away paused, so an admin who knows whose supervision is overdue could tell; the scan's
    health is the last successful scan and this backlog, neither of which a pause changes."""
    now = now or timezone.now()
    waiting = Reminder.objects.filter(organisation=organisation, notified_at__isnull=True, skipped_at__isnull=True)
    totals = waiting.aggregate(count=Count("id"), oldest=Min("created_at"))
    oldest = totals["oldest"]
    stuck = oldest is not None and now - oldest > timedelta(seconds=2 * settings.REMINDER_SCAN_INTERVAL)
    return {"waiting": totals["count"], "oldest_waiting_at": oldest, "stuck": stuck}
