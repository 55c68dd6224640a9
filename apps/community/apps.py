from django.apps import AppConfig

from apps.core import registry


class CommunityConfig(AppConfig):
    name = "apps.community"
    label = "community"

    def ready(self) -> None:
        import apps.community.reminders  # noqa: F401  (registers the weekly digest)
        from apps.community import data_rights, policies

        registry.register_nav("Peer community", "community:home", registry.NavGroup.MINE, 57, policies.is_member)
        registry.register_nav(
            "Peer leads", "community:moderators", registry.NavGroup.ORGANISATION, 93, policies.can_name_moderators
        )
        registry.register_data_section(
            "community", order=57, export=data_rights.export, readable=data_rights.READABLE, erase=data_rights.erase
        )
