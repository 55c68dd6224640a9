import pytest
from django.utils import timezone

from apps.reminders import clock


@pytest.fixture(autouse=True)
def process_clock(monkeypatch):
    """The scan reads the database clock; tests travel in time with time_machine, which only
    moves this process's clock, so here the scan reads that one instead."""
    monkeypatch.setattr(clock, "now", timezone.now)
