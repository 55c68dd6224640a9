"""Reading role-drift snapshots: a worker's own only (nobody else reads a named worker's figures;
team figures are aggregates in ``apps.dashboard.drift_indicators``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.drift.models import DriftSnapshot
from apps.drift.policies import threshold_percent

MONTHS_SHOWN = 12


def my_snapshots(user: User) -> QuerySet[DriftSnapshot]:
    return DriftSnapshot.objects.filter(organisation_id=org_id(user), worker_id=user.pk).order_by("-taken_on")


def monthly(snapshots: list[DriftSnapshot]) -> list[DriftSnapshot]:
    """The latest snapshot of each month, oldest month first (``snapshots`` newest first)."""
    seen: dict[tuple[int, int], DriftSnapshot] = {}
    for snapshot in snapshots:
        seen.setdefault((snapshot.taken_on.year, snapshot.taken_on.month), snapshot)
    return sorted(seen.values(), key=lambda s: s.taken_on)


def my_shape(user: User, today: date) -> dict[str, Any]:
    """The worker's own page: the latest snapshot and the month-by-month trend (one query)."""
    snapshots = list(my_snapshots(user).filter(taken_on__gt=today - timedelta(days=31 * MONTHS_SHOWN)))
    months = monthly(snapshots)
    return {
        "latest": snapshots[0] if snapshots else None,
        "months": months,
        "threshold": threshold_percent(),
    }
