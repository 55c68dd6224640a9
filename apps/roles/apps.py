from typing import TYPE_CHECKING, Any

from django.apps import AppConfig

if TYPE_CHECKING:  # models cannot be imported before the app registry is ready
    from apps.accounts.models import User
    from apps.teams.models import Team


def _has_teams(user: "User") -> bool:
    from apps.core.capabilities import caps

    return caps(user).is_org_admin or bool(caps(user).team_ids)


def _my_day_roles(user: "User") -> dict[str, Any]:
    from apps.roles.selectors import roles_to_acknowledge

    return {"to_acknowledge": list(roles_to_acknowledge(user))}


def _team_roles_panel(user: "User", team: "Team") -> dict[str, Any]:
    """Roles held in the team, and (for its managers and org admins) contracted vs assigned hours."""
    from apps.core.capabilities import caps
    from apps.roles import policies
    from apps.roles.selectors import team_roles_summary

    with_hours = policies.can_see_hours(user, team.pk)
    return {
        "team": team,
        "rows": team_roles_summary(team, today=caps(user).today, with_hours=with_hours),
        "with_hours": with_hours,
        "can_write": policies.can_write_role_definitions(user, team.pk),
    }


class RolesConfig(AppConfig):
    name = "apps.roles"
    label = "roles"
    verbose_name = "Role definitions and assignments"

    def ready(self) -> None:
        import apps.roles.reminders  # noqa: F401 - registers this app's reminder kinds and rules
        from apps.core import registry
        from apps.roles import data_rights

        registry.register_nav("Roles", "roles:role-list", registry.NavGroup.TEAM, 20, _has_teams)
        registry.register_data_section("role_assignments", order=15, export=data_rights.export)
        registry.register_my_day_panel("roles/_my_day_panel.html", order=10, context=_my_day_roles)
        registry.register_team_panel("roles/_team_panel.html", order=10, context=_team_roles_panel)
