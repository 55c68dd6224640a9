"""Role-drift snapshots in a worker's export, and their erasure."""

from apps.core.readable import Readable
from apps.drift.models import DriftSnapshot


def export(user) -> dict:
    rows = DriftSnapshot.objects.filter(worker=user).order_by("taken_on")
    return {
        "role_drift_snapshots": [
            {
                "taken_on": s.taken_on.isoformat(),  # machine date
                "peer_distinct_hours": str(s.peer_distinct_hours),
                "shared_hours": str(s.shared_hours),
                "clinical_only_hours": str(s.clinical_only_hours),
                "below_threshold_since": s.below_since.isoformat() if s.below_since else None,  # machine date
            }
            for s in rows
        ]
    }


def erase(worker) -> None:
    DriftSnapshot.objects.filter(worker=worker).delete()


READABLE = Readable(
    title="My role's shape",
    labels={
        "role_drift_snapshots": "How my roles' hours divided",
        "taken_on": "Day",
        "peer_distinct_hours": "Peer-distinct hours",
        "shared_hours": "Shared hours",
        "clinical_only_hours": "Clinical-only hours",
        "below_threshold_since": "Under the peer-distinct line since",
    },
)
