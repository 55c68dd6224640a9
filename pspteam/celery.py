"""The Celery application. Configuration comes from Django settings (``CELERY_*``)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pspteam.settings")

# Every task runs under its own audit context (its id as the request id).
app = Celery("pspteam", task_cls="apps.audit.context:AuditedTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
