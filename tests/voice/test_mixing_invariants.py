"""Issue 13, case 6 (and the voice part of 11): nothing in the database links an answer to a
participation — not row order, ``ctid``, ``xmin`` (transaction id), old row versions or time.

Real PostgreSQL, real transactions (``transaction=True``): every answer goes through the API
as its own request, exactly as in production, and the mix runs as the task runs it. What can be
asserted without luck:

* each waiting (sealed) row was written in a transaction of its own: its ``xmin`` is nobody's
  participation ``xmin``;
* after the mix, every answer row has one and the same ``xmin``, which is no participation's;
* the answer table has no column finer than nothing (no date or time at all);
* the answer table saw INSERTs only: ``pg_stat_user_tables`` counts no update and no delete
  (so no old row version that vacuum, WAL or a backup could keep);
* the rows' physical order (``ctid``) is not the order in which people answered: over twelve
  different answers the chance that a shuffle gives back that order is 1 in 12! (≈ 2·10⁻⁹),
  and without the shuffle it always does (the buffer is read in the order it was written).
"""

from datetime import timedelta

import pytest
from django.db import connection

from apps.core.dates import org_today
from apps.teams.models import Membership
from apps.voice import services
from apps.voice.models import Feedback, FeedbackSender, Pulse, PulseParticipation, SealedAnswer, SealedFeedback
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from tests.reminders.processes import wait_for

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 12


def rows(sql, *params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def xmins(table) -> list[str]:
    return [x for (x,) in rows(f"SELECT xmin::text FROM {table}")]  # noqa: S608 - our own table names


def table_stats(table) -> tuple[int, int, int]:
    """(inserted, updated, deleted) rows since the statistics began, flushed and re-read."""
    rows("SELECT pg_stat_force_next_flush()")
    rows("SELECT pg_stat_clear_snapshot()")
    return rows("SELECT n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables WHERE relname = %s", table)[0]


@pytest.fixture
def crowd(org):
    """A team of twelve people who may answer, and its manager."""
    team = TeamFactory(organisation=org, name="Crowd")
    joined = org_today(org) - timedelta(days=100)
    manager = UserFactory(organisation=org, username="crowd-manager", display_name="Crowd Manager")
    MembershipFactory(team=team, worker=manager, team_role=Membership.TeamRole.MANAGER, joined_on=joined)
    people = []
    for i in range(PEOPLE):
        person = UserFactory(organisation=org, username=f"crowd{i}", display_name=f"Crowd {i}")
        MembershipFactory(team=team, worker=person, joined_on=joined)
        people.append(person)
    return team, manager, people


def distinct_answer(i) -> list[int]:
    return [i % 5 + 1, i // 5 + 1, 3, 3, 3]


def test_answers_are_written_in_one_shuffled_insert_only_batch_unlinked_from_any_participation(api, crowd):
    team, manager, people = crowd
    today = org_today(team.organisation)
    pulse = services.pulse_open(actor=manager, team=team, closes_on=today + timedelta(days=7))
    submitted = []
    for i, person in enumerate(people):
        response = api.as_(person).post(
            f"/api/v1/voice/pulses/{pulse.pk}/answer/", {"answers": distinct_answer(i)}, format="json"
        )
        assert response.status_code == 201
        submitted.append(tuple(distinct_answer(i)))

    participation_xmins = set(xmins("voice_pulseparticipation"))
    assert len(participation_xmins) == PEOPLE  # one transaction per answer, as in production
    # The waiting rows: each in a transaction of its own, none sharing a participation's.
    sealed_xmins = xmins("voice_sealedanswer")
    assert len(sealed_xmins) == PEOPLE and not set(sealed_xmins) & participation_xmins

    inserted, updated, deleted = table_stats("voice_pulseanswer")
    Pulse.objects.filter(pk=pulse.pk).update(opened_on=today - timedelta(days=8), closes_on=today - timedelta(days=1))
    assert services.pulse_mix(pulse.pk) == PEOPLE
    assert services.pulse_mix(pulse.pk) == 0  # a second run finds nothing waiting

    answer_xmins = set(xmins("voice_pulseanswer"))
    assert len(answer_xmins) == 1, "every answer row is written by one transaction"
    assert not answer_xmins & participation_xmins
    in_heap_order = rows("SELECT q1, q2, q3, q4, q5 FROM voice_pulseanswer ORDER BY ctid")
    assert sorted(in_heap_order) == sorted(submitted)
    assert in_heap_order != submitted, "the answers were written in the order people gave them"
    assert not SealedAnswer.objects.exists()

    # No time of any kind on an answer, not even a day.
    types = {
        t for (t,) in rows("SELECT data_type FROM information_schema.columns WHERE table_name = 'voice_pulseanswer'")
    }
    assert not {t for t in types if "time" in t or "date" in t}, types
    # INSERTs only: wait until the statistics show the twelve inserts, then no update, no delete.
    wait_for(lambda: table_stats("voice_pulseanswer")[0] >= inserted + PEOPLE, timeout=15, message="insert statistics")
    after = table_stats("voice_pulseanswer")
    assert (after[0] - inserted, after[1] - updated, after[2] - deleted) == (PEOPLE, 0, 0)
    assert PulseParticipation.objects.filter(pulse=pulse).count() == PEOPLE


def test_feedback_is_released_in_one_shuffled_batch_unlinked_from_its_senders(api, crowd):
    team, manager, people = crowd
    writers = people[:5]
    submitted = []
    for round_ in range(2):  # ten messages from five people
        for person in writers:
            text = f"Message {len(submitted)} from someone"
            response = api.as_(person).post("/api/v1/voice/feedback/", {"team": str(team.pk), "body": text})
            assert response.status_code == 201
            submitted.append(text)
            if len(submitted) < 5:
                # What the release rung by each request finds: not yet five different people.
                assert services.feedback_release(team.pk) == 0
    sender_xmins = set(xmins("voice_feedbacksender"))
    sealed_xmins = xmins("voice_sealedfeedback")
    assert len(sender_xmins) == 5 and len(sealed_xmins) == 10 and not set(sealed_xmins) & sender_xmins
    # Every seal is the same size, whatever the length of what it holds.
    assert len({len(bytes(s)) for s in SealedFeedback.objects.values_list("sealed", flat=True)}) == 1

    inserted, updated, deleted = table_stats("voice_feedback")
    assert services.feedback_release(team.pk) == 10
    feedback_xmins = set(xmins("voice_feedback"))
    assert len(feedback_xmins) == 1 and not feedback_xmins & sender_xmins
    in_heap_order = [body for (body,) in rows("SELECT body FROM voice_feedback ORDER BY ctid")]
    assert sorted(in_heap_order) == sorted(submitted) and in_heap_order != submitted
    assert not SealedFeedback.objects.exists() and not FeedbackSender.objects.exists()
    wait_for(lambda: table_stats("voice_feedback")[0] >= inserted + 10, timeout=15, message="insert statistics")
    after = table_stats("voice_feedback")
    assert (after[0] - inserted, after[1] - updated, after[2] - deleted) == (10, 0, 0)
    assert Feedback.objects.filter(batch__writers=5).count() == 10
