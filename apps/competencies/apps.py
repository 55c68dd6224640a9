"""Competencies' registrations. Functions here import models inside their bodies: this module
is imported before the app registry is ready, the functions run on requests only."""

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.apps import AppConfig

if TYPE_CHECKING:  # models cannot be imported before the app registry is ready
    from apps.accounts.models import User
    from apps.teams.models import Team


def _signed_in_worker(user: "User") -> bool:
    return bool(user.organisation_id)


def _my_day(user: "User") -> dict[str, Any]:
    """Supervisors: assessments awaiting their sign-off. Everyone: their own training expiring
    within 30 days or expired (two queries, one if the user supervises nobody)."""
    from apps.competencies.models import TrainingRecord
    from apps.competencies.selectors import awaiting_sign_off_count
    from apps.core.capabilities import caps

    today = caps(user).today
    expiring = list(
        TrainingRecord.objects.filter(
            worker_id=user.pk, expires_on__isnull=False, expires_on__lte=today + timedelta(days=30)
        ).order_by("expires_on")[:5]
    )
    for record in expiring:
        record.state = record.state_on(today)  # type: ignore[attr-defined]  # for the panel template only
    return {"awaiting_sign_off": awaiting_sign_off_count(user), "expiring": expiring}


def _team_panel(user: "User", team: "Team") -> dict[str, Any]:
    """What the team's published roles require, and (for its managers) members' states."""
    from apps.competencies import policies
    from apps.competencies.selectors import effective_requirement_sets, worker_states
    from apps.core.capabilities import caps
    from apps.roles.models import RoleDefinition
    from apps.teams.selectors import team_members

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


class CompetenciesConfig(AppConfig):
    name = "apps.competencies"
    label = "competencies"

    def ready(self) -> None:
        import apps.competencies.reminders  # noqa: F401 - training expiry rules join the reminder scan
        from apps.competencies import data_rights
        from apps.core import registry

        registry.register_data_section("competencies", order=60, export=data_rights.export, erase=data_rights.erase)

        registry.register_nav("Competencies", "competencies:my-progress", registry.NavGroup.MINE, 60, _signed_in_worker)
        registry.register_my_day_panel("competencies/_my_day_panel.html", order=50, context=_my_day)
        registry.register_team_panel("competencies/_team_panel.html", order=30, context=_team_panel)
