from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "apps.teams"
    label = "teams"

    def ready(self):
        from apps.core.registry import register_nav

        register_nav("Teams", "teams:team-list", order=10)
