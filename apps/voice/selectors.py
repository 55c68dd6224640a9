"""Reading the team voice: pulses, and aggregates that never go below ``VOICE_MIN_GROUP``."""

from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import (
    Aggregate,
    Avg,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.core.capabilities import caps
from apps.core.selectors import get_or_404
from apps.teams.models import Membership, Team
from apps.teams.selectors import teams_visible_to
from apps.voice import models as voice_models
from apps.voice import policies
from apps.voice.models import Feedback, FeedbackBatch, Pulse, PulseAnswer, PulseParticipation, SealedAnswer
from apps.voice.policies import min_group
from apps.voice.questions import SCALE, questions

FIELDS = ("q1", "q2", "q3", "q4", "q5")


def pulses_visible_to(user: User) -> QuerySet[Pulse]:
    """Pulses of the teams the user can see (their own teams; every team for org admins)."""
    return Pulse.objects.filter(organisation_id=org_id(user), team__in=teams_visible_to(user))


def get_pulse_for(user: User, pulse_id: UUID | str) -> Pulse:
    return get_or_404(pulses_visible_to(user).select_related("team"), pulse_id)


def open_pulse(team: Team, *, today: date) -> Pulse | None:
    return Pulse.objects.filter(team=team, opened_on__lte=today, closes_on__gte=today).order_by("-opened_on").first()


def open_pulses_of(team_ids: Iterable[UUID], *, today: date, user: User | None = None) -> list[Pulse]:
    """The pulses open today in any of these teams (one query); with ``user``, annotated with
    their standing (``with_standing``)."""
    pulses = Pulse.objects.filter(team_id__in=list(team_ids), opened_on__lte=today, closes_on__gte=today)
    return list(with_standing(pulses, user) if user is not None else pulses)


def _membership_before_open(user: User) -> Exists:
    """``Exists``: the user's current membership of the pulse's team (not as a manager) was
    created and last changed before the pulse, and dated no later than its opening."""
    return Exists(
        Membership.objects.active(caps(user).today)
        .filter(
            worker_id=user.pk,
            team_id=OuterRef("team_id"),
            created_at__lt=OuterRef("created_at"),
            updated_at__lt=OuterRef("created_at"),
            joined_on__lte=OuterRef("opened_on"),
        )
        .exclude(team_role=Membership.TeamRole.MANAGER)
    )


# QuerySet[Any]: callers filter on the annotation, which the stubs cannot see on Pulse.
def with_standing(pulses: QuerySet[Pulse], user: User) -> QuerySet[Any]:
    """Annotate ``member_before_open`` (see ``policies.answer_refusal``) at no extra query."""
    return pulses.annotate(member_before_open=_membership_before_open(user))


def member_before_open(user: User, pulse: Pulse) -> bool:
    annotated = getattr(pulse, "member_before_open", None)
    if annotated is not None:
        return annotated
    return Pulse.objects.filter(pk=pulse.pk).filter(_membership_before_open(user)).exists()


def answer_refusal(user: User, pulse: Pulse) -> str | None:
    """Why the user's answer to ``pulse`` would be refused, or None (``policies.answer_refusal``)."""
    if not policies.can_voice(user, pulse.team_id) or not policies.has_own_credentials(user):
        return policies.answer_refusal(user, pulse, member_before_open=False)
    return policies.answer_refusal(user, pulse, member_before_open=member_before_open(user, pulse))


def answered_pulse_ids(user: User, pulse_ids: Iterable[UUID]) -> set[UUID]:
    """Which of these pulses ``user`` has answered (their own participation, nothing else)."""
    return set(
        PulseParticipation.objects.filter(worker_id=user.pk, pulse_id__in=list(pulse_ids)).values_list(
            "pulse_id", flat=True
        )
    )


def eligible_respondents(team: Team, *, today: date) -> QuerySet[Membership]:
    """Memberships of those whose answer to a pulse opened now would count: active members but
    the managers and org admins (``policies.can_voice``), holding their own credentials
    (``policies.answer_refusal``), and not anyone who has stepped away."""
    return (
        Membership.objects.active(today)
        .filter(
            team=team, worker__status="active", worker__is_org_admin=False, worker__own_credentials_at__isnull=False
        )
        .exclude(team_role=Membership.TeamRole.MANAGER)
    )


def eligible_respondent_count(team: Team, *, today: date) -> int:
    return eligible_respondents(team, today=today).count()


def too_few_voices(team: Team, *, today: date) -> bool:
    """Fewer than ``VOICE_MIN_GROUP`` people in the team whose voice could count today: no pulse
    can be opened, and feedback waits sealed until that many different people have written. Told
    to managers before the "Open a pulse" form and to members before they write."""
    return eligible_respondent_count(team, today=today) < min_group()


def _aggregate_rows(pulse_ids: list[UUID]) -> dict[UUID, dict[str, Any]]:
    """``{pulse_id: row}``: count, mean and the 1–5 distribution per question, one query for all."""
    if not pulse_ids:
        return {}
    annotations: dict[str, Aggregate] = {"n": Count("pk")}
    for field in FIELDS:
        annotations[f"{field}_mean"] = Avg(field)
        for value in SCALE:
            annotations[f"{field}_{value}"] = Count("pk", filter=Q(**{field: value}))
    rows = (
        PulseAnswer.objects.filter(pulse_id__in=list(pulse_ids)).order_by().values("pulse_id").annotate(**annotations)
    )
    return {row["pulse_id"]: row for row in rows}


def _with_progress(pulses: QuerySet[Pulse]) -> QuerySet[Pulse]:
    """Annotate how many people have answered and whether sealed answers still wait (in the
    same query as the pulses)."""
    participants = (
        PulseParticipation.objects.filter(pulse=OuterRef("pk")).order_by().values("pulse").annotate(n=Count("pk"))
    )
    return pulses.annotate(
        participants=Coalesce(Subquery(participants.values("n"), output_field=IntegerField()), Value(0)),
        waiting=Exists(SealedAnswer.objects.filter(pulse=OuterRef("pk"))),
    )


def pulse_summaries(pulses: QuerySet[Pulse] | Iterable[Pulse], *, today: date) -> list[dict[str, Any]]:
    """For each pulse: its state and, only when closed with ≥ ``VOICE_MIN_GROUP`` answers, the results.

    Answers wait sealed until the pulse closes and the mixing task writes them (``services``):
    while they wait, ``responses`` is the number of people who have answered; afterwards, of
    answers written. Below the threshold even that number is withheld (``responses`` is None):
    a count that moves by one tells a watcher when someone answered. ``counting`` is true for a
    closed pulse whose answers are still waiting to be written (results appear shortly).
    """
    if isinstance(pulses, QuerySet):
        pulses = _with_progress(pulses)
    pulses = list(pulses)
    rows = _aggregate_rows([p.pk for p in pulses])
    minimum = min_group()
    summaries = []
    for pulse in pulses:
        row = rows.get(pulse.pk, {"n": 0})
        written = row["n"]
        counted = written if written else getattr(pulse, "participants", 0)
        enough = counted >= minimum
        state = pulse.state_on(today)
        summary = {
            "pulse": pulse,
            "state": state,
            "counting": state == "closed" and bool(getattr(pulse, "waiting", False)),
            "enough_responses": enough,
            "responses": counted if enough else None,
            "results": None,
        }
        if written >= minimum and state == "closed":
            summary["results"] = [
                {
                    "number": q.number,
                    "key": q.key,
                    "text": q.text,
                    "mean": round(float(row[f"{field}_mean"]), 2),
                    "distribution": {value: row[f"{field}_{value}"] for value in SCALE},
                }
                for q, field in zip(questions(pulse.question_set), FIELDS, strict=True)
            ]
        summaries.append(summary)
    return summaries


def team_pulses(team: Team) -> QuerySet[Pulse]:
    return Pulse.objects.filter(team=team).order_by("-opened_on", "-created_at")


def trend(summaries: list[dict[str, Any]]) -> dict[str, Any]:
    """Means per question over the pulses that have results, oldest first (for the chart and table)."""
    points = [s for s in reversed(summaries) if s["results"]]
    if not points:
        return {"labels": [], "series": []}
    first_set = questions(points[0]["pulse"].question_set)
    return {
        "labels": [s["pulse"].closes_on.isoformat() for s in points],
        "series": [
            {"key": q.key, "label": f"Q{q.number}", "text": q.text, "data": [s["results"][i]["mean"] for s in points]}
            for i, q in enumerate(first_set)
        ],
    }


def has_waiting_message(user: User, team: Team) -> bool:
    """Whether the user has a message in the team's waiting pool (about themselves only)."""
    return voice_models.FeedbackSender.objects.filter(team=team, worker_id=user.pk).exists()


def released_batches(team: Team, *, limit: int = 20) -> list[FeedbackBatch]:
    """Released feedback batches, newest first, items in a random-but-stable order (by random key)."""
    return list(
        FeedbackBatch.objects.filter(team=team)
        .order_by("-released_on", "id")
        .prefetch_related(Prefetch("items", queryset=Feedback.objects.order_by("id").only("id", "body", "batch_id")))[
            :limit
        ]
    )


def team_voice(user: User, team: Team) -> dict[str, Any]:
    """Everything a manager (or org admin) may see of a team's voice. Caller checks the policy."""
    today = caps(user).today
    summaries = pulse_summaries(team_pulses(team), today=today)
    return {
        "team": team,
        "min_group": min_group(),
        "pulses": summaries,
        "trend": trend(summaries),
        # Feedback not yet in a batch is not even counted: a count moving by one dates an item.
        "batches": released_batches(team),
    }
