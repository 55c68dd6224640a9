"""The dashboard's raw figures, each read for all the teams' members at once, through the
owning app's own rule and read scope (one or two queries each). Counts, dates and states only:
no text column of a reflection, boundary note, check-in or session is ever selected."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from apps.boundaries.models import BoundaryNote
from apps.competencies.models import Assessment
from apps.competencies.selectors import assessments_visible_to, effective_requirement_sets, training_records_visible_to
from apps.reflections.models import Reflection
from apps.reflections.selectors import reflections_visible_to
from apps.roles.models import Assignment, RoleDefinition
from apps.roles.overlaps import assignment_finding_counts, compared_roles, find_overlaps
from apps.roles.selectors import role_definitions_visible_to, with_duties
from apps.supervision.selectors import agreements_visible_to, told_stepped_away
from apps.voice.group_selectors import readiness_over_time
from apps.voice.policies import can_read_results, min_group
from apps.voice.selectors import pulse_summaries, pulses_visible_to, trend

ROLE_DRIFT_DAYS = 90
TRAINING_EXPIRING_DAYS = 30


def agreements(user, worker_ids, today):
    """Agreements in force today of these workers, with the shared ``state`` as ``user`` is shown
    it (a step-away pauses an agreement only in the eyes of those it is told to; one query)."""
    return list(
        agreements_visible_to(user)
        .active(today)
        .filter(supervisee_id__in=worker_ids)
        .select_related("supervisee", "supervisor")
        .with_state(today, told=told_stepped_away(user))
        .order_by("state_rank", "next_due_on", "supervisee__display_name")
    )


def overlaps(user, team_ids, today=None) -> dict:
    """``{team_id: (findings, roles compared)}`` by the roles app's own finders (three queries):
    blur in the published definitions, and (given ``today``) in who holds them — a peer worker in
    a clinical role, clinical staff in a peer role (issue 15, item 6)."""
    definitions = with_duties(
        role_definitions_visible_to(user).filter(team_id__in=team_ids, status=RoleDefinition.Status.PUBLISHED)
    ).order_by("title")
    by_team = defaultdict(list)
    for definition in definitions:
        by_team[definition.team_id].append(definition)
    held = assignment_finding_counts(team_ids, today) if today is not None else {}
    return {
        team_id: (len(find_overlaps(by_team[team_id])) + held.get(team_id, 0), len(compared_roles(by_team[team_id])))
        for team_id in team_ids
    }


def note_counts(user, worker_ids, today) -> dict:
    """``{author_id: {submitted, reviewed, role_drift}}`` — counts only, one query.

    Managers and org admins may see counts and states of their teams' notes (spec §2); the
    text columns are never selected."""
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


def reflection_counts(user, team_ids, since) -> dict:
    """``{(team_id, month, reception): count}`` of published entries shared with each team,
    by the month they happened in (one query, through the reflections' own read rule)."""
    rows = (
        reflections_visible_to(user)
        .filter(team_id__in=team_ids, visibility=Reflection.Visibility.TEAM, is_draft=False, occurred_on__gte=since)
        .annotate(month=TruncMonth("occurred_on"))
        .order_by()
        .values("team_id", "month", "reception")
        .annotate(n=Count("pk"))
    )
    return {(row["team_id"], row["month"], row["reception"]): row["n"] for row in rows}


def competency_states(user, worker_ids, today) -> tuple[dict, dict]:
    """``({worker_id: {required, signed_off, awaiting, more_evidence, not_assessed}},
    {worker_id: [(course, expires_on)]})`` — requirements of the roles each worker holds
    today, their current assessments' states, and training expired or expiring within 30
    days. States only (spec §2): no evidence, no comments, no certificates. Five queries."""
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


def voice(user, teams, today) -> dict:
    """``{team_id: {"trend", "latest", "min_group"}}`` from the voice app's own aggregates, which
    never show a pulse with fewer than ``VOICE_MIN_GROUP`` answers nor one still open (two queries)."""
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


def readiness(user, teams) -> dict:
    """``{team_id: {"readable", "periods"}}``: the host-team readiness pulse's released periods,
    oldest first, for the teams whose results ``user`` reads (their managers, org admins); withheld
    periods are simply absent (one query, none when no team is readable)."""
    readable = [team.pk for team in teams if can_read_results(user, team.pk)]
    periods = readiness_over_time(readable) if readable else {}
    return {
        team.pk: {"readable": team.pk in readable, "min_group": min_group(), "periods": periods.get(team.pk, [])}
        for team in teams
    }
