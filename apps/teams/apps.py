from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "apps.teams"
    label = "teams"

    def ready(self) -> None:
        from apps.core import registry
        from apps.teams import data_rights

        registry.register_data_section("memberships", order=2, export=data_rights.export)
        registry.register_nav("Teams", "teams:team-list", registry.NavGroup.TEAM, 10, registry.everyone)
