from django.apps import AppConfig


def _is_org_admin(user) -> bool:
    return bool(user.is_org_admin)


class RemindersConfig(AppConfig):
    name = "apps.reminders"
    label = "reminders"

    def ready(self):
        import apps.reminders.rules  # noqa: F401 - registers the built-in kinds and rules
        from apps.core.registry import register_nav

        register_nav("Reminders", "reminders:admin", order=90, visible=_is_org_admin)
