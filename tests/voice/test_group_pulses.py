"""Issue 19, items 3 and 4: pooled peer voice and the host-team readiness pulse (services).

Adversarial group choices: overlapping teams, someone leaving between pulses, repeated pulses
differing by one respondent, an admin's made-up or late-added accounts, re-labelling someone
peer after opening, and team sets whose difference is one person. Real PostgreSQL throughout;
every refused write is followed by a check that nothing changed.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apps.accounts.models import User
from apps.core.dates import org_today
from apps.teams.models import Membership
from apps.voice import group_policies, group_services, sealing
from apps.voice.group_models import GroupPulse, GroupPulseInvitee, GroupPulseResult, SealedGroupAnswer
from apps.voice.group_selectors import readiness_over_time
from tests.factories import MembershipFactory
from tests.voice.groups import (
    CLINICAL,
    answer_all,
    close_and_mix,
    crowd,
    open_pooled,
    open_readiness,
    person,
    released,
    team,
    withheld,
)

pytestmark = pytest.mark.django_db


def group_tables():
    return {
        model.__name__: sorted(map(str, model.objects.values_list("pk", flat=True)))
        for model in (GroupPulse, GroupPulseInvitee, SealedGroupAnswer, GroupPulseResult)
    }


@pytest.fixture
def teams(org):
    return team(org, "Alder"), team(org, "Birch")


# --- opening -------------------------------------------------------------------------------------


def test_an_admin_pools_peer_workers_of_chosen_teams_and_each_is_asked_once(admin, teams):
    alder, birch = teams
    alder_peers = crowd("al", 3, alder)
    birch_peers = crowd("bi", 2, birch)
    both = person("both", alder, birch)  # in two chosen teams: asked once
    person("clin", alder, kind=CLINICAL)  # not a peer worker: not asked
    pulse = open_pooled(admin, teams)
    pulse.refresh_from_db()
    invitees = {i.worker_id: i for i in GroupPulseInvitee.objects.filter(pulse=pulse)}
    assert set(invitees) == {p.pk for p in [*alder_peers, *birch_peers, both]}
    assert sorted(map(str, invitees[both.pk].team_ids)) == sorted([str(alder.pk), str(birch.pk)])
    assert set(pulse.teams.all()) == {alder, birch}
    assert not any(i.answered for i in invitees.values())


def test_a_pool_below_the_minimum_is_refused_and_nothing_is_written(admin, teams):
    alder, birch = teams
    crowd("al", 2, alder)
    crowd("bi", 2, birch)
    before = group_tables()
    with pytest.raises(ValidationError) as refused:
        open_pooled(admin, teams)
    assert "teams" in refused.value.message_dict
    assert group_tables() == before


def test_only_an_org_admin_opens_a_pooled_pulse(everyone, teams):
    crowd("al", 6, teams[0])
    before = group_tables()
    with pytest.raises(PermissionDenied):
        open_pooled(everyone["manager"], teams)
    assert group_tables() == before


def test_whole_organisation_takes_every_team_of_the_admins_organisation_only(admin, teams, other_org):
    crowd("al", 3, teams[0])
    crowd("bi", 2, teams[1])
    elsewhere = team(other_org, "Elsewhere")
    outsiders = crowd("ex", 5, elsewhere)
    pulse = open_pooled(admin, [], whole=True)
    asked = set(GroupPulseInvitee.objects.filter(pulse=pulse).values_list("worker_id", flat=True))
    assert len(asked) == 5 and not asked & {o.pk for o in outsiders}
    with pytest.raises(ValidationError) as refused:
        open_pooled(admin, [elsewhere])
    assert "teams" in refused.value.message_dict


# --- answering: only those asked when it opened ---------------------------------------------------


def test_an_answer_marks_the_invitee_and_waits_sealed_with_no_result_yet(admin, teams):
    peers = crowd("al", 5, teams[0])
    pulse = open_pooled(admin, teams)
    group_services.group_pulse_answer(actor=peers[0], pulse=pulse, answers=[5, 4, 3, 2, 1])
    assert GroupPulseInvitee.objects.get(pulse=pulse, worker=peers[0]).answered
    (seal,) = SealedGroupAnswer.objects.filter(pulse=pulse)
    # fixed size, whatever the tags; opens only with the key and only for this pulse
    assert len(bytes(seal.sealed)) == sealing.NONCE_BYTES + sealing.FRAME["group"] + 16
    assert sealing.unseal_group_answer(pulse.pk, seal.sealed)["a"] == [5, 4, 3, 2, 1]
    assert not GroupPulseResult.objects.filter(pulse=pulse).exists()
    before = group_tables()
    with pytest.raises(ValidationError) as again:
        group_services.group_pulse_answer(actor=peers[0], pulse=pulse, answers=[1, 1, 1, 1, 1])
    assert "pulse" in again.value.message_dict
    assert group_tables() == before


def test_sock_puppets_and_late_additions_cannot_answer(admin, teams, org):
    alder, _birch = teams
    crowd("al", 5, alder)
    puppet = person("puppet", alder, own_credentials=False)  # an account whose password the admin typed
    pulse = open_pooled(admin, teams)
    assert not GroupPulseInvitee.objects.filter(pulse=pulse, worker=puppet).exists()
    late = person("late", alder)  # added after it opened, credentials and all
    clinician = person("relabel", alder, kind=CLINICAL)
    before = group_tables()
    for someone in (puppet, late, clinician, admin):
        with pytest.raises(PermissionDenied):
            group_services.group_pulse_answer(actor=someone, pulse=pulse, answers=[3, 3, 3, 3, 3])
    # re-labelling a clinician peer after it opened changes nothing either
    User.objects.filter(pk=clinician.pk).update(worker_kind=User.WorkerKind.PEER)
    clinician.refresh_from_db()
    with pytest.raises(PermissionDenied):
        group_services.group_pulse_answer(actor=clinician, pulse=pulse, answers=[3, 3, 3, 3, 3])
    assert group_tables() == before


def test_puppets_do_not_make_up_the_numbers_to_open(admin, teams):
    crowd("al", 4, teams[0])
    for i in range(3):
        person(f"puppet{i}", teams[0], own_credentials=False)
    with pytest.raises(ValidationError):
        open_pooled(admin, teams)
    assert not GroupPulse.objects.exists()


def test_whoever_opens_is_never_asked(everyone, org):
    # a team manager who is also clinical opens a readiness pulse: not asked, nor any manager
    the_team = everyone["manager"].memberships.get().team
    clinicians = crowd("cl", 5, the_team, kind=CLINICAL)
    pulse = open_readiness(everyone["manager"], the_team)
    asked = set(GroupPulseInvitee.objects.filter(pulse=pulse).values_list("worker_id", flat=True))
    assert asked == {c.pk for c in clinicians} | {everyone["clinician"].pk}


# --- the mix and the rule -------------------------------------------------------------------------


def test_the_mix_writes_only_sums_of_released_breakdowns_and_destroys_the_seals(admin, teams):
    peers = crowd("al", 5, teams[0])
    pulse = open_pooled(admin, teams)
    for someone, value in zip(peers, [1, 2, 3, 4, 5], strict=True):
        group_services.group_pulse_answer(actor=someone, pulse=pulse, answers=[value] * 5)
    close_and_mix(pulse)
    # Alder's share is the same five people: the same sum again, no subtraction possible
    assert released(pulse) == {"all": 5, f"team:{teams[0].pk}": 5}
    assert withheld(pulse) == {f"team:{teams[1].pk}"}
    result = pulse.results.get(key="all")
    assert result.sums[0] == {"mean": 3.0, "distribution": {"1": 1, "2": 1, "3": 1, "4": 1, "5": 1}}
    assert not SealedGroupAnswer.objects.filter(pulse=pulse).exists()
    assert pulse.mixed
    # a second mix changes nothing
    before = group_tables()
    assert group_services.group_pulse_mix(pulse.pk) == 0
    assert group_tables() == before


def test_peer_workers_are_reported_apart_from_clinicians_where_the_numbers_allow(admin, teams):
    peers = crowd("pe", 5, teams[0])
    clinicians = crowd("cl", 5, teams[1], kind=CLINICAL)
    pulse = open_pooled(admin, teams, audience=GroupPulse.Audience.EVERYONE)
    answer_all(pulse, peers, (5, 5, 5, 5, 5))
    answer_all(pulse, clinicians, (1, 1, 1, 1, 1))
    close_and_mix(pulse)
    assert released(pulse) == {
        "all": 10,
        "kind:peer": 5,
        "kind:clinical": 5,
        f"team:{teams[0].pk}": 5,
        f"team:{teams[1].pk}": 5,
    }
    assert pulse.results.get(key="kind:peer").sums[0]["mean"] == 5.0
    assert pulse.results.get(key="kind:clinical").sums[0]["mean"] == 1.0


def test_one_clinician_among_peers_is_never_worked_out_by_subtraction(admin, teams):
    peers = crowd("pe", 5, teams[0])
    lone = person("lone", teams[0], kind=CLINICAL)
    pulse = open_pooled(admin, teams, audience=GroupPulse.Audience.EVERYONE)
    answer_all(pulse, [*peers, lone])
    close_and_mix(pulse)
    # everyone (6) is shown; peer workers (5) would be everyone minus the one clinician
    assert released(pulse)["all"] == 6
    assert {"kind:peer", "kind:clinical"} <= withheld(pulse)
    assert pulse.results.get(key="kind:peer").sums is None


def test_overlapping_teams_show_no_team_whose_difference_is_small(admin, teams):
    alder, birch = teams
    shared = crowd("sh", 5, alder, birch)
    only_alder = person("onlyal", alder)
    only_birch = crowd("onlybi", 5, birch)
    pulse = open_pooled(admin, teams)
    answer_all(pulse, [*shared, only_alder, *only_birch])
    close_and_mix(pulse)
    # all = 11; Alder = 6 (all minus Alder is five people): shown; Birch = 10 is all minus the one
    # person only in Alder, and Alder minus Birch is that person too: withheld
    assert released(pulse) == {"all": 11, f"team:{alder.pk}": 6}
    assert withheld(pulse) == {f"team:{birch.pk}"}


def test_one_person_leaving_between_pulses_does_not_expose_them(admin, teams):
    peers = crowd("pe", 6, teams[0])
    first = open_pooled(admin, teams)
    answer_all(first, peers)
    close_and_mix(first)
    assert released(first)["all"] == 6
    leaver = peers[-1]
    Membership.objects.filter(worker=leaver).update(left_on=org_today(leaver.organisation))
    second = open_pooled(admin, teams)
    answer_all(second, peers[:-1])
    close_and_mix(second)
    # the second sum is the first minus the leaver's answer (if nobody changed theirs)
    assert released(second) == {}
    assert "all" in withheld(second)


def test_repeated_pulses_differing_by_one_respondent_are_withheld(admin, teams):
    peers = crowd("pe", 7, teams[0])
    first = open_pooled(admin, teams)
    answer_all(first, peers[:6])
    close_and_mix(first)
    second = open_pooled(admin, teams)
    answer_all(second, peers)  # the same six and one more
    close_and_mix(second)
    assert released(second) == {}
    third = open_pooled(admin, teams)
    answer_all(third, peers[:6])  # the same six as the first: nothing new to subtract
    close_and_mix(third)
    assert released(third)["all"] == 6


def test_team_sets_chosen_so_their_difference_is_one_person(admin, teams, org):
    alder, birch = teams
    peers = crowd("pe", 5, alder)
    target = person("target", birch)  # Birch's only peer worker
    first = open_pooled(admin, [alder])
    answer_all(first, peers)
    close_and_mix(first)
    second = open_pooled(admin, [alder, birch])
    answer_all(second, [*peers, target])
    close_and_mix(second)
    # neither the pool (six: the first five and the target) nor Birch (the target alone) is shown;
    # Alder is the same five people as before, which adds nothing
    assert released(second) == {f"team:{alder.pk}": 5}
    assert withheld(second) == {"all", f"team:{birch.pk}"}


def test_an_admin_adding_people_to_reach_the_minimum_gains_nothing(admin, teams):
    alder, _ = teams
    real = crowd("real", 4, alder)
    with pytest.raises(ValidationError):
        open_pooled(admin, [alder])
    puppets = [person(f"pup{i}", alder, own_credentials=False) for i in range(3)]
    # even given credentials after the pulse opened (via the admin's mailbox), they were not asked
    helper = person("helper", alder)  # one real extra person makes five
    pulse = open_pooled(admin, [alder])
    User.objects.filter(pk__in=[p.pk for p in puppets]).update(own_credentials_at=timezone.now())
    for puppet in puppets:
        puppet.refresh_from_db()
        with pytest.raises(PermissionDenied):
            group_services.group_pulse_answer(actor=puppet, pulse=pulse, answers=[1, 1, 1, 1, 1])
    answer_all(pulse, [*real, helper])
    close_and_mix(pulse)
    assert released(pulse)["all"] == 5


def test_a_lost_answer_withholds_every_breakdown(admin, teams):
    peers = crowd("pe", 6, teams[0])
    pulse = open_pooled(admin, teams)
    answer_all(pulse, peers)
    SealedGroupAnswer.objects.filter(pk=SealedGroupAnswer.objects.filter(pulse=pulse).values("pk")[:1]).delete()
    close_and_mix(pulse)
    assert released(pulse) == {}


# --- readiness ------------------------------------------------------------------------------------


def test_readiness_asks_only_the_teams_clinical_colleagues(everyone, riverside):
    clinicians = crowd("cl", 4, riverside, kind=CLINICAL)
    pulse = open_readiness(everyone["manager"], riverside)
    asked = set(GroupPulseInvitee.objects.filter(pulse=pulse).values_list("worker_id", flat=True))
    assert asked == {everyone["clinician"].pk, *(c.pk for c in clinicians)}
    before = group_tables()
    with pytest.raises(PermissionDenied):
        group_services.group_pulse_answer(actor=everyone["peer"], pulse=pulse, answers=[3] * 5)
    with pytest.raises(PermissionDenied):
        open_readiness(everyone["other_manager"], riverside)
    with pytest.raises(ValidationError):
        open_readiness(everyone["manager"], riverside)  # one open at a time
    assert group_tables() == before


def test_readiness_over_time_lists_only_released_periods(everyone, riverside):
    clinicians = [everyone["clinician"], *crowd("cl", 5, riverside, kind=CLINICAL)]
    first = open_readiness(everyone["manager"], riverside)
    answer_all(first, clinicians[:5], (2, 2, 2, 2, 2))
    close_and_mix(first)
    second = open_readiness(everyone["manager"], riverside)
    answer_all(second, clinicians, (4, 4, 4, 4, 4))  # one more than the first: withheld
    close_and_mix(second)
    third = open_readiness(everyone["manager"], riverside)
    answer_all(third, clinicians[:5], (3, 3, 3, 3, 3))
    close_and_mix(third)
    periods = readiness_over_time([riverside.pk])[riverside.pk]
    assert [p["overall"] for p in periods] == [2.0, 3.0]
    assert [p["responses"] for p in periods] == [5, 5]


def test_readiness_of_another_team_is_not_history(everyone, riverside, harbour):
    MembershipFactory(team=harbour, worker=everyone["manager"], team_role=Membership.TeamRole.MANAGER)
    river = [everyone["clinician"], *crowd("cl", 5, riverside, kind=CLINICAL)]
    first = open_readiness(everyone["manager"], riverside)
    answer_all(first, river[:5])
    close_and_mix(first)
    other = crowd("hc", 5, harbour, kind=CLINICAL)
    second = open_readiness(everyone["manager"], harbour)
    answer_all(second, other)
    close_and_mix(second)
    assert released(second) == {"all": 5}


def test_a_released_pooled_pulse_is_read_by_those_asked_and_not_by_a_peer_who_was_not(admin, teams, api):
    """Closing the loop (issue 19, item 5) reaches everyone asked, never more: a peer worker of a
    team left out of the pool reads neither the pulse nor its breakdowns, though it is released."""
    alder, birch = teams
    asked = crowd("al", 5, alder)
    left_out = person("lo", birch)
    pulse = open_pooled(admin, [alder])
    answer_all(pulse, asked)
    close_and_mix(pulse)
    assert released(pulse)
    team_ids = [alder.pk]
    assert group_policies.can_read(asked[0], pulse, team_ids, invited=True)
    assert not group_policies.can_read(left_out, pulse, team_ids, invited=False)
    url = f"/api/v1/voice/group-pulses/{pulse.pk}/"
    assert api.as_(asked[0]).get(url).json()["breakdowns"]
    assert api.as_(left_out).get(url).status_code == 404
