"""Issue 15, item 8, in Chromium: a peer worker asks for supervision now; their supervisor sees
the request on the review queue; recording a session, or marking the request handled, clears
it on both people's pages."""

import pytest

from apps.core.dates import org_today
from apps.supervision.models import Agreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def ask_for_supervision(page, sign_in, peer):
    sign_in(page, peer)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My supervision").click()
    page.get_by_role("button", name="Request supervision now").click()
    page.get_by_text("has been told you would like supervision now").wait_for()
    assert page.get_by_text("You asked").is_visible()


def supervisees_row(page):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Supervising").click()
    return page.get_by_role("table", name="Supervision state of each person you supervise").get_by_role(
        "row", name="Pat Peer"
    )


def test_recording_a_session_clears_the_request(page, sign_in, everyone):
    peer, supervisor = everyone["peer"], everyone["supervisor"]
    ask_for_supervision(page, sign_in, peer)

    sign_in(page, supervisor)
    row = supervisees_row(page)
    assert "Asked for supervision" in row.inner_text()
    row.get_by_role("link", name="Record a session with Pat Peer").click()
    page.get_by_label("Held on").fill(org_today(peer.organisation).isoformat())
    page.get_by_label("Restorative (support, wellbeing)").check()
    page.get_by_role("button", name="Record session").click()
    page.get_by_text("Session recorded").wait_for()

    row = supervisees_row(page)
    row.wait_for()
    assert "Asked for supervision" not in row.inner_text()
    assert row.get_by_role("button", name="Mark Pat Peer's request as handled").count() == 0
    sign_in(page, peer)
    page.goto("/supervision/mine/")
    assert page.get_by_text("You asked").count() == 0
    assert page.js_errors == []


def test_marking_the_request_handled_clears_it(page, sign_in, everyone):
    peer, supervisor = everyone["peer"], everyone["supervisor"]
    ask_for_supervision(page, sign_in, peer)

    sign_in(page, supervisor)
    supervisees_row(page).get_by_role("button", name="Mark Pat Peer's request as handled").click()
    page.get_by_text("Marked as handled").wait_for()

    assert "Asked for supervision" not in supervisees_row(page).inner_text()
    agreement = Agreement.objects.get(supervisee=peer, supervisor=supervisor)
    assert not agreement.request_waiting and agreement.request_handled_at is not None
    sign_in(page, peer)
    page.goto("/supervision/mine/")
    assert page.get_by_text("You asked").count() == 0
    assert page.js_errors == []
