"""Who may do what with the team's anonymous voice (spec §2).

| | team member (not its manager) | team manager | org admin | anyone else |
|---|---|---|---|---|
| send feedback, answer the team's pulse | yes | — (it is addressed to them) | — (they read the results) | 404 |
| open a pulse | — | yes | yes | 404 |
| read aggregates (≥ ``VOICE_MIN_GROUP``) and released feedback | — | yes | yes | 404 |

Whoever reads a team's results does not add to them: a manager (or org admin) who could put
their own items into a batch of five would know four of them and so read the fifth alone.
"""

from django.conf import settings

from apps.core.capabilities import caps


def min_group() -> int:
    """Read at call time, so a deployment (or a test) can raise it."""
    return max(1, int(settings.VOICE_MIN_GROUP))


def can_voice(user, team_id) -> bool:
    """Active members of the team, except those who read its results (its managers, org admins)."""
    me = caps(user)
    return me.is_member_of(team_id) and not me.is_manager_of(team_id) and not me.is_org_admin


def can_read_results(user, team_id) -> bool:
    """The team's managers and org admins see aggregates, never who wrote what."""
    return caps(user).can_manage_team(team_id)


def can_open_pulse(user, team_id) -> bool:
    return caps(user).can_manage_team(team_id)
