"""Team voice, said up front and shared back (issue 15, item 11): a manager of a team too small
for a pulse is told why before any form is offered (and the service refuses with the same
words); people who answered a pulse see its released aggregates, never below the minimum group."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.core.dates import org_today
from apps.voice import services
from apps.voice.models import Pulse
from tests.voice.conftest import close, close_and_mix

pytestmark = pytest.mark.django_db


def page_url(team):
    return reverse("voice:team-voice", args=[team.pk])


def test_a_team_too_small_for_a_pulse_is_told_why_before_any_form(client, everyone, riverside):
    # Riverside without the voices fixture: fewer than five people could answer.
    client.force_login(everyone["manager"])
    page = client.get(page_url(riverside)).content.decode()
    assert "A pulse needs at least 5 people who could answer it" in page
    assert "Open the pulse" not in page
    closes_on = org_today(riverside.organisation) + timedelta(days=7)
    with pytest.raises(ValidationError) as refused:
        services.pulse_open(actor=everyone["manager"], team=riverside, closes_on=closes_on)
    assert services.team_too_small_for_a_pulse(riverside, today=org_today(riverside.organisation)) in str(refused.value)
    assert not Pulse.objects.exists()


def test_a_team_large_enough_is_offered_the_form(client, everyone, riverside, voices):
    client.force_login(everyone["manager"])
    page = client.get(page_url(riverside)).content.decode()
    assert "Open the pulse" in page and "A pulse needs at least" not in page


def test_people_who_answered_see_the_released_aggregates(client, everyone, riverside, pulse, voices):
    answered, did_not = voices[:5], voices[5]
    for voice in answered:
        services.pulse_answer(actor=voice, pulse=pulse, answers=[4, 3, 2, 5, 1])
    client.force_login(everyone["peer"])
    assert "Results of pulses you answered" not in client.get(page_url(riverside)).content.decode()  # still open
    close(pulse)
    assert "Results of pulses you answered" not in client.get(page_url(riverside)).content.decode()  # counting
    close_and_mix(pulse)
    page = client.get(page_url(riverside)).content.decode()
    assert "Results of pulses you answered" in page and "<strong>4.0</strong>" in page and "5 answers" in page
    client.force_login(did_not)
    page = client.get(page_url(riverside)).content.decode()
    assert "Results of pulses you answered" not in page and "<strong>4.0</strong>" not in page


def test_below_the_minimum_group_those_who_answered_see_nothing(client, everyone, riverside, pulse, voices):
    for voice in voices[:4]:
        services.pulse_answer(actor=voice, pulse=pulse, answers=[4, 3, 2, 5, 1])
    close_and_mix(pulse)
    client.force_login(everyone["peer"])
    page = client.get(page_url(riverside)).content.decode()
    assert "Results of pulses you answered" not in page and "<strong>4.0</strong>" not in page
