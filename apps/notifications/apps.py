from typing import TYPE_CHECKING, Any

from django.apps import AppConfig

if TYPE_CHECKING:  # models cannot be imported before the app registry is ready
    from apps.accounts.models import User


def _my_day_notifications(user: "User") -> dict[str, Any]:
    from apps.notifications.selectors import notifications_of, with_people

    return {
        "notifications": list(
            with_people(notifications_of(user)).filter(read_at__isnull=True).order_by("-created_at")[:5]
        )
    }


class NotificationsConfig(AppConfig):
    name = "apps.notifications"
    label = "notifications"

    def ready(self) -> None:
        from apps.accounts.lockout import account_locked
        from apps.core import registry
        from apps.notifications import data_rights
        from apps.notifications.receivers import tell_locked_account_owner

        registry.register_data_section("notifications", order=90, export=data_rights.export, erase=data_rights.erase)
        registry.register_my_day_panel("notifications/_my_day_panel.html", order=0, context=_my_day_notifications)
        account_locked.connect(tell_locked_account_owner, dispatch_uid="notifications.account_locked")
