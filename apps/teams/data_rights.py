"""A worker's team memberships in their export. Nothing is erased: a membership is part of its
team's history, and stays under the erased worker's anonymised account."""

from apps.accounts.models import User
from apps.core.readable import Readable
from apps.teams.models import Membership


def export(user: User) -> list[dict[str, str | None]]:
    return [
        {
            "team": m.team.name,
            "team_role": m.team_role,
            "joined_on": m.joined_on.isoformat(),
            "left_on": m.left_on.isoformat() if m.left_on else None,
        }
        for m in Membership.objects.filter(worker=user).select_related("team").order_by("joined_on")
    ]


READABLE = Readable(
    title="Teams",
    labels={"team": "Team", "team_role": "Role in the team", "joined_on": "Joined", "left_on": "Left"},
    values={"team_role": dict(Membership.TeamRole.choices)},
)
