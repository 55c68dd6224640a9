import logging

from celery import shared_task

from apps.core.models import SchedulerHeartbeat
from apps.core.services import housekeeping_run

WORKER_HEARTBEAT = "worker"

logger = logging.getLogger(__name__)


@shared_task(name="apps.core.tasks.housekeeping")
def housekeeping() -> dict:
    """Periodic clean-up (beat): expired API tokens and sessions. Safe to run any time."""
    result = housekeeping_run()
    logger.info("housekeeping: %s", result)
    return result


@shared_task(name="apps.core.tasks.worker_heartbeat", ignore_result=True)
def worker_heartbeat() -> None:
    """Beat, every ``WORKER_HEARTBEAT_INTERVAL`` seconds: record that a worker took work from the
    broker just now. Its age is the worker-liveness check of ``/readyz`` and ``/metrics``."""
    SchedulerHeartbeat.beat(WORKER_HEARTBEAT)
