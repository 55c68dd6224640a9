from typing import TYPE_CHECKING, Any

from django.apps import AppConfig

if TYPE_CHECKING:  # models cannot be imported before the app registry is ready
    from apps.accounts.models import User
    from apps.teams.models import Team


def _sees_dashboards(user: "User") -> bool:
    from apps.dashboard.policies import can_view_overview  # in-function: policies import models (not ready yet)

    return can_view_overview(user)


def _team_panel(user: "User", team: "Team") -> dict[str, Any] | None:
    """A link from the team page to its dashboard, for those who may see it (no queries)."""
    from apps.dashboard.policies import can_view_team_dashboard

    if not can_view_team_dashboard(user, team.pk):
        return None
    return {"team": team}


class DashboardConfig(AppConfig):
    name = "apps.dashboard"
    label = "dashboard"

    def ready(self) -> None:
        from apps.core import registry

        registry.register_nav("Dashboard", "dashboard:overview", registry.NavGroup.TEAM, 12, _sees_dashboards)
        registry.register_team_panel("dashboard/_team_panel.html", order=1, context=_team_panel)
