"""Wellbeing in the browser (issue 15, item 5): a very low check-in is answered with what
might help — share it, ask for supervision now, step away, the organisation's own support
contacts — all optional; an org admin keeps those contacts on a settings page."""

import pytest

from apps.notifications.models import Notification
from apps.wellbeing.models import CheckIn, SupportContact
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}


def both_widths(page, name):
    screenshot(page, f"{name}-1280")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, f"{name}-375")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_org_admin_adds_support_contacts_and_a_peer_is_offered_them_after_a_very_low_check_in(
    page, sign_in, everyone, org
):
    admin, peer, supervisor = everyone["admin"], everyone["peer"], everyone["supervisor"]

    # 1. The org admin adds two contacts on the settings page, found from the header.
    sign_in(page, admin)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Support contacts").click()
    page.get_by_role("heading", name="Support contacts", level=1).wait_for()
    for kind, name, how, when in [
        ("Employee assistance", "Employee Assistance Programme", "Call 0800 123 4567", "Any time, day or night"),
        ("Crisis line", "Samaritans", "Call 116 123 (free)", "Any time"),
    ]:
        page.get_by_label("Kind of support").select_option(label=kind)
        page.get_by_role("textbox", name="Name", exact=True).fill(name)
        page.get_by_label("How to reach them").fill(how)
        page.get_by_label("When they are available (optional)").fill(when)
        page.get_by_role("button", name="Add support contact").click()
        page.get_by_text(f"Added {name}.").wait_for()
    assert SupportContact.objects.filter(organisation=org).count() == 2
    page.get_by_role("link", name="Edit Samaritans").click()
    page.get_by_label("How to reach them").fill("Call 116 123 (free) or e-mail jo@samaritans.org")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved Samaritans.").wait_for()
    assert SupportContact.objects.get(name="Samaritans").how_to_reach.endswith("jo@samaritans.org")
    both_widths(page, "wellbeing-support-contacts")

    # 2. The peer checks in at "1 — very low".
    sign_in(page, peer)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Wellbeing").click()
    page.get_by_role("radio", name="1 — Very low").check()
    page.get_by_role("button", name="Save check-in").click()
    page.get_by_role("heading", name="Check-in saved", level=1).wait_for()
    # Every option is offered; none was taken for them.
    for heading in ["Share this check-in with my supervisor", "Ask for supervision now", "Step away",
                    "Support from your organisation"]:  # fmt: skip
        page.get_by_role("heading", name=heading, level=2).wait_for()
    page.get_by_text("Call 0800 123 4567").wait_for()
    page.get_by_text("jo@samaritans.org").wait_for()
    assert page.get_by_role("link", name="Step away for a while").is_visible()
    check_in = CheckIn.objects.get(author=peer)
    assert check_in.share_with_supervisor is False
    assert not Notification.objects.filter(recipient=supervisor).exists()
    both_widths(page, "wellbeing-low-check-in")

    # 3. They choose to share it with their supervisor, and come back to the same page.
    page.get_by_role("button", name="Share with my supervisor").click()
    page.get_by_text(f"You shared it with {supervisor.display_name}").wait_for()
    check_in.refresh_from_db()
    assert check_in.share_with_supervisor is True
    assert list(check_in.readers.all()) == [supervisor]

    # 4. They ask for supervision now: the supervisor is told.
    page.get_by_role("button", name="Request supervision now").click()
    page.get_by_text(f"{supervisor.display_name} has been told you would like supervision now").wait_for()
    assert Notification.objects.filter(recipient=supervisor, kind="supervision_requested").count() == 1

    # 5. The support page lists the same contacts for everyone.
    page.goto("/wellbeing/")
    page.get_by_role("link", name="Support for you").click()
    page.get_by_role("heading", name="Samaritans").wait_for()
