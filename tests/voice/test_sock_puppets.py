"""Issue 13, case 2: sock puppets in the team voice.

Before: a manager made up accounts, added them to a two-person team, opened a pulse, answered
as them and subtracted their known answers from the aggregate — the one real member's answers
came out exactly. One member posting four messages isolated the next person's words.

After: only people holding their own credentials, in the team before the pulse opened, and not
the manager who opened it, may answer (others are refused, saying why); feedback goes out only
once ``VOICE_MIN_GROUP`` *different* people have written.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.core.dates import org_today
from apps.notifications.models import Notification
from apps.teams.models import Membership
from apps.voice import policies, services
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
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from tests.voice.conftest import close_and_mix, release

pytestmark = pytest.mark.django_db

PULSES = "/api/v1/voice/pulses/"
FEEDBACK = "/api/v1/voice/feedback/"
LONG_AGO = timedelta(days=100)


def voice_tables() -> dict:
    return {
        model.__name__: sorted(map(str, model.objects.values_list("pk", flat=True)))
        for model in (PulseParticipation, SealedAnswer, PulseAnswer, SealedFeedback, FeedbackSender, Feedback)
    }


def made_up_account(org, name):
    """What a manager can make: an account whose password they typed (and so know)."""
    return UserFactory(organisation=org, username=name, display_name=name.title(), own_credentials_at=None)


@pytest.fixture
def tiny(everyone, org):
    """A two-person team: its manager, and one real member (``real``)."""
    team = TeamFactory(organisation=org, name="Tiny")
    manager = everyone["manager"]
    MembershipFactory(
        team=team, worker=manager, team_role=Membership.TeamRole.MANAGER, joined_on=org_today(org) - LONG_AGO
    )
    real = UserFactory(organisation=org, username="real", display_name="Real Person")
    MembershipFactory(team=team, worker=real, joined_on=org_today(org) - LONG_AGO)
    return team


@pytest.fixture
def puppets(tiny, org):
    """Four made-up accounts, added to Tiny (backdated, as a manager may date a membership)."""
    accounts = [made_up_account(org, f"puppet{i}") for i in range(4)]
    for account in accounts:
        MembershipFactory(team=tiny, worker=account, joined_on=org_today(org) - LONG_AGO)
    return accounts


def test_puppets_do_not_make_up_the_numbers_to_open_a_pulse(api, everyone, tiny, puppets):
    closes_on = org_today(tiny.organisation) + timedelta(days=7)
    response = api.as_(everyone["manager"]).post(PULSES, {"team": str(tiny.pk), "closes_on": str(closes_on)})
    assert response.status_code == 400 and "could never be shown" in response.json()["team"][0]
    assert not Pulse.objects.filter(team=tiny).exists()


def test_the_sock_puppet_subtraction_reveals_nothing(api, everyone, tiny, puppets, org):
    """The attack of the issue, end to end: even with a pulse open on the team (here written
    directly, as if it had opened with enough people), the puppets' answers are refused, the
    real member's answer waits sealed, and with one answer nothing is ever shown — there is no
    aggregate to subtract from."""
    manager, real = everyone["manager"], User.objects.get(username="real")
    today = org_today(org)
    pulse = Pulse.objects.create(
        organisation=org, team=tiny, opened_by=manager, opened_on=today, closes_on=today + timedelta(days=7)
    )
    before = voice_tables()
    for puppet in puppets:
        # The manager signs in as the puppet with the password they typed, and answers.
        token = api.post("/api/v1/auth/token/", {"username": puppet.username, "password": "correct-horse-battery"})
        assert token.status_code == 200
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
        response = api.post(f"{PULSES}{pulse.pk}/answer/", {"answers": [1, 1, 1, 1, 1]}, format="json")
        assert response.status_code == 403
        assert response.json()["detail"] == policies.NEEDS_OWN_PASSWORD
        api.credentials()
    assert voice_tables() == before  # refused: nothing written, not even a participation

    real_answer = api.as_(real).post(f"{PULSES}{pulse.pk}/answer/", {"answers": [5, 4, 2, 1, 3]}, format="json")
    assert real_answer.status_code == 201
    assert SealedAnswer.objects.filter(pulse=pulse).count() == 1
    close_and_mix(pulse)

    body = api.as_(manager).get(f"/api/v1/teams/{tiny.pk}/voice/").json()
    summary = body["pulses"][0]
    assert summary["results"] is None and summary["responses"] is None and body["trend"]["series"] == []
    # Nothing in the database holds the real member's answer any more: one answer is never written.
    assert not PulseAnswer.objects.filter(pulse=pulse).exists() and not SealedAnswer.objects.exists()


def test_puppets_with_a_made_up_pool_of_feedback_cannot_isolate_a_message(api, everyone, tiny, puppets):
    for puppet in puppets:
        response = api.as_(puppet).post(FEEDBACK, {"team": str(tiny.pk), "body": "Known words"}, format="json")
        assert response.status_code == 403 and response.json()["detail"] == policies.NEEDS_OWN_PASSWORD
    real = User.objects.get(username="real")
    assert api.as_(real).post(FEEDBACK, {"team": str(tiny.pk), "body": "My own words"}).status_code == 201
    assert release(tiny) == 0
    assert not FeedbackBatch.objects.exists() and not Feedback.objects.exists()


def test_one_member_posting_four_messages_does_not_release_the_next_persons_words(api, everyone, riverside, voices):
    """Before: the pool was released at five *messages*, so four from one colluder and one from
    the target gave the target's words away. Now it takes five different people."""
    colluder, target = voices[0], voices[1]
    for i in range(4):
        api.as_(colluder).post(FEEDBACK, {"team": str(riverside.pk), "body": f"Filler {i}"}, format="json")
        release(riverside)
    api.as_(target).post(FEEDBACK, {"team": str(riverside.pk), "body": "The target's words"}, format="json")
    assert release(riverside) == 0
    assert not FeedbackBatch.objects.exists() and not Feedback.objects.exists()
    assert FeedbackSender.objects.filter(team=riverside).count() == 2 and SealedFeedback.objects.count() == 5
    # Three more different people: now it is a batch of eight messages from five people.
    for voice in voices[2:5]:
        api.as_(voice).post(FEEDBACK, {"team": str(riverside.pk), "body": f"From {voice.username}"}, format="json")
    assert release(riverside) == 8
    batch = FeedbackBatch.objects.get()
    assert (batch.size, batch.writers) == (8, 5) and batch.items.count() == 8
    assert not SealedFeedback.objects.exists() and not FeedbackSender.objects.exists()


def test_a_member_added_after_the_pulse_opened_is_refused_with_the_reason(api, everyone, riverside, pulse, org):
    late = UserFactory(organisation=org, username="late", display_name="Late Joiner")
    # Backdating the membership's date does not help: what counts is when it was recorded.
    MembershipFactory(team=riverside, worker=late, joined_on=org_today(org) - LONG_AGO)
    before = voice_tables()
    response = api.as_(late).post(f"{PULSES}{pulse.pk}/answer/", {"answers": [3, 3, 3, 3, 3]}, format="json")
    assert response.status_code == 403 and response.json()["detail"] == policies.JOINED_AFTER
    assert voice_tables() == before
    listed = api.as_(late).get(PULSES).json()["results"][0]
    assert listed["can_answer"] is False and listed["cannot_answer_because"] == policies.JOINED_AFTER


def test_a_member_whose_place_changed_after_the_pulse_opened_is_refused(api, everyone, riverside, pulse):
    # Any change to the membership once the pulse is open (a manager stepping down to member to
    # add a known answer, say) makes the answer not count.
    peer2 = everyone["peer2"]
    Membership.objects.filter(team=riverside, worker=peer2).update(
        team_role=Membership.TeamRole.MEMBER, updated_at=timezone.now()
    )
    response = api.as_(peer2).post(f"{PULSES}{pulse.pk}/answer/", {"answers": [3, 3, 3, 3, 3]}, format="json")
    assert response.status_code == 403 and response.json()["detail"] == policies.JOINED_AFTER
    assert not PulseParticipation.objects.exists() and not SealedAnswer.objects.exists()


def test_the_manager_who_opened_the_pulse_cannot_step_down_and_answer_it(api, everyone, riverside, pulse):
    manager = everyone["manager"]
    Membership.objects.filter(team=riverside, worker=manager).update(team_role=Membership.TeamRole.MEMBER)
    response = api.as_(manager).post(f"{PULSES}{pulse.pk}/answer/", {"answers": [3, 3, 3, 3, 3]}, format="json")
    assert response.status_code == 403 and response.json()["detail"] == policies.OPENED_IT
    assert not PulseParticipation.objects.exists() and not SealedAnswer.objects.exists()


def test_only_people_whose_answer_would_count_are_told_of_a_pulse_or_pointed_to_it(
    client, everyone, riverside, voices, org
):
    stranger = made_up_account(org, "strawman")
    MembershipFactory(team=riverside, worker=stranger, joined_on=org_today(org) - LONG_AGO)
    pulse = services.pulse_open(actor=everyone["manager"], team=riverside, closes_on=org_today(org) + timedelta(days=3))
    told = set(Notification.objects.filter(kind="voice_pulse_open").values_list("recipient_id", flat=True))
    assert told == {v.pk for v in voices}
    client.force_login(stranger)
    assert "Answer the Riverside pulse" not in client.get(reverse("core:my-day")).content.decode()
    page = client.get(f"/voice/teams/{riverside.pk}/").content.decode()
    assert "Send my answers" not in page and "E-mail me a link to set my own password" in page
    assert "Send anonymously" not in page
    index = client.get("/voice/").content.decode()
    assert "your answer would not count" in index
    assert pulse.pk


def test_a_member_without_their_own_password_gets_a_link_and_then_counts(
    client, everyone, riverside, pulse, django_capture_on_commit_callbacks
):
    peer = everyone["peer"]
    User.objects.filter(pk=peer.pk).update(own_credentials_at=None)
    client.force_login(peer)
    page = client.get(f"/voice/teams/{riverside.pk}/").content.decode()
    assert policies.NEEDS_OWN_PASSWORD.split(",")[0] in page and "Send my answers" not in page
    refused = client.post(
        f"/voice/teams/{riverside.pk}/", {"action": "answer", **{f"pulse-q{n}": "3" for n in range(1, 6)}}
    )
    assert refused.status_code == 400 and not PulseParticipation.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"/voice/teams/{riverside.pk}/", {"action": "own_password"}, follow=True)
    assert "We have e-mailed you a link" in sent.content.decode()
    assert [m.to for m in mail.outbox] == [[peer.email]]
    assert "Set your own pspteam password" in mail.outbox[0].subject
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link.split("127.0.0.1:8000", 1)[1] if "127.0.0.1:8000" in link else link
    client.logout()
    form = client.get(path, follow=True)
    form_url = form.redirect_chain[-1][0]
    assert client.post(form_url, {"new_password1": "my own river", "new_password2": "my own river"}).status_code == 302
    peer.refresh_from_db()
    assert peer.own_credentials_at is not None

    client.force_login(peer)
    answered = client.post(
        f"/voice/teams/{riverside.pk}/", {"action": "answer", **{f"pulse-q{n}": "3" for n in range(1, 6)}}, follow=True
    )
    assert "recorded anonymously" in answered.content.decode()
    assert PulseParticipation.objects.filter(worker=peer).exists() and SealedAnswer.objects.count() == 1


def test_feedback_text_that_cannot_be_stored_is_a_400_naming_the_body(api, everyone, riverside):
    response = api.as_(everyone["peer"]).post(
        FEEDBACK, data='{"team": "' + str(riverside.pk) + '", "body": "a \\ud800 b"}', content_type="application/json"
    )
    assert response.status_code == 400 and "body" in response.json()
    assert not SealedFeedback.objects.exists() and not FeedbackSender.objects.exists()
