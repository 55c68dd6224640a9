"""Closing the loop (issue 19, item 5): released results for everyone who could answer, "you said,
we did" actions visible to the team, the follow-up reminder, and the next pulse showing them."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.core.dates import org_today
from apps.notifications.models import Notification
from apps.reminders.models import Reminder
from apps.reminders.services import reminders_scan
from apps.teams.models import Membership
from apps.voice import loop_services, services
from apps.voice.models import FeedbackBatch, Pulse, VoiceAction
from tests.factories import MembershipFactory, UserFactory
from tests.reminders.conftest import process_clock  # noqa: F401  (the scan reads the travelled clock)
from tests.voice.conftest import close, close_and_mix, release

pytestmark = pytest.mark.django_db

ACTIONS = "/api/v1/voice/actions/"
HEARD = "QXheard handover moves on too fast"
PLANNED = "QXplanned a peer slot in every handover"
# The actions page as a member: the signed-in user's (session, user, organisation, memberships),
# the team, the actions with their pulse or batch, the audit INSERT's savepoint pair or the like.
PAGE_QUERIES = 8


def page_url(team):
    return reverse("voice:team-voice", args=[team.pk])


def actions_url(team):
    return reverse("voice:team-actions", args=[team.pk])


def results_url(pulse):
    return f"/api/v1/voice/pulses/{pulse.pk}/results/"


def answer_all(pulse, voices, values=(4, 3, 2, 5, 1)):
    for voice in voices:
        services.pulse_answer(actor=voice, pulse=pulse, answers=list(values))


def released(pulse, voices):
    answer_all(pulse, voices[:5])
    return close_and_mix(pulse)


def record(manager, team, pulse, **kw):
    fields = {"heard": HEARD, "planned": PLANNED, "owner_role": "Team manager"}
    fields.update(kw)
    return loop_services.action_record(actor=manager, team=team, pulse=pulse, **fields)


@pytest.fixture
def newcomer(riverside):
    """Joined Riverside after the pulse opened: could not answer it."""
    user = UserFactory(organisation=riverside.organisation, username="nell", display_name="Nell New")
    return user


def join(team, user):
    return MembershipFactory(
        team=team, worker=user, team_role=Membership.TeamRole.MEMBER, joined_on=org_today(team.organisation)
    )


# --- released results, for everyone who could answer ----------------------------------------------


def test_everyone_who_could_answer_sees_the_released_results_and_is_told_once(
    client, everyone, riverside, pulse, voices, newcomer
):
    join(riverside, newcomer)
    did_not_answer = voices[5]
    answer_all(pulse, voices[:5])
    close(pulse)
    client.force_login(did_not_answer)
    assert "Pulse results" not in client.get(page_url(riverside)).content.decode()  # counting

    services.pulse_mix(pulse.pk)

    page = client.get(page_url(riverside)).content.decode()
    assert 'id="pulse-results"' in page and "<strong>4.0</strong>" in page and "5 answers" in page
    told = set(Notification.objects.filter(kind="voice_results_out").values_list("recipient_id", flat=True))
    # the six voices (whether they answered or not) and the manager; not the newcomer, nor anyone else
    assert told == {v.pk for v in voices} | {everyone["manager"].pk}
    note = Notification.objects.filter(kind="voice_results_out").first()
    assert note.message == f"The results of the {riverside} pulse are out."
    assert "4.0" not in note.message and note.link == page_url(riverside) + "#pulse-results"
    services.pulse_mix(pulse.pk)  # the mix again: nothing waits, nobody is told twice
    assert Notification.objects.filter(kind="voice_results_out").count() == len(told)

    client.force_login(newcomer)
    page = client.get(page_url(riverside)).content.decode()
    assert 'id="pulse-results"' not in page and "<strong>4.0</strong>" not in page


def test_below_the_minimum_nobody_sees_results_or_is_told(client, everyone, riverside, pulse, voices):
    answer_all(pulse, voices[:4])
    close_and_mix(pulse)
    client.force_login(voices[5])
    page = client.get(page_url(riverside)).content.decode()
    assert 'id="pulse-results"' not in page and "<strong>4.0</strong>" not in page
    assert not Notification.objects.filter(kind="voice_results_out").exists()
    response = client.get(results_url(pulse))
    assert response.status_code == 200 and response.json()["results"] is None and response.json()["responses"] is None


def test_the_results_api_for_who_could_answer_managers_and_nobody_else(
    api, everyone, riverside, pulse, voices, newcomer
):
    join(riverside, newcomer)
    released(pulse, voices)
    for user in (voices[5], everyone["manager"], everyone["admin"]):
        body = api.as_(user).get(results_url(pulse)).json()
        assert body["responses"] == 5 and body["results"][0]["mean"] == 4.0
    assert api.as_(newcomer).get(results_url(pulse)).status_code == 403
    assert api.as_(everyone["other_manager"]).get(results_url(pulse)).status_code == 404
    assert api.as_(everyone["harbour_peer"]).get(results_url(pulse)).status_code == 404
    assert api.as_(everyone["outsider"]).get(results_url(pulse)).status_code == 404


# --- recording actions ---------------------------------------------------------------------------


def test_a_manager_records_an_action_on_the_page_and_the_team_reads_it(client, everyone, riverside, pulse, voices):
    released(pulse, voices)
    manager = everyone["manager"]
    client.force_login(manager)
    follow_up = org_today(riverside.organisation) + timedelta(days=14)
    response = client.post(
        actions_url(riverside),
        {
            "action-source": f"pulse:{pulse.pk}",
            "action-heard": HEARD,
            "action-planned": PLANNED,
            "action-owner_role": "Peer lead",
            "action-follow_up_on": follow_up.isoformat(),
        },
    )
    assert response.status_code == 302
    action = VoiceAction.objects.get()
    assert (action.team, action.pulse, action.heard, action.planned, action.owner_role) == (
        riverside,
        pulse,
        HEARD,
        PLANNED,
        "Peer lead",
    )
    assert (action.follow_up_on, action.status, action.author, action.done_on) == (follow_up, "open", manager, None)

    for user in (voices[0], voices[5], everyone["supervisor"]):
        client.force_login(user)
        page = client.get(actions_url(riverside)).content.decode()
        assert HEARD in page and PLANNED in page and "Peer lead" in page
        assert "Record a response" not in page
        assert AuditEvent.objects.filter(actor=user, action="read", target_id=action.pk).exists()
    for user in (everyone["other_manager"], everyone["harbour_peer"], everyone["outsider"]):
        client.force_login(user)
        assert client.get(actions_url(riverside)).status_code == 404
        assert client.get(reverse("voice:action-detail", args=[action.pk])).status_code == 404


def test_a_member_cannot_record_and_nothing_changes(client, api, everyone, riverside, pulse, voices):
    released(pulse, voices)
    client.force_login(voices[0])
    response = client.post(
        actions_url(riverside),
        {
            "action-source": f"pulse:{pulse.pk}",
            "action-heard": HEARD,
            "action-planned": PLANNED,
            "action-owner_role": "x",
        },
    )
    assert response.status_code == 404
    body = {"team": str(riverside.pk), "pulse": str(pulse.pk), "heard": HEARD, "planned": PLANNED, "owner_role": "x"}
    assert api.as_(voices[0]).post(ACTIONS, body, format="json").status_code == 403
    assert api.as_(everyone["other_manager"]).post(ACTIONS, body, format="json").status_code == 400  # team unknown
    assert api.as_(everyone["outsider"]).post(ACTIONS, body, format="json").status_code == 400
    assert not VoiceAction.objects.exists()


def test_an_action_needs_released_results_of_the_same_team(api, everyone, riverside, pulse, voices, harbour):
    manager = everyone["manager"]
    body = {"team": str(riverside.pk), "pulse": str(pulse.pk), "heard": HEARD, "planned": PLANNED, "owner_role": "x"}
    response = api.as_(manager).post(ACTIONS, body, format="json")  # still open: nothing heard yet
    assert response.status_code == 400 and "pulse" in response.json()
    answer_all(pulse, voices[:4])
    close_and_mix(pulse)  # closed below the minimum: never released
    response = api.as_(manager).post(ACTIONS, body, format="json")
    assert response.status_code == 400 and "pulse" in response.json()
    response = api.as_(manager).post(ACTIONS, {**body, "pulse": None}, format="json")
    assert response.status_code == 400 and "pulse" in response.json()
    admin = everyone["admin"]
    response = api.as_(admin).post(ACTIONS, {**body, "team": str(harbour.pk)}, format="json")
    assert response.status_code == 400 and "pulse" in response.json()  # another team's pulse
    assert not VoiceAction.objects.exists()


def test_an_action_can_answer_a_released_feedback_batch(api, everyone, riverside, voices):
    for i, voice in enumerate(voices[:5]):
        services.feedback_submit(actor=voice, team=riverside, body=f"QXfeedback {i}")
    release(riverside)
    batch = FeedbackBatch.objects.get()
    body = {"team": str(riverside.pk), "feedback_batch": str(batch.pk), "heard": HEARD, "planned": PLANNED}
    response = api.as_(everyone["manager"]).post(ACTIONS, {**body, "owner_role": "Team manager"}, format="json")
    assert response.status_code == 201, response.content
    action = VoiceAction.objects.get()
    assert action.feedback_batch == batch and action.pulse is None
    listed = api.as_(voices[0]).get(ACTIONS, {"team": str(riverside.pk)}).json()
    assert [a["id"] for a in listed["results"]] == [str(action.pk)]
    assert "QXfeedback" not in str(listed)  # the feedback itself stays with the managers


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("heard", ""),
        ("heard", "x" * 1001),
        ("planned", "\x00"),
        ("owner_role", "r" * 121),
        ("follow_up_on", "2020-01-01"),
        ("follow_up_on", "not a date"),
        ("pulse", "not-a-uuid"),
        ("team", "00000000-0000-0000-0000-000000000000"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api, everyone, riverside, pulse, voices, field, value):
    released(pulse, voices)
    body = {"team": str(riverside.pk), "pulse": str(pulse.pk), "heard": HEARD, "planned": PLANNED, "owner_role": "x"}
    response = api.as_(everyone["manager"]).post(ACTIONS, {**body, field: value}, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not VoiceAction.objects.exists()


# --- done, with a note --------------------------------------------------------------------------


def test_the_manager_marks_it_done_with_a_note_and_the_team_sees_it(client, api, everyone, riverside, pulse, voices):
    released(pulse, voices)
    action = record(everyone["manager"], riverside, pulse)
    url = f"{ACTIONS}{action.pk}/"
    response = api.as_(everyone["manager"]).patch(url, {"status": "done"}, format="json")
    assert response.status_code == 400 and "done_note" in response.json()
    action.refresh_from_db()
    assert (action.status, action.done_on) == ("open", None)
    assert api.as_(voices[0]).patch(url, {"status": "done", "done_note": "x"}, format="json").status_code == 403
    assert api.as_(everyone["other_manager"]).patch(url, {"status": "done"}, format="json").status_code == 404
    action.refresh_from_db()
    assert action.status == "open"

    client.force_login(everyone["manager"])
    detail = reverse("voice:action-detail", args=[action.pk])
    response = client.post(detail, {"update-status": "done", "update-done_note": "QXdone slot added"})
    assert response.status_code == 302
    action.refresh_from_db()
    today = org_today(riverside.organisation)
    assert (action.status, action.done_on, action.done_note) == ("done", today, "QXdone slot added")
    client.force_login(voices[3])
    page = client.get(detail).content.decode()
    assert "QXdone slot added" in page and "Update" not in page
    assert client.post(detail, {"update-status": "open"}).status_code == 404
    action.refresh_from_db()
    assert action.status == "done"


# --- the follow-up reminder --------------------------------------------------------------------


def test_the_follow_up_reminds_the_team_managers_once_without_content(everyone, riverside, pulse, voices):
    released(pulse, voices)
    today = org_today(riverside.organisation)
    action = record(everyone["manager"], riverside, pulse, follow_up_on=today + timedelta(days=3))
    done = record(everyone["manager"], riverside, pulse, follow_up_on=today + timedelta(days=3))
    loop_services.action_update(actor=everyone["manager"], action=done, status="done", done_note="QXdone")

    def scan_on(day):
        with time_machine.travel(datetime.combine(day, time(12), tzinfo=UTC), tick=False):
            reminders_scan()

    scan_on(today + timedelta(days=2))
    assert not Reminder.objects.filter(kind="voice_action_follow_up").exists()
    scan_on(today + timedelta(days=3))
    scan_on(today + timedelta(days=3))
    scan_on(today + timedelta(days=4))
    reminders = list(Reminder.objects.filter(kind="voice_action_follow_up"))
    assert [(r.subject_id, r.recipient_id) for r in reminders] == [(action.pk, everyone["manager"].pk)]
    notes = list(Notification.objects.filter(kind="voice_action_follow_up"))
    assert len(notes) == 1 and notes[0].recipient_id == everyone["manager"].pk
    assert HEARD not in notes[0].message and PLANNED not in notes[0].message
    assert notes[0].link == reverse("voice:action-detail", args=[action.pk])


# --- the next pulse shows what was done ----------------------------------------------------------


def test_the_next_pulse_shows_what_was_done_before_answering_and_on_its_results(
    client, api, everyone, riverside, pulse, voices
):
    released(pulse, voices)
    manager = everyone["manager"]
    action = record(manager, riverside, pulse)
    loop_services.action_update(actor=manager, action=action, status="done", done_note="QXdone slot added")
    # The first pulse is in the past; the next one opens today.
    Pulse.objects.filter(pk=pulse.pk).update(
        opened_on=pulse.opened_on - timedelta(days=30), closes_on=pulse.closes_on - timedelta(days=30)
    )
    VoiceAction.objects.filter(pk=action.pk).update(recorded_on=pulse.closes_on - timedelta(days=25))
    nxt = services.pulse_open(actor=manager, team=riverside, closes_on=org_today(riverside.organisation) + timedelta(7))

    client.force_login(voices[0])
    page = client.get(page_url(riverside)).content.decode()
    assert "Since the last pulse: you said, we did" in page and "QXdone slot added" in page
    assert page.index("QXdone slot added") < page.index("Send my answers")

    released(nxt, voices)
    body = api.as_(voices[1]).get(results_url(nxt)).json()
    assert [a["id"] for a in body["since_previous_pulse"]] == [str(action.pk)]
    page = client.get(page_url(riverside)).content.decode()
    assert "Done since the previous pulse" in page


def test_respondents_are_never_identifiable_in_what_the_loop_shows(api, everyone, riverside, pulse, voices):
    released(pulse, voices)
    record(everyone["manager"], riverside, pulse)
    for user in (voices[0], everyone["manager"]):
        body = str(api.as_(user).get(ACTIONS).json()) + str(api.as_(user).get(results_url(pulse)).json())
        for voice in voices:
            assert str(voice.pk) not in body and voice.display_name not in body


# --- the list: cursor-paginated, exact queries ---------------------------------------------------


def test_the_action_list_is_cursor_paginated(api, everyone, riverside, pulse, voices):
    released(pulse, voices)
    made = [record(everyone["manager"], riverside, pulse, heard=f"heard {i}") for i in range(5)]
    client = api.as_(voices[0])
    first = client.get(ACTIONS, {"page_size": 2}).json()
    assert [a["heard"] for a in first["results"]] == ["heard 4", "heard 3"]
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    assert [a["heard"] for a in second["results"] + third["results"]] == ["heard 2", "heard 1", "heard 0"]
    assert third["next"] is None and len(made) == 5
    for params, field in (({"cursor": "nonsense"}, "cursor"), ({"page_size": "0"}, "page_size"), ({"x": "1"}, "x")):
        response = client.get(ACTIONS, params)
        assert response.status_code == 400 and field in response.json()


def test_the_action_list_and_page_run_a_fixed_number_of_queries(
    api, client, everyone, riverside, pulse, voices, django_assert_num_queries
):
    released(pulse, voices)
    for i in range(3):
        record(everyone["manager"], riverside, pulse, heard=f"heard {i}")
    reader = api.as_(voices[0])
    reader.get(ACTIONS)  # warm the session
    # session, user, org; memberships (caps); teams subquery list; audit INSERT
    with django_assert_num_queries(5):
        assert len(reader.get(ACTIONS).json()["results"]) == 3
    for i in range(3, 10):
        record(everyone["manager"], riverside, pulse, heard=f"heard {i}")
    with django_assert_num_queries(5):
        assert len(reader.get(ACTIONS).json()["results"]) == 10


def test_the_actions_page_runs_a_fixed_number_of_queries(client, everyone, riverside, pulse, voices):
    released(pulse, voices)
    for i in range(3):
        record(everyone["manager"], riverside, pulse, heard=f"heard {i}")
    client.force_login(voices[0])
    client.get(actions_url(riverside))  # warm the session

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(actions_url(riverside)).status_code == 200
        return len(queries)

    three = count()
    for i in range(3, 10):
        record(everyone["manager"], riverside, pulse, heard=f"heard {i}")
    assert count() == three == PAGE_QUERIES
