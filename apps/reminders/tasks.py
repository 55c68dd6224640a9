import logging
import time

from celery import shared_task

from apps.core import metrics
from apps.core.db import long_statements
from apps.notifications.queue import publish
from apps.reminders import clock
from apps.reminders.services import DELIVER_TASK, ScanReport, reminders_deliver_batch, reminders_scan

logger = logging.getLogger(__name__)


@shared_task(name="apps.reminders.tasks.scan", ignore_result=True)
def scan() -> dict:
    """The periodic reminder scan (beat, every REMINDER_SCAN_INTERVAL seconds). Safe to run at
    any time, twice, or concurrently: every reminder is keyed and sent once."""
    start = time.perf_counter()
    with long_statements():  # a scan over many agreements may outlast a request's statement timeout
        report = reminders_scan()
    metrics.REMINDER_SCAN_DURATION.observe(time.perf_counter() - start)
    for kind, count in report.created.items():
        metrics.REMINDERS_CREATED.labels(kind).inc(count)
    return report.summary()


@shared_task(name=DELIVER_TASK, ignore_result=True)
def deliver() -> dict:
    """The next batch of a large delivery (published by the scan when its batch was full); publishes
    itself again while its batch is full. Safe twice or concurrently: rows are claimed with
    ``SKIP LOCKED`` and each is delivered once."""
    report = ScanReport(now=clock.now())
    with long_statements():
        more = reminders_deliver_batch(now=report.now, report=report)
    if more:
        publish(DELIVER_TASK)
    return report.summary()
