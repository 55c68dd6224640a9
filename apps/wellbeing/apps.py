from django.apps import AppConfig


class WellbeingConfig(AppConfig):
    name = "apps.wellbeing"
    label = "wellbeing"
