from django.apps import AppConfig


class WellbeingConfig(AppConfig):
    name = "apps.wellbeing"
    label = "wellbeing"

    def ready(self):
        from apps.core.registry import register_data_section, register_nav
        from apps.wellbeing import data_rights

        register_nav("Wellbeing", "wellbeing:home", order=50)
        register_data_section("wellbeing", order=50, export=data_rights.export, erase=data_rights.erase)
