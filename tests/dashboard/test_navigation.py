"""The header: the user's name, the unread count (one query), and only the links their roles
allow, grouped, in a disclosure that needs no JavaScript."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.notifications.services import notify

pytestmark = pytest.mark.django_db


def header_of(client, user, path="/"):
    client.force_login(user)
    html = client.get(path).content.decode()
    return html[html.index('<header class="site-header">') : html.index("</header>")]


def nav_labels(header) -> list[str]:
    nav = header[header.index('<nav class="site-nav"') :]
    return re.findall(r'<li><a href="[^"]+"(?: aria-current="page")?>([^<]+)</a></li>', nav)


def group_labels(header, group) -> list[str]:
    start = header.index(f'aria-labelledby="nav-group-{group}"')
    return re.findall(r"<li><a [^>]+>([^<]+)</a></li>", header[start : header.index("</ul>", start)])


# (links the persona must see, links they must not): other apps may add links of their own.
EXPECTED = {
    "peer": (
        {"My day", "Reflections", "Boundary notes", "My supervision", "Wellbeing", "Competencies", "Teams"},
        {"Dashboard", "Agreements", "Supervising", "People", "Reminders", "Audit"},
    ),
    "supervisor": ({"My day", "Supervising", "Teams"}, {"Dashboard", "Agreements", "People", "Reminders", "Audit"}),
    "manager": ({"My day", "Teams", "Dashboard", "Agreements", "People"}, {"Reminders", "Audit"}),
    "admin": ({"My day", "Teams", "Dashboard", "Agreements", "People", "Reminders", "Audit"}, set()),
    "outsider": ({"My day", "Dashboard", "Audit"}, set()),
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_the_header_shows_only_the_links_each_persona_may_use(everyone, persona):
    must, must_not = EXPECTED[persona]

    labels = nav_labels(header_of(Client(), everyone[persona]))

    assert must <= set(labels) and not must_not & set(labels)
    assert len(labels) == len(set(labels))


def test_links_are_grouped_by_whose_work_they_are(everyone):
    header = header_of(Client(), everyone["admin"])

    assert group_labels(header, "mine")[0] == "My day"
    assert {"Teams", "Dashboard", "Roles", "Agreements"} <= set(group_labels(header, "team"))
    assert {"People", "Reminders", "Audit"} <= set(group_labels(header, "organisation"))
    assert header.index("nav-group-mine") < header.index("nav-group-team") < header.index("nav-group-organisation")
    assert '<span class="site-nav__label" id="nav-group-team">Team</span>' in header


def test_the_menu_is_a_details_disclosure_naming_where_you_are(everyone):
    header = header_of(Client(), everyone["supervisor"], "/supervision/queue/")

    assert '<details class="site-nav__menu">' in header and "<script" not in header
    assert (
        '<summary class="site-nav__toggle">Menu<span class="site-nav__here"> · Supervising</span></summary>' in header
    )
    # Exactly one current link: the longest match, not "My supervision" at /supervision/.
    assert header.count('aria-current="page"') == 1
    assert '<a href="/supervision/queue/" aria-current="page">Supervising</a>' in header


def test_the_header_names_the_user_and_counts_unread_notifications_in_one_query(everyone):
    peer = everyone["peer"]
    for i in range(3):
        notify(recipient=peer, kind="test", message=f"Message {i}", link="/")
    client = Client()
    client.force_login(peer)
    client.get("/")

    with CaptureQueriesContext(connection) as queries:
        html = client.get("/wellbeing/").content.decode()

    counts = [q["sql"] for q in queries if "notifications_notification" in q["sql"] and "COUNT(" in q["sql"]]
    assert len(counts) == 1
    assert 'aria-label="3 unread"' in html
    assert '<span class="visually-hidden">Signed in as </span>Pat Peer' in html


def test_the_dashboard_is_linked_from_the_team_page_for_its_managers_only(everyone, riverside):
    client = Client()
    client.force_login(everyone["manager"])
    assert f'href="/dashboard/teams/{riverside.pk}/"' in client.get(f"/teams/{riverside.pk}/").content.decode()
    client.force_login(everyone["peer"])
    assert "/dashboard/" not in client.get(f"/teams/{riverside.pk}/").content.decode()
