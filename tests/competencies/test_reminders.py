"""Training expiry reminders through the reminder scan (SPEC §3): the worker 30 days before,
their managers on expiry — each exactly once."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from apps.accounts.models import User
from apps.core.dates import org_today
from apps.notifications.models import Notification
from apps.reminders.services import reminders_scan
from tests.competencies.factories import TrainingRecordFactory

pytestmark = pytest.mark.django_db


def noon(org, day):
    """Midday on ``day`` where the organisation is."""
    return datetime.combine(day, time(12), tzinfo=ZoneInfo(org.time_zone))


def told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


@pytest.fixture
def today(org):
    return org_today(org)


def test_a_record_expiring_in_30_days_reminds_the_worker_once(everyone, org, today):
    record = TrainingRecordFactory(
        worker=everyone["peer"], course="Safeguarding", expires_on=today + timedelta(days=30)
    )
    first = reminders_scan(now=noon(org, today))
    reminders_scan(now=noon(org, today))
    reminders_scan(now=noon(org, today + timedelta(days=1)))
    assert first.created["training_expiring"] == 1
    assert told("training_expiring") == ["pat"]
    note = Notification.objects.get(kind="training_expiring")
    assert "Safeguarding" not in note.message and str(record.expires_on.day) in note.message
    assert note.link == "/competencies/training/"
    assert told("training_expired") == []


def test_nothing_is_sent_more_than_30_days_ahead(everyone, org, today):
    TrainingRecordFactory(worker=everyone["peer"], expires_on=today + timedelta(days=31))
    reminders_scan(now=noon(org, today))
    assert told("training_expiring") == []


def test_on_expiry_the_workers_managers_are_told_once(everyone, org, today):
    record = TrainingRecordFactory(worker=everyone["peer"], expires_on=today + timedelta(days=3))
    reminders_scan(now=noon(org, today))
    for days in (3, 4, 10):
        reminders_scan(now=noon(org, today + timedelta(days=days)))
    assert told("training_expiring") == ["pat"]
    assert told("training_expired") == ["morgan"]  # Riverside's manager; not Harbour's
    note = Notification.objects.get(kind="training_expired")
    assert "Pat Peer" in note.message and str(everyone["peer"].pk) in note.link
    assert record.course not in note.message


def test_a_renewed_course_reminds_nobody(everyone, org, today):
    TrainingRecordFactory(worker=everyone["peer"], course="Safeguarding", expires_on=today + timedelta(days=10))
    TrainingRecordFactory(worker=everyone["peer"], course="safeguarding", expires_on=today + timedelta(days=375))
    reminders_scan(now=noon(org, today + timedelta(days=11)))
    reminders_scan(now=noon(org, today))
    assert told("training_expiring") == [] and told("training_expired") == []


def test_a_stepped_away_worker_gets_no_reminder_and_nothing_about_them_escalates(everyone, org, today):
    User.objects.filter(pk=everyone["peer"].pk).update(status=User.Status.STEPPED_AWAY)
    TrainingRecordFactory(worker=everyone["peer"], expires_on=today)
    reminders_scan(now=noon(org, today))
    assert told("training_expiring") == [] and told("training_expired") == []


def test_records_long_expired_before_the_scan_existed_do_not_flood_managers(everyone, org, today):
    TrainingRecordFactory(
        worker=everyone["peer"], completed_on=today - timedelta(days=900), expires_on=today - timedelta(days=400)
    )
    reminders_scan(now=noon(org, today))
    assert told("training_expired") == []


def test_the_training_rules_keep_the_scans_query_count_flat(everyone, org, today):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    now = noon(org, today + timedelta(days=400))
    reminders_scan(now=now)  # everything else due on that day is delivered first

    def scan_queries():
        with CaptureQueriesContext(connection) as ctx:
            report = reminders_scan(now=now)
        return len(ctx), report.created["training_expiring"]

    TrainingRecordFactory(worker=everyone["peer"], expires_on=today + timedelta(days=420))
    one = scan_queries()
    for i in range(20):
        TrainingRecordFactory(worker=everyone["peer2"], course=f"Course {i}", expires_on=today + timedelta(days=420))
    twenty = scan_queries()
    # One INSERT … SELECT per rule and a batched delivery, whatever the number of records.
    assert one[1] == 1 and twenty[1] == 20
    assert one[0] == twenty[0]
