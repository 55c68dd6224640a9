from django.apps import AppConfig


class WellbeingConfig(AppConfig):
    name = "apps.wellbeing"
    label = "wellbeing"

    def ready(self):
        from apps.core.registry import register_nav

        register_nav("Wellbeing", "wellbeing:home", order=50)
