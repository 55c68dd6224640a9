"""Reading workers, scoped to what the signed-in user may see."""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import QuerySet

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.core.capabilities import caps
from apps.core.selectors import get_or_404
from apps.teams.models import Membership


def workers_visible_to(user: User) -> QuerySet[User]:
    """Org admins see everyone in the organisation; others see themselves, the people in
    their teams, their supervisees and their supervisors. Other organisations: nobody."""
    qs = User.objects.filter(organisation_id=org_id(user), organisation__isnull=False)
    if caps(user).is_org_admin:
        return qs
    return qs.filter(caps(user).colleague_filter())


def get_worker_for(user: User, worker_id: UUID | str) -> User:
    return get_or_404(workers_visible_to(user), worker_id)


@dataclass
class MembershipRow:
    """One of a worker's current teams on their People page; ``can_change``: the viewer manages
    that team (the same rule as ``apps.teams.services.membership_update``)."""

    membership: Membership
    can_change: bool
    form: Any = None


def current_memberships(viewer: User, worker: User) -> list[MembershipRow]:
    """``worker``'s memberships in force today in teams ``viewer`` can see, by team name."""
    me = caps(viewer)
    memberships = (
        Membership.objects.active(me.today)
        .filter(worker=worker, team__organisation_id=org_id(viewer), team__archived_at__isnull=True)
        .select_related("team")
        .order_by("team__name")
    )
    return [MembershipRow(m, me.can_manage_team(m.team_id)) for m in memberships]
