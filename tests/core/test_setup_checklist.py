"""The org admin's set-up checklist on "my day" (issue 15, item 13): each app registers its
own steps; they tick themselves off from the data; only org admins see it, and it goes away
once every step is done. One query for the whole checklist, however many steps."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.core.registry import SETUP_STEPS, register_setup_step
from apps.core.setup import setup_checklist, steps_done
from apps.roles.models import RoleDefinition
from apps.supervision.models import Agreement
from apps.teams.models import Membership
from apps.wellbeing.models import SupportContact
from tests.factories import AgreementFactory, MembershipFactory, TeamFactory, UserFactory
from tests.roles.factories import RoleDefinitionFactory

pytestmark = pytest.mark.django_db

STEPS = ["time_zone", "teams", "people", "team_roles", "role_definitions", "supervision_contracts", "support_contacts"]


def _done(org):
    org.refresh_from_db()
    return sorted(steps_done(org), key=STEPS.index)


def test_every_app_registers_its_steps_in_the_order_a_new_organisation_does_them():
    assert SETUP_STEPS.keys() == STEPS


def test_a_new_organisations_admin_sees_every_step_to_do_each_linking_to_the_page_that_does_it(client, admin):
    client.force_login(admin)
    page = client.get("/").content.decode()
    assert "Set up Northfield" in page and "0 of 7 steps done" in page
    for href, label in [
        ("/people/organisation/", "Check your time zone"),
        ("/teams/new/", "Create your first team"),
        ("/people/", "Add the people who work with you"),
        ("/teams/", "Choose who manages each team"),
        ("/roles/", "Describe the roles in your teams"),
        ("/supervision/agreements/", "Set up supervision contracts"),
        ("/wellbeing/support/contacts/", "Add support contacts for your people"),
    ]:
        assert f'<a href="{href}">{label}</a>' in page
    assert page.count(">To do</span>") == 7


def test_each_step_ticks_itself_off_from_the_data_and_the_list_goes_when_all_are_done(client, org, admin):
    assert _done(org) == []
    org.time_zone_checked_at = timezone.now()
    org.save()
    assert _done(org) == ["time_zone"]
    team = TeamFactory(organisation=org, name="Hillside")
    assert _done(org) == ["time_zone", "teams"]
    sam = UserFactory(organisation=org, display_name="Sam")
    assert _done(org) == ["time_zone", "teams", "people"]
    MembershipFactory(team=team, worker=sam, team_role=Membership.TeamRole.MEMBER)
    assert "team_roles" not in _done(org), "a member is not a manager"
    morgan = UserFactory(organisation=org)
    MembershipFactory(team=team, worker=morgan, team_role=Membership.TeamRole.MANAGER)
    assert "team_roles" in _done(org)
    RoleDefinitionFactory(team=team, status=RoleDefinition.Status.DRAFT)
    assert "role_definitions" not in _done(org), "a draft is not a role yet"
    RoleDefinitionFactory(team=team)
    assert "role_definitions" in _done(org)
    AgreementFactory(supervisee=sam, supervisor=morgan, status=Agreement.Status.PROPOSED)
    assert _done(org) == STEPS[:-1]
    SupportContact.objects.create(organisation=org, kind="crisis_line", name="Samaritans", how_to_reach="116 123")
    assert _done(org) == STEPS

    client.force_login(admin)
    page = client.get("/").content.decode()
    assert "Set up Northfield" not in page and "steps done" not in page


def test_a_step_undone_by_later_changes_is_to_do_again(org, admin):
    """A second team with no manager yet, someone who left, a declined contract: the list is
    read from the data as it is now, never from what was once true."""
    team, second = TeamFactory(organisation=org), TeamFactory(organisation=org)
    MembershipFactory(team=team, worker=UserFactory(organisation=org), team_role=Membership.TeamRole.MANAGER)
    assert "team_roles" not in _done(org)
    second.archived_at = timezone.now()
    second.save()
    assert "team_roles" in _done(org), "an archived team needs no manager"
    leaver = UserFactory(organisation=org, status="left")
    Membership.objects.all().delete()
    type(leaver).objects.exclude(pk__in=[leaver.pk, admin.pk]).delete()
    assert "people" not in _done(org), "only someone who has left is not a person to work with"
    AgreementFactory(
        supervisee=UserFactory(organisation=org), supervisor=UserFactory(organisation=org), status="declined"
    )
    assert "supervision_contracts" not in _done(org)


def test_another_organisations_data_ticks_nothing_off(org, admin, outsider, outsider_team, other_org):
    RoleDefinitionFactory(team=outsider_team)
    SupportContact.objects.create(organisation=other_org, kind="other", name="Their line", how_to_reach="0800")
    AgreementFactory(supervisee=UserFactory(organisation=other_org), supervisor=outsider)
    assert _done(org) == []


@pytest.mark.parametrize("who", ["manager", "supervisor", "peer", "clinician"])
def test_only_org_admins_see_the_checklist(client, everyone, who):
    assert setup_checklist(everyone[who]) is None
    client.force_login(everyone[who])
    assert "Set up Northfield" not in client.get("/").content.decode()


def test_the_whole_checklist_is_one_query_however_many_steps_are_registered(org, admin):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            setup_checklist(admin)
        return len(captured)

    assert queries() == 1
    # Fourteen more steps cost no more: each is a "LIMIT 1" probe inside the same UNION ALL.
    with SETUP_STEPS.emptied():
        for step in STEPS:
            for copy in range(3):
                register_setup_step(
                    f"{step}-{copy}",
                    label=step,
                    why="",
                    url_name="core:my-day",
                    order=copy,
                    done=lambda organisation, s=step: _ORIGINAL[s](organisation),
                )
        assert len(SETUP_STEPS) == 21
        assert queries() == 1


_ORIGINAL = {step.key: step.done for step in SETUP_STEPS}


def test_my_day_of_an_org_admin_with_set_up_to_do_is_a_fixed_number_of_queries(
    client, admin, riverside, manager, django_assert_num_queries
):
    client.force_login(admin)
    client.get("/")  # warm the session
    # 1 session, 2 user (with organisation), 3 notifications panel, 4 roles panel (assignments),
    # 5 supervision proposals, 6-7 caps: supervisors and supervisees, 8 reflection comments,
    # 9 training records, 10 caps: memberships (voice panel), 11 the whole set-up checklist
    # (one UNION ALL of every step), 12 the header's unread count.
    with django_assert_num_queries(12):
        page = client.get("/").content.decode()
    assert "Set up Northfield" in page and "3 of 7 steps done" in page
