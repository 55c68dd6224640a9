"""Reading teams and memberships, scoped to what the signed-in user may see."""

from collections.abc import Iterable
from datetime import date
from uuid import UUID

from django.db.models import Count, Expression, Q, QuerySet

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.core.capabilities import caps
from apps.core.selectors import get_or_404
from apps.teams.models import Membership, Team, in_force


def teams_visible_to(user: User, *, archived: bool | None = False) -> QuerySet[Team]:
    """Org admins: every team of the organisation. Others: the teams they are in.

    ``archived=False`` (lists and pickers): teams in use; ``True``: archived teams only (the
    "Archived teams" view); ``None``: both (reading one team or its history). Nobody is in an
    archived team any more, so only org admins see archived ones."""
    qs = Team.objects.filter(organisation_id=org_id(user))
    if archived is not None:
        qs = qs.filter(archived_at__isnull=not archived)
    if caps(user).is_org_admin:
        return qs
    return qs.filter(pk__in=caps(user).team_ids)


def teams_with_member_counts(user: User, *, archived: bool | None = False) -> QuerySet[Team]:
    active = in_force(caps(user).today, "memberships__")
    return teams_visible_to(user, archived=archived).annotate(member_count=Count("memberships", filter=active))


def get_team_for(user: User, team_id: UUID | str) -> Team:
    """One team, archived or not (an archived team stays readable)."""
    return get_or_404(teams_visible_to(user, archived=None), team_id)


def memberships_visible_to(user: User) -> QuerySet[Membership]:
    """Memberships of the teams the user can see (a team list is readable by its members),
    archived teams' included: they are the history of who was in them."""
    return Membership.objects.filter(team__organisation_id=org_id(user), team__in=teams_visible_to(user, archived=None))


def get_membership_for(user: User, membership_id: UUID | str) -> Membership:
    return get_or_404(memberships_visible_to(user).select_related("team", "worker"), membership_id)


def team_members(team: Team, *, on_date: date) -> list[Membership]:
    """A team's current members with their people, ordered by team role then name."""
    order = {Membership.TeamRole.MANAGER: 0, Membership.TeamRole.SUPERVISOR: 1, Membership.TeamRole.MEMBER: 2}
    members = list(Membership.objects.active(on_date).filter(team=team).select_related("worker"))
    members.sort(key=lambda m: (order[m.team_role], m.worker.display_name.lower()))
    return members


def team_history(team: Team) -> list[Membership]:
    """Everyone who was ever in the team, newest leaver first (an archived team's page)."""
    return list(
        Membership.objects.filter(team=team).select_related("worker").order_by("-left_on", "worker__display_name")
    )


def manageable_teams(user: User) -> QuerySet[Team]:
    """Teams the user may add people to (archived teams take nobody)."""
    qs = Team.objects.filter(organisation_id=org_id(user), archived_at__isnull=True)
    if caps(user).is_org_admin:
        return qs
    return qs.filter(pk__in=caps(user).managed_team_ids)


# --- the managers of a worker's teams (one rule: voice, reminders, competencies ask it here) ---


def manager_path(worker: str = "") -> str:
    """From the worker at path ``worker`` to the memberships of their teams' managers (filtered
    by :func:`managers_of_worker_teams`); append ``worker_id`` or ``worker__`` for the manager."""
    return f"{worker}memberships__team__memberships__"


def managers_of_worker_teams(worker: str = "", *, on: date | Expression) -> Q:
    """For one ``filter()`` call: the worker at path ``worker`` (``""`` for a queryset of users,
    ``"supervisee__"``, ``"author__"``...) has a membership in force on ``on``, and in that team a
    manager's membership is in force too. The rows are then one per (worker's team, manager):
    the manager is at :func:`manager_path`. ``on`` may be an expression (a per-zone today)."""
    manager = manager_path(worker)
    return (
        in_force(on, f"{worker}memberships__")
        & in_force(on, manager)
        & Q(**{f"{manager}team_role": Membership.TeamRole.MANAGER})
    )


def team_managers(team: Team, *, on_date: date) -> list[User]:
    """The people managing ``team`` on ``on_date`` (one query)."""
    return [
        m.worker
        for m in Membership.objects.active(on_date)
        .filter(team=team, team_role=Membership.TeamRole.MANAGER)
        .select_related("worker")
    ]


def stepped_away_shown_to(viewer: User, workers: Iterable[User]) -> set[UUID]:
    """The ``workers`` whose "stepped away" status ``viewer`` is shown
    (``Capabilities.is_told_stepped_away``): themselves and the people they supervise. Anyone
    else (managers and org admins as such, colleagues) is shown them as active (issue 15, item 12)."""
    my = caps(viewer)
    return {w.pk for w in workers if w.status == User.Status.STEPPED_AWAY and my.is_told_stepped_away(w.pk)}
