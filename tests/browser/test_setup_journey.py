"""Journey 1 (issue 15): an org admin sets up their organisation from nothing, in the browser,
finding every control by its role and label, guided by the set-up checklist on "my day":
sign in → time zone → team → people → a manager → a role definition → a supervision contract
→ support contacts.

Every click is counted (``clicks``), and the count is printed: it is the journey's cost
(before issue 15 the journey stopped at the team: there was no page to create one)."""

import pytest

from apps.accounts.models import Organisation, User
from apps.accounts.services import organisation_create
from apps.roles.models import RoleDefinition
from apps.supervision.models import Agreement
from apps.teams.models import Membership, Team
from apps.wellbeing.models import SupportContact
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "first-run-Passphrase-42"
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


class Clicks:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, locator) -> None:
        self.count += 1
        locator.click()


def both_widths(page, name: str) -> None:
    """``artifacts/screenshots/setup-<name>-desktop.png`` and ``-phone.png``."""
    screenshot(page, f"setup-{name}-desktop")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], f"{name} scrolls sideways"
    screenshot(page, f"setup-{name}-phone")
    page.set_viewport_size(DESKTOP)


def checklist(page):
    return page.get_by_role("region", name="Set up Brookfield")


def test_an_org_admin_sets_up_a_new_organisation_in_the_browser_guided_by_my_day(page):
    organisation, admin = organisation_create(
        name="Brookfield", admin_username="ada", admin_password=PASSWORD, admin_display_name="Ada Admin"
    )
    click = Clicks()
    main_nav = page.get_by_role("navigation", name="Main")

    # Sign in: my day greets a new org admin with the checklist, nothing done yet.
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(PASSWORD)
    click(page.get_by_role("button", name="Sign in"))
    checklist(page).wait_for()
    assert checklist(page).get_by_text("0 of 7 steps done").is_visible()
    both_widths(page, "my-day-start")

    # 1. Time zone.
    click(checklist(page).get_by_role("link", name="Check your time zone"))
    page.get_by_label("Time zone").select_option("Europe/Dublin")
    click(page.get_by_role("button", name="Save time zone"))
    page.get_by_text("Saved: Brookfield runs on Europe/Dublin time.").wait_for()
    assert checklist(page).get_by_text("1 of 7 steps done").is_visible()
    organisation.refresh_from_db()
    assert organisation.time_zone == "Europe/Dublin"

    # 2. A team.
    click(checklist(page).get_by_role("link", name="Create your first team"))
    page.get_by_label("Team name").fill("Hillside Community Team")
    page.get_by_label("Setting").select_option(label="Community")
    page.get_by_label("About this team").fill("Peer and clinical staff working with people at home.")
    both_widths(page, "team-form")
    click(page.get_by_role("button", name="Create team"))
    page.get_by_text("Hillside Community Team is ready. Next, add its people").wait_for()
    team = Team.objects.get(organisation=organisation, name="Hillside Community Team")
    both_widths(page, "team-next-steps")

    # 3. People: the team page's next steps lead to the People page.
    click(
        page.get_by_role("region", name="Next steps for Hillside Community Team").get_by_role(
            "link", name="People page"
        )
    )
    for username, name, kind, hours in [
        ("morgan", "Morgan Reyes", "Clinical", "37.5"),
        ("pat", "Pat Okafor", "Peer support worker", "22.5"),
    ]:
        page.get_by_label("Username").fill(username)
        page.get_by_label("Name shown to colleagues").fill(name)
        page.get_by_label("Email").fill(f"{username}@brookfield.example")
        page.get_by_label("Kind of worker").select_option(label=kind)
        page.get_by_label("Contracted hours per week").fill(hours)
        click(page.get_by_role("button", name="Add person"))
        page.get_by_role("cell", name=name, exact=True).wait_for()
    morgan, pat = User.objects.get(username="morgan"), User.objects.get(username="pat")

    # 4. Team roles: Morgan manages the team, Pat is in it.
    for person, role in [(morgan, "Manager"), (pat, "Member")]:
        page.get_by_role("combobox", name="Team", exact=True).select_option(label=team.name)
        page.get_by_role("combobox", name="Person").select_option(label=person.display_name)
        page.get_by_role("combobox", name="Team role").select_option(label=role)
        click(page.get_by_role("button", name="Add to team"))
        page.get_by_text(f"{person.display_name} joined {team.name}").wait_for()
    assert set(Membership.objects.filter(team=team).values_list("worker__username", "team_role")) == {
        ("morgan", "manager"),
        ("pat", "member"),
    }
    click(main_nav.get_by_role("link", name="My day"))
    assert checklist(page).get_by_text("4 of 7 steps done").is_visible()
    both_widths(page, "my-day-progress")

    # 5. A role definition, published.
    click(checklist(page).get_by_role("link", name="Describe the roles in your teams"))
    click(page.get_by_role("link", name="New role definition"))
    page.get_by_role("combobox", name="Team").select_option(label=team.name)
    page.get_by_label("Title").fill("Peer Support Worker")
    page.get_by_label("Kind of role").select_option("peer")
    page.get_by_label("Hours per week").fill("22.5")
    page.get_by_label("Duty 1", exact=True).fill("Share my own recovery story when it helps the person")
    page.get_by_label("Category for duty 1").select_option("peer_distinct")
    click(page.get_by_role("button", name="Save draft"))
    click(page.get_by_role("button", name="Publish version 1"))
    page.get_by_text("Published Peer Support Worker").wait_for()
    assert RoleDefinition.objects.filter(team=team, status="published").count() == 1

    # 6. A supervision contract, proposed (it starts once both people agree).
    click(main_nav.get_by_role("link", name="My day"))
    click(checklist(page).get_by_role("link", name="Set up supervision contracts"))
    page.get_by_label("Supervisee").select_option(label=pat.display_name)
    page.get_by_label("Supervisor").select_option(label="Morgan Reyes (clinical)")
    page.get_by_label("Kind of supervision").select_option(label="Line management")
    click(page.get_by_role("button", name="Propose agreement"))
    page.get_by_text("Agreement proposed").wait_for()
    assert Agreement.objects.get(supervisee=pat).status == Agreement.Status.PROPOSED

    # 7. Support contacts: where people can turn for support of their own.
    click(main_nav.get_by_role("link", name="My day"))
    assert checklist(page).get_by_text("6 of 7 steps done").is_visible()
    click(checklist(page).get_by_role("link", name="Add support contacts for your people"))
    page.get_by_label("Kind of support").select_option(label="Crisis line")
    page.get_by_role("textbox", name="Name").fill("Samaritans")
    page.get_by_label("How to reach them").fill("Call 116 123, free, any time")
    click(page.get_by_role("button", name="Add support contact"))
    page.get_by_text("Added Samaritans.").wait_for()
    assert SupportContact.objects.filter(organisation=organisation, name="Samaritans").exists()

    # Done: my day no longer shows the checklist.
    click(main_nav.get_by_role("link", name="My day"))
    page.get_by_role("heading", name="My day", level=1).wait_for()
    assert checklist(page).count() == 0
    both_widths(page, "my-day-done")
    assert Organisation.objects.get(pk=organisation.pk).time_zone_checked_at is not None
    assert page.js_errors == []
    print(f"\nJourney 1 (org admin from nothing to support contacts): {click.count} clicks")
    assert click.count == 22
