"""The one rule for when supervision is due and what state an agreement is in.

Everything that shows or acts on supervision state — the API, the pages, the team panels
and the reminder scan — goes through this module, in Python (:func:`agreement_state`) or
in SQL (:func:`state_expression`, used by ``Agreement.objects.with_state``). The two
implement the same rule and are tested against each other.

The rule (spec §1, §3), with ``today`` the organisation's local date:

* **due date** — ``next_due_on`` = (latest session's ``held_on`` under the agreement, or
  ``starts_on`` when none) + ``frequency_days``. It is stored on the agreement (the due
  column) and recomputed by :func:`compute_next_due_on` whenever a service changes the
  agreement or one of its sessions.
* **paused** — the supervisee is not active (``stepped_away`` or ``left``, or their account
  is deactivated), or the agreement is not in force today (not agreed to by both people —
  status other than ``active`` —, it starts later or has ended).
  Paused agreements are never reported late and nobody is reminded about them.
  **Who is told it is paused because of a step-away**: only the supervisee and their supervisors
  (``Capabilities.is_told_stepped_away``; the step-away form's promise). Shown to anyone else
  (a manager, an org admin), the agreement of a stepped-away supervisee reads by its dates alone,
  as if they had not stepped away: ``told`` below (issue 15). A leaver's, a deactivated account's
  or an agreement not in force still reads paused to everyone.
* **overdue** — from ``next_due_on`` itself (``today >= next_due_on``), as in the spec's
  reminder table ("overdue: from next_due_on").
* **due_soon** — from ``next_due_on − lead_days`` until then (``lead_days`` defaults to
  ``settings.REMINDER_LEAD_DAYS``).
* **on_track** — otherwise. An agreement with no due date yet (only possible for rows not
  written through the services) counts as on track rather than inventing a date.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from typing import Protocol
from uuid import UUID

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, QuerySet, Value, When


class State(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    PAUSED = "paused", "Paused"


# Most urgent first, for sorting lists by state.
STATE_ORDER = {State.OVERDUE: 0, State.DUE_SOON: 1, State.ON_TRACK: 2, State.PAUSED: 3}


def default_lead_days() -> int:
    return settings.REMINDER_LEAD_DAYS


def compute_next_due_on(*, starts_on: date, frequency_days: int, last_held_on: date | None) -> date:
    """(latest session's ``held_on``, or ``starts_on``) + ``frequency_days``."""
    base = last_held_on if last_held_on is not None and last_held_on >= starts_on else starts_on
    return base + timedelta(days=frequency_days)


class _Supervisee(Protocol):
    status: str
    is_active: bool


class _Agreement(Protocol):
    """What the rule reads of an agreement (``apps.supervision.models.Agreement``, which imports
    this module: a protocol instead of the model keeps the two free of a cycle)."""

    status: str
    starts_on: date
    ends_on: date | None
    next_due_on: date | None
    supervisee_id: UUID

    @property
    def supervisee(self) -> _Supervisee: ...


def is_in_force(agreement: _Agreement, on_date: date) -> bool:
    if agreement.status != "active":
        return False
    return agreement.starts_on <= on_date and (agreement.ends_on is None or agreement.ends_on >= on_date)


def agreement_state(
    agreement: _Agreement, *, today: date, lead_days: int | None = None, told: Collection[UUID] | None = None
) -> str:
    """The state of one agreement on ``today`` (the organisation's local date), as shown to a
    viewer who is told of the step-aways of the supervisees in ``told`` (None: of everyone's — the
    rule itself, for the reminder scan and the figures; see the module docstring).

    Reads ``agreement.supervisee`` — select it with the agreement in lists (or use
    ``Agreement.objects.with_state``, which computes the same thing in SQL).
    """
    if lead_days is None:
        lead_days = default_lead_days()
    supervisee = agreement.supervisee
    hidden_away = (
        told is not None
        and supervisee.status == "stepped_away"
        and supervisee.is_active
        and agreement.supervisee_id not in told
    )
    if (supervisee.status != "active" and not hidden_away) or not supervisee.is_active:
        return State.PAUSED
    if not is_in_force(agreement, today):
        return State.PAUSED
    due = agreement.next_due_on
    if due is None:
        return State.ON_TRACK
    if today >= due:
        return State.OVERDUE
    if today >= due - timedelta(days=lead_days):
        return State.DUE_SOON
    return State.ON_TRACK


def paused_q(today: date, prefix: str = "", *, told: Collection[UUID] | QuerySet | None = None) -> Q:
    """Agreements paused on ``today``, as shown to a viewer told of the step-aways of ``told``
    (ids, or a subquery of them; None: everyone's; see the module docstring)."""
    p = prefix
    not_active = ~Q(**{f"{p}supervisee__status": "active"})
    if told is not None:
        # A step-away the viewer is not told of does not pause the agreement in their eyes.
        not_active &= ~(Q(**{f"{p}supervisee__status": "stepped_away"}) & ~Q(**{f"{p}supervisee_id__in": told}))
    return (
        ~Q(**{f"{p}status": "active"})
        | not_active
        | Q(**{f"{p}supervisee__is_active": False})
        | Q(**{f"{p}starts_on__gt": today})
        | Q(**{f"{p}ends_on__lt": today})
    )


def state_expression(
    today: date, lead_days: int | None = None, *, told: Collection[UUID] | QuerySet | None = None
) -> Case:
    """The same rule as :func:`agreement_state`, as a SQL ``CASE`` over agreements."""
    if lead_days is None:
        lead_days = default_lead_days()
    return Case(
        When(paused_q(today, told=told), then=Value(State.PAUSED.value)),
        When(next_due_on__isnull=True, then=Value(State.ON_TRACK.value)),
        When(next_due_on__lte=today, then=Value(State.OVERDUE.value)),
        When(next_due_on__lte=today + timedelta(days=lead_days), then=Value(State.DUE_SOON.value)),
        default=Value(State.ON_TRACK.value),
        output_field=models.CharField(max_length=16),
    )


def state_rank_expression() -> Case:
    """Sort key over an annotated ``state``: overdue, due soon, on track, paused."""
    return Case(
        *(When(state=state.value, then=Value(rank)) for state, rank in STATE_ORDER.items()),
        default=Value(9),
        output_field=models.IntegerField(),
    )
