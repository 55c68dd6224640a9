"""The selectors that hand a note's text to a page or the API record the read themselves
(issue 14), so a new view cannot forget the audit row."""

import pytest

from apps.audit.context import audit_context
from apps.audit.models import AuditEvent
from apps.boundaries.models import FollowUp
from apps.boundaries.selectors import read_boundary_note, read_follow_ups
from tests.boundaries.factories import BoundaryNoteFactory

pytestmark = pytest.mark.django_db


def reads_of(note):
    return AuditEvent.objects.filter(action=AuditEvent.Action.READ, target_id=note.pk)


def test_reading_a_note_as_its_named_supervisor_records_one_read_about_the_author(everyone):
    note = BoundaryNoteFactory(author=everyone["peer"])
    with audit_context(via="command", request_id="r-1"):
        assert read_boundary_note(everyone["supervisor"], note) == note
    (event,) = reads_of(note)
    assert (event.actor, event.subject, event.via, event.request_id) == (
        everyone["supervisor"],
        everyone["peer"],
        "command",
        "r-1",
    )


def test_the_author_reading_their_own_note_records_nothing(everyone):
    note = BoundaryNoteFactory(author=everyone["peer"])
    read_boundary_note(everyone["peer"], note)
    assert not reads_of(note).exists()


def test_reading_follow_ups_returns_them_oldest_first_and_records_one_read_of_the_note(everyone):
    note = BoundaryNoteFactory(author=everyone["peer"])
    first = FollowUp.objects.create(organisation_id=note.organisation_id, note=note, author=note.author, body="one")
    second = FollowUp.objects.create(organisation_id=note.organisation_id, note=note, author=note.author, body="two")
    assert list(read_follow_ups(everyone["supervisor"], note)) == [first, second]
    assert reads_of(note).count() == 1
