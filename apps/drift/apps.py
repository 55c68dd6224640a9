from django.apps import AppConfig

from apps.core import registry


class DriftConfig(AppConfig):
    name = "apps.drift"
    label = "drift"
    verbose_name = "Role drift"

    def ready(self) -> None:
        import apps.drift.reminders  # noqa: F401  (registers the role-drift findings)
        from apps.drift import data_rights, policies

        registry.register_nav("Role shape", "drift:mine", registry.NavGroup.MINE, 58, policies.has_snapshots_link)
        registry.register_data_section(
            "role_drift", order=17, export=data_rights.export, readable=data_rights.READABLE, erase=data_rights.erase
        )
