"""No database row and no log line links a voice response to its author.

Each test submits through the real API (middleware, DRF, exception handler), capturing every
log record at DEBUG from every logger, and compares every table before and after.
"""

import logging

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from apps.audit.models import AuditEvent
from apps.notifications.models import Notification
from apps.voice.models import Feedback, FeedbackSender, PulseAnswer, PulseParticipation, SealedAnswer, SealedFeedback
from tests.voice.conftest import close_and_mix, release

pytestmark = pytest.mark.django_db

SECRET = "The handover meeting talks over peer workers"


def all_rows() -> dict:
    """``{model label: {pk, ...}}`` for every table in the project."""
    return {
        model._meta.label: set(model._base_manager.values_list("pk", flat=True))
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def new_rows(before: dict, after: dict) -> dict:
    return {
        label: after[label] - before.get(label, set()) for label in after if after[label] - before.get(label, set())
    }


def identifying(user) -> list[str]:
    return [str(user.pk), user.pk.hex, user.username, user.display_name, user.email]


def assert_logs_clean(caplog, user, *texts):
    everything = "\n".join(f"{r.name} {r.getMessage()} {r.args!r} {getattr(r, 'request', '')}" for r in caplog.records)
    for needle in [*identifying(user), *texts]:
        assert needle not in everything, f"{needle!r} reached the logs"


def test_the_answer_and_feedback_tables_hold_no_author_and_no_time():
    assert {f.name for f in PulseAnswer._meta.get_fields()} == {"id", "pulse", "q1", "q2", "q3", "q4", "q5"}
    assert {f.name for f in Feedback._meta.get_fields()} == {"id", "organisation", "team", "body", "batch"}
    # Who has answered (or has a message waiting), and nothing else: no answer, no time.
    assert {f.name for f in PulseParticipation._meta.get_fields()} == {"id", "pulse", "worker"}
    assert {f.name for f in FeedbackSender._meta.get_fields()} == {"id", "team", "worker"}
    # What waits is sealed, with no author and no time either.
    assert {f.name for f in SealedAnswer._meta.get_fields()} == {"id", "pulse", "sealed"}
    assert {f.name for f in SealedFeedback._meta.get_fields()} == {"id", "team", "sealed"}
    for model in (PulseAnswer, Feedback, PulseParticipation, FeedbackSender, SealedAnswer, SealedFeedback):
        assert not any(isinstance(f, models.DateTimeField | models.DateField) for f in model._meta.get_fields())
        # Random (UUID4) keys: not time-ordered, nothing to sort by.
        assert model._meta.pk.default.__name__ == "uuid4"
    # Nothing in the project points at an answer or a feedback item.
    assert not [r for r in PulseAnswer._meta.related_objects]
    assert not [r for r in Feedback._meta.related_objects]
    assert not [r for r in SealedAnswer._meta.related_objects]
    assert not [r for r in SealedFeedback._meta.related_objects]


def test_request_and_database_logging_cannot_carry_a_response():
    # Django logs no request or response bodies; SQL (which would carry both inserts) is not logged.
    backends = settings.LOGGING["loggers"]["django.db.backends"]["level"]
    assert logging.getLevelName(backends) >= logging.WARNING


def test_answering_a_pulse_leaves_only_an_unlinked_participation_and_a_sealed_answer(api, caplog, pulse, voices):
    caplog.set_level(logging.DEBUG)
    first, author = voices[0], voices[1]
    api.as_(first).post(f"/api/v1/voice/pulses/{pulse.pk}/answer/", {"answers": [3, 3, 3, 3, 3]}, format="json")
    author.refresh_from_db()
    updated_at = author.updated_at
    client = api.as_(author)
    before = all_rows()
    caplog.clear()

    response = client.post(f"/api/v1/voice/pulses/{pulse.pk}/answer/", {"answers": [1, 2, 4, 5, 2]}, format="json")
    again = client.post(f"/api/v1/voice/pulses/{pulse.pk}/answer/", {"answers": [5, 5, 5, 5, 5]}, format="json")

    assert response.status_code == 201 and again.status_code == 400
    assert "id" not in response.json()  # nothing the author could later match to their answer
    assert "Results appear after the pulse closes" in response.json()["detail"]
    changed = new_rows(before, all_rows())
    # Who answered, and a sealed answer: nothing readable is written while the pulse is open.
    assert set(changed) == {"voice.PulseParticipation", "voice.SealedAnswer"}
    participation = PulseParticipation.objects.get(pk=next(iter(changed["voice.PulseParticipation"])))
    assert participation.worker_id == author.pk and participation.pulse_id == pulse.pk
    sealed = bytes(SealedAnswer.objects.get(pk=next(iter(changed["voice.SealedAnswer"]))).sealed)
    assert bytes([1, 2, 4, 5, 2]) not in sealed and not PulseAnswer.objects.exists()
    # Every seal has the same length whatever it holds.
    assert {len(bytes(s)) for s in SealedAnswer.objects.values_list("sealed", flat=True)} == {len(sealed)}
    # No audit event, notification or change to the author's own row.
    assert not AuditEvent.objects.filter(actor=author).exists()
    assert not Notification.objects.filter(message_template__icontains=author.display_name).exists()
    author.refresh_from_db()
    assert author.updated_at == updated_at
    assert_logs_clean(caplog, author, "1, 2, 4, 5, 2", "[1, 2, 4, 5, 2]")


def test_a_closed_pulse_with_too_few_answers_has_them_destroyed_unread(api, pulse, voices):
    for voice in voices[:4]:
        api.as_(voice).post(f"/api/v1/voice/pulses/{pulse.pk}/answer/", {"answers": [2, 2, 2, 2, 2]}, format="json")
    assert SealedAnswer.objects.count() == 4
    close_and_mix(pulse)
    # Four answers could never be shown, and a batch of four would narrow who wrote what.
    assert not SealedAnswer.objects.exists() and not PulseAnswer.objects.exists()
    assert PulseParticipation.objects.count() == 4


def test_sending_feedback_stores_the_text_sealed_with_no_trace_of_who(api, caplog, everyone, riverside, voices):
    caplog.set_level(logging.DEBUG)
    author = everyone["peer"]
    client = api.as_(author)
    before = all_rows()
    caplog.clear()

    response = client.post("/api/v1/voice/feedback/", {"team": str(riverside.pk), "body": SECRET}, format="json")

    assert response.status_code == 201 and "id" not in response.json()
    assert set(new_rows(before, all_rows())) == {"voice.SealedFeedback", "voice.FeedbackSender"}
    assert text_holders() == []  # sealed: the text is nowhere in the database in clear
    assert SECRET.encode() not in bytes(SealedFeedback.objects.get().sealed)
    assert not AuditEvent.objects.filter(actor=author).exists()
    assert_logs_clean(caplog, author, SECRET)

    # Once enough different people have written, the text is in exactly one row of one table.
    for voice in voices[2:6]:
        api.as_(voice).post("/api/v1/voice/feedback/", {"team": str(riverside.pk), "body": "Other"}, format="json")
    assert release(riverside) == 5
    assert text_holders() == ["voice.Feedback.body"]
    assert not SealedFeedback.objects.exists() and not FeedbackSender.objects.exists()


def text_holders() -> list[str]:
    holders = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.TextField | models.CharField) and not field.is_relation:
                if model._base_manager.filter(**{f"{field.name}__contains": SECRET[:30]}).exists():
                    holders.append(f"{model._meta.label}.{field.name}")
    return holders


def test_a_refused_submission_logs_nothing_identifying_either(api, caplog, everyone, riverside):
    caplog.set_level(logging.DEBUG)
    manager = everyone["manager"]  # managers cannot send feedback to themselves: 403
    response = api.as_(manager).post(
        "/api/v1/voice/feedback/", {"team": str(riverside.pk), "body": SECRET}, format="json"
    )
    assert response.status_code == 403
    assert any(r.name == "django.request" for r in caplog.records)  # the refusal itself is logged ...
    assert_logs_clean(caplog, manager, SECRET)  # ... without who or what


def test_the_release_notification_names_the_team_not_the_senders(api, everyone, riverside, voices):
    for voice in voices[:5]:
        api.as_(voice).post(
            "/api/v1/voice/feedback/", {"team": str(riverside.pk), "body": f"From {voice.username}"}, format="json"
        )
    release(riverside)
    notes = list(Notification.objects.filter(kind="voice_feedback_batch"))
    assert [n.recipient for n in notes] == [everyone["manager"]]
    for voice in voices:
        for needle in identifying(voice):
            assert needle not in notes[0].message and needle not in notes[0].link
