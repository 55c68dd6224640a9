"""What roles adds to the header, "my day" and the team page (registered in apps.py)."""

from typing import Any

from apps.accounts.models import User
from apps.core.capabilities import caps
from apps.roles import policies
from apps.roles.selectors import roles_to_acknowledge, team_roles_summary
from apps.teams.models import Team


def has_teams(user: User) -> bool:
    return caps(user).is_org_admin or bool(caps(user).team_ids)


def my_day_roles(user: User) -> dict[str, Any]:
    return {"to_acknowledge": list(roles_to_acknowledge(user))}


def team_roles_panel(user: User, team: Team) -> dict[str, Any]:
    """Roles held in the team, and (for its managers and org admins) contracted vs assigned hours."""
    with_hours = policies.can_see_hours(user, team.pk)
    return {
        "team": team,
        "rows": team_roles_summary(team, today=caps(user).today, with_hours=with_hours),
        "with_hours": with_hours,
        "can_write": policies.can_write_role_definitions(user, team.pk),
    }
