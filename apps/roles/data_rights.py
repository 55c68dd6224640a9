"""Role assignments in a worker's export. Nothing is erased: an assignment is part of its team's
history, and stays under the erased worker's anonymised account."""

from datetime import date, datetime

from apps.accounts.models import User
from apps.roles.models import Assignment


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def export(user: User) -> list[dict[str, object]]:
    return [
        {
            "team": a.team.name,
            "role": a.role_definition.title,
            "version": a.role_definition.version,
            "starts_on": _iso(a.starts_on),
            "ends_on": _iso(a.ends_on),
            "hours_per_week": str(a.hours_per_week),
            "acknowledged_at": _iso(a.acknowledged_at),
        }
        for a in Assignment.objects.filter(worker=user).select_related("team", "role_definition").order_by("starts_on")
    ]
