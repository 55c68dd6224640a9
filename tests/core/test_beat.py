"""Celery beat really fires the periodic jobs on schedule: a real ``celery worker -B``
subprocess on the test database and Redis, intervals shortened through the environment."""

import pytest
import redis
from django.conf import settings

from apps.core.models import SchedulerHeartbeat
from tests.reminders.processes import Worker, wait_for

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def runs(name: str) -> int:
    heartbeat = SchedulerHeartbeat.objects.filter(name=name).first()
    return heartbeat.runs if heartbeat else 0


def test_beat_fires_housekeeping_and_the_reminder_scan_every_interval(tmp_path):
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete("celery")
    worker = Worker(tmp_path, beat=True, HOUSEKEEPING_INTERVAL=1, REMINDER_SCAN_INTERVAL=1)
    try:
        # Twice each: fired on schedule, not just once at start-up.
        wait_for(lambda: runs("housekeeping") >= 2, timeout=60, message="housekeeping to run twice")
        wait_for(lambda: runs("reminders.scan") >= 2, timeout=60, message="the reminder scan to run twice")
    finally:
        worker.stop()
    log = worker.log.read_text()
    assert "Scheduler: Sending due task reminder-scan (apps.reminders.tasks.scan)" in log
    assert "Scheduler: Sending due task housekeeping (apps.core.tasks.housekeeping)" in log
