"""Closing the loop (issue 19, item 5): who sees a released pulse's results, and the team's
"you said, we did" actions.

* **Released results** (a pulse closed with at least ``VOICE_MIN_GROUP`` answers written) are
  shown to everyone who could answer the pulse — the team's voices who were in it, in the same
  place, before it opened (``selectors.with_standing``) — and to anyone who answered it, as well
  as to the managers and org admins who read them already. The same aggregates for all: nothing
  about who answered (a person who did not answer sees exactly what one who did sees).
* **Actions** are written by a manager against a released pulse or feedback batch and shown to
  the whole team (members, managers, org admins); nobody outside the team reaches them (404).
"""

from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.core.capabilities import caps
from apps.core.selectors import get_or_404
from apps.teams.models import Membership, Team
from apps.teams.selectors import teams_visible_to
from apps.voice import policies
from apps.voice.models import FeedbackBatch, Pulse, PulseParticipation, VoiceAction
from apps.voice.selectors import pulse_summaries, team_pulses, with_standing


def can_see_actions(user: User, team_id: UUID) -> bool:
    """The team: its members (of any role) and managers, and org admins."""
    me = caps(user)
    return me.is_member_of(team_id) or me.can_manage_team(team_id)


def can_record_actions(user: User, team_id: UUID) -> bool:
    """The team's managers and org admins: those who read the results and the feedback."""
    return policies.can_read_results(user, team_id)


def results_pulses_for(user: User, team: Team) -> QuerySet[Pulse]:
    """The team's pulses whose released results ``user`` may see: all of them for those who read
    results; for a voice of the team, those they could answer (or did answer)."""
    pulses = team_pulses(team)
    if policies.can_read_results(user, team.pk):
        return pulses
    if not policies.can_voice(user, team.pk):
        return pulses.none()
    answered = PulseParticipation.objects.filter(worker_id=user.pk).values("pulse_id")
    return with_standing(pulses, user).filter(Q(member_before_open=True) | Q(pk__in=answered))


def released_results(user: User, team: Team) -> list[dict[str, Any]]:
    """Summaries (``selectors.pulse_summaries``) of the pulses ``user`` may see whose results are
    released, newest first, each with ``since``: the actions done or recorded since the pulse
    before it (``since_previous``)."""
    summaries = [s for s in pulse_summaries(results_pulses_for(user, team), today=caps(user).today) if s["results"]]
    if summaries:
        actions = list(team_actions(team))
        previous = previous_closes(team)
        for summary in summaries:
            summary["since"] = since_previous(actions, previous.get(summary["pulse"].pk))
    return summaries


def previous_closes(team: Team) -> dict[UUID, date | None]:
    """``{pulse_id: closing date of the team's pulse before it (None for the first)}`` (one query)."""
    rows = list(Pulse.objects.filter(team=team).order_by("opened_on", "created_at").values_list("pk", "closes_on"))
    return {pk: rows[i - 1][1] if i else None for i, (pk, _closes) in enumerate(rows)}


def since_previous(actions: list[VoiceAction], previous_closes_on: date | None) -> list[VoiceAction]:
    """What the team's managers recorded or completed since the previous pulse closed (all of it
    before the first pulse): "what was done since the last one"."""
    if previous_closes_on is None:
        return list(actions)
    return [
        a
        for a in actions
        if a.recorded_on > previous_closes_on or (a.done_on is not None and a.done_on > previous_closes_on)
    ]


def since_last_pulse(team: Team, pulse: Pulse) -> list[VoiceAction]:
    """For the answer page of ``pulse``: the actions since the team's pulse before it (two queries)."""
    before = (
        Pulse.objects.filter(team=team, opened_on__lte=pulse.opened_on)
        .exclude(pk=pulse.pk)
        .order_by("-opened_on", "-created_at")
        .values_list("closes_on", flat=True)
        .first()
    )
    return since_previous(list(team_actions(team)), before)


def team_actions(team: Team) -> QuerySet[VoiceAction]:
    """The team's actions, newest first (the order of the page and of the cursor)."""
    return (
        VoiceAction.objects.filter(team=team).select_related("pulse", "feedback_batch").order_by("-created_at", "-id")
    )


def actions_visible_to(user: User) -> QuerySet[VoiceAction]:
    """Actions of the teams ``user`` sees (``teams_visible_to``: their own; every team for org
    admins), in their organisation."""
    return VoiceAction.objects.filter(organisation_id=org_id(user), team__in=teams_visible_to(user))


def get_action_for(user: User, action_id: UUID | str) -> VoiceAction:
    return get_or_404(actions_visible_to(user).select_related("team", "pulse", "feedback_batch"), action_id)


def answerable_sources(team: Team, *, today: date) -> tuple[list[Pulse], list[FeedbackBatch]]:
    """What an action can answer: the team's released pulses and its released feedback batches
    (newest first, two queries and the aggregates' one)."""
    pulses = [s["pulse"] for s in pulse_summaries(team_pulses(team), today=today) if s["results"]]
    batches = list(FeedbackBatch.objects.filter(team=team).order_by("-released_on", "id")[:20])
    return pulses, batches


def results_out_recipients(pulse: Pulse, *, today: date) -> QuerySet[User]:
    """Who is told a pulse's results are out: everyone who could answer it (the voices in the
    team, in the same place, since before it opened) and the team's managers; nobody by whether
    they answered."""
    could_answer = (
        Membership.objects.active(today)
        .filter(
            team_id=pulse.team_id,
            created_at__lt=pulse.created_at,
            updated_at__lt=pulse.created_at,
            joined_on__lte=pulse.opened_on,
            worker__is_org_admin=False,
        )
        .exclude(team_role=Membership.TeamRole.MANAGER)
        .values("worker_id")
    )
    managers = (
        Membership.objects.active(today)
        .filter(team_id=pulse.team_id, team_role=Membership.TeamRole.MANAGER)
        .values("worker_id")
    )
    return User.objects.filter(Q(pk__in=could_answer) | Q(pk__in=managers), status=User.Status.ACTIVE, is_active=True)
