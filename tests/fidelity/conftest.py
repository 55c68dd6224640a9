"""Fidelity personas: the shared ones (tests/conftest.py) plus helpers to make checks."""

from datetime import timedelta

import pytest

from apps.core.dates import org_today
from apps.fidelity.models import FidelityAnswer, FidelityCheck
from apps.fidelity.principles import PRINCIPLE_KEYS
from apps.teams.models import Membership
from tests.factories import MembershipFactory, UserFactory

NOTE_MARKER = "FIDELITY-PRIVATE-NOTE-7Q"


def answers(score="3", note=""):
    return {key: {"answer": score, "note": note} for key in PRINCIPLE_KEYS}


def make_check(author, *, days_ago=0, score=3, note="", shared=False, readers=()):
    taken_on = org_today(author.organisation) - timedelta(days=days_ago)
    check = FidelityCheck.objects.create(
        organisation=author.organisation,
        author=author,
        taken_on=taken_on,
        next_due_on=taken_on + timedelta(days=91),
        share_with_supervisor=shared,
    )
    FidelityAnswer.objects.bulk_create(
        FidelityAnswer(fidelity_check=check, principle=key, score=score, note=note) for key in PRINCIPLE_KEYS
    )
    check.readers.set(readers)
    return check


@pytest.fixture
def more_peers(riverside):
    """Three more Riverside peer workers (five peers with ``peer``, ``peer2``)."""
    return three_more_peers(riverside)


def three_more_peers(riverside):
    people = []
    for n in range(3):
        user = UserFactory(organisation=riverside.organisation, username=f"fid{n}", display_name=f"Fid Peer {n}")
        MembershipFactory(
            team=riverside,
            worker=user,
            team_role=Membership.TeamRole.MEMBER,
            joined_on=org_today(riverside.organisation) - timedelta(days=365),
        )
        people.append(user)
    return people


@pytest.fixture(autouse=True)
def process_clock(monkeypatch):
    """As in tests/reminders: the scan reads this process's clock, so time_machine moves it."""
    from django.utils import timezone

    from apps.reminders import clock

    monkeypatch.setattr(clock, "now", timezone.now)
