from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate

from apps.core import aggregates, data_version, db, registry
from apps.core import logging as core_logging


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "pspteam core"

    def ready(self) -> None:
        from apps.core import metrics  # reads the health checks, which use models
        from apps.core.api import schema  # noqa: F401 - registers the OpenAPI field extension

        registry.register_nav("My day", "core:my-day", registry.NavGroup.MINE, 0, registry.everyone)
        # Migrations get a longer statement timeout than requests (apps/core/db.py).
        pre_migrate.connect(db.migrations_start, dispatch_uid="core.migrations_start")
        post_migrate.connect(db.migrations_end, dispatch_uid="core.migrations_end")
        # The embedded default's SQLite gets the ordered-ids aggregate (apps/core/aggregates.py).
        connection_created.connect(aggregates.register_sqlite_functions, dispatch_uid="core.sqlite_functions")
        # Every data write moves the data version that caches of figures key on (issue 20).
        connection_created.connect(data_version.watch_connection, dispatch_uid="core.data_version")
        post_migrate.connect(data_version.after_migrate, dispatch_uid="core.data_version_migrate")
        # Celery tasks counted for /metrics in the processes that run them.
        metrics.connect_celery_signals()
        # The request id travels with the tasks a request publishes, into their log lines.
        core_logging.connect_celery_signals()
