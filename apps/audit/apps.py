from typing import TYPE_CHECKING

from django.apps import AppConfig

from apps.core import registry
from apps.core.capabilities import caps

if TYPE_CHECKING:  # models cannot be imported before the app registry is ready
    from apps.accounts.models import User


def _is_org_admin(user: "User") -> bool:
    return caps(user).is_org_admin


class AuditConfig(AppConfig):
    name = "apps.audit"
    label = "audit"

    def ready(self) -> None:
        from apps.audit.services import audit_retention_run

        registry.register_nav("Audit", "audit:audit-trail", registry.NavGroup.ORGANISATION, 95, _is_org_admin)
        registry.register_retention_rule("audit_events", audit_retention_run)
