"""Migration voice.0002: what still waited when the sealed buffer came in is sealed too."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps

from apps.core.dates import org_today
from apps.voice import sealing, services
from apps.voice.models import Feedback, FeedbackBatch, Pulse, PulseAnswer, SealedAnswer, SealedFeedback

pytestmark = pytest.mark.django_db

migration = importlib.import_module("apps.voice.migrations.0002_sealed_buffer_and_senders")


def test_answers_of_open_pulses_and_unreleased_feedback_are_sealed_and_closed_pulses_kept(everyone, riverside):
    today = org_today(riverside.organisation)
    manager = everyone["manager"]

    def pulse(opened, closes):
        return Pulse.objects.create(
            organisation=riverside.organisation, team=riverside, opened_by=manager, opened_on=opened, closes_on=closes
        )

    closed = pulse(today - timedelta(days=20), today - timedelta(days=10))
    still_open = pulse(today - timedelta(days=2), today + timedelta(days=5))
    for target, values in ((closed, (2, 2, 2, 2, 2)), (still_open, (4, 4, 4, 4, 4))):
        PulseAnswer.objects.bulk_create(
            PulseAnswer(pulse=target, **dict(zip(services.FIELDS, values, strict=True))) for _ in range(5)
        )
    batch = FeedbackBatch.objects.create(organisation=riverside.organisation, team=riverside, released_on=today, size=1)
    Feedback.objects.create(organisation=riverside.organisation, team=riverside, body="Released", batch=batch)
    Feedback.objects.create(organisation=riverside.organisation, team=riverside, body="Still waiting")

    migration.seal_what_still_waits(apps, None)

    assert PulseAnswer.objects.filter(pulse=closed).count() == 5
    assert not PulseAnswer.objects.filter(pulse=still_open).exists()
    sealed = SealedAnswer.objects.filter(pulse=still_open)
    assert [sealing.unseal_answer(still_open.pk, s.sealed) for s in sealed] == [(4, 4, 4, 4, 4)] * 5
    assert list(Feedback.objects.values_list("body", flat=True)) == ["Released"]
    assert [sealing.unseal_feedback(riverside.pk, s.sealed) for s in SealedFeedback.objects.all()] == ["Still waiting"]
