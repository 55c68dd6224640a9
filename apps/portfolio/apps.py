from django.apps import AppConfig

from apps.core import registry


class PortfolioConfig(AppConfig):
    name = "apps.portfolio"
    label = "portfolio"

    def ready(self) -> None:
        from apps.portfolio import data_rights, kinds, panels, services

        kinds.register()  # reflections, sessions, training, signed-off assessments (apps below this one)
        registry.register_nav("My portfolio", "portfolio:map", registry.NavGroup.MINE, 64, registry.everyone)
        registry.register_data_section(
            "portfolio", order=62, export=data_rights.export, erase=data_rights.erase, readable=data_rights.READABLE
        )
        registry.register_retention_rule("portfolio_orphan_evidence_links", services.orphan_links_delete)
        for model in ("reflections.reflection", "supervision.supervisionsession"):
            registry.register_record_panel(
                model, "portfolio/_link_as_evidence.html", order=50, context=panels.link_as_evidence
            )
