"""A form that reaches the server twice in a real browser saves one record (issue 22, case 6)."""

import pytest

from apps.boundaries.models import BoundaryNote
from apps.core.models import IdempotencyKey
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SITUATION = "Someone asked how I coped with a hospital stay."


def _write_a_note(page):
    page.goto("/boundaries/new/")
    page.get_by_label("The situation").fill(SITUATION)
    page.get_by_label("What I shared (of my own lived experience, if anything)").fill("That it helped to talk.")
    page.get_by_label("What kind of boundary situation?").select_option("self_disclosure")
    page.get_by_label("Whenever suits").check()


def _shows_the_one_note(page, peer):
    notes = list(BoundaryNote.objects.filter(author=peer))
    assert len(notes) == 1, f"{len(notes)} notes saved"
    page.wait_for_url(f"**/boundaries/{notes[0].pk}/")
    page.get_by_text(SITUATION).wait_for()


def test_a_submit_that_reaches_the_server_twice_saves_one_note_and_shows_it(page, sign_in, everyone):
    """The form's POST reaches the server, commits, and its answer is lost on the way back; the
    same POST (same body, same token) is sent again — as a retrying proxy, or the browser's
    "resubmit the form?", would — and the browser shows the answer to that second one."""
    peer = everyone["peer"]
    sign_in(page, peer)
    _write_a_note(page)
    delivered = []

    def deliver_twice(route):
        if route.request.method != "POST":
            route.continue_()
            return
        first = route.fetch(max_redirects=0)  # the server saves the note; this answer never reaches the page
        delivered.append(first.status)
        route.continue_()  # the same request again: its answer is what the page shows
        delivered.append("again")

    page.route("**/boundaries/new/", deliver_twice)
    page.get_by_role("button", name="Share with my peer supervisor").click()
    _shows_the_one_note(page, peer)
    assert delivered == [302, "again"], delivered
    assert IdempotencyKey.objects.filter(user=peer).count() == 1
    page.get_by_text("That form had already been sent: it was saved once.").wait_for()
    screenshot(page, "idempotency-form-sent-twice")
