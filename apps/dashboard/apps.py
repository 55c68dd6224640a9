from django.apps import AppConfig

from apps.core import registry


class DashboardConfig(AppConfig):
    name = "apps.dashboard"
    label = "dashboard"

    def ready(self) -> None:
        from apps.dashboard import drift_indicators, panels, policies

        registry.register_nav("Dashboard", "dashboard:overview", registry.NavGroup.TEAM, 12, policies.can_view_overview)
        registry.register_team_panel("dashboard/_team_panel.html", order=1, context=panels.team_panel)
        # The role overlap report (roles) renders {% record_panels team %}: the team indicators.
        registry.register_record_panel(
            "teams.team", "dashboard/_drift_indicators.html", order=10, context=drift_indicators.team_panel
        )
