import logging

from celery import shared_task

from apps.core.db import long_statements
from apps.core.models import SchedulerHeartbeat
from apps.core.registry import RETENTION_RULES

logger = logging.getLogger(__name__)


@shared_task(name="apps.audit.tasks.enforce_retention")
def enforce_retention() -> dict:
    """Daily: delete what is past its retention period (settings ``*_RETENTION_DAYS``)."""
    with long_statements():  # deleting years of rows at once may outlast a request's statement timeout
        result = {name: rule() for name, rule in RETENTION_RULES}
    SchedulerHeartbeat.beat("retention")
    logger.info("retention: %s", result)
    return result
