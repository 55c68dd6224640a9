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


def _posts(page) -> list:
    sent = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" and "/boundaries/new/" in r.url else None)
    return sent


def _shows_the_one_note(page, peer):
    notes = list(BoundaryNote.objects.filter(author=peer))
    assert len(notes) == 1, f"{len(notes)} notes saved"
    page.wait_for_url(f"**/boundaries/{notes[0].pk}/")
    page.get_by_text(SITUATION).wait_for()


def test_a_submit_whose_answer_was_lost_and_is_sent_again_saves_one_note(page, sign_in, everyone):
    """The first POST reaches the server and commits, but the connection drops before the answer;
    the browser sends the same POST again (reload: "resubmit the form?")."""
    peer = everyone["peer"]
    sign_in(page, peer)
    _write_a_note(page)
    sent = _posts(page)
    dropped = []

    def drop_the_first_answer(route):
        if dropped:
            route.continue_()
            return
        route.fetch()  # the server saves the note...
        dropped.append(True)
        route.abort("connectionreset")  # ...and the answer never arrives

    page.route(
        "**/boundaries/new/",
        lambda route: drop_the_first_answer(route) if route.request.method == "POST" else route.continue_(),
    )
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_load_state()
    assert BoundaryNote.objects.filter(author=peer).count() == 1
    page.reload()
    _shows_the_one_note(page, peer)
    assert len(sent) == 2, sent
    assert IdempotencyKey.objects.filter(user=peer).count() == 1
    screenshot(page, "idempotency-resubmitted-form")
