"""The fidelity check is reminded through the exactly-once scan, and is part of the worker's
export and erasure."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from apps.accounts.models import User
from apps.fidelity.models import FidelityAnswer, FidelityCheck
from apps.notifications.models import Notification
from apps.reminders.models import Reminder
from apps.reminders.services import reminders_scan
from apps.workers.data_rights import export_worker_data, worker_erase
from tests.fidelity.conftest import NOTE_MARKER, make_check

pytestmark = pytest.mark.django_db


def test_a_due_check_reminds_the_worker_once_with_no_content(everyone):
    peer = everyone["peer"]
    make_check(peer, days_ago=92, note=NOTE_MARKER)
    reminders_scan()
    reminders_scan()
    rows = Reminder.objects.filter(kind="fidelity_check_due")
    assert [(r.recipient_id, r.about_id) for r in rows] == [(peer.pk, peer.pk)]
    note = Notification.objects.get(recipient=peer, kind="fidelity_check_due")
    assert note.link == "/fidelity/new/" and NOTE_MARKER not in note.message
    # Nobody else is told.
    assert not Notification.objects.filter(kind="fidelity_check_due").exclude(recipient=peer).exists()


def test_a_check_taken_stops_the_reminder_and_a_new_worker_is_first_asked_after_four_weeks(everyone):
    make_check(everyone["peer"], days_ago=10)
    reminders_scan()
    assert not Reminder.objects.filter(kind="fidelity_check_due").exists()
    peer2 = everyone["peer2"]
    with time_machine.travel(timezone.now() + timedelta(days=29), tick=False):
        reminders_scan()
        reminders_scan()
    recipients = set(Reminder.objects.filter(kind="fidelity_check_due").values_list("recipient_id", flat=True))
    # Peer workers only (the supervisor is a peer worker too), never the clinician or the manager.
    assert peer2.pk in recipients and everyone["manager"].pk not in recipients
    assert everyone["clinician"].pk not in recipients and everyone["peer"].pk not in recipients


def test_export_holds_the_checks_and_erasure_deletes_them(everyone):
    peer = everyone["peer"]
    make_check(peer, note=NOTE_MARKER)
    exported = export_worker_data(actor=peer)
    assert NOTE_MARKER in str(exported["fidelity"]) and "Mutuality and reciprocity" in str(exported["fidelity"])
    User.objects.filter(pk=peer.pk).update(status=User.Status.LEFT)
    peer.refresh_from_db()
    worker_erase(actor=everyone["admin"], worker=peer)
    assert not FidelityCheck.objects.filter(author=peer).exists() and not FidelityAnswer.objects.exists()
