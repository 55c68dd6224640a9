"""What the reminders admin page and API show an org admin: the schedule, the last successful
scan, and counts (never any message text) of this organisation's recent reminders."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from apps.accounts.models import Organisation
from apps.core.models import SchedulerHeartbeat
from apps.reminders.models import Reminder
from apps.reminders.registry import KINDS, RULES
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


def reminder_counts(organisation: Organisation, *, days: int = 30, now: datetime | None = None) -> list[dict[str, Any]]:
    """Per kind: reminders created in the last ``days`` days, delivered, skipped, still waiting
    (one query, by the (organisation, created_at) index)."""
    now = now or timezone.now()
    rows = (
        Reminder.objects.filter(organisation=organisation, created_at__gte=now - timedelta(days=days))
        .order_by()
        .values("kind")
        .annotate(
            total=Count("id"),
            delivered=Count("id", filter=Q(notified_at__isnull=False)),
            skipped=Count("id", filter=Q(skipped_at__isnull=False)),
            waiting=Count("id", filter=Q(notified_at__isnull=True, skipped_at__isnull=True)),
        )
    )
    by_kind = {row["kind"]: row for row in rows}
    result = []
    for kind in KINDS:
        row = by_kind.pop(kind.code, {"total": 0, "delivered": 0, "skipped": 0, "waiting": 0})
        result.append(
            {
                "kind": kind.code,
                "label": kind.label,
                **{k: row[k] for k in ("total", "delivered", "skipped", "waiting")},
            }
        )
    for code, row in by_kind.items():  # a kind no longer registered
        result.append(
            {"kind": code, "label": code, **{k: row[k] for k in ("total", "delivered", "skipped", "waiting")}}
        )
    return result
