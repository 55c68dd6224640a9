"""Liveness and readiness checks, shared by ``/readyz`` and the admin overview."""

import os

from django.conf import settings
from django.db import connection


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        return False


def broker_ok() -> bool:
    """Can we hand work to Celery right now? Bounded to about a second."""
    if settings.REDIS_URL:
        import redis

        try:
            client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1)
            return bool(client.ping())
        except redis.RedisError:
            return False
    folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"]
    os.makedirs(folder, exist_ok=True)
    return os.access(folder, os.W_OK)
