"""The team dashboard's figures, for one team or many side by side (spec §5, §2).

Aggregates only. Nothing here selects a text column of a reflection, boundary note, check-in
or supervision session: only ids, dates, states and categories, counted. Each figure reuses
the owning app's rule (supervision state, overlap finder, voice aggregates, requirement
sets) and its read scope where it has one.

Cost: :func:`dashboards` runs a fixed number of queries for any number of teams, members,
agreements, sessions, notes or records (measured in ``tests/dashboard/test_query_counts.py``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.urls import reverse

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.boundaries.models import BoundaryNote
from apps.core.capabilities import caps, require
from apps.dashboard import drift_indicators, figures, policies
from apps.dashboard.cache import cached_board
from apps.dashboard.compliance import RULE as COMPLIANCE_RULE
from apps.dashboard.compliance import WEEKS, compliance
from apps.dashboard.figures import ROLE_DRIFT_DAYS, TRAINING_EXPIRING_DAYS
from apps.reflections.models import Reflection
from apps.roles.selectors import assigned_hours
from apps.supervision.selectors import told_stepped_away
from apps.supervision.state import STATE_ORDER, State
from apps.teams.models import Membership, Team
from apps.teams.selectors import get_team_for
from apps.voice.policies import min_group

REFLECTION_MONTHS = 6
# Not "paused": the dashboard's readers (managers, org admins) are not told who stepped away, and
# an agreement paused otherwise (a leaver's, a closed account's) needs nothing from them.
ATTENTION_STATES = (State.OVERDUE, State.DUE_SOON)
FLAG_LABELS = {
    "under": "Under-allocated",
    "over": "Over-allocated",
    "ok": "As contracted",
    "none": "No contracted hours",
}


# --- which teams -----------------------------------------------------------------------------


def dashboard_teams_for(user: User) -> QuerySet[Team]:
    """Teams whose dashboard ``user`` may see: every team in use for org admins (archived teams
    have no one left to count), managed teams for managers."""
    qs = Team.objects.filter(organisation_id=org_id(user), archived_at__isnull=True)
    my = caps(user)
    if my.is_org_admin:
        return qs.order_by("name")
    return qs.filter(pk__in=my.managed_team_ids).order_by("name")


def get_dashboard_team_for(user: User, team_id: UUID | str) -> Team:
    """The team, if ``user`` may see its dashboard: 404 if they cannot see the team at all,
    403 if they can (a member) but are not its manager or an org admin."""
    team = get_team_for(user, team_id)
    require(policies.can_view_team_dashboard(user, team.pk), "Only this team's managers can see its dashboard.")
    return team


# --- helpers ----------------------------------------------------------------------------------


def _person(worker: User) -> dict[str, Any]:
    return {"id": worker.pk, "name": worker.display_name or worker.username}


def _last_months(today: date, count: int) -> list[date]:
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(months))


# --- putting one team together ------------------------------------------------------------------


def _hours_row(worker: User, assigned: Decimal) -> dict[str, Any]:
    contracted = worker.contracted_hours_per_week or Decimal(0)
    if not worker.has_contracted_hours:
        flag = "none"  # bank, sessional or zero-hours: no contract to be over or under
    elif worker.is_over_contract(assigned):
        flag = "over"
    elif assigned < contracted:
        flag = "under"
    else:
        flag = "ok"
    return {
        "worker": _person(worker),
        "contracted": contracted,
        "assigned": assigned,
        "difference": assigned - contracted,
        "flag": flag,
        "flag_label": FLAG_LABELS[flag],
    }


def _supervision(members: list[User], agreements: list[Any], tallies: Any, today: date) -> dict[str, Any]:
    member_ids = {w.pk for w in members}
    mine = [a for a in agreements if a.supervisee_id in member_ids]
    figures = tallies.for_workers(member_ids)
    counts = {s.value: 0 for s in STATE_ORDER}
    for agreement in mine:
        counts[agreement.state] += 1
    with_peer_supervision = {a.supervisee_id for a in mine if a.kind == "peer"}
    # On time is the supervisor's to keep (with the organisation), not the supervisee's: the
    # figures are per supervisor of the team's members, never per supervisee.
    supervisor_ids = set(figures["supervisors"]) | {a.supervisor_id for a in mine}
    supervisors = sorted(
        (
            {
                "supervisor": {"id": pk, "name": tallies.names.get(pk, "")},
                **(figures["supervisors"][pk].as_dict() if pk in figures["supervisors"] else _empty_tally()),
            }
            for pk in supervisor_ids
        ),
        key=lambda row: row["supervisor"]["name"],
    )
    return {
        "rule": COMPLIANCE_RULE,
        "weeks_counted": WEEKS,
        "window_start": figures["weeks"][0][0] if figures["weeks"] else today,
        "window_end": today,
        "total": figures["total"].as_dict(),
        "weeks": [{"week_start": monday, **tally.as_dict()} for monday, tally in figures["weeks"]],
        "supervisors": supervisors,
        "state_counts": counts,
        "attention": [
            {
                "agreement_id": a.pk,
                "worker": _person(a.supervisee),
                "supervisor": _person(a.supervisor),
                "kind": a.kind,
                "kind_label": a.get_kind_display(),
                # Named as the agreement (whose work keeping it is the supervisor's), not as the
                # supervisee's lateness.
                "agreement_name": f"{a.get_kind_display()} for {_person(a.supervisee)['name']}",
                "state": a.state,
                "state_label": State(a.state).label,
                "next_due_on": a.next_due_on,
            }
            for a in mine
            if a.state in ATTENTION_STATES
        ],
        "peers_without_peer_supervision": [
            _person(w)
            for w in members
            # Stepped away or not: leaving them out would tell the reader who stepped away.
            if w.is_peer and w.status != w.Status.LEFT and w.is_active and w.pk not in with_peer_supervision
        ],
    }


def withheld_reason(people: int, needed: int) -> str:
    """Why a team's boundary-note counts are not shown, in plain words."""
    return (
        f"Not shown for this team: {people} {'person writes' if people == 1 else 'people write'} boundary notes here, "
        f"fewer than {needed}. With so few, a count could point to one person, and a note is theirs to share."
    )


def _boundary_notes(members: list[User], notes: dict[UUID, Any], supervised_ids: set[UUID]) -> dict[str, Any]:
    """Team-level counts of the boundary notes of the team's members, never per person (the
    note form's promise: managers see only how many notes there are and their state), and only
    when at least ``min_group()`` people in the team write them (peer workers, and anyone in
    supervision): below that a count could point to one person, so it is withheld."""
    writers = [w for w in members if w.is_peer or w.pk in supervised_ids]
    needed = min_group()
    shown = len(writers) >= needed
    rows = [notes.get(w.pk, {}) for w in writers]

    def total(key: str) -> int | None:
        return sum(row.get(key, 0) for row in rows) if shown else None

    submitted, reviewed = total("submitted"), total("reviewed")
    return {
        "shown": shown,
        "min_group": needed,
        "people_counted": len(writers),
        "withheld_reason": "" if shown else withheld_reason(len(writers), needed),
        "submitted": submitted,
        "reviewed": reviewed,
        "open": None if submitted is None or reviewed is None else submitted + reviewed,
        "role_drift": total("role_drift"),
    }


def _empty_tally() -> dict:
    return {"on_time": 0, "late": 0, "outstanding": 0, "counted": 0, "share": None}


def _team_dashboard(
    team: Team,
    members: list[User],
    today: date,
    *,
    agreements: list[Any],
    tallies: Any,
    hours: dict[UUID, Decimal],
    overlaps: dict[UUID, Any],
    notes: dict[UUID, Any],
    reflections: dict[Any, int],
    months: list[date],
    competency_progress: dict[UUID, Any],
    training: dict[UUID, Any],
    voice: dict[UUID, Any],
    readiness: dict[UUID, Any],
) -> dict[str, Any]:
    peers = [w for w in members if w.is_peer]
    hours_rows = [_hours_row(w, hours.get(w.pk, Decimal(0))) for w in members]
    overlap_count, roles_compared = overlaps.get(team.pk, (0, 0))

    receptions = [*Reflection.Reception.values, ""]
    month_rows: list[dict[str, Any]] = []
    for month in months:
        cells = {r or "not_recorded": reflections.get((team.pk, month, r), 0) for r in receptions}
        month_rows.append({"month": month, **cells, "total": sum(cells.values())})
    reflection_totals = {
        key: sum(row[key] for row in month_rows) for key in [*Reflection.Reception.values, "not_recorded", "total"]
    }

    note_figures = _boundary_notes(members, notes, {a.supervisee_id for a in agreements})
    drift_total = note_figures.pop("role_drift")

    competency_rows = [
        {"worker": _person(w), **competency_progress[w.pk]} for w in members if w.pk in competency_progress
    ]
    expiring, expired = [], 0
    for worker in members:
        for course, expires_on in training.get(worker.pk, []):
            if expires_on < today:
                expired += 1
            else:
                expiring.append(
                    {
                        "worker": _person(worker),
                        "course": course,
                        "expires_on": expires_on,
                        "days_left": (expires_on - today).days,
                    }
                )
    expiring.sort(key=lambda row: (row["expires_on"], row["worker"]["name"]))

    return {
        "team": {"id": team.pk, "name": team.name},
        "team_obj": team,
        "today": today,
        "member_count": len(members),
        "peer_count": len(peers),
        "supervision": _supervision(members, agreements, tallies, today),
        "hours": {
            "workers": hours_rows,
            "contracted_total": sum((r["contracted"] for r in hours_rows), Decimal(0)),
            "assigned_total": sum((r["assigned"] for r in hours_rows), Decimal(0)),
            "under_count": sum(1 for r in hours_rows if r["flag"] == "under"),
            "over_count": sum(1 for r in hours_rows if r["flag"] == "over"),
        },
        "roles": {
            "overlap_count": overlap_count,
            "roles_compared": roles_compared,
            "report_url": reverse("roles:team-overlaps", kwargs={"team_id": team.pk}),
        },
        "role_drift": {
            "days": ROLE_DRIFT_DAYS,
            "category_label": BoundaryNote.Category.ROLE_DRIFT.label,
            "shown": note_figures["shown"],
            "total": drift_total,
        },
        "boundary_notes": note_figures,
        "reflections": {"months_counted": len(months), "months": month_rows, "totals": reflection_totals},
        "competencies": {
            "workers": competency_rows,
            "required_total": sum(r["required"] for r in competency_rows),
            "signed_off_total": sum(r["signed_off"] for r in competency_rows),
            "training_expiring": expiring,
            "training_expired_count": expired,
            "expiring_within_days": TRAINING_EXPIRING_DAYS,
        },
        "voice": voice[team.pk],
        # how the team receives the peer role, asked of its clinical colleagues (issue 19, item 4)
        "readiness": readiness[team.pk],
    }


def dashboards(user: User, teams: Iterable[Team]) -> list[dict[str, Any]]:
    """One dashboard per team in ``teams`` (already checked: ``user`` may see each), in order.

    A fixed number of queries however many teams, members or records (see the module docstring)."""
    teams = list(teams)
    my = caps(user)
    today = my.today
    team_ids = [team.pk for team in teams]
    members = defaultdict(list)
    workers = {}
    for membership in (
        Membership.objects.active(today)
        .filter(team_id__in=team_ids)
        .select_related("worker")
        .order_by("worker__display_name", "worker__username")
    ):
        members[membership.team_id].append(membership.worker)
        workers[membership.worker_id] = membership.worker
    worker_ids = list(workers)

    agreements = figures.agreements(user, worker_ids, today)
    tallies = compliance(
        organisation_id=user.organisation_id,
        worker_ids=worker_ids,
        agreements=agreements,
        today=today,
        told=told_stepped_away(user),
    )
    months = _last_months(today, REFLECTION_MONTHS)
    competency_progress, training = figures.competency_states(user, worker_ids, today)
    shared = {
        "agreements": agreements,
        "tallies": tallies,
        "hours": assigned_hours(worker_ids, today=today),
        "overlaps": figures.overlaps(user, team_ids, today),
        "notes": figures.note_counts(user, worker_ids, today),
        "reflections": figures.reflection_counts(user, team_ids, months[0]),
        "months": months,
        "competency_progress": competency_progress,
        "training": training,
        "voice": figures.voice(user, teams, today),
        "readiness": figures.readiness(user, teams),
    }
    return [_team_dashboard(team, members[team.pk], today, **shared) for team in teams]


def team_dashboard(user: User, team: Team) -> dict[str, Any]:
    """One team's dashboard, with its role-drift indicators over time (one team's page, CSV and
    API only: the overview side by side keeps its fixed query count). Cached for this reader
    until the data changes (``apps/dashboard/cache.py``)."""

    def compute() -> dict[str, Any]:
        board = dashboards(user, [team])[0]
        board["drift_indicators"] = drift_indicators.team_indicators(user, team)
        return board

    return cached_board(user, team, caps(user).today, compute)
