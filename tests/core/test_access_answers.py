"""The access rules ask teams and supervision through registered answers (issue 14: core imports
no app). For every persona: the same answers as the rules gave when core queried the models
itself (memberships and agreements *in force today* only), and the same queries: one per
scope, cached on the user for the request.

World: the conftest personas, plus agreements and memberships that must NOT count (ended,
proposed, starting tomorrow; left yesterday, joining tomorrow) and some that must:

* Morgan (manager) line-manages Pat; Casey (clinician) clinically supervises Robin;
* Casey is also a member of Harbour (two teams: names come back by name).
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured

from apps.accounts import two_factor
from apps.accounts.models import User
from apps.accounts.selectors import me_payload
from apps.core import answers
from apps.core.capabilities import caps
from apps.core.dates import org_today
from apps.core.sharing import author_not_left_q, current_supervisors, default_reader_ids, supervisor_choices
from apps.reflections.models import Reflection
from apps.supervision.access import AgreementAnswers
from apps.supervision.models import Agreement
from apps.teams.access import MembershipAnswers
from apps.teams.models import Membership
from tests.factories import AgreementFactory, MembershipFactory
from tests.reflections.factories import ReflectionFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["manager", "supervisor", "peer", "peer2", "clinician", "other_manager", "harbour_peer", "admin", "outsider"]


@pytest.fixture
def world(everyone, riverside, harbour):
    today = org_today(riverside.organisation)
    p = everyone
    AgreementFactory(supervisee=p["peer"], supervisor=p["manager"], kind=Agreement.Kind.LINE)
    AgreementFactory(supervisee=p["peer2"], supervisor=p["clinician"], kind=Agreement.Kind.CLINICAL)
    # Not in force: ended, proposed (not agreed to by both), agreed but starting tomorrow.
    AgreementFactory(supervisee=p["harbour_peer"], supervisor=p["clinician"], status=Agreement.Status.ENDED)
    AgreementFactory(supervisee=p["peer2"], supervisor=p["supervisor"], status=Agreement.Status.PROPOSED)
    AgreementFactory(
        supervisee=p["peer"], supervisor=p["clinician"], kind=Agreement.Kind.CLINICAL, starts_on=today + timedelta(1)
    )
    MembershipFactory(team=harbour, worker=p["clinician"], joined_on=today - timedelta(days=30))
    # Not in force: left yesterday, joins tomorrow.
    MembershipFactory(
        team=harbour, worker=p["peer2"], joined_on=today - timedelta(days=90), left_on=today - timedelta(days=1)
    )
    MembershipFactory(
        team=riverside,
        worker=p["harbour_peer"],
        team_role=Membership.TeamRole.SUPERVISOR,
        joined_on=today + timedelta(1),
    )
    return p


def _fresh(user: User) -> User:
    """The user as a request loads it (organisation joined), with no cached answers."""
    return User.objects.select_related("organisation").get(pk=user.pk)


def _ids(world, *keys):
    return {world[key].pk for key in keys}


def test_team_roles_of_every_persona_are_their_memberships_in_force_today(world, riverside, harbour, outsider_team):
    expected = {
        "manager": {riverside.pk: "manager"},
        "supervisor": {riverside.pk: "supervisor"},
        "peer": {riverside.pk: "member"},
        "peer2": {riverside.pk: "member"},
        "clinician": {riverside.pk: "member", harbour.pk: "member"},
        "other_manager": {harbour.pk: "manager"},
        "harbour_peer": {harbour.pk: "member"},
        "admin": {},
        "outsider": {outsider_team.pk: "manager"},
    }
    assert {key: caps(_fresh(world[key])).team_roles for key in PERSONAS} == expected
    managed = {key: caps(_fresh(world[key])).managed_team_ids for key in PERSONAS}
    assert {key: ids for key, ids in managed.items() if ids} == {
        "manager": {riverside.pk},
        "other_manager": {harbour.pk},
        "outsider": {outsider_team.pk},
    }


def test_supervisees_and_supervisors_of_every_persona_are_agreements_in_force_today(world):
    supervisees = {key: caps(_fresh(world[key])).supervisee_ids for key in PERSONAS}
    supervisors = {key: caps(_fresh(world[key])).supervisor_ids for key in PERSONAS}
    assert {key: ids for key, ids in supervisees.items() if ids} == {
        "manager": _ids(world, "peer"),
        "supervisor": _ids(world, "peer"),
        "clinician": _ids(world, "peer2"),
    }
    assert {key: ids for key, ids in supervisors.items() if ids} == {
        "peer": _ids(world, "supervisor", "manager"),
        "peer2": _ids(world, "clinician"),
    }


def test_colleagues_of_every_persona_share_a_team_or_an_agreement_today(world):
    riverside_people = ("manager", "supervisor", "peer", "peer2", "clinician")
    expected = {
        "manager": _ids(world, *riverside_people),
        "supervisor": _ids(world, *riverside_people),
        "peer": _ids(world, *riverside_people),
        "peer2": _ids(world, *riverside_people),
        "clinician": _ids(world, *riverside_people, "other_manager", "harbour_peer"),
        "other_manager": _ids(world, "other_manager", "harbour_peer", "clinician"),
        "harbour_peer": _ids(world, "other_manager", "harbour_peer", "clinician"),
        "admin": _ids(world, "admin"),
        "outsider": _ids(world, "outsider"),
    }
    found = {
        key: set(User.objects.filter(caps(_fresh(world[key])).colleague_filter()).values_list("pk", flat=True))
        for key in PERSONAS
    }
    assert found == expected


def test_who_manages_whom(world):
    manager, other_manager, admin = (_fresh(world[k]) for k in ("manager", "other_manager", "admin"))
    assert caps(manager).manages_worker(world["peer"].pk)
    assert not caps(manager).manages_worker(world["harbour_peer"].pk)
    # Casey is in both teams, so both managers manage her.
    assert caps(manager).manages_worker(world["clinician"].pk)
    assert caps(other_manager).manages_worker(world["clinician"].pk)
    # Robin left Harbour yesterday.
    assert not caps(other_manager).manages_worker(world["peer2"].pk)
    assert caps(admin).manages_worker(world["harbour_peer"].pk)
    assert not caps(_fresh(world["supervisor"])).manages_worker(world["peer"].pk)


def test_two_factor_is_required_of_admins_team_leads_and_anyone_supervising(world):
    privileged = {key for key in PERSONAS if two_factor.is_privileged(_fresh(world[key]))}
    assert privileged == {"admin", "manager", "supervisor", "clinician", "other_manager", "outsider"}


def test_sharing_defaults_to_peer_supervisors_and_offers_every_current_supervisor(world):
    peer, peer2 = _fresh(world["peer"]), _fresh(world["peer2"])
    assert default_reader_ids(peer) == _ids(world, "supervisor")
    assert default_reader_ids(peer2) == set()  # clinical supervision only: nobody by default
    labels, peers = supervisor_choices(peer)
    assert list(labels.items()) == [
        (world["manager"].pk, "Morgan Manager (line management)"),
        (world["supervisor"].pk, "Sam Supervisor (peer supervision)"),
    ]
    assert peers == _ids(world, "supervisor")
    assert supervisor_choices(peer2) == ({world["clinician"].pk: "Casey Clinician (clinical supervision)"}, set())
    assert set(current_supervisors(peer)) == {world["supervisor"], world["manager"]}
    for key in PERSONAS:
        if key not in ("peer", "peer2"):
            assert supervisor_choices(_fresh(world[key])) == ({}, set()), key


def test_entries_of_a_leaver_are_filtered_out_for_their_readers(world):
    kept = ReflectionFactory(author=world["peer"])
    gone = ReflectionFactory(author=world["peer2"])
    world["peer2"].status = User.Status.LEFT
    world["peer2"].save(update_fields=["status"])
    not_left = author_not_left_q(_fresh(world["supervisor"]))
    assert list(Reflection.objects.filter(pk__in=[kept.pk, gone.pk]).filter(not_left)) == [kept]


def test_me_lists_teams_by_name_with_the_team_role(world, riverside, harbour):
    payload = me_payload(_fresh(world["clinician"]))
    assert payload["teams"] == [
        {"id": harbour.pk, "name": "Harbour", "team_role": "member"},
        {"id": riverside.pk, "name": "Riverside", "team_role": "member"},
    ]
    assert [s["id"] for s in payload["supervisees"]] == [world["peer2"].pk]


def test_each_scope_is_one_query_then_cached_for_the_request(world, django_assert_num_queries):
    manager = _fresh(world["manager"])
    my = caps(manager)
    with django_assert_num_queries(1):  # memberships in force today
        assert my.team_roles
    with django_assert_num_queries(0):
        my.team_ids, my.managed_team_ids, my.is_manager_of(world["peer"].pk), caps(manager).team_roles
    with django_assert_num_queries(1):  # agreements where manager supervises
        assert my.supervisee_ids
    with django_assert_num_queries(1):  # agreements where manager is supervised
        assert not my.supervisor_ids
    with django_assert_num_queries(0):
        my.supervises(world["peer"].pk), caps(manager).supervisee_ids, caps(manager).supervisor_ids
    with django_assert_num_queries(1):  # EXISTS over the managed teams' memberships
        assert my.manages_worker(world["peer"].pk)


def test_two_factor_asks_at_most_the_two_scopes(world, django_assert_num_queries):
    peer, clinician = _fresh(world["peer"]), _fresh(world["clinician"])
    with django_assert_num_queries(2):  # agreements as supervisor, then memberships
        assert not two_factor.is_privileged(peer)
    with django_assert_num_queries(1):  # agreements as supervisor: Casey supervises Robin
        assert two_factor.is_privileged(clinician)


def test_sharing_choices_are_one_query(world, django_assert_num_queries):
    peer = _fresh(world["peer"])
    with django_assert_num_queries(1):  # agreements in force naming peer, supervisors joined
        supervisor_choices(peer)
    with django_assert_num_queries(1):  # peer agreements in force naming peer
        default_reader_ids(peer)


def test_me_asks_teams_once_for_names(world, django_assert_num_queries):
    clinician = _fresh(world["clinician"])
    # memberships, team names, agreements as supervisor, supervisees' names
    with django_assert_num_queries(4):
        me_payload(clinician)


def test_teams_and_supervision_answer_once_and_a_second_answerer_is_a_start_up_error():
    assert isinstance(answers.teams(), MembershipAnswers)
    assert isinstance(answers.supervision(), AgreementAnswers)
    with pytest.raises(ImproperlyConfigured, match="already answered by MembershipAnswers"):
        answers.teams.register(MembershipAnswers())
    with pytest.raises(ImproperlyConfigured, match="already answered by AgreementAnswers"):
        answers.supervision.register(AgreementAnswers())
    assert isinstance(answers.teams(), MembershipAnswers)


def test_asking_before_anyone_answers_fails_loudly_instead_of_answering_nobody():
    unanswered: answers.Answerer[answers.TeamQuestions] = answers.Answerer("team questions (nobody)")
    with pytest.raises(ImproperlyConfigured, match="Nothing answers the team questions"):
        unanswered()
