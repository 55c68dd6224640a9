from django.apps import AppConfig

from apps.core import registry


class CompetenciesConfig(AppConfig):
    name = "apps.competencies"
    label = "competencies"

    def ready(self) -> None:
        import apps.competencies.reminders  # noqa: F401 - training expiry rules join the reminder scan
        from apps.competencies import data_rights, panels, role_fields

        registry.register_data_section(
            "competencies", order=60, export=data_rights.export, readable=data_rights.READABLE, erase=data_rights.erase
        )
        role_fields.register()  # required_competencies on role definitions (apps.roles.extensions)

        registry.register_nav("Competencies", "competencies:my-progress", registry.NavGroup.MINE, 60, registry.everyone)
        registry.register_my_day_panel("competencies/_my_day_panel.html", order=50, context=panels.my_day)
        registry.register_team_panel("competencies/_team_panel.html", order=30, context=panels.team_panel)
