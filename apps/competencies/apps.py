from django.apps import AppConfig


def _signed_in_worker(user) -> bool:
    return bool(user.organisation_id)


def _my_day(user) -> dict:
    """Supervisors: assessments awaiting their sign-off. Everyone: their own training expiring
    within 30 days or expired (two queries, one if the user supervises nobody)."""
    from datetime import timedelta

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
        record.state = record.state_on(today)
    return {"awaiting_sign_off": awaiting_sign_off_count(user), "expiring": expiring}


def _team_panel(user, team):
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

    def ready(self):
        import apps.competencies.reminders  # noqa: F401 - training expiry rules join the reminder scan
        from apps.competencies import data_rights
        from apps.core.registry import register_data_section, register_my_day_panel, register_nav, register_team_panel

        register_data_section("competencies", order=60, export=data_rights.export, erase=data_rights.erase)

        register_nav("Competencies", "competencies:my-progress", order=60, visible=_signed_in_worker)
        register_my_day_panel("competencies/_my_day_panel.html", order=50, context=_my_day)
        register_team_panel("competencies/_team_panel.html", order=30, context=_team_panel)
