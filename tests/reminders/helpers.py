"""Small worlds with explicit dates for reminder tests (invented people only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from apps.accounts.models import User
from apps.notifications.models import Notification
from apps.supervision.models import Agreement
from apps.teams.models import Membership
from tests.factories import ACTIVE, AgreementFactory, MembershipFactory, OrganisationFactory, TeamFactory, UserFactory

LONG_AGO = date(2020, 1, 1)


@dataclass
class World:
    org: object
    team: object
    manager: User
    supervisor: User
    supervisee: User
    agreement: Agreement


def member(team, role, username, *, kind=User.WorkerKind.PEER, joined_on=LONG_AGO, email=True) -> User:
    user = UserFactory(
        organisation=team.organisation,
        username=username,
        display_name=username.replace("-", " ").title(),
        worker_kind=kind,
        email=f"{username}@example.invalid" if email else "",
    )
    MembershipFactory(team=team, worker=user, team_role=role, joined_on=joined_on)
    return user


def make_world(*, next_due_on: date, prefix: str = "nf", time_zone: str = "Europe/London", email=True) -> World:
    """One team: a manager, a (clinical) supervisor and a peer supervisee under a peer agreement
    whose due column is ``next_due_on``. Everyone joined long ago."""
    org = OrganisationFactory(name=f"Org {prefix}", time_zone=time_zone)
    team = TeamFactory(organisation=org, name=f"Team {prefix}")
    R = Membership.TeamRole
    manager = member(team, R.MANAGER, f"{prefix}-manager", kind=User.WorkerKind.CLINICAL, email=email)
    supervisor = member(team, R.SUPERVISOR, f"{prefix}-supervisor", kind=User.WorkerKind.CLINICAL, email=email)
    supervisee = member(team, R.MEMBER, f"{prefix}-peer", email=email)
    agreement = AgreementFactory(
        supervisee=supervisee,
        supervisor=supervisor,
        kind=Agreement.Kind.PEER,
        frequency_days=28,
        starts_on=LONG_AGO,
        next_due_on=next_due_on,
    )
    return World(org, team, manager, supervisor, supervisee, agreement)


def sent(*kinds) -> list[tuple[str, str]]:
    """(kind, recipient username) of every in-app notification, sorted; only ``kinds`` if given."""
    rows = Notification.objects.values_list("kind", "recipient__username")
    if kinds:
        rows = rows.filter(kind__in=kinds)
    return sorted(rows)


SUPERVISION = ("supervision_due_soon", "supervision_overdue", "supervision_escalated")


def bulk_world(n: int, *, next_due_on: date, prefix: str, email: bool = False):
    """``n`` peer supervisees in one team with a manager and one supervisor, inserted in bulk
    (by default without e-mail addresses, so nothing is published to the broker)."""
    org = OrganisationFactory(name=f"Bulk {prefix}")
    team = TeamFactory(organisation=org, name=f"Bulk team {prefix}")
    people = [
        User(
            organisation=org,
            username=f"{prefix}-{i}",
            display_name=f"Worker {i}",
            password="!",
            email=f"{prefix}-{i}@example.invalid" if email else "",
            worker_kind=User.WorkerKind.PEER if i >= 2 else User.WorkerKind.CLINICAL,
        )
        for i in range(n + 2)
    ]
    for person in people:
        person.fill_name_keys()  # bulk_create skips save()
    User.objects.bulk_create(people)
    supervisor, supervisees = people[1], people[2:]
    roles = [Membership.TeamRole.MANAGER, Membership.TeamRole.SUPERVISOR] + [Membership.TeamRole.MEMBER] * n
    Membership.objects.bulk_create(
        Membership(team=team, worker=p, team_role=r, joined_on=date(2020, 1, 1)) for p, r in zip(people, roles)
    )
    Agreement.objects.bulk_create(
        Agreement(
            organisation=org,
            supervisee=s,
            supervisor=supervisor,
            kind=Agreement.Kind.PEER,
            frequency_days=28,
            starts_on=date(2020, 1, 1),
            next_due_on=next_due_on,
            **ACTIVE,
        )
        for s in supervisees
    )
