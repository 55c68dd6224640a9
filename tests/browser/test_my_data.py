"""My data in the browser (issue 15, item 9): a page in words with the download beside it, and
"request erasure" reaching the org admin, who finds it from the notification."""

import pytest

from apps.notifications.models import Notification
from apps.wellbeing.models import CheckIn
from apps.workers.models import ErasureRequest
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_peer_reads_their_data_in_words_and_asks_for_erasure_which_reaches_the_org_admin(page, sign_in, everyone):
    peer, admin = everyone["peer"], everyone["admin"]
    CheckIn.objects.create(organisation=peer.organisation, author=peer, mood=2, note="A long shift.")

    sign_in(page, peer)
    page.get_by_title("Your account and data").click()
    page.get_by_role("link", name="See everything pspteam holds about me").click()
    page.get_by_role("heading", name="My data", level=1).wait_for()
    for heading in ("Your account", "Teams", "Wellbeing"):
        page.get_by_role("heading", name=heading, level=2).wait_for()
    page.get_by_role("heading", name="Check-ins", level=3).wait_for()
    account = page.get_by_role("region", name="Your account")
    assert account.get_by_text("Organisation admin").is_visible()
    assert page.get_by_text("2 — Low").is_visible()
    assert page.get_by_text("Display_name").count() == 0
    assert page.get_by_role("link", name="Download my data (JSON)").is_visible()
    screenshot(page, "wellbeing-my-data-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "wellbeing-my-data-375")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("button", name="Request erasure of my data").click()
    page.get_by_text("Your request has been sent to your organisation's admins.").wait_for()
    assert page.get_by_role("button", name="Request erasure of my data").count() == 0
    assert ErasureRequest.objects.filter(worker=peer).count() == 1
    assert Notification.objects.filter(recipient=admin, kind="erasure_requested").count() == 1

    sign_in(page, admin)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Erasure requests").click()
    page.get_by_role("heading", name="Erasure requests", level=1).wait_for()
    page.get_by_role("cell", name=peer.display_name).wait_for()
