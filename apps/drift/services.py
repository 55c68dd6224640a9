"""Writing role-drift snapshots (set-based: the same number of queries for 10 or 10,000 workers).

A worker's hours are divided among the duties of each role they hold on the day, equally (a
duty list says what a job is, not how long each part takes): an assignment of 20 hours a week
to a role of four duties, one of them clinical-only, is 5 clinical-only hours. Roles with no
duties are not counted. The shares are of the hours so divided.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery

from apps.accounts.models import User
from apps.drift.models import DriftSnapshot
from apps.drift.policies import threshold_percent
from apps.roles.models import Assignment, Duty

CENT = Decimal("0.01")
CATEGORIES = (Duty.Category.PEER_DISTINCT, Duty.Category.SHARED, Duty.Category.CLINICAL_ONLY)


def duty_mix(definition_ids: Any) -> dict[Any, dict[str, int]]:
    """``{definition_id: {category: duties}}`` (one query)."""
    mix: dict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys(CATEGORIES, 0))
    rows = (
        Duty.objects.filter(role_definition_id__in=definition_ids)
        .order_by()
        .values_list("role_definition_id", "category")
        .annotate(n=Count("pk"))
    )
    for definition_id, category, n in rows:
        mix[definition_id][category] = n
    return mix


def hours_by_category(assignments: list[tuple[Any, Any, Decimal]], mix: dict[Any, dict[str, int]]) -> dict:
    """``{worker_id: {category: hours}}`` from ``(worker_id, definition_id, hours)`` rows."""
    out: dict[Any, dict[str, Decimal]] = defaultdict(lambda: dict.fromkeys(CATEGORIES, Decimal(0)))
    for worker_id, definition_id, hours in assignments:
        duties = mix.get(definition_id)
        total = sum(duties.values()) if duties else 0
        if duties is None or not total:
            continue
        for category in CATEGORIES:
            out[worker_id][category] += Decimal(hours) * duties[category] / total
    return out


def is_below(peer_distinct: Decimal, total: Decimal, threshold: int) -> bool:
    return total > 0 and peer_distinct * 100 < threshold * total


def snapshots_take(today_by_zone: dict[str, date]) -> int:
    """Each worker's hours by duty category today (their organisation's local day), written as
    that day's snapshot (a second run on the same day refreshes it). Four queries however many
    workers: the assignments in force, their roles' duty mix, the previous spell of each worker,
    one upsert. Returns the number of snapshots written."""
    if not today_by_zone:
        return 0
    earliest, latest = min(today_by_zone.values()), max(today_by_zone.values())
    rows = list(
        Assignment.objects.filter(starts_on__lte=latest)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=earliest))
        .filter(worker__is_active=True)
        .exclude(worker__status=User.Status.LEFT)
        .order_by()
        .values_list(
            "worker_id",
            "organisation_id",
            "organisation__time_zone",
            "worker__worker_kind",
            "role_definition_id",
            "hours_per_week",
            "starts_on",
            "ends_on",
        )
    )
    held: list[tuple[Any, Any, Decimal]] = []
    who: dict[Any, tuple[Any, str, date]] = {}
    for worker_id, organisation_id, zone, kind, definition_id, hours, starts_on, ends_on in rows:
        today = today_by_zone.get(zone)
        if today is None or starts_on > today or (ends_on is not None and ends_on < today):
            continue
        held.append((worker_id, definition_id, hours))
        who[worker_id] = (organisation_id, kind, today)
    if not held:
        return 0
    by_worker = hours_by_category(held, duty_mix({d for _, d, _ in held}))
    # The spell each worker was in on their latest earlier snapshot (null: not under the line).
    previous = dict(
        User.objects.filter(pk__in=list(by_worker))
        .annotate(
            spell=Subquery(
                DriftSnapshot.objects.filter(worker_id=OuterRef("pk"), taken_on__lt=latest)
                .order_by("-taken_on")
                .values("below_since")[:1]
            )
        )
        .values_list("pk", "spell")
    )
    threshold = threshold_percent()
    snapshots = []
    for worker_id, by_category in by_worker.items():
        organisation_id, kind, today = who[worker_id]
        pd, sh, cl = (by_category[c].quantize(CENT, ROUND_HALF_UP) for c in CATEGORIES)
        below = kind == User.WorkerKind.PEER and is_below(pd, pd + sh + cl, threshold)
        spell = previous.get(worker_id)
        snapshots.append(
            DriftSnapshot(
                organisation_id=organisation_id,
                worker_id=worker_id,
                taken_on=today,
                worker_kind=kind,
                peer_distinct_hours=pd,
                shared_hours=sh,
                clinical_only_hours=cl,
                below_since=(spell if spell is not None and spell < today else today) if below else None,
            )
        )
    DriftSnapshot.objects.bulk_create(
        snapshots,
        update_conflicts=True,
        unique_fields=["worker", "taken_on"],
        update_fields=[
            "worker_kind",
            "peer_distinct_hours",
            "shared_hours",
            "clinical_only_hours",
            "below_since",
            "created_at",
        ],
    )
    return len(snapshots)
