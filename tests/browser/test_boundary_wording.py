"""Issue 15, items 10 and 12, in a real browser: a peer worker writes a boundary note choosing
both the kind of situation and how soon to talk it through (nothing is chosen for them), and
nothing they see speaks of risk or a review queue; their supervisor finds it among the
"Conversations waiting", the soonest first. Screenshots at 1280 and 375 px."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from apps.boundaries.models import BoundaryNote
from tests.boundaries.factories import BoundaryNoteFactory
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SITUATION = "My manager asked me to cover the medication round while the nurse was on a break."
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 800}}
NEVER_SAID_TO_A_PEER = ("risk", "review queue", "incident")


def says_none_of(page, words):
    text = page.locator("body").inner_text().lower()
    return [word for word in words if word in text]


def no_sideways_scroll(page) -> bool:
    """Whether the page settles without sideways scrolling: after a resize the layout (and the
    charts' script) reflows asynchronously, so the condition is awaited, within 5 s."""
    try:
        page.wait_for_function("document.documentElement.scrollWidth <= window.innerWidth + 1", timeout=5000)
    except PlaywrightTimeoutError:
        return False
    return True


def test_a_peer_chooses_both_and_nothing_speaks_of_risk(page, sign_in, everyone):
    peer = everyone["peer"]
    sign_in(page, peer)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Boundary notes").click()
    page.get_by_role("link", name="Write a boundary note").click()

    # Nothing is chosen for the worker.
    kind = page.get_by_label("What kind of boundary situation?")
    assert kind.input_value() == ""
    when = page.get_by_role("group", name="How soon would you like to talk this through?")
    for label in ("Soon", "This week", "Whenever suits"):
        assert not when.get_by_label(label, exact=True).is_checked()
    assert says_none_of(page, NEVER_SAID_TO_A_PEER) == []
    for name, size in WIDTHS.items():
        page.set_viewport_size(size)
        assert no_sideways_scroll(page), name
        screenshot(page, f"boundaries-note-form-{name}")
    page.set_viewport_size(WIDTHS["desktop"])

    # Sent without the two choices: both named, what was typed kept, nothing saved.
    page.get_by_label("The situation").fill(SITUATION)
    page.get_by_role("button", name="Share with my peer supervisor").click()
    summary = page.get_by_role("alert")
    summary.get_by_role("link", name="What kind of boundary situation?").wait_for()
    summary.get_by_role("link", name="How soon would you like to talk this through?").wait_for()
    assert page.get_by_label("The situation").input_value() == SITUATION
    assert not BoundaryNote.objects.exists()
    screenshot(page, "boundaries-note-form-choices-missing-desktop")

    # Both chosen, by their labels.
    kind.select_option(label="Asked to do non-peer work")
    when.get_by_label("This week", exact=True).check()
    page.get_by_role("button", name="Share with my peer supervisor").click()
    page.get_by_text("Your note is shared with Sam Supervisor").wait_for()
    note = BoundaryNote.objects.get()
    assert (note.category, note.risk, note.situation) == ("role_drift", "medium", SITUATION)
    assert "Talk this week" in page.locator("main").inner_text()
    assert "Waiting for a reply from Sam Supervisor" in page.locator("main").inner_text()
    assert says_none_of(page, NEVER_SAID_TO_A_PEER) == []

    page.get_by_role("link", name="My boundary notes").click()
    row = page.get_by_role("row", name="Asked to do non-peer work")
    assert "This week" in row.inner_text() and "Waiting for a reply" in row.inner_text()
    assert says_none_of(page, NEVER_SAID_TO_A_PEER) == []
    for name, size in WIDTHS.items():
        page.set_viewport_size(size)
        screenshot(page, f"boundaries-note-list-{name}")
    assert page.js_errors == []


def test_the_supervisor_sees_conversations_waiting_soonest_first(page, sign_in, everyone):
    peer, supervisor = everyone["peer"], everyone["supervisor"]
    now = timezone.now()
    BoundaryNoteFactory(author=peer, risk="low", category="gifts", submitted_at=now - timedelta(days=9))
    BoundaryNoteFactory(author=peer, risk="high", category="role_drift", submitted_at=now - timedelta(days=1))
    BoundaryNoteFactory(author=peer, risk="medium", category="self_disclosure", submitted_at=now - timedelta(days=3))

    sign_in(page, supervisor)
    page.goto("/supervision/queue/")
    section = page.get_by_role("region", name="Conversations waiting")
    items = section.get_by_role("listitem")
    assert [items.nth(i).get_by_role("link").inner_text() for i in range(3)] == [
        "Pat Peer: Asked to do non-peer work",
        "Pat Peer: Self-disclosure",
        "Pat Peer: Gifts",
    ]
    assert "Talk soon" in items.first.inner_text()
    text = section.inner_text()
    assert "High risk" not in text and "risk" not in text.lower()
    for name, size in WIDTHS.items():
        page.set_viewport_size(size)
        assert no_sideways_scroll(page), name
        screenshot(page, f"boundaries-supervisor-queue-{name}")

    # Opened from there, the note leads back to the conversations waiting.
    items.first.get_by_role("link").click()
    page.get_by_role("heading", name="Reply").wait_for()
    page.get_by_role("link", name="← Conversations waiting").click()
    section.wait_for()

    # Nothing waiting: no "Well done".
    BoundaryNote.objects.update(status="closed", reviewed_at=now, closed_at=now)
    page.reload()
    assert section.get_by_text("No notes are waiting for you.").is_visible()
    assert "Well done" not in page.locator("main").inner_text()
    assert page.js_errors == []
