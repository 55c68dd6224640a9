"""Helpers for group-pulse tests (issue 19): people, opening, answering, closing and mixing."""

from datetime import timedelta

from apps.accounts.models import User
from apps.core.dates import org_today
from apps.teams.models import Membership
from apps.voice import group_services
from apps.voice.group_models import GroupPulse
from tests.factories import MembershipFactory, TeamFactory, UserFactory

PEER, CLINICAL = User.WorkerKind.PEER, User.WorkerKind.CLINICAL
LONG_AGO = timedelta(days=100)


def person(name, *teams, kind=PEER, own_credentials=True):
    org = teams[0].organisation
    user = UserFactory(
        organisation=org,
        username=name,
        display_name=name.title(),
        worker_kind=kind,
        **({} if own_credentials else {"own_credentials_at": None}),
    )
    for team in teams:
        MembershipFactory(
            team=team, worker=user, team_role=Membership.TeamRole.MEMBER, joined_on=org_today(org) - LONG_AGO
        )
    return user


def crowd(prefix, n, *teams, kind=PEER):
    return [person(f"{prefix}{i}", *teams, kind=kind) for i in range(n)]


def team(org, name):
    return TeamFactory(organisation=org, name=name)


def open_pooled(admin, teams, *, audience=GroupPulse.Audience.PEERS, whole=False):
    return group_services.group_pulse_open(
        actor=admin,
        kind=GroupPulse.Kind.POOLED,
        teams=list(teams),
        whole_organisation=whole,
        audience_=audience,
        closes_on=org_today(admin.organisation) + timedelta(days=7),
    )


def open_readiness(actor, the_team):
    return group_services.group_pulse_open(
        actor=actor,
        kind=GroupPulse.Kind.READINESS,
        teams=[the_team],
        closes_on=org_today(actor.organisation) + timedelta(days=7),
    )


def answer_all(pulse, people, values=(3, 4, 3, 4, 3)):
    for someone in people:
        group_services.group_pulse_answer(actor=someone, pulse=pulse, answers=list(values))


def close_and_mix(pulse):
    today = org_today(pulse.organisation)
    GroupPulse.objects.filter(pk=pulse.pk).update(
        opened_on=today - timedelta(days=8), closes_on=today - timedelta(days=1)
    )
    group_services.group_pulse_mix(pulse.pk)
    pulse.refresh_from_db()
    return pulse


def released(pulse) -> dict:
    """``{key: responses}`` of the released breakdowns, re-read from the database."""
    return dict(pulse.results.filter(released=True).values_list("key", "responses"))


def withheld(pulse) -> set:
    return set(pulse.results.filter(released=False).values_list("key", flat=True))
