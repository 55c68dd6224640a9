"""Invitations through a real Celery worker (real Redis broker, solo pool in this process):
planning publishes the e-mails after commit, the worker sends each with its calendar part, a
change is sent again with SEQUENCE 1, a cancellation with METHOD:CANCEL."""

from datetime import date, time
from email import message_from_bytes

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from icalendar import Calendar

from apps.notifications.models import Notification
from apps.supervision import invitations, planning
from apps.supervision.models import Agreement, PlannedSession
from pspteam.celery import app
from tests.reminders.processes import wait_for

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def empty_queue():
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete("celery")


def sent(kind: str) -> int:
    return Notification.objects.filter(kind=kind, email_status=Notification.EmailStatus.SENT).count()


def calendars(method: str) -> list[Calendar]:
    found = []
    for message in mail.outbox:
        for part in message_from_bytes(message.message().as_bytes()).walk():
            if part.get_content_type() == "text/calendar" and f"method={method}" in part["Content-Type"]:
                found.append(Calendar.from_ical(part.get_payload(decode=True)))
    return found


def test_a_real_worker_sends_every_invitation_change_and_cancellation(everyone, empty_queue):
    supervisor, peer = everyone["supervisor"], everyone["peer"]
    agreement = Agreement.objects.get(supervisee=peer, supervisor=supervisor)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        planned = planning.planned_session_create(
            actor=supervisor, agreements=[agreement], date=date(2027, 4, 1), time=time(10), duration_minutes=60,
            location="Room 2",
        )  # fmt: skip
        wait_for(lambda: sent(invitations.PLANNED) == 2, message="both invitations sent")
        planned = PlannedSession.objects.prefetch_related("agreements__supervisee").get(pk=planned.pk)
        planning.planned_session_update(actor=supervisor, planned=planned, data={"time": time(11)})
        wait_for(lambda: sent(invitations.CHANGED) == 2, message="both changes sent")
        planned = PlannedSession.objects.prefetch_related("agreements__supervisee").get(pk=planned.pk)
        planning.planned_session_cancel(actor=supervisor, planned=planned)
        wait_for(lambda: sent(invitations.CANCELLED) == 2, message="both cancellations sent")

    assert sorted(m.to[0] for m in mail.outbox) == sorted([supervisor.email, peer.email] * 3)
    requests, cancels = calendars("REQUEST"), calendars("CANCEL")
    assert len(requests) == 4 and len(cancels) == 2
    sequences = sorted(int(next(iter(c.walk("VEVENT")))["SEQUENCE"]) for c in requests + cancels)
    assert sequences == [0, 0, 1, 1, 2, 2]
    assert {str(next(iter(c.walk("VEVENT")))["UID"]) for c in requests + cancels} == {planned.uid}
