"""The due-date rule and the state rule (apps/supervision/state.py), in Python and in SQL,
across a month end and Europe/London's daylight-saving changes."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from apps.accounts.models import User
from apps.supervision.models import Agreement
from apps.supervision.state import State, agreement_state, compute_next_due_on
from tests.factories import AgreementFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def utc(*args):
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def london():
    return OrganisationFactory(name="London Trust", time_zone="Europe/London")


def make_agreement(org, **kwargs):
    supervisee = UserFactory(organisation=org)
    supervisor = UserFactory(organisation=org)
    return AgreementFactory(supervisee=supervisee, supervisor=supervisor, **kwargs)


def both_states(agreement, today, lead_days=3):
    """The Python rule and the SQL rule must agree."""
    python = agreement_state(agreement, today=today, lead_days=lead_days)
    sql = Agreement.objects.with_state(today, lead_days).get(pk=agreement.pk).state
    assert python == sql
    return python


def test_next_due_is_start_plus_frequency_until_a_session_is_held():
    assert compute_next_due_on(starts_on=date(2025, 1, 1), frequency_days=28, last_held_on=None) == date(2025, 1, 29)
    held = date(2025, 1, 20)
    assert compute_next_due_on(starts_on=date(2025, 1, 1), frequency_days=28, last_held_on=held) == date(2025, 2, 17)


@pytest.mark.parametrize(
    ("last_held_on", "frequency", "due"),
    [
        (date(2025, 1, 31), 28, date(2025, 2, 28)),  # into a short month
        (date(2024, 1, 31), 29, date(2024, 2, 29)),  # leap day
        (date(2025, 1, 31), 30, date(2025, 3, 2)),  # past the end of February
        (date(2024, 12, 31), 1, date(2025, 1, 1)),  # across a year end
        (date(2025, 3, 29), 1, date(2025, 3, 30)),  # the day the clocks go forward
    ],
)
def test_next_due_across_month_ends_is_plain_calendar_days(last_held_on, frequency, due):
    assert compute_next_due_on(starts_on=date(2024, 1, 1), frequency_days=frequency, last_held_on=last_held_on) == due


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (date(2025, 2, 24), State.ON_TRACK),  # 4 days before
        (date(2025, 2, 25), State.DUE_SOON),  # due − lead (3 days)
        (date(2025, 2, 27), State.DUE_SOON),
        (date(2025, 2, 28), State.OVERDUE),  # from next_due_on itself (spec §3)
        (date(2025, 3, 1), State.OVERDUE),  # across the month end
    ],
)
def test_state_boundaries_around_a_month_end(london, today, state):
    agreement = make_agreement(london, starts_on=date(2025, 1, 31), frequency_days=28, next_due_on=date(2025, 2, 28))
    assert both_states(agreement, today) == state


@pytest.mark.parametrize("status", [User.Status.STEPPED_AWAY, User.Status.LEFT])
def test_agreements_of_a_worker_who_stepped_away_or_left_are_paused(london, status):
    agreement = make_agreement(london, starts_on=date(2025, 1, 1), frequency_days=7, next_due_on=date(2025, 1, 8))
    assert both_states(agreement, date(2025, 3, 1)) == State.OVERDUE
    User.objects.filter(pk=agreement.supervisee_id).update(status=status)
    agreement = Agreement.objects.select_related("supervisee").get(pk=agreement.pk)
    assert both_states(agreement, date(2025, 3, 1)) == State.PAUSED


def test_agreements_not_yet_started_or_already_ended_are_paused(london):
    later = make_agreement(london, starts_on=date(2025, 6, 1), frequency_days=7, next_due_on=date(2025, 6, 8))
    ended = make_agreement(
        london, starts_on=date(2025, 1, 1), ends_on=date(2025, 2, 1), frequency_days=7, next_due_on=date(2025, 1, 8)
    )
    assert both_states(later, date(2025, 3, 1)) == State.PAUSED
    assert both_states(ended, date(2025, 3, 1)) == State.PAUSED
    assert both_states(ended, date(2025, 2, 1)) == State.OVERDUE  # the last day is still in force


def test_lead_days_is_a_parameter_of_the_one_rule(london):
    agreement = make_agreement(london, starts_on=date(2025, 1, 1), frequency_days=28, next_due_on=date(2025, 1, 29))
    assert both_states(agreement, date(2025, 1, 22), lead_days=3) == State.ON_TRACK
    assert both_states(agreement, date(2025, 1, 22), lead_days=7) == State.DUE_SOON


def test_sorting_by_state_rank_puts_the_most_urgent_first(london):
    on_track = make_agreement(london, starts_on=date(2025, 1, 1), frequency_days=60, next_due_on=date(2025, 3, 2))
    overdue = make_agreement(london, starts_on=date(2025, 1, 1), frequency_days=7, next_due_on=date(2025, 1, 8))
    soon = make_agreement(london, starts_on=date(2025, 1, 1), frequency_days=30, next_due_on=date(2025, 1, 31))
    rows = Agreement.objects.with_state(date(2025, 1, 30)).order_by("state_rank").values_list("pk", flat=True)
    assert list(rows) == [overdue.pk, soon.pk, on_track.pk]


# --- the organisation's time zone, through the API, across daylight-saving changes ----------


@pytest.fixture
def london_people(london):
    from apps.teams.models import Membership
    from tests.factories import MembershipFactory, TeamFactory

    team = TeamFactory(organisation=london, name="Thames")
    supervisor = UserFactory(organisation=london, username="sup")
    supervisee = UserFactory(organisation=london, username="sue")
    manager = UserFactory(organisation=london, username="man", worker_kind="clinical")
    for person, role in ((supervisor, "supervisor"), (supervisee, "member"), (manager, "manager")):
        MembershipFactory(team=team, worker=person, team_role=role, joined_on=date(2024, 1, 1))
    assert Membership.objects.count() == 3
    return supervisor, supervisee, manager


@pytest.mark.parametrize(
    ("instant", "state"),
    [
        # Spring forward: 2025-03-30 01:00 UTC. Due 2025-03-31.
        (utc(2025, 3, 30, 22, 59), State.DUE_SOON),  # 23:59 BST on the 30th
        (utc(2025, 3, 30, 23, 0), State.OVERDUE),  # 00:00 BST on the 31st, still the 30th in UTC
    ],
)
def test_state_turns_at_london_midnight_after_the_clocks_go_forward(api, london_people, instant, state):
    supervisor, supervisee, manager = london_people
    agreement = AgreementFactory(
        supervisee=supervisee,
        supervisor=supervisor,
        starts_on=date(2025, 3, 3),
        frequency_days=28,
        next_due_on=date(2025, 3, 31),
    )
    with time_machine.travel(instant, tick=False):
        response = api.as_(manager).get(f"/api/v1/supervision/agreements/{agreement.pk}/")
    assert response.json()["state"] == state


@pytest.mark.parametrize(
    ("instant", "state"),
    [
        # Fall back: 2025-10-26 01:00 UTC. Due 2025-10-27.
        (utc(2025, 10, 26, 23, 59), State.DUE_SOON),  # 23:59 GMT on the 26th
        (utc(2025, 10, 27, 0, 0), State.OVERDUE),  # 00:00 GMT on the 27th
        (utc(2025, 10, 25, 23, 30), State.DUE_SOON),  # 00:30 BST on the 26th
    ],
)
def test_state_turns_at_london_midnight_after_the_clocks_go_back(api, london_people, instant, state):
    supervisor, supervisee, manager = london_people
    agreement = AgreementFactory(
        supervisee=supervisee,
        supervisor=supervisor,
        starts_on=date(2025, 9, 29),
        frequency_days=28,
        next_due_on=date(2025, 10, 27),
    )
    with time_machine.travel(instant, tick=False):
        response = api.as_(manager).get(f"/api/v1/supervision/agreements/{agreement.pk}/")
    assert response.json()["state"] == state


def test_a_session_held_today_in_london_is_not_in_the_future_while_utc_is_still_yesterday(api, london_people):
    supervisor, supervisee, manager = london_people
    agreement = AgreementFactory(
        supervisee=supervisee,
        supervisor=supervisor,
        starts_on=date(2025, 3, 3),
        frequency_days=28,
        next_due_on=date(2025, 3, 31),
    )
    with time_machine.travel(utc(2025, 3, 30, 23, 30), tick=False):  # 00:30 BST on the 31st
        response = api.as_(supervisor).post(
            "/api/v1/supervision/sessions/",
            {
                "agreements": [str(agreement.pk)],
                "held_on": "2025-03-31",
                "duration_minutes": 60,
                "functions": ["restorative"],
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
        # held 31 March + 28 days: across the month end into April.
        agreement.refresh_from_db()
        assert agreement.next_due_on == date(2025, 4, 28)
        state = api.as_(supervisee).get(f"/api/v1/supervision/agreements/{agreement.pk}/").json()["state"]
        assert state == State.ON_TRACK
        tomorrow = api.as_(supervisor).post(
            "/api/v1/supervision/sessions/",
            {
                "agreements": [str(agreement.pk)],
                "held_on": "2025-04-01",
                "duration_minutes": 60,
                "functions": ["restorative"],
            },
            format="json",
        )
        assert tomorrow.status_code == 400
        assert "held_on" in tomorrow.json()


def test_a_session_recorded_on_a_month_end_moves_the_due_date_into_the_next_month(api, london_people):
    supervisor, supervisee, manager = london_people
    agreement = AgreementFactory(
        supervisee=supervisee,
        supervisor=supervisor,
        starts_on=date(2025, 1, 2),
        frequency_days=28,
        next_due_on=date(2025, 1, 30),
    )
    with time_machine.travel(utc(2025, 1, 31, 15, 0), tick=False):
        api.as_(supervisor).post(
            "/api/v1/supervision/sessions/",
            {
                "agreements": [str(agreement.pk)],
                "held_on": "2025-01-31",
                "duration_minutes": 45,
                "functions": ["formative"],
            },
            format="json",
        )
        body = api.as_(manager).get(f"/api/v1/supervision/agreements/{agreement.pk}/").json()
    assert body["next_due_on"] == "2025-02-28"
    assert body["state"] == State.ON_TRACK
    with time_machine.travel(utc(2025, 2, 28, 0, 1), tick=False):  # 00:01 GMT on the 28th
        assert api.as_(manager).get(f"/api/v1/supervision/agreements/{agreement.pk}/").json()["state"] == "overdue"
