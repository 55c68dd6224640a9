from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "pspteam core"

    def ready(self):
        from apps.core.api import schema  # noqa: F401 - registers the OpenAPI field extension
        from apps.core.registry import register_nav

        register_nav("My day", "core:my-day", order=0)
