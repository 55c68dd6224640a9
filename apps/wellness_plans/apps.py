from django.apps import AppConfig

from apps.core import registry


class WellnessPlansConfig(AppConfig):
    name = "apps.wellness_plans"
    label = "wellness_plans"

    def ready(self) -> None:
        import apps.wellness_plans.reminders  # noqa: F401  (registers the review reminder)
        from apps.wellness_plans import data_rights, step_away

        registry.register_nav("Wellness plan", "wellness_plans:mine", registry.NavGroup.MINE, 52, registry.everyone)
        registry.register_data_section(
            "wellness_plan", order=52, export=data_rights.export, readable=data_rights.READABLE, erase=data_rights.erase
        )
        step_away.register()
