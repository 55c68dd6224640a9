"""Who may do what with self-assessments, sign-offs and training records (spec §2).

| | worker (own) | supervisor (supervisee) | team manager (team) | org admin |
|---|---|---|---|---|
| self-assess, write training records | yes | — | — | — |
| import training records from the HR system | — | — | — | yes |
| read assessments and training records | yes | yes | states only | states only |
| read evidence, sign-off comments, certificates | yes | yes (evidence only where the reflection's own read rule lets them) | never | never |
| sign off | — | the assessor the worker chose among their supervisors (issue 18) | — | — |
| own-wellbeing items (kind ``wellbeing``) | yes | never | never | never |
| organisational competences: read | their teams' and the organisation's | — | yes | yes |
| organisational competences: record | — | — | for their teams | for any team and the organisation |

Anyone else, and every other organisation: the records do not exist (404).
"""

from uuid import UUID

from django.db.models import Q

from apps.accounts.models import User
from apps.competencies.models import Competency
from apps.core.capabilities import caps
from apps.teams.models import Membership


def kinds_shown(viewer_id: UUID, worker_id: UUID) -> tuple[str, ...]:
    """The competency kinds of a worker's record a viewer sees: their own wellbeing items are for
    the worker alone (never signed off, never shown to a manager, supervisor or admin);
    organisational competences are never a worker's (they are recorded for a team)."""
    if viewer_id == worker_id:
        return (Competency.Kind.PRACTICE, Competency.Kind.WELLBEING)
    return (Competency.Kind.PRACTICE,)


def others_wellbeing_hidden_q(user: User, field: str = "worker_id", competency: str = "competency__") -> Q:
    """A ``Q`` over assessments: everything except other people's own-wellbeing items."""
    return ~Q(**{f"{competency}kind": Competency.Kind.WELLBEING}) | Q(**{field: user.pk})


def readable_workers_q(user: User, field: str = "worker_id") -> Q:
    """A ``Q`` over a model with a worker column: the workers whose records ``user`` may read."""
    me = caps(user)
    if me.is_org_admin:
        return Q()  # the whole organisation (the selector scopes by organisation)
    q = Q(**{field: user.pk})
    if me.supervisee_ids:
        q |= Q(**{f"{field}__in": me.supervisee_ids})
    if me.managed_team_ids:
        managed = Membership.objects.active(me.today).filter(team_id__in=me.managed_team_ids).values("worker_id")
        q |= Q(**{f"{field}__in": managed})
    return q


def can_read_worker(user: User, worker_id: UUID) -> bool:
    """Own records; supervisees'; members of managed teams (states); anyone in the org for admins."""
    me = caps(user)
    return worker_id == user.pk or me.supervises(worker_id) or me.manages_worker(worker_id)


def can_see_details(user: User, worker_id: UUID) -> bool:
    """Evidence, sign-off comments and certificates: the worker and their supervisors only.

    Managers and org admins see states, never the evidence behind them.
    """
    return worker_id == user.pk or caps(user).supervises(worker_id)


def can_sign_off(user: User, worker_id: UUID) -> bool:
    """A supervisor of the worker (agreement active today) decides; nobody signs off their own."""
    return worker_id != user.pk and caps(user).supervises(worker_id)


def can_record_organisational(user: User, team_id: UUID | None) -> bool:
    """Organisational competences: a team's managers for their team; org admins for any team
    and for the organisation as a whole (``team_id`` None)."""
    me = caps(user)
    if team_id is None:
        return me.is_org_admin
    return me.can_manage_team(team_id)


def can_record_any_organisational(user: User) -> bool:
    """Whether the user records organisational competences at all (asked before the body is read:
    which team is then the body's to say)."""
    me = caps(user)
    return me.is_org_admin or bool(me.managed_team_ids)


def can_write(user: User, worker_id: UUID) -> bool:
    """Self-assessments and training records are written by the worker themselves only."""
    return worker_id == user.pk


def can_import_training(user: User) -> bool:
    """Training records from the HR system (staff imports): org admins, for anyone in the org."""
    return caps(user).is_org_admin


def can_manage_role_requirements(user: User, team_id: UUID) -> bool:
    """Role requirements are part of a role definition: its team's managers and org admins."""
    return caps(user).can_manage_team(team_id)
