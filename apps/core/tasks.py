import logging

from celery import shared_task

from apps.core.services import housekeeping_run

logger = logging.getLogger(__name__)


@shared_task(name="apps.core.tasks.housekeeping")
def housekeeping() -> dict:
    """Periodic clean-up (beat): expired API tokens and sessions. Safe to run any time."""
    result = housekeeping_run()
    logger.info("housekeeping: %s", result)
    return result
