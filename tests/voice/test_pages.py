"""Team voice pages: the forms for members, aggregates and the trend chart for managers."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse

from apps.core.dates import org_today
from apps.voice import services
from apps.voice.models import Feedback, Pulse, PulseAnswer, SealedAnswer, SealedFeedback
from apps.voice.sealing import unseal_answer, unseal_feedback
from tests.voice.conftest import close, close_and_mix, release

pytestmark = pytest.mark.django_db


def page_url(team):
    return reverse("voice:team-voice", args=[team.pk])


def test_a_member_answers_the_pulse_and_sends_feedback_on_the_page(client, everyone, riverside, pulse):
    client.force_login(everyone["peer"])
    page = client.get(page_url(riverside))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Send my answers" in html and "Send anonymously" in html
    assert "What the team is saying" not in html  # no aggregates for members
    answers = {f"pulse-q{n}": str(n) for n in range(1, 6)}
    response = client.post(page_url(riverside), {"action": "answer", **answers}, follow=True)
    html = response.content.decode()
    assert "recorded anonymously" in html and "Results appear after the pulse closes" in html
    assert "You have answered this pulse" in html and "Send my answers" not in html
    sealed = SealedAnswer.objects.get()
    assert unseal_answer(pulse.pk, sealed.sealed) == (1, 2, 3, 4, 5) and not PulseAnswer.objects.exists()
    response = client.post(
        page_url(riverside), {"action": "feedback", "feedback-body": "More peer time in ward rounds"}, follow=True
    )
    html = response.content.decode()
    assert "sent anonymously" in html and "at least 5 different people have written" in html
    assert "Your message is waiting, sealed" in html
    assert unseal_feedback(riverside.pk, SealedFeedback.objects.get().sealed) == "More peer time in ward rounds"
    assert not Feedback.objects.exists()


def test_an_incomplete_answer_keeps_what_was_chosen(client, everyone, riverside, pulse):
    client.force_login(everyone["peer"])
    response = client.post(page_url(riverside), {"action": "answer", "pulse-q1": "4", "pulse-q2": "2"})
    assert response.status_code == 400
    form = response.context["answer_form"]
    assert form["q1"].value() == "4" and "q3" in form.errors
    assert 'value="4" id="id_pulse-q1_3" required checked' in response.content.decode()
    assert not PulseAnswer.objects.exists()


def test_the_manager_opens_a_pulse_and_sees_nothing_below_the_minimum(client, everyone, riverside, voices):
    client.force_login(everyone["manager"])
    page = client.get(page_url(riverside)).content.decode()
    assert "Send anonymously" not in page and "Open the pulse" in page
    closes_on = org_today(riverside.organisation) + timedelta(days=10)
    client.post(page_url(riverside), {"action": "open", "open-closes_on": str(closes_on)})
    pulse = Pulse.objects.get()
    for voice in voices[:4]:
        services.pulse_answer(actor=voice, pulse=pulse, answers=[2, 2, 2, 2, 2])
    close_and_mix(pulse)
    page = client.get(page_url(riverside)).content.decode()
    assert "Not shown: fewer than 5 responses." in page
    assert "voice-trend-chart-data" not in page


def test_the_manager_sees_results_and_the_trend_chart_with_its_table(client, everyone, riverside, pulse, voices):
    for voice in voices[:5]:
        services.pulse_answer(actor=voice, pulse=pulse, answers=[4, 3, 2, 5, 1])
    client.force_login(everyone["manager"])
    page = client.get(page_url(riverside)).content.decode()
    assert "Shown after it closes" in page and "<strong>4.0</strong>" not in page
    close(pulse)
    page = client.get(page_url(riverside)).content.decode()
    assert "Closed, counting" in page and "results appear within minutes" in page and "<strong>" not in page
    close_and_mix(pulse)
    page = client.get(page_url(riverside)).content.decode()
    assert "<strong>4.0</strong>" in page
    start = page.index('<script id="voice-trend-chart-data" type="application/json">') + len(
        '<script id="voice-trend-chart-data" type="application/json">'
    )
    data = json.loads(page[start : page.index("</script>", start)])
    assert data["labels"] == [str(pulse.closes_on)] and data["series"][0]["data"] == [4.0]
    assert "vendor/chart.js/chart.umd.min.js" in page and "js/voice.js" in page
    assert "<details" in page and "The numbers" in page  # the table fallback
    team_page = client.get(reverse("teams:team-detail", args=[riverside.pk])).content.decode()
    assert "voice-panel-chart-data" in team_page


def test_released_feedback_is_shown_to_the_manager_as_a_batch(client, everyone, riverside, voices):
    for i, voice in enumerate(voices[:5]):
        services.feedback_submit(actor=voice, team=riverside, body=f"Thought number {i}")
    client.force_login(everyone["manager"])
    page = client.get(page_url(riverside)).content.decode()
    assert "No feedback to show yet" in page and "Thought number" not in page
    release(riverside)
    page = client.get(page_url(riverside)).content.decode()
    assert "5 messages from 5 people, released" in page and all(f"Thought number {i}" in page for i in range(5))


@pytest.mark.parametrize(("persona", "status"), [("other_manager", 404), ("outsider", 404), ("harbour_peer", 404)])
def test_another_teams_voice_does_not_exist_for_outsiders(client, everyone, riverside, persona, status):
    client.force_login(everyone[persona])
    assert client.get(page_url(riverside)).status_code == status


def test_a_manager_cannot_post_feedback_or_answers_through_the_page(client, everyone, riverside, pulse):
    client.force_login(everyone["manager"])
    client.post(page_url(riverside), {"action": "feedback", "feedback-body": "Sneaky"})
    client.post(page_url(riverside), {"action": "answer", **{f"pulse-q{n}": "5" for n in range(1, 6)}})
    assert not Feedback.objects.exists() and not PulseAnswer.objects.exists()
    assert not SealedFeedback.objects.exists() and not SealedAnswer.objects.exists()


def test_members_are_pointed_to_an_open_pulse_on_my_day_until_they_answer(client, everyone, pulse):
    client.force_login(everyone["peer"])
    assert "Answer the Riverside pulse" in client.get(reverse("core:my-day")).content.decode()
    services.pulse_answer(actor=everyone["peer"], pulse=pulse, answers=[3, 3, 3, 3, 3])
    assert "Answer the Riverside pulse" not in client.get(reverse("core:my-day")).content.decode()


def test_the_voice_index_lists_the_users_teams(client, everyone, pulse):
    client.force_login(everyone["peer"])
    page = client.get(reverse("voice:voice-index")).content.decode()
    assert "Riverside" in page and "not answered yet" in page and "Harbour" not in page
