"""``manage.py scan_reminders``, and several scans at once (threads, each its own connection)."""

import threading
from datetime import date, timedelta
from io import StringIO

import pytest
import redis
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from apps.core.dates import org_today
from apps.notifications.models import Notification
from apps.reminders.models import Reminder
from apps.reminders.services import reminders_scan
from tests.notifications.brokers import queued_email_ids
from tests.reminders.helpers import bulk_world


@pytest.mark.django_db
def test_scan_reminders_runs_one_scan_now_and_prints_what_it_sent(everyone):
    out = StringIO()
    call_command("scan_reminders", stdout=out)
    text = out.getvalue()
    assert "sent supervision_overdue to pat (due " in text
    assert "sent supervision_overdue to sam (due " in text
    assert "sent supervision_escalated to morgan (due " in text
    assert "6 reminder(s) sent in-app, 0 skipped" in text

    again = StringIO()
    call_command("scan_reminders", stdout=again)
    assert "0 reminder(s) sent in-app" in again.getvalue() and "Nothing new was due." in again.getvalue()


@pytest.mark.django_db(transaction=True)
def test_four_scans_at_once_insert_deliver_and_queue_each_reminder_exactly_once():
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete("celery")
    from apps.accounts.models import Organisation

    bulk_world(200, next_due_on=date.today() - timedelta(days=30), prefix="many", email=True)
    assert org_today(Organisation.objects.get()) > date.today() - timedelta(days=30)

    barrier = threading.Barrier(4)
    reports, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            reports.append(reminders_scan())
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    # 200 overdue agreements: supervisee + supervisor (overdue) and the manager (escalated).
    assert Reminder.objects.count() == 600
    assert Notification.objects.count() == 600
    assert sum(len(r.delivered) for r in reports) == 600
    duplicates = (
        Notification.objects.values("kind", "recipient", "message_template", "about")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    # The supervisor gets 200 distinct messages (one per supervisee: the person differs, the
    # template with its placeholder is the same); no (kind, recipient, message, person) twice.
    assert duplicates == 0
    assert sum(r.emails_queued for r in reports) == 600
    queued = queued_email_ids(broker)  # each e-mail published once (in batches)
    assert len(queued) == len(set(queued)) == 600
    assert set(queued) == {str(pk) for pk in Notification.objects.values_list("id", flat=True)}
    broker.delete("celery")


@pytest.mark.django_db(transaction=True)
def test_the_demo_seed_runs_one_scan_once_the_demo_data_has_committed(everyone):
    from django.db import transaction

    from apps.reminders import demo

    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    with transaction.atomic():
        demo.seed(None)
        assert not Notification.objects.exists()  # not before the commit
    assert Notification.objects.filter(kind="supervision_overdue").count() == 2
    with transaction.atomic():
        demo.seed(None)
    assert Notification.objects.filter(kind="supervision_overdue").count() == 2  # idempotent
    broker.delete("celery")
