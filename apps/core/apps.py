from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "pspteam core"

    def ready(self):
        from apps.core.registry import register_nav

        register_nav("My day", "core:my-day", order=0)
