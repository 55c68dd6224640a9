"""Who may do what with role definitions and assignments (spec §2), one reason per rule.

Reading is decided by the selectors (what is not readable does not exist: 404); these
rules decide acting on what the user can already see (not allowed: 403).
"""

from uuid import UUID

from apps.accounts.models import User
from apps.core.capabilities import caps
from apps.roles.models import Assignment


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
