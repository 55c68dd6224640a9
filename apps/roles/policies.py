"""Who may do what with role definitions and assignments (spec §2), one reason per rule.

Reading is decided by the selectors (what is not readable does not exist: 404); these
rules decide acting on what the user can already see (not allowed: 403).
"""

from apps.core.capabilities import caps


def can_write_role_definitions(user, team_id) -> bool:
    """Managers of the team create, edit, publish and retire its role definitions; org admins all."""
    return caps(user).can_manage_team(team_id)


def can_assign_roles(user, team_id) -> bool:
    """Managers of the team assign its roles and end assignments; org admins all."""
    return caps(user).can_manage_team(team_id)


def can_acknowledge(user, assignment) -> bool:
    """Only the worker who holds the assignment acknowledges it: nobody does it for them."""
    return assignment.worker_id == user.pk


def can_see_hours(user, team_id) -> bool:
    """Contracted and assigned hours of a team's members are for its managers and org admins."""
    return caps(user).can_manage_team(team_id)


def can_see_drafts(user, team_id) -> bool:
    """Drafts are work in progress of the team's managers (and org admins)."""
    return caps(user).can_manage_team(team_id)
