"""Supervision held on time: the rule in apps/dashboard/compliance.py, case by case.

Time is frozen on Wednesday 12 March 2025 (London): the window's weeks start on Mondays from
23 December 2024 to 10 March 2025.
"""

from datetime import UTC, date, datetime

import pytest
import time_machine

from apps.accounts.models import Organisation
from apps.dashboard import figures
from apps.dashboard.compliance import compliance, week_start, window
from apps.dashboard.selectors import team_dashboard
from apps.supervision.models import Agreement
from apps.supervision.selectors import told_stepped_away
from tests.dashboard.helpers import hold, stepped_away
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

TODAY = date(2025, 3, 12)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2025, 3, 12, 12, 0, tzinfo=UTC), tick=False):
        yield


def supervision(manager, team):
    return team_dashboard(manager, team)["supervision"]


def row_of(reader, worker):
    """One supervisee's tallies by the rule, as ``reader`` sees them (the dashboard itself shows
    them per supervisor)."""
    agreements = figures.agreements(reader, [worker.pk], TODAY)
    tallies = compliance(
        organisation_id=worker.organisation_id,
        worker_ids=[worker.pk],
        agreements=agreements,
        today=TODAY,
        told=told_stepped_away(reader),
    )
    return tallies.for_workers([worker.pk])["total"].as_dict()


def week_of(s, day):
    return next(w for w in s["weeks"] if w["week_start"] == week_start(day))


def peer_agreement(peer):
    return Agreement.objects.get(supervisee=peer, kind="peer")


def test_the_window_is_this_week_and_the_eleven_before_it_monday_to_sunday():
    mondays = window(TODAY)
    assert len(mondays) == 12
    assert mondays[-1] == date(2025, 3, 10) and mondays[0] == date(2024, 12, 23)
    assert all(m.weekday() == 0 for m in mondays)


def test_a_session_on_its_due_date_is_on_time_and_one_after_it_is_late(manager, riverside, peer):
    agreement = peer_agreement(peer)  # started 60 days ago (11 Jan), every 28 days: first due 8 Feb
    assert agreement.starts_on == date(2025, 1, 11)
    hold(agreement, on=date(2025, 2, 8))  # due 8 Feb: on time (the due day itself counts)
    hold(agreement, on=date(2025, 3, 10))  # due 8 Feb + 28 = 8 Mar: two days late

    s = supervision(manager, riverside)

    row = row_of(manager, peer)
    assert (row["on_time"], row["late"], row["outstanding"], row["share"]) == (1, 1, 0, 0.5)
    assert week_of(s, date(2025, 2, 8))["on_time"] == 1
    assert week_of(s, date(2025, 3, 10))["late"] == 1
    assert s["total"]["counted"] == 2 and s["total"]["share"] == 0.5


def test_the_due_date_of_a_session_comes_from_the_session_before_it_even_before_the_window(manager, riverside, peer):
    agreement = peer_agreement(peer)
    Agreement.objects.filter(pk=agreement.pk).update(starts_on=date(2024, 6, 1))
    agreement.refresh_from_db()
    hold(agreement, on=date(2024, 12, 10))  # before the window: not counted, but it sets the next due date
    hold(agreement, on=date(2025, 1, 7))  # due 10 Dec + 28 = 7 Jan: on time

    row = row_of(manager, peer)

    assert (row["on_time"], row["late"]) == (1, 0)


def test_supervision_overdue_and_not_held_counts_as_late_in_the_week_it_fell_due(manager, riverside, peer):
    agreement = peer_agreement(peer)
    hold(agreement, on=date(2025, 2, 3))  # due 7 Feb: on time; next due 3 Mar, not held
    assert agreement.next_due_on == date(2025, 3, 3)

    s = supervision(manager, riverside)

    assert row_of(manager, peer)["outstanding"] == 1 and row_of(manager, peer)["share"] == 0.5
    assert week_of(s, date(2025, 3, 3))["outstanding"] == 1
    assert s["state_counts"]["overdue"] == 1
    assert [a["worker"]["name"] for a in s["attention"]] == ["Pat Peer"]


def test_supervision_overdue_since_before_the_window_is_counted_in_its_first_week(
    manager, riverside, peer2, supervisor
):
    AgreementFactory(supervisee=peer2, supervisor=supervisor, starts_on=date(2024, 9, 1), frequency_days=28)

    s = supervision(manager, riverside)

    assert s["weeks"][0]["outstanding"] == 1 and row_of(manager, peer2)["outstanding"] == 1


def test_a_step_away_leaves_supervision_out_of_the_figures_only_for_the_people_told_of_it(
    manager, riverside, peer, supervisor
):
    """Pat's supervisor is told Pat stepped away; the manager is not (issue 15): to the manager the
    late session is late and the overdue agreement outstanding, as anyone's, so that the figures
    do not tell them; to the supervisor neither counts."""
    agreement = peer_agreement(peer)  # first due 8 Feb
    stepped_away(peer, started_on=date(2025, 2, 1), returned_on=date(2025, 2, 20))
    hold(agreement, on=date(2025, 2, 25))  # late, but the due date fell while Pat had stepped away

    row = row_of(manager, peer)
    assert (row["on_time"], row["late"], row["counted"], row["share"]) == (0, 1, 1, 0.0)
    assert "excused" not in row  # never shown: it would tell the manager Pat stepped away
    assert (row_of(supervisor, peer)["late"], row_of(supervisor, peer)["counted"]) == (0, 0)

    # Stepped away now: paused for the supervisor, overdue by its dates for the manager.
    Agreement.objects.filter(pk=agreement.pk).update(next_due_on=date(2025, 3, 1))
    stepped_away(peer, started_on=date(2025, 3, 2))
    s = supervision(manager, riverside)
    assert row_of(manager, peer)["outstanding"] == 1 and row_of(supervisor, peer)["outstanding"] == 0
    assert s["state_counts"]["paused"] == 0 and s["state_counts"]["overdue"] == 1
    assert s["attention"][0]["state"] == "overdue"


def test_a_late_session_of_a_worker_who_stepped_away_at_another_time_is_still_late(manager, riverside, peer):
    agreement = peer_agreement(peer)  # first due 8 Feb
    stepped_away(peer, started_on=date(2024, 11, 1), returned_on=date(2024, 11, 20))
    hold(agreement, on=date(2025, 2, 25))

    assert row_of(manager, peer)["late"] == 1


def test_a_group_session_counts_once_for_each_supervisee_it_covers(manager, riverside, peer, peer2, supervisor):
    second = AgreementFactory(supervisee=peer2, supervisor=supervisor, starts_on=date(2025, 1, 11))
    hold(peer_agreement(peer), second, on=date(2025, 2, 1))

    s = supervision(manager, riverside)

    assert row_of(manager, peer)["on_time"] == 1 and row_of(manager, peer2)["on_time"] == 1
    assert week_of(s, date(2025, 2, 1))["on_time"] == 2


def test_nothing_counted_is_no_share_rather_than_zero(manager, riverside):
    s = supervision(manager, riverside)

    assert s["total"]["counted"] == 0 and s["total"]["share"] is None
    assert all(w["share"] is None for w in s["weeks"])


def test_weeks_are_the_organisations_local_weeks(manager, riverside, peer):
    # 20:00 on Sunday 9 March in London is already Monday 10 March in Auckland.
    Organisation.objects.filter(pk=riverside.organisation_id).update(time_zone="Pacific/Auckland")
    manager.organisation.refresh_from_db()
    hold(peer_agreement(peer), on=date(2025, 3, 10))

    with time_machine.travel(datetime(2025, 3, 9, 20, 0, tzinfo=UTC), tick=False):
        s = supervision(manager, riverside)

    assert s["window_end"] == date(2025, 3, 10)
    assert s["weeks"][-1]["week_start"] == date(2025, 3, 10) and s["weeks"][-1]["late"] == 1


def test_supervision_on_time_is_shown_per_supervisor_never_per_supervisee(
    manager, riverside, peer, peer2, supervisor, clinician
):
    """Issue 15, item 12: on time is the supervisor's to keep; the dashboard sums it per supervisor."""
    hold(peer_agreement(peer), on=date(2025, 2, 8))  # Sam, on time
    second = AgreementFactory(supervisee=peer2, supervisor=supervisor, starts_on=date(2025, 1, 11))
    hold(second, on=date(2025, 2, 20))  # Sam, late (due 8 Feb)
    clinical = AgreementFactory(supervisee=peer2, supervisor=clinician, kind="clinical", starts_on=date(2025, 1, 11))
    hold(clinical, on=date(2025, 2, 1))  # Casey, on time

    s = supervision(manager, riverside)

    # Pat's and the clinical agreements are overdue again today (12 Mar): outstanding, Sam's and Casey's.
    rows = {
        row["supervisor"]["name"]: (row["on_time"], row["late"], row["outstanding"], row["share"])
        for row in s["supervisors"]
    }
    assert rows == {"Casey Clinician": (1, 0, 1, 0.5), "Sam Supervisor": (1, 1, 1, 0.3333)}
    assert "workers" not in s
    named = {name for a in s["attention"] for name in (a["supervisor"]["name"],)}
    assert named <= {"Casey Clinician", "Sam Supervisor"}
    assert all(a["agreement_name"].endswith(a["worker"]["name"]) for a in s["attention"])
