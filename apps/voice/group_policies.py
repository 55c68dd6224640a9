"""Who may do what with a group pulse (issue 19; the rules of ``policies`` carried over).

| | invitee (asked when it opened) | team manager | org admin | anyone else |
|---|---|---|---|---|
| answer | yes, once, if they still hold their own credentials | — | — | 403 (in the org) / 404 |
| open a pooled peer-voice pulse | — | — | yes | 403 |
| open a team's readiness pulse | — | yes, their team | yes | 403 |
| read the released breakdowns | — | readiness: their team's | yes | 404 |

Who is asked is fixed when the pulse opens (``GroupPulseInvitee``): active members of its teams
(not their managers, not org admins, not whoever opens it) of the audience's worker kind who
have set their own password. Nobody added to a team, given credentials or re-labelled peer or
clinical afterwards can answer, so no one can make up the numbers of a pulse already open.
"""

from apps.accounts.models import User
from apps.core.capabilities import caps
from apps.voice.group_models import GroupPulse
from apps.voice.policies import NEEDS_OWN_PASSWORD, has_own_credentials

NOT_ASKED = (
    "This pulse was opened for the people in its teams when it opened (peer workers, or clinical colleagues, who "
    "had set their own password, not managers). You were not one of them, so your answer could not count."
)
ALREADY = "You have already answered this pulse."
NOT_OPEN = "This pulse is not open."
ONLY_ADMINS_POOL = "Only an org admin can open a pooled peer-voice pulse."
ONLY_MANAGERS_READINESS = "Only this team's managers or an org admin can open its readiness pulse."


def can_open_pooled(user: User) -> bool:
    return caps(user).is_org_admin


def can_open_readiness(user: User, team_id) -> bool:
    return caps(user).can_manage_team(team_id)


def can_open_some_readiness(user: User) -> bool:
    return caps(user).can_manage_people()


def can_read(user: User, pulse: GroupPulse, team_ids: list, *, invited: bool = False) -> bool:
    """Org admins read every group pulse of their organisation; a team's managers its readiness
    pulse; and everyone who was asked reads its results once they are released (closing the loop,
    issue 19 item 5): the same breakdowns the release rule let through, never more."""
    me = caps(user)
    if me.organisation_id != pulse.organisation_id:
        return False
    if me.is_org_admin:
        return True
    if invited and pulse.mixed:
        return True
    return pulse.kind == GroupPulse.Kind.READINESS and any(me.is_manager_of(t) for t in team_ids)


def answer_refusal(user: User, pulse: GroupPulse, *, invited: bool, answered: bool, today) -> str | None:
    """Why ``user``'s answer to ``pulse`` would not be taken (a 403 message; ``NOT_OPEN`` and
    ``ALREADY`` are 400s in the service), or None."""
    if not invited:
        return NOT_ASKED
    if answered:
        return ALREADY
    if pulse.state_on(today) != "open":
        return NOT_OPEN
    if not has_own_credentials(user):
        return NEEDS_OWN_PASSWORD
    return None
