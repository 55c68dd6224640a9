"""People and e-mail addresses in a real browser (issue 13, separation of duties): the org admin
adds a person on the People page, a team manager sees no add-person form, and a worker changes
their own e-mail address through the link mailed to the new address (locmem mail, read here)."""

import re

import pytest
from django.core import mail

from apps.accounts.models import User
from tests.browser.conftest import screenshot, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _mail_to(address: str, timeout_ms: int = 10_000, page=None):
    """The first message to ``address``, polled (the live server sends it after its commit)."""
    waited = 0
    while True:
        found = [m for m in mail.outbox if m.to == [address]]
        if found:
            return found[0]
        assert waited < timeout_ms, f"no e-mail to {address} within {timeout_ms} ms"
        page.wait_for_timeout(100)
        waited += 100


def test_org_admin_adds_a_person_on_the_people_page(page, sign_in, everyone):
    sign_in(page, everyone["admin"])
    page.goto("/people/")
    page.get_by_label("Username").fill("jo")
    page.get_by_label("Name shown to colleagues").fill("Jo Newcomer")
    page.get_by_label("Email").fill("jo@example.invalid")
    page.get_by_label("Contracted hours per week").fill("20")
    page.get_by_role("button", name="Add person").click()
    page.get_by_text("Added Jo Newcomer").wait_for()
    jo = User.objects.get(username="jo")
    assert jo.organisation_id == everyone["admin"].organisation_id and jo.display_name == "Jo Newcomer"
    assert "/accounts/reset/" in _mail_to("jo@example.invalid", page=page).body
    assert page.js_errors == []


def test_manager_sees_no_add_person_form_but_adds_people_to_the_team(page, sign_in, everyone, riverside):
    sign_in(page, everyone["manager"])
    page.goto("/people/")
    assert page.get_by_role("heading", name="Add a person").count() == 0
    assert page.get_by_role("button", name="Add person").count() == 0
    page.get_by_text("Only an org admin creates accounts").wait_for()
    page.locator("#id_membership-team").select_option(label="Riverside")
    page.locator("#id_membership-worker").select_option(label=str(everyone["harbour_peer"]))
    page.get_by_role("button", name="Add to team").click()
    page.get_by_text(f"{everyone['harbour_peer']} joined Riverside").wait_for()
    screenshot(page, "people-manager")


def test_worker_changes_own_email_through_the_confirmation_link(page, sign_in, everyone):
    peer = everyone["peer"]
    sign_in(page, peer)
    page.goto("/people/me/")
    page.get_by_label("New e-mail address").fill("pat.home@example.invalid")
    page.get_by_role("button", name="Send confirmation link").click()
    page.locator("#pending-email").wait_for()
    peer.refresh_from_db()
    assert peer.email == "pat@example.invalid"  # nothing changes before the link is used
    told = _mail_to("pat@example.invalid", page=page)
    assert "/confirm/" not in told.body and "pat.home@example.invalid" not in told.body

    link = re.search(r"https?://\S+/people/me/email/confirm/\S+/", _mail_to("pat.home@example.invalid", page=page).body)
    path = "/" + link.group(0).split("/", 3)[3]
    page.goto(path)
    page.get_by_role("button", name="Confirm my new address").click()
    page.get_by_text("Your e-mail address is now pat.home@example.invalid").wait_for()
    wait_until(page, "document.querySelector('#pending-email') === null")
    peer.refresh_from_db()
    assert peer.email == "pat.home@example.invalid"
    screenshot(page, "my-account-email")

    page.goto(path)  # single use
    page.get_by_role("button", name="Confirm my new address").click()
    page.get_by_text("has been used already").first.wait_for()
