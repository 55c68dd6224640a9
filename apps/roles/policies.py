"""Who may do what with role definitions and assignments (spec §2), one reason per rule.

Reading is decided by the selectors (what is not readable does not exist: 404); these
rules decide acting on what the user can already see (not allowed: 403).
"""

from uuid import UUID

from apps.accounts.models import User
from apps.core.capabilities import caps
from apps.roles.models import Assignment, Consultation, RoleDefinition


def can_write_role_definitions(user: User, team_id: UUID) -> bool:
    """Managers of the team create, edit, publish and retire its role definitions; org admins all."""
    return caps(user).can_manage_team(team_id)


def can_assign_roles(user: User, team_id: UUID) -> bool:
    """Managers of the team assign its roles and end assignments; org admins all."""
    return caps(user).can_manage_team(team_id)


def can_acknowledge(user: User, assignment: Assignment) -> bool:
    """Only the worker who holds the assignment acknowledges it: nobody does it for them."""
    return assignment.worker_id == user.pk


def can_see_hours(user: User, team_id: UUID) -> bool:
    """Contracted and assigned hours of a team's members are for its managers and org admins."""
    return caps(user).can_manage_team(team_id)


def can_see_drafts(user: User, team_id: UUID) -> bool:
    """Drafts are work in progress of the team's managers (and org admins)."""
    return caps(user).can_manage_team(team_id)


def can_discuss(user: User, assignment: Assignment) -> bool:
    """The worker asks about a role proposed to them; the team's managers (and org admins) answer.
    Nobody else reads or writes the conversation (supervisors and teammates included)."""
    return assignment.worker_id == user.pk or caps(user).can_manage_team(assignment.team_id)


# --- co-produced role definitions (issue 18, item 3) ------------------------------------------


def is_peer_worker_of(user: User, team_id: UUID) -> bool:
    """A current member of the team who is a peer support worker (not one of its managers,
    who write the definition and answer through their decisions)."""
    my = caps(user)
    return user.worker_kind == User.WorkerKind.PEER and my.is_member_of(team_id) and not my.can_manage_team(team_id)


def can_comment_on_definition(user: User, definition: RoleDefinition, *, consultation_open: bool) -> bool:
    """The team's peer workers comment on a draft, and propose changes, once its managers have
    opened it for consultation (asked at least one peer worker). Nobody comments in another's name."""
    return definition.is_draft and consultation_open and is_peer_worker_of(user, definition.team_id)


def can_consult(user: User, definition: RoleDefinition) -> bool:
    """The team's managers (and org admins) ask peer workers about a draft, and decide on comments."""
    return definition.is_draft and caps(user).can_manage_team(definition.team_id)


def can_decide_comments(user: User, definition: RoleDefinition) -> bool:
    """The team's managers (and org admins) accept or decline comments and proposals."""
    return caps(user).can_manage_team(definition.team_id)


def can_read_all_comments(user: User, definition: RoleDefinition) -> bool:
    """Managers read every comment on the team's definitions; a peer worker reads their own."""
    return caps(user).can_manage_team(definition.team_id)


def was_consulted(user: User, definition: RoleDefinition) -> bool:
    """Only a peer worker who was asked about this version records their view of it."""
    return Consultation.objects.filter(role_definition_id=definition.pk, worker_id=user.pk).exists()
