"""The header each persona sees, link for link, is what it was before each app declared its own
navigation explicitly (issue 14): same groups, same order, same links, same addresses. The
expected lists were recorded from the header rendered on main before the change (7611b83)."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

MY_DAY, REFLECTIONS = ("/", "My day"), ("/reflections/", "Reflections")
WELLBEING, COMPETENCIES = ("/wellbeing/", "Wellbeing"), ("/competencies/", "Competencies")
PORTFOLIO = ("/portfolio/", "My portfolio")  # issue 17
NOTES, MY_SUPERVISION = ("/boundaries/", "Boundary notes"), ("/supervision/mine/", "My supervision")
TEAMS, DASHBOARD = ("/teams/", "Teams"), ("/dashboard/", "Dashboard")
ROLES, VOICE = ("/roles/", "Roles"), ("/voice/", "Team voice")
QUEUE, AGREEMENTS = ("/supervision/queue/", "Supervising"), ("/supervision/agreements/", "Agreements")
PEOPLE, REMINDERS, AUDIT = ("/people/", "People"), ("/reminders/", "Reminders"), ("/audit/", "Audit")
SUPPORT_CONTACTS = ("/wellbeing/support/contacts/", "Support contacts")  # issue 15, item 5
ERASURE_REQUESTS = ("/people/erasure-requests/", "Erasure requests")  # issue 15, item 9
IMPORT_STAFF, SSO = ("/imports/", "Import staff"), ("/sso/settings/", "Single sign-on")  # issue 16
MY_HOURS = ("/credentials/hours/", "My hours")  # issue 17: peer workers and anyone supervised
WELLNESS_PLAN = ("/wellness-plan/", "Wellness plan")  # issue 18, item 7
FEEDBACK = ("/feedback/", "Feedback")  # issue 17: feedback from external raters
PEER_PRACTICE_CHECK = ("/fidelity/", "Peer practice check")  # issue 18, item 1
PEER_PRACTICE = ("/fidelity/organisation/", "Peer practice")  # issue 18, item 1
PEER_COMMUNITY = ("/community/", "Peer community")  # issue 19, item 1: peer workers only
PEER_LEADS = ("/community/moderators/", "Peer leads")  # issue 19, item 1: org admins name them
ROLE_SHAPE = ("/drift/", "Role shape")  # issue 18, item 2: peer workers' own role drift

# The groups as they were rendered, by who sees them.
MINE_OF_A_PEER = (
    "mine",
    "My work",
    [
        MY_DAY,
        REFLECTIONS,
        NOTES,
        MY_SUPERVISION,
        WELLBEING,
        WELLNESS_PLAN,
        PEER_PRACTICE_CHECK,
        PEER_COMMUNITY,
        ROLE_SHAPE,
        COMPETENCIES,
        MY_HOURS,
        PORTFOLIO,
        FEEDBACK,
    ],
)
MINE_OF_ANYONE_ELSE = (
    "mine",
    "My work",
    [MY_DAY, REFLECTIONS, WELLBEING, WELLNESS_PLAN, COMPETENCIES, PORTFOLIO, FEEDBACK],
)
TEAM_OF_A_MEMBER = ("team", "Team", [TEAMS, ROLES, VOICE])
TEAM_OF_A_SUPERVISOR = ("team", "Team", [TEAMS, ROLES, QUEUE, VOICE])
TEAM_OF_A_MANAGER = ("team", "Team", [TEAMS, DASHBOARD, ROLES, AGREEMENTS, VOICE])
ORGANISATION_OF_A_MANAGER = ("organisation", "Organisation", [PEOPLE])
ORGANISATION_OF_AN_ADMIN = (
    "organisation",
    "Organisation",
    [PEOPLE, REMINDERS, ERASURE_REQUESTS, IMPORT_STAFF, SSO, SUPPORT_CONTACTS, PEER_LEADS, PEER_PRACTICE, AUDIT],
)

HEADER_BEFORE = {
    "manager": [MINE_OF_ANYONE_ELSE, TEAM_OF_A_MANAGER, ORGANISATION_OF_A_MANAGER],
    "other_manager": [MINE_OF_ANYONE_ELSE, TEAM_OF_A_MANAGER, ORGANISATION_OF_A_MANAGER],
    "supervisor": [MINE_OF_A_PEER, TEAM_OF_A_SUPERVISOR],
    "peer": [MINE_OF_A_PEER, TEAM_OF_A_MEMBER],
    "peer2": [MINE_OF_A_PEER, TEAM_OF_A_MEMBER],
    "harbour_peer": [MINE_OF_A_PEER, TEAM_OF_A_MEMBER],
    "clinician": [MINE_OF_ANYONE_ELSE, TEAM_OF_A_MEMBER],
    "admin": [MINE_OF_ANYONE_ELSE, TEAM_OF_A_MANAGER, ORGANISATION_OF_AN_ADMIN],
    # An org admin of another organisation, a peer worker managing its one team.
    "outsider": [MINE_OF_A_PEER, TEAM_OF_A_MANAGER, ORGANISATION_OF_AN_ADMIN],
}


def rendered_header(user) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(group key, group heading, [(href, label)]) in header order, as the page renders them."""
    client = Client()
    client.force_login(user)
    html = client.get("/").content.decode()
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    groups = re.findall(r'id="nav-group-(\w+)">([^<]+)</span>\s*<ul[^>]*>(.*?)</ul>', header, re.S)
    return [
        (key, heading, re.findall(r'<li><a href="([^"]+)"[^>]*>([^<]+)</a></li>', body))
        for key, heading, body in groups
    ]


@pytest.mark.parametrize("persona", sorted(HEADER_BEFORE))
def test_each_persona_sees_the_same_header_links_in_the_same_groups_and_order_as_before(everyone, persona):
    assert rendered_header(everyone[persona]) == HEADER_BEFORE[persona]
