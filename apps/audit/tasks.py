import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.audit import partitions
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


@shared_task(name="apps.audit.tasks.maintain_partitions")
def maintain_partitions() -> dict:
    """Daily (PostgreSQL): create the audit trail's partitions for this month and the next
    ``AUDIT_PARTITIONS_AHEAD`` months, and drop the months wholly past ``AUDIT_RETENTION_DAYS``
    (the retention run drops them too; whichever comes first does it)."""
    now = timezone.now()
    with long_statements(), transaction.atomic():
        created = partitions.create_ahead(now, settings.AUDIT_PARTITIONS_AHEAD)
        with partitions.retention_privilege():  # dropping expired months is retention
            dropped = partitions.drop_expired(now - timedelta(days=settings.AUDIT_RETENTION_DAYS))
    logger.info("audit partitions: created %s, dropped %d rows", created, dropped)
    return {"created": created, "dropped": dropped}
