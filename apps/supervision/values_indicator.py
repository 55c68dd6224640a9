"""The team-level indicator of the peer-values check (issue 18, items 2 and 4): per quarter,
how many sessions named each value as "getting in the way" here — about the organisation,
never a person. Shown only when the sessions of that quarter cover at least ``VOICE_MIN_GROUP``
distinct workers of the team; otherwise the quarter reads "not enough answers to show without
identifying anyone". Reads the answers only: "what the organisation could change" (text) is
never selected, and no session, name or date finer than the quarter is shown.
"""

from collections import defaultdict
from typing import Any
from uuid import UUID

from django.conf import settings

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.core.capabilities import caps
from apps.core.quarters import last_quarters, quarter_label, quarter_of, quarter_start
from apps.supervision.models import SupervisionSession
from apps.supervision.values import IN_THE_WAY, peer_values
from apps.teams.models import Membership, Team

SUPPRESSED = "Not enough answers to show without identifying anyone."
QUARTERS_SHOWN = 8


def min_group() -> int:
    return max(1, int(settings.VOICE_MIN_GROUP))


def can_read(user: User, team_id: UUID) -> bool:
    """The team's members, its managers and org admins (aggregates only)."""
    my = caps(user)
    return my.can_manage_team(team_id) or my.is_member_of(team_id)


def team_values_indicator(user: User, team: Team) -> dict[str, Any]:
    """The caller checks :func:`can_read`."""
    today = caps(user).today
    quarters = last_quarters(today, QUARTERS_SHOWN)
    first = quarter_start(quarters[0])
    members = Membership.objects.active(today).filter(team=team).values("worker_id")
    rows = (
        SupervisionSession.objects.filter(
            organisation_id=org_id(user),
            values_check__isnull=False,
            held_on__gte=first,
            held_on__lte=today,
            agreements__supervisee_id__in=members,
        )
        .values_list("pk", "held_on", "agreements__supervisee_id", "values_check__answers")
        .order_by()
    )
    workers: dict[tuple[int, int], set[UUID]] = defaultdict(set)
    answers_of: dict[UUID, tuple[tuple[int, int], dict]] = {}
    for session_id, held_on, supervisee_id, answers in rows:
        quarter = quarter_of(held_on)
        workers[quarter].add(supervisee_id)
        answers_of[session_id] = (quarter, answers if isinstance(answers, dict) else {})
    needed = min_group()
    periods = []
    for quarter in quarters:
        shown = len(workers[quarter]) >= needed
        sessions = [answers for q, answers in answers_of.values() if q == quarter]
        periods.append(
            {
                "period": quarter_label(quarter),
                "shown": shown,
                "sessions": len(sessions) if shown else None,
                "message": "" if shown else SUPPRESSED,
                "values": [
                    {
                        "key": value["key"],
                        "label": value["label"],
                        "in_the_way": sum(1 for a in sessions if a.get(value["key"]) == IN_THE_WAY) if shown else None,
                    }
                    for value in peer_values()
                ],
            }
        )
    return {"min_group": needed, "periods": periods, "values": [v["label"] for v in peer_values()]}


def team_panel(user: User, team: Team) -> dict[str, Any] | None:
    if not can_read(user, team.pk):
        return None
    indicator = team_values_indicator(user, team)
    return {"team": team, "indicator": indicator, "latest": indicator["periods"][-1]}
