"""The mixing task in a real Celery worker (real Redis broker, solo pool in this process), and
the pages telling the truth at each step while answers wait sealed."""

from datetime import timedelta

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.urls import reverse

from apps.core.dates import org_today
from apps.core.models import SchedulerHeartbeat
from apps.notifications.queue import publish
from apps.voice import services
from apps.voice.models import FeedbackBatch, Pulse, PulseAnswer, SealedAnswer, SealedFeedback
from apps.voice.tasks import mix
from pspteam.celery import app
from tests.reminders.processes import wait_for
from tests.voice.test_mixing_invariants import xmins

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

ANSWERS = {f"pulse-q{n}": "4" for n in range(1, 6)}


@pytest.fixture
def empty_queue():
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete("celery")


def page(client, user, team) -> str:
    client.force_login(user)
    return client.get(reverse("voice:team-voice", args=[team.pk])).content.decode()


def test_a_real_worker_mixes_a_closed_pulse_and_releases_feedback_while_pages_stay_true(
    client, everyone, riverside, voices, empty_queue
):
    manager = everyone["manager"]
    today = org_today(riverside.organisation)
    pulse = services.pulse_open(actor=manager, team=riverside, closes_on=today + timedelta(days=7))
    for voice in voices[:5]:
        client.force_login(voice)
        answered = client.post(reverse("voice:team-voice", args=[riverside.pk]), {"action": "answer", **ANSWERS})
        assert answered.status_code == 302
    # Through the page too, each sealed answer was written in a transaction of its own.
    assert len(xmins("voice_sealedanswer")) == 5
    assert not set(xmins("voice_sealedanswer")) & set(xmins("voice_pulseparticipation"))
    member_view = page(client, voices[0], riverside)
    assert "You have answered this pulse" in member_view and "results appear after it closes" in member_view
    manager_view = page(client, manager, riverside)
    assert "5 responses" in manager_view and "Shown after it closes" in manager_view and "<strong>" not in manager_view

    Pulse.objects.filter(pk=pulse.pk).update(opened_on=today - timedelta(days=8), closes_on=today - timedelta(days=1))
    assert "Closed, counting" in page(client, manager, riverside)

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        assert publish(mix)
        wait_for(lambda: PulseAnswer.objects.filter(pulse=pulse).count() == 5, message="the mix to write 5 answers")
        # Feedback: each message rings the release task after its commit; the fifth person's
        # message makes the pool ready and the worker releases it.
        for i, voice in enumerate(voices[:5]):
            client.force_login(voice)
            client.post(
                reverse("voice:team-voice", args=[riverside.pk]),
                {"action": "feedback", "feedback-body": f"Worker-mixed note {i}"},
            )
        wait_for(lambda: FeedbackBatch.objects.filter(team=riverside).exists(), message="the pool to be released")

    assert not SealedAnswer.objects.exists() and not SealedFeedback.objects.exists()
    assert len(set(xmins("voice_pulseanswer"))) == 1 and len(set(xmins("voice_feedback"))) == 1
    assert SchedulerHeartbeat.objects.get(name="voice.mix").runs >= 1
    manager_view = page(client, manager, riverside)
    assert "<strong>4.0</strong>" in manager_view and "Closed, counting" not in manager_view
    assert "5 messages from 5 people" in manager_view and "Worker-mixed note 3" in manager_view


def test_the_beat_schedule_runs_the_mix():
    entry = settings.CELERY_BEAT_SCHEDULE["voice-mix"]
    assert entry["task"] == mix.name and entry["schedule"] == settings.VOICE_MIX_INTERVAL
