"""Supervision compliance: the share of supervision held on time over the last 12 weeks.

The rule, precisely (it is shown on the dashboard and returned by the API as ``rule``):

* **Weeks** are the organisation's local weeks, Monday to Sunday. The window is the current
  week (up to today, the organisation's local date) and the eleven weeks before it.
* **Due date at the time of a session.** An agreement's due dates follow the one rule in
  ``apps/supervision/state.py`` (``compute_next_due_on``): the first falls ``frequency_days``
  after ``starts_on``; each later one ``frequency_days`` after the previous session held
  under the agreement. A session therefore meets the due date computed from the session
  before it (or from the start, for the first).
* **On time**: ``held_on <= that due date``. **Late**: held after it.
* **Counted**, each in one week of the window:

  - every session held in the window, once per agreement it covers (a group session counts
    for each supervisee), in the week it was held;
  - every agreement *overdue* today as the reader sees it (by the shared state rule with the
    reader's ``told``: an agreement paused by a step-away is paused only for those told of it,
    and reads as overdue, counted, for everyone else, so that the figures are the same as for
    anyone overdue; a leaver's is paused for all) whose due date passed without a session: one
    late occasion, still outstanding, in the week it fell due — or the window's first week, if
    it fell due earlier.

* **Not counted** (stepping away pauses compliance, spec §1): a late session whose supervisee
  had stepped away at any time between its due date and the day it was held.
* **Share** = on time ÷ (on time + late + outstanding); none when nothing was counted.

Everything is computed for a set of workers at once, in a fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Max, OuterRef, Subquery

from apps.supervision.models import SupervisionSession
from apps.supervision.state import State, compute_next_due_on
from apps.wellbeing.models import StepAway

WEEKS = 12

RULE = (
    "Weeks run Monday to Sunday in the organisation's time zone; the window is this week and the eleven before it. "
    "Each session held in the window counts once per agreement it covers: on time if held on or before the "
    "agreement's due date at that point (frequency_days after the previous session, or after the start for the "
    "first), late otherwise. Supervision overdue today and not yet held counts as late (outstanding), in the week it "
    "fell due, unless the agreement is paused (the supervisee has left). A late session is not "
    "counted if its supervisee stepped away between its due date and the day it was held (for the people told of "
    "the step-away: the worker and their supervisors; for everyone else supervision reads by its dates). "
    "Share on time = on time / everything counted."
)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def window(today: date, weeks: int = WEEKS) -> list[date]:
    """The Mondays of the window, oldest first; the last is this week's."""
    this_week = week_start(today)
    return [this_week - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]


@dataclass
class Tally:
    on_time: int = 0
    late: int = 0
    outstanding: int = 0
    excused: int = 0

    @property
    def counted(self) -> int:
        return self.on_time + self.late + self.outstanding

    @property
    def share(self) -> float | None:
        return round(self.on_time / self.counted, 4) if self.counted else None

    def as_dict(self) -> dict:
        return {
            "on_time": self.on_time,
            "late": self.late,
            "outstanding": self.outstanding,
            # ``excused`` (late sessions not counted: the supervisee had stepped away) is not
            # shown: the dashboard is read by managers and org admins, who are not told of anyone's
            # stepping away, and one supervisor's count would tell it of their supervisee.
            "counted": self.counted,
            "share": self.share,
        }


@dataclass
class Compliance:
    """Tallies per (supervisee, supervisor, week), summed for a team by :meth:`for_workers`:
    in all, per week, per supervisee and per supervisor (whose work supervision on time is)."""

    weeks: list[date]
    cells: dict = field(default_factory=lambda: defaultdict(Tally))  # (worker id, supervisor id, monday) -> Tally
    names: dict = field(default_factory=dict)  # supervisor id -> name, for the per-supervisor rows

    def add(self, worker_id, supervisor_id, monday: date, kind: str) -> None:
        tally = self.cells[(worker_id, supervisor_id, monday)]
        setattr(tally, kind, getattr(tally, kind) + 1)

    def for_workers(self, worker_ids) -> dict:
        """``{"total": Tally, "weeks": [(monday, Tally)], "workers": {worker_id: Tally},
        "supervisors": {supervisor_id: Tally}}`` over the supervision of ``worker_ids``."""
        worker_ids = set(worker_ids)
        total, weeks = Tally(), {monday: Tally() for monday in self.weeks}
        workers, supervisors = defaultdict(Tally), defaultdict(Tally)
        for (worker_id, supervisor_id, monday), tally in self.cells.items():
            if worker_id not in worker_ids:
                continue
            for target in (total, weeks[monday], workers[worker_id], supervisors[supervisor_id]):
                target.on_time += tally.on_time
                target.late += tally.late
                target.outstanding += tally.outstanding
                target.excused += tally.excused
        return {
            "total": total,
            "weeks": list(weeks.items()),
            "workers": dict(workers),
            "supervisors": dict(supervisors),
        }


def sessions_in_window(*, organisation_id, worker_ids, start: date, end: date) -> list[tuple]:
    """``(agreement_id, supervisee_id, supervisor_id, supervisor name, supervisor username,
    starts_on, frequency_days, held_on, previous_held_on)`` for every (session, agreement) pair
    held in ``[start, end]`` — one query.

    ``previous_held_on`` is the latest earlier session under the same agreement (any date, so
    the first session of the window still knows the one before it)."""
    through = SupervisionSession.agreements.through
    previous = (
        through.objects.filter(  # type: ignore[misc]  # the plugin checks annotations' names as fields
            agreement_id=OuterRef("agreement_id"),
            supervisionsession__held_on__lt=OuterRef("supervisionsession__held_on"),
        )
        .order_by()
        .values("agreement_id")
        .annotate(latest=Max("supervisionsession__held_on"))
        .values("latest")
    )
    return list(
        through.objects.filter(  # type: ignore[misc]  # the plugin checks annotations' names as fields
            agreement__organisation_id=organisation_id,
            agreement__supervisee_id__in=list(worker_ids),
            supervisionsession__held_on__gte=start,
            supervisionsession__held_on__lte=end,
        )
        .annotate(previous_held_on=Subquery(previous))
        .values_list(
            "agreement_id",
            "agreement__supervisee_id",
            "agreement__supervisor_id",
            "agreement__supervisor__display_name",
            "agreement__supervisor__username",
            "agreement__starts_on",
            "agreement__frequency_days",
            "supervisionsession__held_on",
            "previous_held_on",
        )
    )


def step_away_periods(*, organisation_id, worker_ids, today: date, told=None) -> dict:
    """``{worker_id: [(from, to)]}``: the workers' step-away periods (one query), of those among
    them whose step-away the reader is ``told`` (ids or a subquery; None: all).
    Only dates are read, never the message."""
    # Every period, not only those inside the window: a late session in the window may have
    # fallen due long before it.
    rows = StepAway.objects.filter(
        organisation_id=organisation_id, author_id__in=list(worker_ids), started_on__lte=today
    )
    if told is not None:
        rows = rows.filter(author_id__in=told)
    periods = defaultdict(list)
    for author_id, started_on, returned_on in rows.values_list("author_id", "started_on", "returned_on"):
        periods[author_id].append((started_on, returned_on or today))
    return periods


def _stepped_away_between(periods, first: date, last: date) -> bool:
    return any(start <= last and end >= first for start, end in periods)


def compliance(*, organisation_id, worker_ids, agreements, today: date, weeks: int = WEEKS, told=None) -> Compliance:
    """The on-time tallies per worker and per week (see the module docstring).

    ``agreements`` are the agreements in force today with ``state`` annotated by the shared
    rule (``Agreement.objects.with_state``) with the reader's ``told``, and their supervisor
    loaded; ``told`` the same (``supervision.selectors.told_stepped_away``): a late session is
    left out for a step-away only for the people told of it. Two queries of its own (sessions,
    step-aways).
    """
    mondays = window(today, weeks)
    start = mondays[0]
    result = Compliance(weeks=mondays)
    worker_ids = set(worker_ids)
    if not worker_ids:
        return result
    away = step_away_periods(organisation_id=organisation_id, worker_ids=worker_ids, today=today, told=told)

    for agreement in agreements:
        result.names[agreement.supervisor_id] = agreement.supervisor.display_name or agreement.supervisor.username
    for (
        _agreement_id,
        supervisee_id,
        supervisor_id,
        supervisor_name,
        supervisor_username,
        starts_on,
        frequency,
        held_on,
        previous,
    ) in sessions_in_window(organisation_id=organisation_id, worker_ids=worker_ids, start=start, end=today):
        result.names.setdefault(supervisor_id, supervisor_name or supervisor_username)
        due = compute_next_due_on(starts_on=starts_on, frequency_days=frequency, last_held_on=previous)
        if held_on <= due:
            kind = "on_time"
        elif _stepped_away_between(away.get(supervisee_id, []), due, held_on):
            kind = "excused"
        else:
            kind = "late"
        result.add(supervisee_id, supervisor_id, week_start(held_on), kind)

    for agreement in agreements:
        # As the reader sees the agreement (``state`` by their ``told``): shown overdue to someone
        # not told its supervisee stepped away, it counts as any overdue agreement does (leaving
        # it out would tell them of the step-away, issue 15). A leaver's is paused for everyone.
        if agreement.state == State.OVERDUE and agreement.next_due_on is not None:
            result.add(
                agreement.supervisee_id,
                agreement.supervisor_id,
                max(week_start(agreement.next_due_on), start),
                "outstanding",
            )
    return result
