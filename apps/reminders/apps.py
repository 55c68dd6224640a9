from typing import TYPE_CHECKING

from django.apps import AppConfig

from apps.core import registry

if TYPE_CHECKING:  # models cannot be imported before the app registry is ready
    from apps.accounts.models import User


def _is_org_admin(user: "User") -> bool:
    return bool(user.is_org_admin)


class RemindersConfig(AppConfig):
    name = "apps.reminders"
    label = "reminders"

    def ready(self) -> None:

        registry.register_nav("Reminders", "reminders:admin", registry.NavGroup.ORGANISATION, 90, _is_org_admin)
