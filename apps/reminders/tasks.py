import logging

from celery import shared_task

from apps.core.db import long_statements
from apps.reminders.services import reminders_scan

logger = logging.getLogger(__name__)


@shared_task(name="apps.reminders.tasks.scan", ignore_result=True)
def scan() -> dict:
    """The periodic reminder scan (beat, every REMINDER_SCAN_INTERVAL seconds). Safe to run at
    any time, twice, or concurrently: every reminder is keyed and sent once."""
    with long_statements():  # a scan over many agreements may outlast a request's statement timeout
        return reminders_scan().summary()
