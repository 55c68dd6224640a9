from typing import TYPE_CHECKING

from django.apps import AppConfig

from apps.core import registry
from apps.core.capabilities import caps

if TYPE_CHECKING:  # models cannot be imported before the app registry is ready
    from apps.accounts.models import User


def _is_org_admin(user: "User") -> bool:
    return caps(user).is_org_admin


class ImportsConfig(AppConfig):
    name = "apps.imports"
    label = "imports"

    def ready(self) -> None:
        from apps.imports.retention import import_files_retention_run  # models need the app registry ready

        registry.register_retention_rule("import_files", import_files_retention_run)
        registry.register_nav("Import staff", "imports:home", registry.NavGroup.ORGANISATION, 92, _is_org_admin)
