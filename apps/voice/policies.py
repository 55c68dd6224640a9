"""Who may do what with the team's anonymous voice (spec §2, "Voice").

| | team member (not its manager) | team manager | org admin | anyone else |
|---|---|---|---|---|
| send feedback, answer the team's pulse | yes, if their voice counts (below) | — (it is addressed to them) | — (they read the results) | 404 |
| open a pulse | — | yes | yes | 404 |
| read aggregates (≥ ``VOICE_MIN_GROUP``) and released feedback | — | yes | yes | 404 |

Whoever reads a team's results does not add to them: a manager (or org admin) who could put
their own items into a batch of five would know four of them and so read the fifth alone.

**Whose voice counts.** The minimum group protects a person only if the others in it are other
real people. So an answer is taken only from someone who

* holds credentials nobody else knows (``User.own_credentials_at``: they set their password
  through a link sent to them) — an account made up by someone who knows its password could
  otherwise answer in a made-up person's name;
* was in the team before the pulse opened, in the same place since (a membership created and
  last changed before the pulse) — nobody can be added, or moved out of managing, to make up
  the numbers of a pulse already open;
* is not the manager who opened it.

Anyone else is **refused** with a message saying why (not accepted and silently dropped: a
person should know their answer was not taken, and an uncounted answer stored beside counted
ones would need a mark that singles it out). Feedback asks the same of its writers but the
pulse-timing rule, and is released only when ``VOICE_MIN_GROUP`` *different* people have written.
"""

from uuid import UUID

from django.conf import settings

from apps.accounts.models import User
from apps.core.capabilities import caps
from apps.voice.models import Pulse

NOT_A_VOICE = "Only members of this team (not its managers) can answer."
NOT_A_VOICE_FEEDBACK = "Only members of this team (not its managers) can send feedback."
NEEDS_OWN_PASSWORD = (
    "Your answers count once you have set your own password through a link sent to you, so that nobody "
    "can answer in a name that isn't theirs. Ask for the link on the team voice page."
)
JOINED_AFTER = (
    "You joined this team (or your place in it changed) after this pulse opened, so your answers could not "
    "count toward it. You can answer the next one."
)
OPENED_IT = "You opened this pulse, so your answers could not count toward it."


def min_group() -> int:
    """Read at call time, so a deployment (or a test) can raise it."""
    return max(1, int(settings.VOICE_MIN_GROUP))


def can_voice(user: User, team_id: UUID) -> bool:
    """Active members of the team, except those who read its results (its managers, org admins)."""
    me = caps(user)
    return me.is_member_of(team_id) and not me.is_manager_of(team_id) and not me.is_org_admin


def has_own_credentials(user: User) -> bool:
    return getattr(user, "own_credentials_at", None) is not None


def feedback_refusal(user: User, team_id: UUID) -> str | None:
    """Why ``user`` may not write to the team's pool (a 403 message), or None."""
    if not can_voice(user, team_id):
        return NOT_A_VOICE_FEEDBACK
    if not has_own_credentials(user):
        return NEEDS_OWN_PASSWORD
    return None


def answer_refusal(user: User, pulse: Pulse, *, member_before_open: bool) -> str | None:
    """Why ``user``'s answer to ``pulse`` could not count (a 403 message), or None.

    ``member_before_open``: whether their current membership of the pulse's team was created and
    last changed before the pulse was (``selectors.member_before_open``; one query, or an
    annotation on a list)."""
    if not can_voice(user, pulse.team_id):
        return NOT_A_VOICE
    if not has_own_credentials(user):
        return NEEDS_OWN_PASSWORD
    if pulse.opened_by_id == user.pk:
        return OPENED_IT
    if not member_before_open:
        return JOINED_AFTER
    return None


def can_read_results(user: User, team_id: UUID) -> bool:
    """The team's managers and org admins see aggregates, never who wrote what."""
    return caps(user).can_manage_team(team_id)


def can_open_pulse(user: User, team_id: UUID) -> bool:
    return caps(user).can_manage_team(team_id)
