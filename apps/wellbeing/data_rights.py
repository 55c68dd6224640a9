"""Wellbeing check-ins and stepping away in a worker's export, and their erasure."""

from apps.core.readable import Readable
from apps.wellbeing.models import CheckIn, StepAway


def _iso(value):
    return value.isoformat() if value else None


def _names(readers) -> list[str]:
    """Who the entry was shared with (named readers, issue 13): their display names."""
    return sorted(r.display_name for r in readers)


def export(user) -> dict:
    return {
        "check_ins": [
            {
                "mood": c.mood,
                "note": c.note,
                "helping": c.helping,
                "shared_with_supervisor": c.share_with_supervisor,
                "shared_with": _names(c.readers.all()),
                "created_at": _iso(c.created_at),
            }
            for c in CheckIn.objects.filter(author=user).prefetch_related("readers").order_by("created_at")
        ],
        "stepping_away": [
            {
                "started_on": _iso(s.started_on),
                "planned_return_on": _iso(s.planned_return_on),
                "returned_on": _iso(s.returned_on),
                "message": s.message,
            }
            for s in StepAway.objects.filter(author=user).order_by("started_on")
        ],
    }


def erase(worker) -> None:
    CheckIn.objects.filter(author=worker).delete()
    StepAway.objects.filter(author=worker).delete()


READABLE = Readable(
    title="Wellbeing",
    labels={
        "check_ins": "Check-ins",
        "mood": "Mood",
        "note": "Note",
        "helping": "What's helping, what would help",
        "shared_with_supervisor": "Shared with a supervisor",
        "shared_with": "Read by",
        "created_at": "When",
        "stepping_away": "Stepping away",
        "started_on": "From",
        "planned_return_on": "Planned return",
        "returned_on": "Came back",
        "message": "Message to my supervisors",
    },
    values={"mood": {str(k): f"{k} — {v}" for k, v in CheckIn.MOOD_LABELS.items()}},
)
