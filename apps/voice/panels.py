"""What team voice adds to the header, "my day" and the team page (registered in apps.py)."""

from typing import Any

from apps.accounts.models import User
from apps.core.capabilities import caps
from apps.teams.models import Team
from apps.voice import policies, selectors
from apps.voice.models import Pulse, PulseParticipation
from apps.voice.selectors import with_standing


def in_a_team(user: User) -> bool:
    return bool(caps(user).team_ids) or caps(user).is_org_admin


def my_day(user: User) -> dict[str, Any]:
    """Open pulses of the user's teams they have not answered yet and whose answer would count
    (``policies.answer_refusal``; two queries)."""
    me = caps(user)
    team_ids = [t for t in me.team_ids if policies.can_voice(user, t)]
    if not team_ids or not policies.has_own_credentials(user):
        return {"open_pulses": []}
    answered = PulseParticipation.objects.filter(worker_id=user.pk).values("pulse_id")
    pulses = (
        with_standing(
            Pulse.objects.filter(team_id__in=team_ids, opened_on__lte=me.today, closes_on__gte=me.today), user
        )
        .filter(member_before_open=True)
        .exclude(pk__in=answered)
        .exclude(opened_by_id=user.pk)
        .select_related("team")
        .order_by("closes_on")
    )
    return {"open_pulses": list(pulses)}


def team_panel(user: User, team: Team) -> dict[str, Any] | None:
    can_read = policies.can_read_results(user, team.pk)
    can_voice = policies.can_voice(user, team.pk)
    if not (can_read or can_voice):
        return None
    today = caps(user).today
    if can_read:
        summaries = selectors.pulse_summaries(selectors.team_pulses(team), today=today)
        return {
            "team_id": team.pk,
            "can_read": True,
            "trend": selectors.trend(summaries),
            "min_group": policies.min_group(),
        }
    pulse = selectors.open_pulse(team, today=today)
    answered = pulse is not None and pulse.pk in selectors.answered_pulse_ids(user, [pulse.pk])
    refusal = selectors.answer_refusal(user, pulse) if pulse and not answered else None
    return {"team_id": team.pk, "can_read": False, "pulse": pulse, "answered": answered, "refusal": refusal}
