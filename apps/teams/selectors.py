"""Reading teams and memberships, scoped to what the signed-in user may see."""

from datetime import date
from uuid import UUID

from django.db.models import Count, Q, QuerySet

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.core.capabilities import caps
from apps.core.selectors import get_or_404
from apps.teams.models import Membership, Team


def teams_visible_to(user: User) -> QuerySet[Team]:
    """Org admins: every team of the organisation. Others: the teams they are in."""
    qs = Team.objects.filter(organisation_id=org_id(user))
    if caps(user).is_org_admin:
        return qs
    return qs.filter(pk__in=caps(user).team_ids)


def teams_with_member_counts(user: User) -> QuerySet[Team]:
    today = caps(user).today
    active = Q(memberships__joined_on__lte=today) & (
        Q(memberships__left_on__isnull=True) | Q(memberships__left_on__gt=today)
    )
    return teams_visible_to(user).annotate(member_count=Count("memberships", filter=active))


def get_team_for(user: User, team_id: UUID | str) -> Team:
    return get_or_404(teams_visible_to(user), team_id)


def memberships_visible_to(user: User) -> QuerySet[Membership]:
    """Memberships of the teams the user can see (a team list is readable by its members)."""
    return Membership.objects.filter(team__organisation_id=org_id(user), team__in=teams_visible_to(user))


def get_membership_for(user: User, membership_id: UUID | str) -> Membership:
    return get_or_404(memberships_visible_to(user).select_related("team", "worker"), membership_id)


def team_members(team: Team, *, on_date: date) -> list[Membership]:
    """A team's current members with their people, ordered by team role then name."""
    order = {Membership.TeamRole.MANAGER: 0, Membership.TeamRole.SUPERVISOR: 1, Membership.TeamRole.MEMBER: 2}
    members = list(Membership.objects.active(on_date).filter(team=team).select_related("worker"))
    members.sort(key=lambda m: (order[m.team_role], m.worker.display_name.lower()))
    return members


def manageable_teams(user: User) -> QuerySet[Team]:
    """Teams the user may add people to."""
    qs = Team.objects.filter(organisation_id=org_id(user))
    if caps(user).is_org_admin:
        return qs
    return qs.filter(pk__in=caps(user).managed_team_ids)
