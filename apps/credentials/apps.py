from typing import TYPE_CHECKING

from django.apps import AppConfig

from apps.core import registry
from apps.core.capabilities import caps

if TYPE_CHECKING:  # models cannot be imported before the app registry is ready
    from apps.accounts.models import User


def _builds_credential_hours(user: "User") -> bool:
    """Peer workers, and anyone supervised, count hours towards a credential (the page and API
    answer everyone: this is only who the header offers it to)."""
    return user.is_peer or bool(caps(user).supervisor_ids)


class CredentialsConfig(AppConfig):
    name = "apps.credentials"
    label = "credentials"
    verbose_name = "Credential hours"

    def ready(self) -> None:
        from apps.credentials import data_rights

        registry.register_nav("My hours", "credentials:my-hours", registry.NavGroup.MINE, 62, _builds_credential_hours)
        registry.register_data_section(
            "credential_hours",
            order=62,
            export=data_rights.export,
            erase=data_rights.erase,
            readable=data_rights.READABLE,
        )
