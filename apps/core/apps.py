from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "pspteam core"

    def ready(self):
        from django.db.models.signals import post_migrate, pre_migrate

        from apps.core import db
        from apps.core.api import schema  # noqa: F401 - registers the OpenAPI field extension
        from apps.core.registry import register_nav

        register_nav("My day", "core:my-day", order=0)
        # Migrations get a longer statement timeout than requests (apps/core/db.py).
        pre_migrate.connect(db.migrations_start, dispatch_uid="core.migrations_start")
        post_migrate.connect(db.migrations_end, dispatch_uid="core.migrations_end")
