"""Roles in a real browser: the demo manager defines a peer role with tagged duties,
publishes it and assigns it; the worker acknowledges it; the overlap page shows the
seeded overlap; the editor and overview pass an accessibility scan."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from apps.core.demo import DEMO_PASSWORD, DemoContext
from apps.roles import demo as roles_demo
from apps.roles.models import Assignment, RoleDefinition
from apps.teams import demo as teams_demo
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def serious_axe_violations(page):
    results = Axe().run(page)
    return [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.fixture
def demo():
    ctx = DemoContext()
    teams_demo.seed(ctx)
    roles_demo.seed(ctx)
    return ctx


def test_manager_defines_publishes_and_assigns_a_peer_role_and_the_worker_acknowledges_it(page, sign_in, demo):
    manager, worker = demo.people["manager"], demo.people["peer3"]
    riverside = demo.teams["riverside"]

    # 1. The manager writes a peer role with tagged duties, reordering one with "Move up".
    sign_in(page, manager, DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Roles").click()
    page.get_by_role("link", name="New role definition").click()
    page.get_by_role("combobox", name="Team").select_option(label=riverside.name)
    page.get_by_label("Title").fill("Peer Navigator")
    page.get_by_label("Kind of role").select_option("peer")
    page.get_by_label("Purpose").fill("Walk alongside people in their first weeks after leaving hospital.")
    page.get_by_label("Hours per week").fill("20")
    page.get_by_label("Duty 1", exact=True).fill("Attend team meetings and bring the peer perspective")
    page.get_by_label("Category for duty 1").select_option("shared")
    page.get_by_label("Duty 2", exact=True).fill("Share my own recovery story when it helps the person")
    page.get_by_label("Category for duty 2").select_option("peer_distinct")
    page.get_by_role("button", name="Add another duty").click()
    page.get_by_label("Duty 3", exact=True).fill("Walk alongside people to community groups")
    page.get_by_label("Category for duty 3").select_option("peer_distinct")
    page.get_by_role("button", name="Move duty 2 up").click()
    assert serious_axe_violations(page) == []
    screenshot(page, "roles-editor")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Saved Peer Navigator as a draft").wait_for()

    definition = RoleDefinition.objects.get(title="Peer Navigator")
    assert list(definition.duties.values_list("description", "category")) == [
        ("Share my own recovery story when it helps the person", "peer_distinct"),
        ("Attend team meetings and bring the peer perspective", "shared"),
        ("Walk alongside people to community groups", "peer_distinct"),
    ]

    # 2. Publish, then assign it to a peer worker of the team.
    page.get_by_role("button", name="Publish version 1").click()
    page.get_by_text("It can now be assigned").wait_for()
    page.get_by_role("link", name="Assign this role").click()
    page.get_by_label("Team member").select_option(label=worker.display_name)
    page.get_by_label("Hours per week").fill("20")
    page.get_by_role("button", name="Assign").click()
    page.get_by_text(f"Assigned Peer Navigator (v1) to {worker.display_name}").wait_for()
    assignment = Assignment.objects.get(worker=worker, role_definition=definition)
    assert assignment.acknowledged_at is None

    # 3. The worker signs in, finds the proposal on "my day" and agrees to it.
    sign_in(page, worker, DEMO_PASSWORD)
    panel = page.get_by_role("region", name="Roles proposed to you")
    panel.get_by_role("link", name="Peer Navigator (version 1)").wait_for()
    panel.get_by_role("button", name="Agree to Peer Navigator (version 1)").click()
    page.get_by_text("you agreed to your role as Peer Navigator").wait_for()
    assignment.refresh_from_db()
    assert assignment.acknowledged_at is not None

    # 4. The team role overview shows it agreed; the overlap page shows the seeded overlap.
    page.goto(f"/roles/teams/{riverside.pk}/")
    member = page.get_by_role("region", name=worker.display_name)
    member.get_by_text("Peer Navigator").first.wait_for()
    assert member.get_by_text("agreed", exact=True).is_visible()
    assert serious_axe_violations(page) == []
    page.emulate_media(media="print")
    screenshot(page, "roles-team-overview-print")
    page.emulate_media(media="screen")

    page.goto(f"/roles/teams/{riverside.pk}/overlaps/")
    report = page.get_by_role("region", name="Needs attention")
    report.get_by_text("Support service users to develop their own recovery plans").wait_for()
    assert report.get_by_text("Develop recovery plans with service users").is_visible()
    assert report.get_by_text("Administer prescribed medication").first.is_visible()
    assert serious_axe_violations(page) == []
    screenshot(page, "roles-overlaps")

    # 5. Usable on a phone: no sideways scrolling on the overview, the report or the editor.
    page.set_viewport_size({"width": 375, "height": 800})
    for url in (f"/roles/teams/{riverside.pk}/", f"/roles/teams/{riverside.pk}/overlaps/", f"/roles/{definition.pk}/"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), url
    screenshot(page, "roles-detail-phone")
    assert page.js_errors == []


def test_assign_form_narrows_members_to_the_chosen_roles_team_and_asks_before_over_allocating(page, sign_in, demo):
    manager = demo.people["manager"]
    sign_in(page, manager, DEMO_PASSWORD)
    page.goto("/roles/assign/")
    page.get_by_label("Role").select_option(label="Care Coordinator (v1) — Riverside Community Team")
    # htmx reloads the form with only Riverside's members.
    page.get_by_text("Only current members of Riverside Community Team can be assigned").wait_for()
    page.get_by_label("Team member").select_option(label=demo.people["peer2"].display_name)
    page.get_by_label("Hours per week").fill("10")
    page.get_by_role("button", name="Assign").click()
    page.get_by_label("Assign anyway, although this goes over their contracted hours").wait_for()
    assert page.get_by_label("Hours per week").input_value() == "10"  # nothing typed is lost
    page.get_by_label("Assign anyway, although this goes over their contracted hours").check()
    page.get_by_role("button", name="Assign").click()
    page.get_by_text("This is more than their contracted hours").wait_for()
    assert page.js_errors == []
