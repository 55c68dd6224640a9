from typing import TYPE_CHECKING

from django.apps import AppConfig

from apps.core import registry
from apps.core.capabilities import caps

if TYPE_CHECKING:  # models cannot be imported before the app registry is ready
    from apps.accounts.models import User


def _can_manage_people(user: "User") -> bool:
    return caps(user).can_manage_people()


class WorkersConfig(AppConfig):
    name = "apps.workers"
    label = "workers"

    def ready(self) -> None:

        registry.register_nav("People", "workers:people", registry.NavGroup.ORGANISATION, 90, _can_manage_people)
