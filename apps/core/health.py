"""Liveness and readiness checks, shared by ``/readyz``, ``/metrics`` and the admin overview.

``/readyz`` answers for what a web instance needs to serve: the database. The broker and the
worker are reported beside it, never failing it: web requests do not wait on Redis (work that
cannot be published waits in the database), so a load balancer must not take every web
instance out during a Redis blip. A dead or stuck worker shows as a stale heartbeat instead
(``worker_heartbeat_age``), for monitoring to alert on.
"""

import os

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from apps.core.models import SchedulerHeartbeat
from apps.core.tasks import WORKER_HEARTBEAT


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
    # A path; the transport options dict mixes value types.
    folder = str(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
    os.makedirs(folder, exist_ok=True)
    return os.access(folder, os.W_OK)


def last_runs() -> dict:
    """When each periodic job last completed ({name: datetime}); empty if the database fails."""
    try:
        return dict(SchedulerHeartbeat.objects.values_list("name", "last_run_at"))
    except DatabaseError:
        return {}


def worker_heartbeat_age(runs: dict) -> float | None:
    """Seconds since a worker last ran the heartbeat task (beat → broker → worker → database:
    all of the path work takes); ``None`` if it never has."""
    at = runs.get(WORKER_HEARTBEAT)
    return None if at is None else max((timezone.now() - at).total_seconds(), 0.0)


def worker_status(age: float | None) -> str:
    if age is None:
        return "unknown"
    return "ok" if age <= settings.WORKER_HEARTBEAT_STALE_SECONDS else "stale"
