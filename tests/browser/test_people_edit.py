"""Editing a person on the People page in Chromium (issue 15, item 2), controls found by label:
the org admin renames someone, chooses "No contracted hours", and changes their team role in
place; screenshots at desktop and phone width (artifacts/screenshots/people-*.png)."""

import re

import pytest

from apps.accounts.models import User
from apps.teams.models import Membership
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_org_admin_edits_a_person_and_changes_their_team_role_in_place(page, sign_in, everyone, riverside):
    robin = everyone["peer2"]
    membership = Membership.objects.get(worker=robin, team=riverside, left_on__isnull=True)
    sign_in(page, everyone["admin"])
    page.goto("/people/?q=Robin")
    page.get_by_role("row", name=re.compile("Robin Peer")).get_by_role("link", name="Robin Peer", exact=True).click()
    page.get_by_role("heading", name="Robin Peer", level=1).wait_for()
    screenshot(page, "people-edit-desktop")

    page.get_by_label("Name shown to colleagues").fill("Robin Peer-Lee")
    page.get_by_label("Contracted hours per week").fill("")
    page.get_by_label(re.compile("^No contracted hours")).check()
    page.get_by_role("button", name="Save details").click()
    page.get_by_text("Saved Robin Peer-Lee's details.").wait_for()
    robin.refresh_from_db()
    assert robin.display_name == "Robin Peer-Lee" and robin.contracted_hours_per_week == 0
    page.get_by_text(re.compile(r"Peer support worker · No contracted hours")).wait_for()

    page.get_by_label("Team role in Riverside").select_option(label="Supervisor")
    page.get_by_role("button", name="Change role in Riverside").click()
    page.get_by_text("Robin Peer-Lee is now supervisor in Riverside.").wait_for()
    membership.refresh_from_db()
    assert membership.team_role == "supervisor" and membership.left_on is None
    assert Membership.objects.filter(worker=robin, team=riverside).count() == 1
    assert page.js_errors == []


def test_manager_must_choose_hours_and_sees_the_edit_page_at_phone_width(page, sign_in, everyone):
    robin = everyone["peer2"]
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, everyone["manager"])
    page.goto(f"/people/{robin.pk}/edit/")
    assert page.get_by_label("Name shown to colleagues").is_disabled()  # identity: org admins only
    page.get_by_label("Contracted hours per week").fill("")
    page.get_by_role("button", name="Save details").click()
    page.get_by_text("Enter their contracted hours per week, or tick").wait_for()
    assert User.objects.get(pk=robin.pk).contracted_hours_per_week == 30
    scroll = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert scroll <= 0, f"{scroll}px of sideways scroll at 375 px"
    screenshot(page, "people-edit-phone")
    page.get_by_label("Contracted hours per week").fill("22.5")
    page.get_by_role("button", name="Save details").click()
    page.get_by_text("Saved Robin Peer's details.").wait_for()
    assert str(User.objects.get(pk=robin.pk).contracted_hours_per_week) == "22.5"
    page.goto(f"/people/{robin.pk}/leave/")
    page.get_by_role("heading", name="What Robin Peer keeps").wait_for()
    screenshot(page, "people-leave-phone")
