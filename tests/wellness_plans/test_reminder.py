"""The wellness plan's review reminder: six months after the last review, to the worker only,
exactly once however many scans run, content-free; writing or reviewing the plan moves it."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core import mail

from apps.notifications.models import Notification
from apps.notifications.services import notification_email_send
from apps.reminders.models import Reminder
from apps.reminders.services import reminders_scan
from apps.wellness_plans.models import WellnessPlan
from tests.reminders.conftest import process_clock  # noqa: F401  (the scan reads the travelled clock)
from tests.reminders.helpers import make_world, sent

pytestmark = pytest.mark.django_db

SECRET = "QXwpreminder what keeps me well"
KIND = "wellness_plan_review_due"


def scan_at(*args):
    with time_machine.travel(datetime(*args, tzinfo=UTC), tick=False):
        return reminders_scan()


def plan_of(worker, reviewed_on: date) -> WellnessPlan:
    return WellnessPlan.objects.create(
        organisation=worker.organisation, author=worker, keeps_well=SECRET, reviewed_on=reviewed_on
    )


def test_the_review_is_reminded_once_six_months_on_to_the_worker_only_without_content():
    world = make_world(next_due_on=date(2027, 1, 1))
    plan = plan_of(world.supervisee, date(2026, 1, 10))  # due 182 days later: 11 July 2026

    scan_at(2026, 7, 10, 12, 0)
    assert sent(KIND) == []
    scan_at(2026, 7, 11, 9, 0)
    scan_at(2026, 7, 11, 9, 5)
    scan_at(2026, 8, 30, 9, 0)  # after downtime: still once
    assert sent(KIND) == [(KIND, world.supervisee.username)]
    reminder = Reminder.objects.get(kind=KIND)
    assert (reminder.subject_id, reminder.due_on) == (plan.pk, date(2026, 7, 11))
    told = Notification.objects.get(kind=KIND)
    assert SECRET not in told.message and told.link == "/wellness-plan/"
    for n in Notification.objects.filter(kind=KIND, email_sent_at__isnull=True):
        notification_email_send(n.pk)
    assert mail.outbox and all(SECRET not in m.body and SECRET not in m.subject for m in mail.outbox)


def test_a_review_moves_the_next_reminder_six_months_on():
    world = make_world(next_due_on=date(2027, 1, 1))
    plan = plan_of(world.supervisee, date(2026, 1, 10))
    scan_at(2026, 7, 11, 9, 0)
    WellnessPlan.objects.filter(pk=plan.pk).update(reviewed_on=date(2026, 7, 12))
    scan_at(2026, 7, 20, 9, 0)
    assert len(sent(KIND)) == 1
    scan_at(2027, 1, 10, 9, 0)  # 12 Jul 2026 + 182 days
    assert len(sent(KIND)) == 2


def test_a_worker_who_has_stepped_away_is_not_reminded():
    world = make_world(next_due_on=date(2027, 1, 1))
    plan_of(world.supervisee, date(2026, 1, 10))
    world.supervisee.status = "stepped_away"
    world.supervisee.save(update_fields=["status"])
    scan_at(2026, 7, 11, 9, 0)
    assert sent(KIND) == []
