from django.apps import AppConfig


def _my_day_notifications(user) -> dict:
    from apps.notifications.selectors import notifications_of, with_people

    return {
        "notifications": list(
            with_people(notifications_of(user)).filter(read_at__isnull=True).order_by("-created_at")[:5]
        )
    }


class NotificationsConfig(AppConfig):
    name = "apps.notifications"
    label = "notifications"

    def ready(self):
        from apps.core.registry import register_data_section
        from apps.notifications import data_rights

        register_data_section("notifications", order=90, export=data_rights.export, erase=data_rights.erase)
        from apps.core.registry import register_my_day_panel

        register_my_day_panel("notifications/_my_day_panel.html", order=0, context=_my_day_notifications)
        from apps.accounts.lockout import account_locked
        from apps.notifications.receivers import tell_locked_account_owner

        account_locked.connect(tell_locked_account_owner, dispatch_uid="notifications.account_locked")
