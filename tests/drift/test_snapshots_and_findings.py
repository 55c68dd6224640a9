"""Snapshots of each worker's duty hours by category, and the content-free findings sent once
per occurrence through the exactly-once reminder scan."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.drift.models import DriftSnapshot
from apps.drift.services import snapshots_take
from apps.notifications.models import Notification
from apps.reminders.engine import ScanContext
from apps.reminders.models import Reminder
from apps.reminders.services import reminders_scan
from apps.roles.models import Duty
from tests.drift.conftest import C, peer_role
from tests.roles.factories import AssignmentFactory

pytestmark = pytest.mark.django_db

SHARE, DUTY = "role_drift_share_low", "role_drift_clinical_duty"


def _snapshot(worker):
    return DriftSnapshot.objects.get(worker=worker)


def test_hours_divide_equally_among_duties_by_tag(everyone, drifting):
    reminders_scan()
    mine = _snapshot(everyone["peer"])
    assert (mine.peer_distinct_hours, mine.shared_hours, mine.clinical_only_hours) == (
        Decimal("5.00"),
        Decimal("5.00"),
        Decimal("10.00"),
    )
    assert (mine.peer_distinct_share, mine.shared_share, mine.clinical_only_share) == (25, 25, 50)
    assert mine.below_since == mine.taken_on and mine.worker_kind == "peer"
    assert _snapshot(everyone["peer2"]).peer_distinct_share == 75 and _snapshot(everyone["peer2"]).below_since is None
    # The reverse direction: the clinician's roles hold peer-distinct work; never a "finding" for them.
    theirs = _snapshot(everyone["clinician"])
    assert theirs.peer_distinct_share == 50 and theirs.below_since is None and theirs.worker_kind == "clinical"


def test_two_roles_add_up_and_an_ended_one_does_not_count(everyone, drifting, riverside):
    today = drifting["peer2_assignment"].starts_on + timedelta(days=30)
    AssignmentFactory(
        role_definition=peer_role(riverside, [("Carry out risk assessments", C.CLINICAL_ONLY)]),
        worker=everyone["peer2"],
        hours_per_week=Decimal(20),
    )
    AssignmentFactory(
        role_definition=drifting["blurred"],
        worker=everyone["peer2"],
        starts_on=today - timedelta(days=60),
        ends_on=today - timedelta(days=1),
    )
    snapshots_take({riverside.organisation.time_zone: today})
    row = DriftSnapshot.objects.get(worker=everyone["peer2"])
    # 15 + 0 peer-distinct, 5 shared, 20 clinical-only: 15 of 40 hours.
    assert (row.peer_distinct_hours, row.shared_hours, row.clinical_only_hours) == (
        Decimal("15.00"),
        Decimal("5.00"),
        Decimal("20.00"),
    )
    assert row.peer_distinct_share == 38 and row.below_since == today


def test_the_threshold_is_a_setting(everyone, drifting, settings):
    settings.ROLE_DRIFT_THRESHOLD_PERCENT = 20
    reminders_scan()
    assert _snapshot(everyone["peer"]).below_since is None
    assert not Reminder.objects.filter(kind=SHARE).exists()


def test_share_under_the_line_tells_the_worker_and_their_manager_once_with_no_figure(everyone, drifting):
    peer, manager = everyone["peer"], everyone["manager"]
    reminders_scan()
    reminders_scan()
    rows = Reminder.objects.filter(kind=SHARE)
    assert sorted((r.recipient_id, r.about_id) for r in rows) == sorted([(peer.pk, peer.pk), (manager.pk, peer.pk)])
    for note in Notification.objects.filter(kind=SHARE):
        assert "%" not in note.message and "25" not in note.message and "hours" not in note.message
    assert Notification.objects.get(kind=SHARE, recipient=peer).link == "/drift/"
    # Nobody else: not peer2 (above the line), not the supervisor, not the Harbour manager.
    assert set(Notification.objects.filter(kind=SHARE).values_list("recipient_id", flat=True)) == {peer.pk, manager.pk}
    # The next days of the same spell: the same occurrence, nothing new.
    for days in (1, 2, 9):
        with time_machine.travel(timezone.now() + timedelta(days=days), tick=False):
            reminders_scan()
    assert Reminder.objects.filter(kind=SHARE).count() == 2
    assert DriftSnapshot.objects.filter(worker=peer).values("below_since").distinct().count() == 1


def test_a_new_spell_after_recovering_is_a_new_finding(everyone, drifting):
    peer = everyone["peer"]
    reminders_scan()
    Duty.objects.filter(role_definition=drifting["blurred"], category=C.CLINICAL_ONLY).update(category=C.PEER_DISTINCT)
    with time_machine.travel(timezone.now() + timedelta(days=2), tick=False):
        reminders_scan()
    assert DriftSnapshot.objects.filter(worker=peer).order_by("taken_on").last().below_since is None
    Duty.objects.filter(role_definition=drifting["blurred"], position__in=[3, 4]).update(category=C.CLINICAL_ONLY)
    with time_machine.travel(timezone.now() + timedelta(days=5), tick=False):
        reminders_scan()
    assert Reminder.objects.filter(kind=SHARE, recipient=peer).count() == 2
    assert len(set(Reminder.objects.filter(kind=SHARE, recipient=peer).values_list("due_on", flat=True))) == 2


def test_a_peer_given_a_clinical_only_duty_is_found_once_per_assignment(everyone, drifting):
    peer, peer2, manager, clinician = everyone["peer"], everyone["peer2"], everyone["manager"], everyone["clinician"]
    reminders_scan()
    reminders_scan()
    rows = Reminder.objects.filter(kind=DUTY)
    assert sorted((r.recipient_id, r.subject_id) for r in rows) == sorted(
        [(peer.pk, drifting["peer_assignment"].pk), (manager.pk, drifting["peer_assignment"].pk)]
    )
    # A clinician in a role with clinical-only duties is no finding; peer2's role has none.
    assert not rows.filter(about_id__in=[clinician.pk, peer2.pk]).exists()
    note = Notification.objects.get(kind=DUTY, recipient=peer)
    assert note.link == f"/roles/assignments/{drifting['peer_assignment'].pk}/"
    assert "medication" not in note.message and "risk" not in note.message


def test_a_stepped_away_worker_gets_nothing_and_nothing_goes_to_the_manager(everyone, drifting):
    peer = everyone["peer"]
    type(peer).objects.filter(pk=peer.pk).update(status=type(peer).Status.STEPPED_AWAY)
    reminders_scan()
    assert not Reminder.objects.filter(about_id=peer.pk, kind__in=[SHARE, DUTY]).exists()
    assert DriftSnapshot.objects.filter(worker=peer).exists()  # measured all the same: the figures are theirs


def test_snapshots_take_the_same_four_queries_for_3_and_30_workers(everyone, drifting, riverside):
    zones = ScanContext.build(timezone.now()).today_by_zone

    def count():
        with CaptureQueriesContext(connection) as ctx:
            snapshots_take(zones)
        return len(ctx.captured_queries)

    few = count()
    for _ in range(27):
        AssignmentFactory(role_definition=drifting["blurred"], hours_per_week=Decimal(10))
    assert few == count() == 4
    assert DriftSnapshot.objects.count() == 30
