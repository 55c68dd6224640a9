from django.apps import AppConfig

from apps.core import registry


class RatersConfig(AppConfig):
    name = "apps.raters"
    label = "raters"
    verbose_name = "Feedback from others"

    def ready(self) -> None:
        from apps.raters import data_rights, evidence, retention

        evidence.register()  # "External feedback" on the evidence map (apps.portfolio.evidence)

        registry.register_data_section(
            "rater_feedback",
            order=62,
            export=data_rights.export,
            readable=data_rights.READABLE,
            erase=data_rights.erase,
        )
        registry.register_retention_rule("rater_invitations", retention.enforce)
        registry.register_nav("Feedback", "raters:invitation-list", registry.NavGroup.MINE, 65, registry.everyone)
