"""Retention of closed boundary notes (CLOSED_BOUNDARY_NOTE_RETENTION_DAYS, enforced daily)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.audit.tasks import enforce_retention
from apps.boundaries.models import BoundaryNote, FollowUp
from apps.boundaries.services import closed_boundary_notes_retention_run
from tests.boundaries.factories import BoundaryNoteFactory

pytestmark = pytest.mark.django_db


def _note(author, supervisor, status, *, closed_days_ago=None, reviewed_days_ago=2000):
    now = timezone.now()
    note = BoundaryNoteFactory(
        author=author,
        status=status,
        submitted_at=now - timedelta(days=reviewed_days_ago + 1),
        reviewer=supervisor if status != BoundaryNote.Status.SUBMITTED else None,
        reviewed_at=now - timedelta(days=reviewed_days_ago) if status != BoundaryNote.Status.SUBMITTED else None,
        closed_at=now - timedelta(days=closed_days_ago) if closed_days_ago is not None else None,
    )
    FollowUp.objects.create(organisation=note.organisation, note=note, author=author, body="Later.")
    return note


def test_notes_closed_longer_ago_than_the_retention_period_are_deleted_with_their_follow_ups(
    peer, supervisor, settings
):
    settings.CLOSED_BOUNDARY_NOTE_RETENTION_DAYS = 3 * 365
    old = _note(peer, supervisor, BoundaryNote.Status.CLOSED, closed_days_ago=3 * 365 + 1)
    recent = _note(peer, supervisor, BoundaryNote.Status.CLOSED, closed_days_ago=3 * 365 - 1)
    reviewed_long_ago = _note(peer, supervisor, BoundaryNote.Status.REVIEWED)
    awaiting = _note(peer, supervisor, BoundaryNote.Status.SUBMITTED)

    assert closed_boundary_notes_retention_run() == 1

    assert set(BoundaryNote.objects.values_list("pk", flat=True)) == {recent.pk, reviewed_long_ago.pk, awaiting.pk}
    assert not FollowUp.objects.filter(note_id=old.pk).exists()
    event = AuditEvent.objects.get(target_id=old.pk)
    assert (event.action, event.actor, event.subject, event.detail) == ("delete", None, peer, "retention")
    # Nothing left to do: running again deletes nothing.
    assert closed_boundary_notes_retention_run() == 0


def test_the_retention_period_comes_from_the_setting(peer, supervisor, settings):
    note = _note(peer, supervisor, BoundaryNote.Status.CLOSED, closed_days_ago=40)
    settings.CLOSED_BOUNDARY_NOTE_RETENTION_DAYS = 41
    assert closed_boundary_notes_retention_run() == 0
    settings.CLOSED_BOUNDARY_NOTE_RETENTION_DAYS = 39
    assert closed_boundary_notes_retention_run() == 1
    assert not BoundaryNote.objects.filter(pk=note.pk).exists()


def test_the_daily_retention_task_runs_the_boundary_note_rule(peer, supervisor, settings):
    settings.CLOSED_BOUNDARY_NOTE_RETENTION_DAYS = 30
    _note(peer, supervisor, BoundaryNote.Status.CLOSED, closed_days_ago=31)
    result = enforce_retention()
    assert result["closed_boundary_notes"] == 1
    assert "audit_events" in result
