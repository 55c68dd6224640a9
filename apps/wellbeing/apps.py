from django.apps import AppConfig

from apps.core import registry


class WellbeingConfig(AppConfig):
    name = "apps.wellbeing"
    label = "wellbeing"

    def ready(self) -> None:
        from apps.wellbeing import data_rights, policies, setup_steps

        registry.register_nav("Wellbeing", "wellbeing:home", registry.NavGroup.MINE, 50, registry.everyone)
        registry.register_nav(
            "Support contacts",
            "wellbeing:support-contacts",
            registry.NavGroup.ORGANISATION,
            93,
            policies.can_edit_support_contacts,
        )
        registry.register_data_section(
            "wellbeing", order=50, export=data_rights.export, readable=data_rights.READABLE, erase=data_rights.erase
        )
        registry.register_setup_step(
            "support_contacts",
            label="Add support contacts for your people",
            why="Where people can turn for support of their own (employee assistance, occupational health, "
            "crisis lines); offered after a low check-in.",
            url_name="wellbeing:support-contacts",
            order=70,
            done=setup_steps.support_contacts_added,
        )
