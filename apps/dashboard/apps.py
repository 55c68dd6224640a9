from django.apps import AppConfig


def _sees_dashboards(user) -> bool:
    from apps.dashboard.policies import can_view_overview

    return can_view_overview(user)


def _team_panel(user, team):
    """A link from the team page to its dashboard, for those who may see it (no queries)."""
    from apps.dashboard.policies import can_view_team_dashboard

    if not can_view_team_dashboard(user, team.pk):
        return None
    return {"team": team}


class DashboardConfig(AppConfig):
    name = "apps.dashboard"
    label = "dashboard"

    def ready(self):
        from apps.core.registry import register_nav, register_team_panel

        register_nav("Dashboard", "dashboard:overview", order=12, visible=_sees_dashboards, group="team")
        register_team_panel("dashboard/_team_panel.html", order=1, context=_team_panel)
