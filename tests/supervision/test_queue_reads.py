"""The queue's selector records the reads of the step-away messages it returns (issue 14)."""

from datetime import timedelta

import pytest

from apps.audit.models import AuditEvent
from apps.core.dates import org_today
from apps.supervision.selectors import stepped_away_for_queue
from apps.wellbeing.models import StepAway

pytestmark = pytest.mark.django_db


def test_the_queue_selector_records_a_read_of_each_message_it_returns_and_none_for_a_non_supervisor(everyone):
    pat, sam, peer2 = everyone["peer"], everyone["supervisor"], everyone["peer2"]
    until = org_today(pat.organisation) + timedelta(days=14)
    with_message = StepAway.objects.create(
        organisation_id=pat.organisation_id,
        author=pat,
        started_on=until - timedelta(days=14),
        planned_return_on=until,
        message="QXwhy",
    )
    periods = stepped_away_for_queue(sam)
    assert [(p.pk, p.shared_message) for p in periods] == [(with_message.pk, "QXwhy")]
    (event,) = AuditEvent.objects.filter(action=AuditEvent.Action.READ)
    assert (event.actor, event.subject, event.target_id) == (sam, pat, with_message.pk)
    # Someone who supervises nobody gets nothing, and nothing is recorded for them.
    assert stepped_away_for_queue(peer2) == []
    assert AuditEvent.objects.filter(action=AuditEvent.Action.READ).count() == 1
