"""What dashboards add to the team page (registered in apps.py; the header link is policies.can_view_overview)."""

from typing import Any

from apps.accounts.models import User
from apps.dashboard.policies import can_view_team_dashboard
from apps.teams.models import Team


def team_panel(user: User, team: Team) -> dict[str, Any] | None:
    """A link from the team page to its dashboard, for those who may see it (no queries)."""
    if not can_view_team_dashboard(user, team.pk):
        return None
    return {"team": team}
