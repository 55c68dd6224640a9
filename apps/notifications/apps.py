from django.apps import AppConfig

from apps.core import registry


class NotificationsConfig(AppConfig):
    name = "apps.notifications"
    label = "notifications"

    def ready(self) -> None:
        from apps.accounts.lockout import account_locked
        from apps.notifications import data_rights, panels
        from apps.notifications.receivers import tell_locked_account_owner

        registry.register_data_section(
            "notifications", order=90, export=data_rights.export, readable=data_rights.READABLE, erase=data_rights.erase
        )
        registry.register_my_day_panel("notifications/_my_day_panel.html", order=0, context=panels.my_day_notifications)
        account_locked.connect(tell_locked_account_owner, dispatch_uid="notifications.account_locked")
