from django.apps import AppConfig

from apps.core import registry


class ReflectionsConfig(AppConfig):
    name = "apps.reflections"
    label = "reflections"

    def ready(self) -> None:
        from apps.reflections import data_rights, panels

        registry.register_nav(
            "Reflections", "reflections:reflection-list", registry.NavGroup.MINE, 30, registry.everyone
        )
        registry.register_data_section(
            "reflections", order=20, export=data_rights.export, readable=data_rights.READABLE, erase=data_rights.erase
        )
        registry.register_my_day_panel("reflections/_my_day_panel.html", order=40, context=panels.my_day_panel)
        registry.register_team_panel("reflections/_team_panel.html", order=60, context=panels.team_panel)
