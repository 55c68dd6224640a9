"""What the fidelity check adds to the team page (registered in apps.py)."""

from typing import Any

from apps.accounts.models import User
from apps.fidelity import policies, selectors
from apps.teams.models import Team


def team_panel(user: User, team: Team) -> dict[str, Any] | None:
    """The team's aggregate over time (≥ ``VOICE_MIN_GROUP`` distinct workers), for its members,
    managers and org admins; never a name, a worker's score or a note."""
    if not policies.can_read_team_summary(user, team.pk):
        return None
    summary = selectors.team_summary(user, team)
    latest = summary["periods"][-1]
    return {
        "team": team,
        "summary": summary,
        "latest": latest,
        "chart": selectors.chart_of(summary),
        "suppressed": policies.SUPPRESSED,
    }
