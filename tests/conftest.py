"""Personas shared by every test (invented people).

One organisation, "Northfield", with two teams:

* Riverside (community): ``manager`` (team manager), ``supervisor`` (team supervisor, a peer
  worker with lived experience, supervising ``peer`` under an active peer agreement),
  ``peer`` and ``peer2`` (members, peer workers), ``clinician`` (member, clinical).
* Harbour (crisis): ``other_manager`` (its manager), ``harbour_peer`` (member).

Plus ``admin`` (org admin, in no team) and ``outsider`` (org admin of another
organisation, "Southbank", with its own team ``outsider_team``).
"""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from apps.accounts.models import User
from apps.core.dates import org_today
from apps.supervision.models import Agreement
from apps.teams.models import Membership
from tests.factories import AgreementFactory, MembershipFactory, OrganisationFactory, TeamFactory, UserFactory


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Northfield", time_zone="Europe/London")


@pytest.fixture
def other_org(db):
    return OrganisationFactory(name="Southbank", time_zone="Europe/London")


@pytest.fixture
def riverside(org):
    return TeamFactory(organisation=org, name="Riverside")


@pytest.fixture
def harbour(org):
    return TeamFactory(organisation=org, name="Harbour", setting="crisis")


def _member(team, role, **user_kwargs):
    user = UserFactory(organisation=team.organisation, **user_kwargs)
    joined = org_today(team.organisation) - timedelta(days=365)
    MembershipFactory(team=team, worker=user, team_role=role, joined_on=joined)
    return user


@pytest.fixture
def manager(riverside):
    return _member(
        riverside,
        Membership.TeamRole.MANAGER,
        username="morgan",
        display_name="Morgan Manager",
        worker_kind=User.WorkerKind.CLINICAL,
    )


@pytest.fixture
def supervisor(riverside):
    return _member(
        riverside,
        Membership.TeamRole.SUPERVISOR,
        username="sam",
        display_name="Sam Supervisor",
        worker_kind=User.WorkerKind.PEER,
    )


@pytest.fixture
def peer(riverside, supervisor):
    user = _member(riverside, Membership.TeamRole.MEMBER, username="pat", display_name="Pat Peer")
    today = org_today(riverside.organisation)
    AgreementFactory(
        supervisee=user,
        supervisor=supervisor,
        kind=Agreement.Kind.PEER,
        frequency_days=28,
        starts_on=today - timedelta(days=60),
    )
    return user


@pytest.fixture
def peer2(riverside):
    return _member(riverside, Membership.TeamRole.MEMBER, username="robin", display_name="Robin Peer")


@pytest.fixture
def clinician(riverside):
    return _member(
        riverside,
        Membership.TeamRole.MEMBER,
        username="casey",
        display_name="Casey Clinician",
        worker_kind=User.WorkerKind.CLINICAL,
    )


@pytest.fixture
def other_manager(harbour):
    return _member(
        harbour,
        Membership.TeamRole.MANAGER,
        username="oakley",
        display_name="Oakley OtherManager",
        worker_kind=User.WorkerKind.CLINICAL,
    )


@pytest.fixture
def harbour_peer(harbour):
    return _member(harbour, Membership.TeamRole.MEMBER, username="hana", display_name="Hana Harbour")


@pytest.fixture
def admin(org):
    return UserFactory(
        organisation=org, username="ada", display_name="Ada Admin", is_org_admin=True, worker_kind=User.WorkerKind.OTHER
    )


@pytest.fixture
def outsider_team(other_org):
    return TeamFactory(organisation=other_org, name="Southbank Team")


@pytest.fixture
def outsider(other_org, outsider_team):
    user = UserFactory(organisation=other_org, username="otto", display_name="Otto Outsider", is_org_admin=True)
    MembershipFactory(team=outsider_team, worker=user, team_role=Membership.TeamRole.MANAGER)
    return user


@pytest.fixture
def everyone(manager, supervisor, peer, peer2, clinician, other_manager, harbour_peer, admin, outsider):
    return {
        "manager": manager,
        "supervisor": supervisor,
        "peer": peer,
        "peer2": peer2,
        "clinician": clinician,
        "other_manager": other_manager,
        "harbour_peer": harbour_peer,
        "admin": admin,
        "outsider": outsider,
    }


@pytest.fixture
def api():
    """An API client; ``api.as_(user)`` signs it in with a fresh session (the real auth path)."""
    client = APIClient()

    def as_(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    client.as_ = as_
    return client
