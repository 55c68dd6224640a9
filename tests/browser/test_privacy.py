"""Data rights in the browser: a worker sees who read their shared reflection, reads everything
pspteam holds about them, and downloads it as one JSON document."""

import json

import pytest

from apps.reflections.models import Reflection
from tests.browser.conftest import screenshot
from tests.reflections.factories import ReflectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_worker_sees_who_read_their_shared_reflection_and_exports_their_data(page, sign_in, everyone):
    peer, supervisor = everyone["peer"], everyone["supervisor"]
    ReflectionFactory(
        author=peer,
        title="Naming my own recovery in a ward round",
        framework="free",
        sections={"body": "I said I had been an inpatient too, and the room went quiet."},
        visibility=Reflection.Visibility.SUPERVISOR,
    )
    ReflectionFactory(
        author=peer, title="Private thoughts on a hard week", framework="free", sections={"body": "Only for me."}
    )

    # 1. Nobody has read anything yet.
    sign_in(page, peer)
    page.get_by_title("Your account and data").click()
    page.get_by_role("link", name="Who has read my entries").click()
    page.get_by_role("heading", name="Who read my entries", level=1).wait_for()
    page.get_by_text("Nobody else has opened your entries yet.").wait_for()

    # 2. The supervisor opens the reflection shared with them.
    sign_in(page, supervisor)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reflections").click()
    page.get_by_role("link", name="Supervisee reflections shared with me").click()
    page.get_by_role("link", name="Naming my own recovery in a ward round").click()
    page.get_by_text("the room went quiet").wait_for()

    # 3. The worker sees that their supervisor read it (and nothing about the private one).
    sign_in(page, peer)
    page.get_by_title("Your account and data").click()
    page.get_by_role("link", name="Who has read my entries").click()
    readers = page.get_by_role("table")
    readers.get_by_role("cell", name=supervisor.display_name).first.wait_for()
    assert readers.get_by_role("cell", name="Your reflection").count() >= 1
    assert page.get_by_text("Nobody else has opened your entries yet.").count() == 0
    screenshot(page, "privacy-who-read-my-entries")

    # 4. Everything pspteam holds about them, readable on a page ...
    page.get_by_title("Your account and data").click()
    page.get_by_role("link", name="See everything pspteam holds about me").click()
    page.get_by_role("heading", name="My data", level=1).wait_for()
    page.get_by_text("Naming my own recovery in a ward round").first.wait_for()
    page.get_by_text("Private thoughts on a hard week").first.wait_for()
    screenshot(page, "privacy-my-data")

    # ... and as one JSON document.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my data (JSON)").click()
    download = download_info.value
    assert download.suggested_filename == "pspteam-my-data.json"
    document = json.loads(open(download.path(), encoding="utf-8").read())
    exported = json.dumps(document)
    assert document["account"]["username"] == peer.username
    assert "Naming my own recovery in a ward round" in exported
    assert "the room went quiet" in exported
    assert "Private thoughts on a hard week" in exported
    assert page.js_errors == []
