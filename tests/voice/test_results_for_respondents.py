"""Team voice, said up front and shared back (issue 15, item 11): a manager of a team too small
for a pulse is told why before any form is offered (and the service refuses with the same
words); people who answered a pulse see its released aggregates, never below the minimum group."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.core.dates import org_today
from apps.voice import services
from apps.voice.models import Feedback, FeedbackBatch, Pulse, SealedFeedback
from tests.voice.conftest import close, close_and_mix, release

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


def test_everyone_who_could_answer_sees_the_released_aggregates(client, everyone, riverside, pulse, voices):
    """Issue 19, item 5: not only those who answered (which would tell who did), everyone who could."""
    answered, did_not = voices[:5], voices[5]
    for voice in answered:
        services.pulse_answer(actor=voice, pulse=pulse, answers=[4, 3, 2, 5, 1])
    client.force_login(everyone["peer"])
    assert 'id="pulse-results"' not in client.get(page_url(riverside)).content.decode()  # still open
    close(pulse)
    assert 'id="pulse-results"' not in client.get(page_url(riverside)).content.decode()  # counting
    close_and_mix(pulse)
    page = client.get(page_url(riverside)).content.decode()
    assert 'id="pulse-results"' in page and "<strong>4.0</strong>" in page and "5 answers" in page
    client.force_login(did_not)
    other = client.get(page_url(riverside)).content.decode()
    # The same section, to the character, whether one answered or not.
    assert _results_section(other) == _results_section(page)


def _results_section(page):
    start = page.index('id="pulse-results"')
    return page[start : page.index("</section>", start)]


def test_below_the_minimum_group_those_who_answered_see_nothing(client, everyone, riverside, pulse, voices):
    for voice in voices[:4]:
        services.pulse_answer(actor=voice, pulse=pulse, answers=[4, 3, 2, 5, 1])
    close_and_mix(pulse)
    client.force_login(everyone["peer"])
    page = client.get(page_url(riverside)).content.decode()
    assert 'id="pulse-results"' not in page and "<strong>4.0</strong>" not in page


def test_a_member_of_a_team_too_small_is_told_before_writing_what_happens_to_their_words(client, everyone, riverside):
    """Issue 15: in a team with fewer than VOICE_MIN_GROUP voices, a member is told up front,
    before the feedback form, that their message waits sealed until that many people have written,
    and why no pulse is open; the words match what the code does (nothing is released below it)."""
    peer = everyone["peer"]
    client.force_login(peer)
    page = client.get(page_url(riverside)).content.decode()
    note = page.index('id="feedback-few-voices"')
    assert note < page.index('name="action" value="feedback"')  # before the form, not after sending
    assert "this team has fewer than 5 people whose feedback counts" in page
    assert "The managers see it only once at least 5 different people in this team have written" in page
    assert 'aria-describedby="feedback-few-voices"' in page
    assert "No pulse can be opened in this team yet" in page
    assert "No pulse is open for this team right now" not in page

    response = client.post(page_url(riverside), {"action": "feedback", "feedback-body": "We need more time."})
    assert response.status_code == 302
    release(riverside)
    # As told: it waits, sealed; nothing is released to the managers.
    assert SealedFeedback.objects.filter(team=riverside).count() == 1
    assert not Feedback.objects.exists() and not FeedbackBatch.objects.exists()
    client.force_login(everyone["manager"])
    assert "We need more time." not in client.get(page_url(riverside)).content.decode()


def test_members_of_a_team_large_enough_get_no_small_team_note(client, everyone, riverside, voices):
    client.force_login(everyone["peer"])
    page = client.get(page_url(riverside)).content.decode()
    assert 'id="feedback-few-voices"' not in page and "No pulse can be opened" not in page
    assert "No pulse is open for this team right now" in page
