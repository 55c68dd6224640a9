"""The practice log and the profiles a worker tracks, in their export; erased with them.

Supervision and training hours are not repeated here: they are the sessions' and training
records' own sections."""

from typing import Any

from apps.core.readable import Readable
from apps.credentials.models import PracticeEntry, ProfileChoice


def export(user: Any) -> dict[str, Any]:
    return {
        "practice_log": [
            {
                "worked_on": entry.worked_on.isoformat(),
                "hours": str(entry.hours),
                "category": entry.category,
                "note": entry.note,
            }
            for entry in PracticeEntry.objects.filter(worker=user).order_by("worked_on", "created_at")
        ],
        "tracked_profiles": list(ProfileChoice.objects.filter(worker=user).values_list("profile", flat=True)),
    }


def erase(worker: Any) -> None:
    """Everything here is the worker's own: all of it goes."""
    PracticeEntry.objects.filter(worker=worker).delete()
    ProfileChoice.objects.filter(worker=worker).delete()


READABLE = Readable(
    title="Credential hours",
    labels={
        "practice_log": "Practice log",
        "worked_on": "Date",
        "hours": "Hours",
        "category": "Kind of work",
        "note": "Note",
        "tracked_profiles": "Credential profiles you track",
    },
    values={"category": dict(PracticeEntry.Category.choices)},
)
