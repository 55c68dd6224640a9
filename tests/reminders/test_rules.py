"""Boundary notes, role assignments and peer workers without peer supervision (SPEC §3)."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail

from apps.accounts.models import User
from apps.boundaries.models import BoundaryNote
from apps.notifications.models import Notification
from apps.notifications.services import notification_email_send
from apps.reminders.services import reminders_scan
from apps.roles.models import Assignment, RoleDefinition
from apps.supervision.models import Agreement
from tests.factories import ACTIVE
from tests.reminders.helpers import make_world, sent

pytestmark = pytest.mark.django_db

SECRET = "SECRET-NOTE-TEXT do not leak"


def scan_at(*args):
    with time_machine.travel(datetime(*args, tzinfo=UTC), tick=False):
        return reminders_scan()


def note(author, submitted_at, *, status=BoundaryNote.Status.SUBMITTED, readers=None, **extra) -> BoundaryNote:
    """A note naming as readers every supervisor the author has an agreement with (unless
    ``readers`` says otherwise: issue 13, only named readers are reminded)."""
    reviewed = {} if status == BoundaryNote.Status.SUBMITTED else {"reviewed_at": submitted_at + timedelta(days=1)}
    created = BoundaryNote.objects.create(
        organisation=author.organisation,
        author=author,
        occurred_on=submitted_at.date(),
        category=BoundaryNote.Category.GIFTS,
        situation=SECRET,
        reasoning=SECRET,
        status=status,
        submitted_at=submitted_at,
        **reviewed,
        **extra,
    )
    if readers is None:
        readers = Agreement.objects.filter(supervisee=author).values_list("supervisor_id", flat=True)
    created.readers.set(readers)
    return created


# --- boundary notes --------------------------------------------------------------------------------


def test_a_note_waiting_five_local_days_reminds_the_authors_supervisors_then_escalates_to_managers():
    world = make_world(next_due_on=date(2025, 9, 1))
    # Submitted on 26 March (GMT); reviewable by 31 March, which begins at 00:00 BST = 30 March 23:00 UTC.
    waiting = note(world.supervisee, datetime(2025, 3, 26, 12, 0, tzinfo=UTC))

    scan_at(2025, 3, 30, 22, 59, 59)
    assert sent("boundary_review_due") == []
    scan_at(2025, 3, 30, 23, 0, 1)
    assert sent("boundary_review_due") == [("boundary_review_due", world.supervisor.username)]
    assert sent("boundary_review_escalated") == []

    # Twice BOUNDARY_REVIEW_DAYS: 5 April 00:00 BST = 4 April 23:00 UTC, to the author's managers.
    scan_at(2025, 4, 4, 22, 59, 59)
    assert sent("boundary_review_escalated") == []
    scan_at(2025, 4, 4, 23, 0, 1)
    assert sent("boundary_review_escalated") == [("boundary_review_escalated", world.manager.username)]
    scan_at(2025, 4, 6, 9, 0)
    assert len(sent("boundary_review_due", "boundary_review_escalated")) == 2

    to_supervisor = Notification.objects.get(kind="boundary_review_due")
    assert to_supervisor.link == f"/boundaries/{waiting.pk}/"
    name = world.supervisee.display_name
    assert to_supervisor.message == f"{name} is waiting for your reply to a boundary note they shared with you."
    # The manager is told whose reply is late, the supervisor's, never who wrote the note.
    to_manager = Notification.objects.get(kind="boundary_review_escalated")
    assert to_manager.about_id == world.supervisor.pk
    assert world.supervisor.display_name in to_manager.message and name not in to_manager.message


def test_no_note_text_reaches_a_notification_or_an_e_mail():
    world = make_world(next_due_on=date(2025, 9, 1))
    note(world.supervisee, datetime(2025, 3, 1, 12, 0, tzinfo=UTC))
    scan_at(2025, 3, 20, 12, 0)
    assert len(sent("boundary_review_due", "boundary_review_escalated")) == 2

    for notification in Notification.objects.all():
        assert SECRET not in notification.message
        assert notification_email_send(notification.pk)[0] == "sent"
    assert len(mail.outbox) == Notification.objects.count()
    for message in mail.outbox:
        assert "SECRET" not in message.subject + message.body + message.alternatives[0][0]
        assert "http://" in message.body  # the link


def test_reviewed_and_closed_notes_and_stepped_away_authors_remind_nobody():
    world = make_world(next_due_on=date(2025, 9, 1))
    submitted = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    note(world.supervisee, submitted, status=BoundaryNote.Status.REVIEWED)
    note(world.supervisee, submitted, status=BoundaryNote.Status.CLOSED, closed_at=submitted + timedelta(days=2))
    away = make_world(next_due_on=date(2025, 9, 1), prefix="away")
    note(away.supervisee, submitted)
    User.objects.filter(pk=away.supervisee.pk).update(status=User.Status.STEPPED_AWAY)

    scan_at(2025, 3, 20, 12, 0)
    assert sent("boundary_review_due", "boundary_review_escalated") == []


def test_only_supervisors_under_an_agreement_in_force_are_reminded_of_a_note():
    world = make_world(next_due_on=date(2025, 9, 1))
    Agreement.objects.filter(pk=world.agreement.pk).update(ends_on=date(2025, 3, 1))
    note(world.supervisee, datetime(2025, 3, 2, 12, 0, tzinfo=UTC))
    scan_at(2025, 3, 9, 12, 0)
    assert sent("boundary_review_due") == []


def test_a_supervisor_the_author_did_not_name_is_not_reminded_of_a_note():
    world = make_world(next_due_on=date(2025, 9, 1))
    note(world.supervisee, datetime(2025, 3, 2, 12, 0, tzinfo=UTC), readers=[])
    scan_at(2025, 3, 9, 12, 0)
    assert sent("boundary_review_due") == []


# --- role assignments --------------------------------------------------------------------------------


def assignment(world, created_at, **extra) -> Assignment:
    definition = RoleDefinition.objects.create(
        organisation=world.org, team=world.team, title="Peer support worker", kind="peer", hours_per_week=Decimal(30)
    )
    with time_machine.travel(created_at, tick=False):
        return Assignment.objects.create(
            organisation=world.org,
            worker=world.supervisee,
            role_definition=definition,
            team=world.team,
            starts_on=created_at.date(),
            hours_per_week=Decimal(30),
            **extra,
        )


def test_an_unacknowledged_assignment_reminds_its_worker_seven_local_days_after_it_was_made():
    world = make_world(next_due_on=date(2025, 12, 1))
    # Made 19 October 23:30 UTC = 20 October 00:30 BST; reminder from 27 October 00:00 GMT.
    made = assignment(world, datetime(2025, 10, 19, 23, 30, tzinfo=UTC))

    scan_at(2025, 10, 26, 23, 59, 59)
    assert sent("assignment_unacknowledged") == []
    scan_at(2025, 10, 27, 0, 0, 1)
    assert sent("assignment_unacknowledged") == [("assignment_unacknowledged", world.supervisee.username)]
    scan_at(2025, 10, 30, 0, 0, 1)
    assert len(sent("assignment_unacknowledged")) == 1
    assert Notification.objects.get(kind="assignment_unacknowledged").message == (
        "A role proposed to you is waiting: read it, ask anything, and agree when you're ready."
    )
    assert made.pk  # the subject of the reminder


def test_acknowledged_or_ended_assignments_remind_nobody():
    world = make_world(next_due_on=date(2025, 12, 1))
    assignment(world, datetime(2025, 10, 1, 9, tzinfo=UTC), acknowledged_at=datetime(2025, 10, 2, tzinfo=UTC))
    assignment(world, datetime(2025, 10, 1, 9, tzinfo=UTC), ends_on=date(2025, 10, 5))
    scan_at(2025, 10, 20, 12, 0)
    assert sent("assignment_unacknowledged") == []


# --- peer workers without an active peer agreement -------------------------------------------------------


def test_managers_hear_once_a_month_about_each_peer_worker_without_peer_supervision(everyone):
    # Without a peer agreement: sam (a peer worker who supervises), robin (peer2), hana (Harbour).
    # pat has one; casey is clinical; managers and the admin are not peer workers.
    now = datetime.now(UTC)
    reminders_scan()
    expected = [
        ("peer_without_agreement", "morgan"),
        ("peer_without_agreement", "morgan"),
        ("peer_without_agreement", "oakley"),
    ]
    assert sent("peer_without_agreement") == expected
    about = {n.message for n in Notification.objects.filter(kind="peer_without_agreement")}
    assert about == {
        f"{name} has no active peer supervision agreement." for name in ("Sam Supervisor", "Robin Peer", "Hana Harbour")
    }

    with time_machine.travel(now + timedelta(days=3), tick=False):
        reminders_scan()
    assert len(sent("peer_without_agreement")) == 3  # same month: not again
    with time_machine.travel(now + timedelta(days=35), tick=False):
        reminders_scan()
    assert len(sent("peer_without_agreement")) == 6  # a new month: once more


def test_an_ended_peer_agreement_counts_as_none_and_a_clinical_agreement_does_not_count(everyone):
    today = datetime.now(UTC).date()
    Agreement.objects.filter(supervisee=everyone["peer"]).update(ends_on=today - timedelta(days=2))
    Agreement.objects.create(
        organisation=everyone["peer2"].organisation,
        supervisee=everyone["peer2"],
        supervisor=everyone["clinician"],
        kind=Agreement.Kind.CLINICAL,
        frequency_days=28,
        starts_on=today - timedelta(days=10),
        next_due_on=today + timedelta(days=18),
        **ACTIVE,
    )
    reminders_scan()
    messages = {n.message for n in Notification.objects.filter(kind="peer_without_agreement")}
    assert "Pat Peer has no active peer supervision agreement." in messages
    assert "Robin Peer has no active peer supervision agreement." in messages
