"""Who may see team dashboards (spec §2: "team dashboard (aggregates)": team managers and org admins).

| | team manager (that team) | org admin | other member of the team | anyone else in the org | other org |
|---|---|---|---|---|---|
| a team's dashboard, its CSV and print page | yes | yes | 403 | 404 | 404 |
| the overview (teams side by side) | their managed teams | every team | 403 | 403 | — |

Dashboards carry aggregates only: counts, shares and states — never a reflection, boundary
note, check-in or session text, and never who wrote an anonymous voice answer.
"""

from uuid import UUID

from apps.accounts.models import User
from apps.core.capabilities import caps


def can_view_team_dashboard(user: User, team_id: UUID) -> bool:
    """A team's managers and org admins see its aggregates (the team itself is checked visible first)."""
    return caps(user).can_manage_team(team_id)


def can_view_overview(user: User) -> bool:
    """Org admins (every team) and managers (the teams they manage)."""
    my = caps(user)
    return my.is_org_admin or bool(my.managed_team_ids)
