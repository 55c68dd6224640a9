"""Who may do what with fidelity checks.

| | the author | a supervisor the author named (agreement in force) | team member | team manager | org admin | anyone else |
|---|---|---|---|---|---|---|
| take a check (peer workers) | yes | — | — | — | — | — |
| read a check, its scores and notes | yes | yes, while named and supervising | 404 | 404 | 404 | 404 |
| change who reads it | yes | 403 | 404 | 404 | 404 | 404 |
| the team's aggregate (≥ ``VOICE_MIN_GROUP`` distinct workers) | — | — | yes | yes | yes | 404 |
| the organisation's aggregate, the interval setting | — | — | — | — | yes | 403 |

Aggregates never name a worker and never carry a note; below the minimum group they say so and
show nothing else.
"""

from uuid import UUID

from django.conf import settings
from django.db.models import Q

from apps.accounts.models import User
from apps.core.capabilities import caps
from apps.core.sharing import author_not_left_q, named_reader_q
from apps.fidelity.models import FidelityCheck

SUPPRESSED = "Not enough answers to show without identifying anyone."


def min_group() -> int:
    """Counted in distinct workers; read at call time so a deployment (or a test) can raise it."""
    return max(1, int(settings.VOICE_MIN_GROUP))


def takes_checks(user: User) -> bool:
    """The check is about peer practice: peer workers take it."""
    return getattr(user, "worker_kind", None) == User.WorkerKind.PEER


def sees_fidelity_link(user: User) -> bool:
    """The header link: peer workers (their checks) and supervisors (checks shared with them)."""
    return takes_checks(user) or bool(caps(user).supervisee_ids)


def supervisor_read_filter(user: User) -> Q:
    return (
        Q(share_with_supervisor=True)
        & named_reader_q(user, FidelityCheck.readers.through, "fidelitycheck_id")
        & author_not_left_q(user)
    )


def read_filter(user: User) -> Q:
    return Q(author_id=user.pk) | supervisor_read_filter(user)


def can_read_team_summary(user: User, team_id: UUID) -> bool:
    my = caps(user)
    return my.can_manage_team(team_id) or my.is_member_of(team_id)


def can_read_organisation_summary(user: User) -> bool:
    return caps(user).is_org_admin


def can_change_settings(user: User) -> bool:
    return caps(user).is_org_admin
