"""Who may create, change, archive and restore a team (membership rules read ``caps`` directly)."""

from apps.accounts.models import User
from apps.core.capabilities import caps
from apps.teams.models import Team


def can_archive_team(user: User, team: Team) -> bool:
    """The team's managers and org admins: they may already end every membership of the team,
    which is what archiving does (and it takes the team out of everyone's lists)."""
    return caps(user).can_manage_team(team.pk)


def can_restore_team(user: User) -> bool:
    """Org admins only: an archived team has no managers left to bring it back."""
    return caps(user).is_org_admin


def can_create_team(user: User) -> bool:
    """Org admins only (SPEC §2): a manager who could would run teams of their own making."""
    return caps(user).is_org_admin


def can_edit_team(user: User, team: Team) -> bool:
    """The team's managers and org admins change its name, setting and description; an
    archived team takes no changes until it is restored."""
    return not team.is_archived and caps(user).can_manage_team(team.pk)
