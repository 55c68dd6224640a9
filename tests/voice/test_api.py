"""Team voice API: who may do what, and nothing below VOICE_MIN_GROUP is ever shown."""

from datetime import timedelta

import pytest

from apps.core.dates import org_today
from apps.voice.models import (
    Feedback,
    FeedbackBatch,
    FeedbackSender,
    Pulse,
    PulseAnswer,
    PulseParticipation,
    SealedAnswer,
    SealedFeedback,
)
from tests.voice.conftest import close, close_and_mix, release

pytestmark = pytest.mark.django_db

PULSES = "/api/v1/voice/pulses/"
FEEDBACK = "/api/v1/voice/feedback/"


def voice_url(team):
    return f"/api/v1/teams/{team.pk}/voice/"


def answer(api, user, pulse, values=(4, 4, 4, 4, 4)):
    return api.as_(user).post(f"{PULSES}{pulse.pk}/answer/", {"answers": list(values)}, format="json")


# --- opening a pulse -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("manager", 201),
        ("admin", 201),
        ("supervisor", 403),
        ("peer", 403),
        ("other_manager", 400),  # Riverside is not a team they can name: "does not exist"
        ("outsider", 400),
    ],
)
def test_a_teams_managers_and_org_admins_open_a_pulse(api, everyone, riverside, voices, persona, status):
    closes_on = org_today(riverside.organisation) + timedelta(days=10)
    response = api.as_(everyone[persona]).post(
        PULSES, {"team": str(riverside.pk), "closes_on": str(closes_on)}, format="json"
    )
    assert response.status_code == status
    assert Pulse.objects.exists() is (status == 201)
    if status == 201:
        body = response.json()
        assert body["state"] == "open" and len(body["questions"]) == 5 and body["answered"] is False


def test_opening_a_pulse_tells_the_members_who_may_answer_but_not_the_managers(api, everyone, pulse, voices):
    from apps.notifications.models import Notification

    told = set(Notification.objects.filter(kind="voice_pulse_open").values_list("recipient_id", flat=True))
    assert told == {v.pk for v in voices}


@pytest.mark.parametrize(
    ("closes_in", "message"),
    [(-1, "past"), (61, "at most 60 days")],
)
def test_a_pulse_closes_within_sixty_days_from_today(api, everyone, riverside, voices, closes_in, message):
    closes_on = org_today(riverside.organisation) + timedelta(days=closes_in)
    response = api.as_(everyone["manager"]).post(
        PULSES, {"team": str(riverside.pk), "closes_on": str(closes_on)}, format="json"
    )
    assert response.status_code == 400 and message in response.json()["closes_on"][0]


def test_one_pulse_at_a_time_per_team(api, everyone, riverside, pulse):
    closes_on = org_today(riverside.organisation) + timedelta(days=3)
    response = api.as_(everyone["manager"]).post(
        PULSES, {"team": str(riverside.pk), "closes_on": str(closes_on)}, format="json"
    )
    assert response.status_code == 400 and "already open" in response.json()["team"][0]


def test_a_team_too_small_to_ever_show_results_cannot_open_a_pulse(api, everyone, riverside):
    # Riverside without the extra voices: four people could answer, fewer than five.
    closes_on = org_today(riverside.organisation) + timedelta(days=3)
    response = api.as_(everyone["manager"]).post(
        PULSES, {"team": str(riverside.pk), "closes_on": str(closes_on)}, format="json"
    )
    assert response.status_code == 400 and "could never be shown" in response.json()["team"][0]


# --- answering ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("peer", 201),
        ("supervisor", 201),
        ("clinician", 201),
        ("manager", 403),  # the pulse is addressed to them
        ("admin", 403),
        ("other_manager", 404),
        ("harbour_peer", 404),
        ("outsider", 404),
    ],
)
def test_members_other_than_the_managers_answer_a_pulse(api, everyone, pulse, persona, status):
    assert answer(api, everyone[persona], pulse).status_code == status
    assert SealedAnswer.objects.count() == PulseParticipation.objects.count() == (1 if status == 201 else 0)
    assert not PulseAnswer.objects.exists()  # written only by the mix, after the pulse closes


def test_nobody_answers_twice_and_nobody_can_tell_which_answer_was_theirs(api, everyone, pulse):
    assert answer(api, everyone["peer"], pulse, (1, 1, 1, 1, 1)).status_code == 201
    second = answer(api, everyone["peer"], pulse, (5, 5, 5, 5, 5))
    assert second.status_code == 400 and "already answered" in second.json()["pulse"][0]
    assert SealedAnswer.objects.count() == PulseParticipation.objects.count() == 1
    listed = api.as_(everyone["peer"]).get(PULSES).json()["results"]
    assert listed[0]["answered"] is True and listed[0]["can_answer"] is False
    assert listed[0]["cannot_answer_because"] == "You have already answered this pulse."
    other = api.as_(everyone["peer2"]).get(PULSES).json()["results"][0]
    assert other["answered"] is False and other["can_answer"] is True and other["cannot_answer_because"] is None


@pytest.mark.parametrize(
    "answers", [[1, 2, 3, 4], [1, 2, 3, 4, 5, 1], [0, 1, 1, 1, 1], [1, 1, 1, 1, 6], ["a", 1, 1, 1, 1], "12345", None]
)
def test_answers_are_five_integers_from_one_to_five(api, everyone, pulse, answers):
    response = api.as_(everyone["peer"]).post(f"{PULSES}{pulse.pk}/answer/", {"answers": answers}, format="json")
    assert response.status_code == 400 and "answers" in response.json()
    assert not PulseParticipation.objects.exists()


def test_the_pulse_in_the_body_must_be_the_one_in_the_address(api, everyone, pulse):
    response = api.as_(everyone["peer"]).post(
        f"{PULSES}{pulse.pk}/answer/",
        {"pulse": "00000000-0000-0000-0000-000000000000", "answers": [1, 1, 1, 1, 1]},
        format="json",
    )
    assert response.status_code == 400 and "pulse" in response.json()


def test_a_closed_pulse_takes_no_more_answers(api, everyone, pulse):
    close(pulse)
    response = answer(api, everyone["peer"], pulse)
    assert response.status_code == 400 and "not open" in response.json()["pulse"][0]


@pytest.mark.parametrize(
    ("persona", "sees"),
    [("peer", True), ("manager", True), ("admin", True), ("other_manager", False), ("outsider", False)],
)
def test_who_sees_a_teams_pulses(api, everyone, pulse, persona, sees):
    listed = api.as_(everyone[persona]).get(PULSES).json()["results"]
    assert (str(pulse.pk) in [p["id"] for p in listed]) is sees


# --- aggregates: nothing below the minimum group ------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("manager", 200),
        ("admin", 200),
        ("supervisor", 403),
        ("peer", 403),
        ("other_manager", 404),
        ("harbour_peer", 404),
        ("outsider", 404),
    ],
)
def test_only_the_teams_managers_and_org_admins_read_its_voice(api, everyone, riverside, persona, status):
    assert api.as_(everyone[persona]).get(voice_url(riverside)).status_code == status


def test_a_malformed_team_id_is_a_404(api, everyone):
    assert api.as_(everyone["manager"]).get("/api/v1/teams/not-a-uuid/voice/").status_code == 404


def test_fewer_than_the_minimum_responses_show_nothing_not_even_the_count(api, everyone, riverside, pulse, voices):
    for voice in voices[:4]:
        answer(api, voice, pulse, (1, 2, 3, 4, 5))
    close_and_mix(pulse)
    body = api.as_(everyone["manager"]).get(voice_url(riverside)).json()
    summary = body["pulses"][0]
    assert body["min_group"] == 5
    assert summary["enough_responses"] is False and summary["responses"] is None and summary["results"] is None
    assert body["trend"] == {"labels": [], "series": []}


def test_enough_responses_show_as_aggregates_once_the_pulse_has_closed(api, everyone, riverside, pulse, voices):
    for i, voice in enumerate(voices[:5]):
        answer(api, voice, pulse, (1 + i % 5, 5, 3, 2 if i < 3 else 4, 1))
    manager = api.as_(everyone["manager"])
    open_summary = manager.get(voice_url(riverside)).json()["pulses"][0]
    # While it is open, nobody sees averages move as each person answers: there are none yet.
    assert open_summary["state"] == "open" and open_summary["responses"] == 5 and open_summary["results"] is None
    close(pulse)
    counting = manager.get(voice_url(riverside)).json()["pulses"][0]
    # Closed, not yet mixed: still no results, and the page says they are being counted.
    assert counting["state"] == "closed" and counting["counting"] is True and counting["results"] is None
    assert counting["responses"] == 5
    close_and_mix(pulse)
    body = manager.get(voice_url(riverside)).json()
    assert body["pulses"][0]["counting"] is False
    results = body["pulses"][0]["results"]
    assert [r["mean"] for r in results] == [3.0, 5.0, 3.0, 2.8, 1.0]
    assert results[0]["distribution"] == {"1": 1, "2": 1, "3": 1, "4": 1, "5": 1}
    assert results[1]["distribution"] == {"1": 0, "2": 0, "3": 0, "4": 0, "5": 5}
    assert body["trend"]["labels"] == [str(pulse.closes_on)]
    assert [s["data"] for s in body["trend"]["series"]] == [[3.0], [5.0], [3.0], [2.8], [1.0]]


def test_the_minimum_group_comes_from_settings(api, everyone, riverside, pulse, voices, settings):
    settings.VOICE_MIN_GROUP = 6
    for voice in voices[:5]:
        answer(api, voice, pulse)
    close_and_mix(pulse)
    assert api.as_(everyone["manager"]).get(voice_url(riverside)).json()["pulses"][0]["results"] is None


def test_the_voice_aggregates_take_a_fixed_number_of_queries(
    api, everyone, riverside, voices, django_assert_num_queries
):
    from apps.voice import services

    today = org_today(riverside.organisation)
    for weeks in range(6):  # six closed pulses with answers, plus feedback batches
        pulse = services.pulse_open(actor=everyone["manager"], team=riverside, closes_on=today)
        for voice in voices[:5]:
            services.pulse_answer(actor=voice, pulse=pulse, answers=[3, 3, 3, 3, 3])
            services.feedback_submit(actor=voice, team=riverside, body=f"Week {weeks}")
        Pulse.objects.filter(pk=pulse.pk).update(
            opened_on=today - timedelta(days=7 * (weeks + 1)), closes_on=today - timedelta(days=7 * weeks + 1)
        )
        services.pulse_mix(pulse.pk)
        services.feedback_release(riverside.pk)
    # session, user (with organisation); caps: team roles; the team; its pulses (with how many
    # answered and whether answers wait, as subqueries); one aggregate over all their answers;
    # feedback batches; their items — the same for 1 pulse or 60.
    client = api.as_(everyone["manager"])
    with django_assert_num_queries(8):
        body = client.get(voice_url(riverside)).json()
    assert len(body["pulses"]) == 6 and len(body["trend"]["labels"]) == 6 and len(body["feedback_batches"]) == 6


# --- feedback ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("peer", 201),
        ("supervisor", 201),
        ("clinician", 201),
        ("manager", 403),
        ("admin", 403),
        ("other_manager", 403),  # a voice in no team: refused before the body is read (docs/api.md)
        ("harbour_peer", 400),  # a voice in Harbour: Riverside is not a team they can name
        ("outsider", 403),
    ],
)
def test_team_members_send_feedback_to_their_managers(api, everyone, riverside, persona, status):
    response = api.as_(everyone[persona]).post(
        FEEDBACK, {"team": str(riverside.pk), "body": "Please invite peers to the MDT."}, format="json"
    )
    assert response.status_code == status
    assert SealedFeedback.objects.count() == FeedbackSender.objects.count() == (1 if status == 201 else 0)
    assert not Feedback.objects.exists()  # written only by the release


@pytest.mark.parametrize(("body", "field"), [("", "body"), ("   ", "body"), ("x" * 2001, "body")])
def test_feedback_needs_some_text_and_not_too_much(api, everyone, riverside, body, field):
    response = api.as_(everyone["peer"]).post(FEEDBACK, {"team": str(riverside.pk), "body": body}, format="json")
    assert response.status_code == 400 and field in response.json()


def test_feedback_is_released_only_in_batches_of_the_minimum_group(api, everyone, riverside, voices):
    def batches():
        return api.as_(everyone["manager"]).get(voice_url(riverside)).json()["feedback_batches"]

    def send(voice, text):
        api.as_(voice).post(FEEDBACK, {"team": str(riverside.pk), "body": text}, format="json")
        release(riverside)  # what the task rung after each message does

    for i, voice in enumerate(voices[:4]):
        send(voice, f"Message {i}")
    assert batches() == []
    send(voices[4], "Message 4")
    released = batches()
    assert len(released) == 1 and released[0]["size"] == 5 and released[0]["writers"] == 5
    assert sorted(released[0]["items"]) == [f"Message {i}" for i in range(5)]
    # The next message starts a new pool: shown only once four more people join it.
    send(voices[5], "Message 5")
    assert len(batches()) == 1
    assert FeedbackBatch.objects.count() == 1 and SealedFeedback.objects.count() == FeedbackSender.objects.count() == 1


def test_an_org_admin_who_is_also_a_member_reads_results_and_so_does_not_add_to_them(api, everyone, riverside, pulse):
    from apps.teams.models import Membership
    from tests.factories import MembershipFactory

    MembershipFactory(team=riverside, worker=everyone["admin"], team_role=Membership.TeamRole.MEMBER)
    admin = api.as_(everyone["admin"])
    assert admin.post(f"{PULSES}{pulse.pk}/answer/", {"answers": [5, 5, 5, 5, 5]}, format="json").status_code == 403
    assert admin.post(FEEDBACK, {"team": str(riverside.pk), "body": "Hello"}, format="json").status_code == 403
