"""Team voice fixtures: Riverside grows to six people who may answer (its manager may not).

Riverside's voices: ``supervisor``, ``peer``, ``peer2``, ``clinician`` (from tests/conftest.py)
plus ``riley`` and ``jo`` — six, one more than the default ``VOICE_MIN_GROUP`` of 5.
"""

from datetime import timedelta

import pytest

from apps.core.dates import org_today
from apps.teams.models import Membership
from apps.voice import services
from apps.voice.models import Pulse
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def voices(everyone, riverside):
    extra = []
    for username, name in (("riley", "Riley Peer"), ("jo", "Jo Peer")):
        user = UserFactory(organisation=riverside.organisation, username=username, display_name=name)
        MembershipFactory(
            team=riverside,
            worker=user,
            team_role=Membership.TeamRole.MEMBER,
            joined_on=org_today(riverside.organisation) - timedelta(days=100),
        )
        extra.append(user)
    return [everyone["supervisor"], everyone["peer"], everyone["peer2"], everyone["clinician"], *extra]


@pytest.fixture
def pulse(everyone, riverside, voices):
    today = org_today(riverside.organisation)
    return services.pulse_open(actor=everyone["manager"], team=riverside, closes_on=today + timedelta(days=7))


def close(pulse):
    """Move the pulse into the past: it closed yesterday."""
    today = org_today(pulse.organisation)
    Pulse.objects.filter(pk=pulse.pk).update(opened_on=today - timedelta(days=8), closes_on=today - timedelta(days=1))
    pulse.refresh_from_db()
    return pulse


def close_and_mix(pulse):
    """Close the pulse and run what the mixing task runs for it: its waiting answers are written."""
    from apps.voice.services import pulse_mix

    close(pulse)
    pulse_mix(pulse.pk)
    return pulse


def release(team):
    """What the release task runs after each message: the pool goes out if enough people wrote."""
    from apps.voice.services import feedback_release

    return feedback_release(team.pk)
