from django.apps import AppConfig

from apps.core import registry


class RolesConfig(AppConfig):
    name = "apps.roles"
    label = "roles"
    verbose_name = "Role definitions and assignments"

    def ready(self) -> None:
        import apps.roles.reminders  # noqa: F401 - registers this app's reminder kinds and rules
        from apps.roles import data_rights, panels, setup_steps

        registry.register_nav("Roles", "roles:role-list", registry.NavGroup.TEAM, 20, panels.has_teams)
        registry.register_data_section(
            "role_assignments",
            order=15,
            export=data_rights.export,
            erase=data_rights.erase,
            readable=data_rights.READABLE,
        )
        registry.register_data_section(
            "role_co_production",
            order=16,
            export=data_rights.export_co_production,
            erase=data_rights.erase_co_production,
            readable=data_rights.READABLE_CO_PRODUCTION,
        )
        registry.register_my_day_panel("roles/_my_day_panel.html", order=10, context=panels.my_day_roles)
        registry.register_team_panel("roles/_team_panel.html", order=10, context=panels.team_roles_panel)
        registry.register_setup_step(
            "role_definitions",
            label="Describe the roles in your teams",
            why="A published role definition says what a job is, and what it is not, so everyone can agree to it.",
            url_name="roles:role-list",
            order=50,
            done=setup_steps.role_published,
        )
