"""Panels this app adds to "my day" and to the team page (see apps/core/registry.py)."""

from typing import Any

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.boundaries.selectors import labelled_note_counts, review_queue, summary_scope
from apps.core.capabilities import caps
from apps.supervision.models import Agreement
from apps.supervision.selectors import (
    agreements_awaiting,
    agreements_supervised_by,
    agreements_with_state,
    told_stepped_away,
)
from apps.supervision.state import STATE_ORDER, State
from apps.teams.models import Membership, Team


def my_due_supervision(user: User) -> dict[str, Any]:
    """The supervisee's agreements with state and next due date (nothing if they have none)."""
    if not user.is_peer and not caps(user).supervisor_ids:
        return {"due_agreements": []}
    agreements = agreements_with_state(user).filter(supervisee_id=user.pk).order_by("state_rank", "next_due_on")
    return {"due_agreements": list(agreements)}


def awaiting_my_review(user: User) -> dict[str, Any]:
    """For supervisors: the top of "Supervising" (no text) and their supervisees' states."""
    if not caps(user).supervisee_ids:
        return {"is_supervisor": False}
    queue = review_queue(user)
    top = list(queue[:5])
    counts = {s.value: 0 for s in STATE_ORDER}
    for state in agreements_supervised_by(user).values_list("state", flat=True):
        counts[state] += 1
    return {
        "is_supervisor": True,
        "awaiting": top,
        "awaiting_count": len(top) if len(top) < 5 else queue.count(),
        "state_counts": [(State(s).label, s.value, counts[s.value]) for s in STATE_ORDER],
    }


def team_supervision(user: User, team: Team) -> dict[str, Any] | None:
    """Managers (and org admins): each member's supervision state, and boundary-note counts
    by state for the team — never any note or session text."""
    my = caps(user)
    if not my.can_manage_team(team.pk):
        return None
    today = my.today
    members = Membership.objects.active(today).filter(team=team).values("worker_id")
    agreements = list(
        Agreement.objects.filter(organisation_id=org_id(user), supervisee_id__in=members)
        .active(today)
        .select_related("supervisee", "supervisor")
        .with_state(today, told=told_stepped_away(user))  # a step-away only to whom it is told
        .order_by("state_rank", "next_due_on", "supervisee__display_name")
    )
    state_counts = {s.value: 0 for s in STATE_ORDER}
    for agreement in agreements:
        state_counts[agreement.state] += 1
    scope = summary_scope(user, team)
    return {
        "team": team,
        "agreements": agreements,
        # No "paused" count: a team's readers are not told who stepped away (an agreement that
        # is paused for another reason still shows its own tag).
        "state_counts": [(State(s).label, s.value, state_counts[s.value]) for s in STATE_ORDER if s != State.PAUSED],
        "note_counts": labelled_note_counts(scope) if scope is not None else None,
    }


def awaiting_my_answer(user: User) -> dict[str, Any]:
    """Supervision proposals waiting for the user's answer (as supervisee or supervisor)."""
    return {"proposals": list(agreements_awaiting(user)[:5])}
