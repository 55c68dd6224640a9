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
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse

from apps.core.capabilities import caps, require
from apps.dashboard import policies
from apps.dashboard.compliance import RULE as COMPLIANCE_RULE
from apps.dashboard.compliance import WEEKS, compliance
from apps.supervision.state import STATE_ORDER, State
from apps.teams.models import Membership, Team
from apps.teams.selectors import get_team_for

ROLE_DRIFT_DAYS = 90
TRAINING_EXPIRING_DAYS = 30
REFLECTION_MONTHS = 6
ATTENTION_STATES = (State.OVERDUE, State.DUE_SOON, State.PAUSED)
FLAG_LABELS = {"under": "Under-allocated", "over": "Over-allocated", "ok": "As contracted"}


# --- which teams -----------------------------------------------------------------------------


def dashboard_teams_for(user):
    """Teams whose dashboard ``user`` may see: every team for org admins, managed teams for managers."""
    qs = Team.objects.filter(organisation_id=user.organisation_id)
    my = caps(user)
    if my.is_org_admin:
        return qs.order_by("name")
    return qs.filter(pk__in=my.managed_team_ids).order_by("name")


def get_dashboard_team_for(user, team_id):
    """The team, if ``user`` may see its dashboard: 404 if they cannot see the team at all,
    403 if they can (a member) but are not its manager or an org admin."""
    team = get_team_for(user, team_id)
    require(policies.can_view_team_dashboard(user, team.pk), "Only this team's managers can see its dashboard.")
    return team


# --- helpers ----------------------------------------------------------------------------------


def _person(worker) -> dict:
    return {"id": worker.pk, "name": worker.display_name or worker.username}


def _last_months(today: date, count: int) -> list[date]:
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(months))


# --- the figures, each for all the teams' members at once ----------------------------------------


def _agreements(user, worker_ids, today):
    """Agreements in force today of these workers, with the shared ``state`` (one query)."""
    from apps.supervision.selectors import agreements_visible_to

    return list(
        agreements_visible_to(user)
        .active(today)
        .filter(supervisee_id__in=worker_ids)
        .select_related("supervisee", "supervisor")
        .with_state(today)
        .order_by("state_rank", "next_due_on", "supervisee__display_name")
    )


def _overlaps(user, team_ids) -> dict:
    """``{team_id: (findings, roles compared)}`` by the roles app's own finder (two queries)."""
    from apps.roles.models import RoleDefinition
    from apps.roles.overlaps import compared_roles, find_overlaps
    from apps.roles.selectors import role_definitions_visible_to, with_duties

    definitions = with_duties(
        role_definitions_visible_to(user).filter(team_id__in=team_ids, status=RoleDefinition.Status.PUBLISHED)
    ).order_by("title")
    by_team = defaultdict(list)
    for definition in definitions:
        by_team[definition.team_id].append(definition)
    return {
        team_id: (len(find_overlaps(by_team[team_id])), len(compared_roles(by_team[team_id]))) for team_id in team_ids
    }


def _note_counts(user, worker_ids, today) -> dict:
    """``{author_id: {submitted, reviewed, role_drift}}`` — counts only, one query.

    Managers and org admins may see counts and states of their teams' notes (spec §2); the
    text columns are never selected."""
    from apps.boundaries.models import BoundaryNote

    S, C = BoundaryNote.Status, BoundaryNote.Category
    rows = (
        BoundaryNote.objects.filter(organisation_id=user.organisation_id, author_id__in=worker_ids)
        .order_by()
        .values("author_id")
        .annotate(
            submitted=Count("pk", filter=Q(status=S.SUBMITTED)),
            reviewed=Count("pk", filter=Q(status=S.REVIEWED)),
            role_drift=Count(
                "pk", filter=Q(category=C.ROLE_DRIFT, occurred_on__gt=today - timedelta(days=ROLE_DRIFT_DAYS))
            ),
        )
    )
    return {row["author_id"]: row for row in rows}


def _reflection_counts(user, team_ids, since) -> dict:
    """``{(team_id, month, reception): count}`` of published entries shared with each team,
    by the month they happened in (one query, through the reflections' own read rule)."""
    from apps.reflections.models import Reflection
    from apps.reflections.selectors import reflections_visible_to

    rows = (
        reflections_visible_to(user)
        .filter(team_id__in=team_ids, visibility=Reflection.Visibility.TEAM, is_draft=False, occurred_on__gte=since)
        .annotate(month=TruncMonth("occurred_on"))
        .order_by()
        .values("team_id", "month", "reception")
        .annotate(n=Count("pk"))
    )
    return {(row["team_id"], row["month"], row["reception"]): row["n"] for row in rows}


def _competency_states(user, worker_ids, today) -> tuple[dict, dict]:
    """``({worker_id: {required, signed_off, awaiting, more_evidence, not_assessed}},
    {worker_id: [(course, expires_on)]})`` — requirements of the roles each worker holds
    today, their current assessments' states, and training expired or expiring within 30
    days. States only (spec §2): no evidence, no comments, no certificates. Five queries."""
    from apps.competencies.models import Assessment
    from apps.competencies.selectors import (
        assessments_visible_to,
        effective_requirement_sets,
        training_records_visible_to,
    )
    from apps.roles.models import Assignment

    # The same requirement rule as the worker's progress page (the roles they hold today).
    assignments = list(
        Assignment.objects.active(today).filter(worker_id__in=worker_ids).select_related("role_definition")
    )
    sets = effective_requirement_sets([a.role_definition for a in assignments])
    required = defaultdict(set)
    for assignment in assignments:
        required[assignment.worker_id].update(c.pk for c in sets.get(assignment.role_definition_id, []))
    states = defaultdict(dict)
    for worker_id, competency_id, state in (
        assessments_visible_to(user)
        .filter(worker_id__in=worker_ids, is_current=True)
        .values_list("worker_id", "competency_id", "state")
    ):
        states[worker_id][competency_id] = state
    progress = {}
    for worker_id in worker_ids:
        needed, mine = required.get(worker_id, set()), states.get(worker_id, {})
        if not needed and not mine:
            continue
        of_required = [mine.get(c) for c in needed]
        progress[worker_id] = {
            "required": len(needed),
            "signed_off": of_required.count(Assessment.State.SIGNED_OFF),
            "awaiting": of_required.count(Assessment.State.AWAITING),
            "more_evidence": of_required.count(Assessment.State.MORE_EVIDENCE),
            "not_assessed": of_required.count(None),
            "assessed_beyond_roles": len(set(mine) - needed),
        }
    training = defaultdict(list)
    for worker_id, course, expires_on in (
        training_records_visible_to(user)
        .filter(worker_id__in=worker_ids, expires_on__isnull=False)
        .filter(expires_on__lte=today + timedelta(days=TRAINING_EXPIRING_DAYS))
        .order_by("expires_on", "course")
        .values_list("worker_id", "course", "expires_on")
    ):
        training[worker_id].append((course, expires_on))
    return progress, training


def _voice(user, teams, today) -> dict:
    """``{team_id: {"trend", "latest", "min_group"}}`` from the voice app's own aggregates, which
    never show a pulse with fewer than ``VOICE_MIN_GROUP`` answers nor one still open (two queries)."""
    from apps.voice.policies import can_read_results, min_group
    from apps.voice.selectors import pulse_summaries, pulses_visible_to, trend

    readable = [team.pk for team in teams if can_read_results(user, team.pk)]
    pulses = pulses_visible_to(user).filter(team_id__in=readable).order_by("-opened_on", "-created_at")
    by_team = defaultdict(list)
    for summary in pulse_summaries(pulses, today=today):
        by_team[summary["pulse"].team_id].append(summary)
    result = {}
    for team in teams:
        summaries = by_team.get(team.pk, [])
        with_results = [s for s in summaries if s["results"]]
        latest = None
        if with_results:
            newest = with_results[0]
            means = [r["mean"] for r in newest["results"]]
            latest = {
                "closes_on": newest["pulse"].closes_on,
                "responses": newest["responses"],
                "mean": round(sum(means) / len(means), 2),
            }
        result[team.pk] = {
            "readable": team.pk in readable,
            "min_group": min_group(),
            "trend": trend(summaries),
            "latest": latest,
            "pulses_with_results": len(with_results),
        }
    return result


# --- putting one team together ------------------------------------------------------------------


def _hours_row(worker, assigned) -> dict:
    contracted = worker.contracted_hours_per_week or Decimal(0)
    if assigned > contracted:
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


def _supervision(members, agreements, tallies, today) -> dict:
    member_ids = {w.pk for w in members}
    mine = [a for a in agreements if a.supervisee_id in member_ids]
    figures = tallies.for_workers(member_ids)
    counts = {s.value: 0 for s in STATE_ORDER}
    for agreement in mine:
        counts[agreement.state] += 1
    supervised = {a.supervisee_id for a in mine}
    with_peer_supervision = {a.supervisee_id for a in mine if a.kind == "peer"}
    workers = []
    for worker in members:
        tally = figures["workers"].get(worker.pk)
        if tally is None and worker.pk not in supervised:
            continue
        workers.append({"worker": _person(worker), **(tally.as_dict() if tally else _empty_tally())})
    return {
        "rule": COMPLIANCE_RULE,
        "weeks_counted": WEEKS,
        "window_start": figures["weeks"][0][0] if figures["weeks"] else today,
        "window_end": today,
        "total": figures["total"].as_dict(),
        "weeks": [{"week_start": monday, **tally.as_dict()} for monday, tally in figures["weeks"]],
        "workers": workers,
        "state_counts": counts,
        "attention": [
            {
                "agreement_id": a.pk,
                "worker": _person(a.supervisee),
                "supervisor": _person(a.supervisor),
                "kind": a.kind,
                "kind_label": a.get_kind_display(),
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
            if w.is_peer and w.status == w.Status.ACTIVE and w.is_active and w.pk not in with_peer_supervision
        ],
    }


def _empty_tally() -> dict:
    return {"on_time": 0, "late": 0, "outstanding": 0, "excused": 0, "counted": 0, "share": None}


def _team_dashboard(
    team,
    members,
    today,
    *,
    agreements,
    tallies,
    hours,
    overlaps,
    notes,
    reflections,
    months,
    competency_progress,
    training,
    voice,
) -> dict:
    from apps.reflections.models import Reflection

    peers = [w for w in members if w.is_peer]
    hours_rows = [_hours_row(w, hours.get(w.pk, Decimal(0))) for w in members]
    overlap_count, roles_compared = overlaps.get(team.pk, (0, 0))

    receptions = [*Reflection.Reception.values, ""]
    month_rows = []
    for month in months:
        cells = {r or "not_recorded": reflections.get((team.pk, month, r), 0) for r in receptions}
        month_rows.append({"month": month, **cells, "total": sum(cells.values())})
    reflection_totals = {
        key: sum(row[key] for row in month_rows) for key in [*Reflection.Reception.values, "not_recorded", "total"]
    }

    note_rows = [notes.get(w.pk, {}) for w in members]
    submitted = sum(row.get("submitted", 0) for row in note_rows)
    reviewed = sum(row.get("reviewed", 0) for row in note_rows)
    drift_rows = [{"worker": _person(w), "count": notes.get(w.pk, {}).get("role_drift", 0)} for w in peers]

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
        "role_drift": {"days": ROLE_DRIFT_DAYS, "workers": drift_rows, "total": sum(r["count"] for r in drift_rows)},
        "boundary_notes": {"submitted": submitted, "reviewed": reviewed, "open": submitted + reviewed},
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
    }


def dashboards(user, teams) -> list[dict]:
    """One dashboard per team in ``teams`` (already checked: ``user`` may see each), in order.

    A fixed number of queries however many teams, members or records (see the module docstring)."""
    from apps.roles.selectors import assigned_hours

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

    agreements = _agreements(user, worker_ids, today)
    tallies = compliance(
        organisation_id=user.organisation_id, worker_ids=worker_ids, agreements=agreements, today=today
    )
    months = _last_months(today, REFLECTION_MONTHS)
    competency_progress, training = _competency_states(user, worker_ids, today)
    shared = {
        "agreements": agreements,
        "tallies": tallies,
        "hours": assigned_hours(worker_ids, today=today),
        "overlaps": _overlaps(user, team_ids),
        "notes": _note_counts(user, worker_ids, today),
        "reflections": _reflection_counts(user, team_ids, months[0]),
        "months": months,
        "competency_progress": competency_progress,
        "training": training,
        "voice": _voice(user, teams, today),
    }
    return [_team_dashboard(team, members[team.pk], today, **shared) for team in teams]


def team_dashboard(user, team) -> dict:
    return dashboards(user, [team])[0]
