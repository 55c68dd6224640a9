"""End to end in a real browser: a peer worker submits a boundary note; their supervisor
finds it at the top of the review queue, reviews it and records a session linking it; the
worker reads the review; the agreement's next due date has moved."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.boundaries.models import BoundaryNote
from apps.core.dates import org_today
from apps.supervision.models import Agreement, SupervisionSession
from tests.boundaries.factories import BoundaryNoteFactory
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SITUATION = "Someone I support asked to meet at the weekend and follow me online."


def test_note_review_and_session_move_the_due_date(page, sign_in, everyone):
    peer, supervisor = everyone["peer"], everyone["supervisor"]
    agreement = Agreement.objects.get(supervisee=peer, supervisor=supervisor)
    old_due = agreement.next_due_on
    today = org_today(peer.organisation)
    # Already waiting: an older, less pressing note of the same supervisee.
    BoundaryNoteFactory(author=peer, risk="low", submitted_at=timezone.now() - timedelta(days=6))

    # 1. The peer writes a boundary note.
    sign_in(page, peer)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Boundary notes").click()
    page.get_by_role("link", name="Write a boundary note").click()
    page.get_by_text("Never identify a service user").first.wait_for()
    page.get_by_label("What kind of boundary situation?").select_option("contact_outside_work")
    page.get_by_label("The situation").fill(SITUATION)
    page.get_by_label("What I shared").fill("Nothing personal.")
    page.get_by_label("My reasoning").fill("I did not want them to feel rejected.")
    page.get_by_label("Soon", exact=True).check()
    page.get_by_role("button", name="Share with my peer supervisor").click()
    page.get_by_text("Your note is shared with").wait_for()
    note = BoundaryNote.objects.get(situation=SITUATION)

    # 2. The supervisor sees it at the top of the queue and reviews it.
    sign_in(page, supervisor)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Supervising").click()
    first = page.locator("#review-queue li").first
    assert "Contact outside work" in first.inner_text()
    assert "Talk soon" in first.inner_text()
    screenshot(page, "supervision-review-queue")
    first.get_by_role("link").click()
    page.get_by_text(SITUATION).wait_for()
    page.get_by_label("Your reply").fill("Good instinct to pause. Let's plan a kind way to say no.")
    page.get_by_label("Let's talk it through in supervision").check()
    page.get_by_role("button", name="Send reply").click()
    page.get_by_text("Your reply is saved").wait_for()

    # 3. ... and records a session linking it.
    page.get_by_role("link", name="Supervising").first.click()
    page.get_by_role("link", name="Record a session with Pat Peer").click()
    page.get_by_role("heading", name="Record a supervision session").wait_for()
    assert page.get_by_label("Pat Peer — Peer supervision").is_checked()
    page.get_by_label("Held on").fill(today.isoformat())
    page.get_by_label("Restorative (support, wellbeing)").check()
    page.get_by_label("Topics").fill("Contact outside work; saying no kindly.")
    page.get_by_label("Pat Peer: Contact outside work", exact=False).check()
    # The peer-values check (issue 18, item 4): about the workplace, agreed together.
    page.get_by_role("group", name="Mutuality", exact=True).get_by_label("Lived well here").check()
    page.get_by_label("We agreed these answers together in the session").check()
    page.get_by_role("button", name="Record session").click()
    page.get_by_text("Session recorded").wait_for()
    new_due = today + timedelta(days=agreement.frequency_days)
    assert f"next due {new_due:%-d %b %Y}" in page.content()
    session = SupervisionSession.objects.get()
    assert list(session.boundary_notes.all()) == [note]

    # 4. The worker reads the review and sees the new due date.
    sign_in(page, peer)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Boundary notes").click()
    page.get_by_role("row", name="Contact outside work").get_by_role("link").click()
    page.get_by_text("Let's plan a kind way to say no.").wait_for()
    screenshot(page, "boundary-note-reviewed")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My supervision").click()
    card = page.locator(f"#agreement-{agreement.pk}")
    assert f"{new_due:%-d %b %Y}" in card.locator(".next-due").inner_text()
    assert "On track" in card.inner_text()
    agreement.refresh_from_db()
    assert agreement.next_due_on == new_due != old_due
    assert page.js_errors == []


def test_review_queue_on_a_phone_is_usable_and_has_no_serious_accessibility_violations(page, sign_in, everyone):
    from axe_playwright_python.sync_playwright import Axe

    BoundaryNoteFactory(author=everyone["peer"], risk="high")
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, everyone["supervisor"])
    for url in ("/supervision/queue/", "/supervision/sessions/new/", "/boundaries/new/", "/wellbeing/"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), url
        results = Axe().run(page)
        serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == [], (url, [v["id"] for v in serious])
    assert page.js_errors == []
