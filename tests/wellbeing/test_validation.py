"""The rules of a check-in's and a step-away's input live once (``apps.wellbeing.validation``):
the page, the API and the service refuse the same input with the same single message, and a
refused write changes nothing (re-read from the database)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from apps.accounts.models import User
from apps.core.dates import org_today
from apps.wellbeing.models import CheckIn, StepAway
from apps.wellbeing.services import check_in_record, worker_step_away
from apps.wellbeing.validation import MAX_MESSAGE_LENGTH, MAX_NOTE_LENGTH

pytestmark = pytest.mark.django_db

NOTE_TOO_LONG = [f"Keep the note under {MAX_NOTE_LENGTH} characters."]
MESSAGE_TOO_LONG = [f"Keep the message under {MAX_MESSAGE_LENGTH} characters."]


def test_an_over_long_note_gets_one_message_from_page_api_and_service(client, api, everyone):
    peer = everyone["peer"]
    note = "x" * (MAX_NOTE_LENGTH + 1)

    response = api.as_(peer).post("/api/v1/wellbeing/check-ins/", {"mood": 3, "note": note}, format="json")
    assert response.status_code == 400 and response.json()["note"] == NOTE_TOO_LONG

    client.force_login(peer)
    page = client.post("/wellbeing/", {"mood": 3, "note": note})
    assert page.status_code == 400 and page.context["check_in_form"].errors["note"] == NOTE_TOO_LONG

    with pytest.raises(ValidationError) as raised:
        check_in_record(actor=peer, mood=3, note=note)
    assert raised.value.message_dict == {"note": NOTE_TOO_LONG}
    assert not CheckIn.objects.exists()


def test_a_note_of_exactly_the_limit_is_stored_stripped(everyone):
    check_in = check_in_record(actor=everyone["peer"], mood=4, note=f"  {'x' * MAX_NOTE_LENGTH}  ")
    assert CheckIn.objects.get(pk=check_in.pk).note == "x" * MAX_NOTE_LENGTH


@pytest.mark.parametrize("mood", [0, 6, "3", None], ids=["below", "above", "text", "none"])
def test_a_mood_outside_one_to_five_is_refused_by_the_service_naming_mood(everyone, mood):
    with pytest.raises(ValidationError) as raised:
        check_in_record(actor=everyone["peer"], mood=mood)
    assert list(raised.value.message_dict) == ["mood"]
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("mood", [0, 6])
def test_a_mood_outside_one_to_five_is_a_400_naming_mood_in_the_api(api, everyone, mood):
    response = api.as_(everyone["peer"]).post("/api/v1/wellbeing/check-ins/", {"mood": mood}, format="json")
    # The error body is ``detail`` plus one entry per offending field: here only ``mood``.
    assert response.status_code == 400 and set(response.json()) - {"detail"} == {"mood"}
    assert not CheckIn.objects.exists()


def _status(user):
    stored = User.objects.get(pk=user.pk)
    return stored.status, stored.stepped_away_until, StepAway.objects.filter(author=user).count()


def test_an_over_long_step_away_message_gets_one_message_and_the_worker_stays_active(client, api, everyone, org):
    peer = everyone["peer"]
    before = _status(peer)
    until = (org_today(org) + timedelta(days=7)).isoformat()
    message = "x" * (MAX_MESSAGE_LENGTH + 1)

    response = api.as_(peer).post("/api/v1/workers/me/step-away/", {"until": until, "message": message}, format="json")
    assert response.status_code == 400 and response.json()["message"] == MESSAGE_TOO_LONG

    client.force_login(peer)
    page = client.post("/wellbeing/step-away/", {"until": until, "message": message})
    assert page.status_code == 400 and page.context["step_away_form"].errors["message"] == MESSAGE_TOO_LONG

    with pytest.raises(ValidationError) as raised:
        worker_step_away(actor=User.objects.get(pk=peer.pk), until=org_today(org) + timedelta(days=7), message=message)
    assert raised.value.message_dict == {"message": MESSAGE_TOO_LONG}
    assert _status(peer) == before


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (None, "Give a planned return date"),
        (0, "must be after today"),
        (367, "within a year"),
    ],
    ids=["missing", "today", "beyond-a-year"],
)
def test_a_refused_return_date_names_until_and_changes_nothing(everyone, org, days, message):
    peer = everyone["peer"]
    before = _status(peer)
    until = None if days is None else org_today(org) + timedelta(days=days)
    with pytest.raises(ValidationError) as raised:
        worker_step_away(actor=User.objects.get(pk=peer.pk), until=until)
    assert message in raised.value.message_dict["until"][0]
    assert _status(peer) == before


def test_a_return_date_a_year_ahead_is_accepted_and_stored(everyone, org):
    peer = everyone["peer"]
    until = org_today(org) + timedelta(days=366)
    worker_step_away(actor=User.objects.get(pk=peer.pk), until=until, message="  Back soon.  ")
    stored = User.objects.get(pk=peer.pk)
    assert (stored.status, stored.stepped_away_until) == (User.Status.STEPPED_AWAY, until)
    assert StepAway.objects.get(author=peer, returned_on__isnull=True).message == "Back soon."
