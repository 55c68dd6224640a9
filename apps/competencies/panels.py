"""What competencies adds to "my day" and the team page (registered in apps.py)."""

from datetime import timedelta
from typing import Any

from apps.accounts.models import User
from apps.competencies import policies
from apps.competencies.models import TrainingRecord
from apps.competencies.selectors import awaiting_sign_off_count, effective_requirement_sets, worker_states
from apps.core.capabilities import caps
from apps.roles.models import RoleDefinition
from apps.teams.models import Team
from apps.teams.selectors import team_members


def my_day(user: User) -> dict[str, Any]:
    """Supervisors: assessments awaiting their sign-off. Everyone: their own training expiring
    within 30 days or expired (two queries, one if the user supervises nobody)."""
    today = caps(user).today
    expiring = list(
        TrainingRecord.objects.filter(
            worker_id=user.pk, expires_on__isnull=False, expires_on__lte=today + timedelta(days=30)
        ).order_by("expires_on")[:5]
    )
    for record in expiring:
        record.state = record.state_on(today)  # type: ignore[attr-defined]  # for the panel template only
    return {"awaiting_sign_off": awaiting_sign_off_count(user), "expiring": expiring}


def team_panel(user: User, team: Team) -> dict[str, Any]:
    """What the team's published roles require, and (for its managers) members' states."""
    definitions = list(RoleDefinition.objects.published().filter(team=team).order_by("title"))
    requirements = effective_requirement_sets(definitions)
    me = caps(user)
    states = None
    if me.can_manage_team(team.pk):
        members = [m.worker for m in team_members(team, on_date=me.today)]
        states = worker_states(user, members, on_date=me.today)
    return {
        "team": team,
        "roles": [{"definition": d, "competencies": requirements.get(d.pk, [])} for d in definitions],
        "can_edit": policies.can_manage_role_requirements(user, team.pk),
        "states": states,
    }
