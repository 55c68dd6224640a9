"""Who sees what of role drift.

| | the worker | team member | team manager | org admin | other organisation |
|---|---|---|---|---|---|
| their own shares over time (page, API) | yes | — | — | — | — |
| another worker's shares | 404 | 404 | 404 | 404 | 404 |
| a finding (notification, no figure) | yes | — | yes (the worker's managers) | — | — |
| the team's indicators (``apps.dashboard.drift_indicators``) | as a member | yes | yes | yes | 404 |

Nobody but the worker ever reads a named worker's figure: managers get the finding that
something crossed a line (so they can look at the assignments they made with the worker), and
team figures only when at least ``VOICE_MIN_GROUP`` workers are counted.
"""

from django.conf import settings

from apps.accounts.models import User

SUPPRESSED = "Not enough people to show without identifying anyone."


def min_group() -> int:
    return max(1, int(settings.VOICE_MIN_GROUP))


def threshold_percent() -> int:
    """The peer-distinct share under which a peer worker's roles count as drifting (0-100)."""
    return min(100, max(0, int(settings.ROLE_DRIFT_THRESHOLD_PERCENT)))


def has_snapshots_link(user: User) -> bool:
    """The header link: peer workers (whose role drift is measured; the page is anyone's own)."""
    return getattr(user, "worker_kind", None) == User.WorkerKind.PEER
