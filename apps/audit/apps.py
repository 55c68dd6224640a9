from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:  # models cannot be imported before the app registry is ready
    from apps.accounts.models import User


def _is_org_admin(user: "User") -> bool:
    from apps.core.capabilities import caps

    return caps(user).is_org_admin


class AuditConfig(AppConfig):
    name = "apps.audit"
    label = "audit"

    def ready(self) -> None:
        from apps.audit.services import audit_retention_run
        from apps.core.registry import register_nav, register_retention_rule

        register_nav("Audit", "audit:audit-trail", order=95, visible=_is_org_admin)
        register_retention_rule("audit_events", lambda: audit_retention_run())
