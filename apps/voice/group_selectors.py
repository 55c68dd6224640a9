"""Reading group pulses (pooled peer voice, host-team readiness): only released breakdowns."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from apps.accounts.models import User
from apps.core.capabilities import caps
from apps.core.selectors import get_or_404
from apps.teams.models import Membership
from apps.voice.group_models import GroupPulse, GroupPulseInvitee, GroupPulseResult, SealedGroupAnswer
from apps.voice.policies import min_group
from apps.voice.questions import questions

AUDIENCE_KINDS = {
    GroupPulse.Audience.PEERS: [User.WorkerKind.PEER],
    GroupPulse.Audience.EVERYONE: [User.WorkerKind.PEER, User.WorkerKind.CLINICAL, User.WorkerKind.OTHER],
    GroupPulse.Audience.CLINICAL: [User.WorkerKind.CLINICAL],
}


def audience(
    team_ids: Iterable[UUID], audience_: str, *, today: date, exclude: UUID | None
) -> dict[UUID, dict[str, Any]]:
    """``{worker_id: {"kind", "teams"}}``: who a group pulse opened now would ask (one query).

    Active, non-manager members of the teams, of the audience's worker kinds, who hold their own
    credentials; never org admins (they read the results) nor ``exclude`` (whoever opens it)."""
    rows = (
        Membership.objects.active(today)
        .filter(
            team_id__in=list(team_ids),
            worker__status=User.Status.ACTIVE,
            worker__is_org_admin=False,
            worker__own_credentials_at__isnull=False,
            worker__worker_kind__in=AUDIENCE_KINDS[GroupPulse.Audience(audience_)],
        )
        .exclude(team_role=Membership.TeamRole.MANAGER)
        .exclude(worker_id=exclude)
        .values_list("worker_id", "worker__worker_kind", "team_id")
        .order_by("worker_id", "team_id")
    )
    people: dict[UUID, dict[str, Any]] = {}
    for worker_id, kind, team_id in rows:
        people.setdefault(worker_id, {"kind": kind, "teams": []})["teams"].append(team_id)
    return people


def _readable_q(user: User) -> Q:
    me = caps(user)
    if me.is_org_admin:
        return Q()
    return Q(kind=GroupPulse.Kind.READINESS, teams__in=list(me.managed_team_ids))


def readable_group_pulses(user: User) -> QuerySet[GroupPulse]:
    """The group pulses whose results ``user`` may read (``group_policies.can_read``)."""
    org = caps(user).organisation_id
    if org is None:
        return GroupPulse.objects.none()
    ids = GroupPulse.objects.filter(_readable_q(user), organisation_id=org).values("pk")
    return GroupPulse.objects.filter(pk__in=ids)


def visible_group_pulses(user: User) -> QuerySet[GroupPulse]:
    """Readable ones and those ``user`` was asked to answer; anything else is a 404."""
    org = caps(user).organisation_id
    if org is None:
        return GroupPulse.objects.none()
    asked = GroupPulseInvitee.objects.filter(worker_id=user.pk).values("pulse_id")
    readable = GroupPulse.objects.filter(_readable_q(user), organisation_id=org).values("pk")
    return GroupPulse.objects.filter(Q(pk__in=readable) | Q(pk__in=asked), organisation_id=org)


def with_my_standing(pulses: QuerySet[GroupPulse], user: User) -> QuerySet[Any]:
    """Annotate ``invited``, ``answered`` (about ``user`` only) and ``counting`` (closed, seals still
    waiting), and prefetch teams and results: one query for the pulses, one each for those."""
    mine = GroupPulseInvitee.objects.filter(pulse=OuterRef("pk"), worker_id=user.pk)
    return pulses.annotate(
        invited=Exists(mine),
        answered=Exists(mine.filter(answered=True)),
        waiting=Exists(SealedGroupAnswer.objects.filter(pulse=OuterRef("pk"))),
        asked=Count("invitees", distinct=True),
    ).prefetch_related("teams", Prefetch("results", queryset=GroupPulseResult.objects.order_by("position")))


def get_group_pulse_for(user: User, pulse_id: UUID | str) -> GroupPulse:
    return get_or_404(with_my_standing(visible_group_pulses(user), user), pulse_id)


def result_rows(pulse: GroupPulse) -> list[dict[str, Any]]:
    """The pulse's breakdowns in order: released ones with their sums, withheld ones without a number."""
    qs = questions(pulse.question_set)
    rows = []
    for result in pulse.results.all():
        row: dict[str, Any] = {
            "key": result.key,
            "label": result.label,
            "released": result.released,
            "responses": result.responses,
            "results": None,
        }
        if result.released:
            row["results"] = [
                {
                    "number": q.number,
                    "key": q.key,
                    "text": q.text,
                    "mean": item["mean"],
                    "distribution": {int(k): v for k, v in item["distribution"].items()},
                }
                for q, item in zip(qs, result.sums or [], strict=True)
            ]
        rows.append(row)
    return rows


def summary(pulse: GroupPulse, *, today: date, with_results: bool) -> dict[str, Any]:
    state = pulse.state_on(today)
    return {
        "pulse": pulse,
        "state": state,
        "counting": state == "closed" and not pulse.mixed,
        "asked": getattr(pulse, "asked", None),
        "teams": sorted(pulse.teams.all(), key=lambda t: t.name),
        "breakdowns": result_rows(pulse) if with_results and pulse.mixed else [],
        "min_group": min_group(),
    }


def history_sets(pulse: GroupPulse) -> list[frozenset]:
    """The people behind every breakdown already released by earlier group pulses of the same kind,
    questions and place (the organisation for pooled pulses, the team for readiness): what the
    rule must not let a new breakdown be subtracted from (``release``). Two queries."""
    earlier = GroupPulse.objects.filter(
        organisation_id=pulse.organisation_id,
        kind=pulse.kind,
        question_set=pulse.question_set,
        mixed=True,
        created_at__lt=pulse.created_at,
    )
    if pulse.kind == GroupPulse.Kind.READINESS:
        earlier = earlier.filter(teams__in=list(pulse.teams.values_list("pk", flat=True)))
    released = list(
        GroupPulseResult.objects.filter(pulse__in=earlier.values("pk"), released=True).values_list("pulse_id", "key")
    )
    if not released:
        return []
    members: dict[UUID, list[tuple]] = defaultdict(list)
    for pulse_id, worker_id, kind, team_ids in GroupPulseInvitee.objects.filter(
        pulse_id__in={p for p, _ in released}, answered=True
    ).values_list("pulse_id", "worker_id", "worker_kind", "team_ids"):
        members[pulse_id].append((worker_id, kind, team_ids))
    return [frozenset(w for w, kind, teams in members[p] if in_breakdown(key, kind, teams)) for p, key in released]


def in_breakdown(key: str, kind: str, team_ids: Iterable) -> bool:
    """Whether someone of worker ``kind`` in ``team_ids`` belongs to breakdown ``key``."""
    if key == "all":
        return True
    what, _, value = key.partition(":")
    if what == "kind":
        return kind == value
    if what == "team":
        return value in {str(t) for t in team_ids}
    return False


def readiness_over_time(team_ids: Iterable[UUID]) -> dict[UUID, list[dict[str, Any]]]:
    """``{team_id: [period, ...]}`` oldest first: each counted readiness pulse of the team whose
    breakdown was released (at or above the minimum, and allowed by the rule), with its mean per
    question. Withheld periods are left out, not shown with a count. One query."""
    rows = (
        GroupPulseResult.objects.filter(
            pulse__kind=GroupPulse.Kind.READINESS, pulse__teams__in=list(team_ids), key="all", released=True
        )
        .order_by("pulse__closes_on", "pulse__created_at")
        .values_list("pulse__teams", "pulse__closes_on", "pulse__question_set", "responses", "sums")
    )
    by_team: dict[UUID, list[dict[str, Any]]] = defaultdict(list)
    for team_id, closes_on, question_set, responses, stored in rows:
        sums = stored or []
        by_team[team_id].append(
            {
                "closes_on": closes_on,
                "responses": responses,
                "means": [
                    {"key": q.key, "text": q.text, "mean": item["mean"]}
                    for q, item in zip(questions(question_set), sums, strict=True)
                ],
                "overall": round(sum(item["mean"] for item in sums) / len(sums), 2),
            }
        )
    return by_team
