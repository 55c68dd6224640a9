from django.apps import AppConfig

from apps.core import registry


class FidelityConfig(AppConfig):
    name = "apps.fidelity"
    label = "fidelity"

    def ready(self) -> None:
        import apps.fidelity.reminders  # noqa: F401  (registers the reminder rule)
        from apps.fidelity import data_rights, panels, policies

        registry.register_nav(
            "Peer practice check", "fidelity:home", registry.NavGroup.MINE, 55, policies.sees_fidelity_link
        )
        registry.register_nav(
            "Peer practice",
            "fidelity:organisation",
            registry.NavGroup.ORGANISATION,
            94,
            policies.can_read_organisation_summary,
        )
        registry.register_team_panel("fidelity/_team_panel.html", order=85, context=panels.team_panel)
        registry.register_data_section(
            "fidelity", order=55, export=data_rights.export, readable=data_rights.READABLE, erase=data_rights.erase
        )
