from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "apps.teams"
    label = "teams"

    def ready(self) -> None:
        from apps.core import registry

        registry.register_nav("Teams", "teams:team-list", registry.NavGroup.TEAM, 10, registry.everyone)
