"""Retention of feedback invitations: links that stopped working (expired, withdrawn, answers
deleted) are deleted RATER_INVITATION_RETENTION_DAYS later by the daily retention run; feedback
the worker kept stays, without the rater's address; undecided feedback is left alone."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.core.registry import RETENTION_RULES
from apps.raters import services
from apps.raters.models import Answer, Invitation
from tests.raters.test_raters import answers_for, invite
from tests.raters.test_raters import two_competencies as two_competencies  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def _run():
    rule = next(r for r in RETENTION_RULES if r.name == "rater_invitations")
    return rule.run()


def test_stopped_links_are_purged_after_the_set_period_and_kept_feedback_loses_only_the_address(
    peer, two_competencies, settings
):
    settings.RATER_INVITATION_RETENTION_DAYS = 30
    settings.RATER_INVITES_PER_DAY = 20
    expired, _ = invite(peer, two_competencies, email="a@example.org")
    withdrawn, _ = invite(peer, two_competencies, email="b@example.org")
    services.invitation_revoke(actor=peer, invitation=withdrawn)
    deleted, accepted, private, undecided = (
        invite(peer, two_competencies, email=f"{n}@example.org")[0] for n in "cdef"
    )
    for answered in (deleted, accepted, private, undecided):
        services.feedback_submit(invitation=answered, answers=answers_for(two_competencies))
    services.feedback_decline(actor=peer, invitation=deleted, keep=False)
    services.feedback_accept(actor=peer, invitation=accepted)
    services.feedback_decline(actor=peer, invitation=private, keep=True)

    # Within the period (withdrawn and decided today, expired on day 14): nothing changes.
    with time_machine.travel(timezone.now() + timedelta(days=29)):
        assert _run() == 0
    assert Invitation.objects.count() == 6 and Invitation.objects.exclude(rater_email="").count() == 6

    with time_machine.travel(timezone.now() + timedelta(days=45)):
        assert _run() == 3 + 2  # three deleted, two addresses cleared
    remaining = {i.pk: i for i in Invitation.objects.all()}  # re-read
    assert set(remaining) == {accepted.pk, private.pk, undecided.pk}
    assert remaining[accepted.pk].rater_email == "" and remaining[private.pk].rater_email == ""
    assert remaining[undecided.pk].rater_email == "f@example.org"
    assert Answer.objects.filter(invitation=accepted).count() == 2  # the evidence stays
    assert AuditEvent.objects.filter(detail="feedback invitation past retention", actor=None).count() == 3
    with time_machine.travel(timezone.now() + timedelta(days=46)):
        assert _run() == 0  # once
