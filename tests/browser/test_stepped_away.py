"""Issue 15, item 12, in Chromium: a peer worker steps away. Their supervisor sees the tag on
the team page; a clinician in the same team does not. While away, "Request supervision now" stays
on My supervision (issue 15, item 5: it used to disappear), and asking works."""

from datetime import timedelta

import pytest

from apps.accounts.models import User
from apps.core.dates import org_today
from apps.supervision.models import Agreement
from apps.wellbeing.services import worker_step_away

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def member_cell(page, name):
    return page.get_by_role("table", name="Members of Riverside").get_by_role("row").filter(has_text=name)


def test_only_the_supervisor_is_shown_that_a_worker_stepped_away(page, sign_in, everyone, riverside):
    peer = everyone["peer"]
    sign_in(page, peer)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My supervision").click()
    assert page.get_by_role("button", name="Request supervision now").count() == 1
    # Stepping away itself is the wellbeing page's (tested there); the service it calls:
    worker_step_away(actor=peer, until=org_today(peer.organisation) + timedelta(days=14))
    assert User.objects.get(pk=peer.pk).status == User.Status.STEPPED_AWAY
    page.reload()
    page.get_by_text("You have stepped away").first.wait_for()
    ask = page.get_by_role("button", name="Request supervision now")
    assert ask.count() == 1
    ask.click()
    page.get_by_text("has been told you would like supervision now").first.wait_for()
    assert Agreement.objects.get(supervisee=peer, kind="peer").last_requested_at is not None

    sign_in(page, everyone["clinician"])
    page.goto(f"/teams/{riverside.pk}/")
    row = member_cell(page, "Pat Peer")
    row.wait_for()
    assert "stepped away" not in row.inner_text()

    sign_in(page, everyone["supervisor"])
    page.goto(f"/teams/{riverside.pk}/")
    assert "stepped away" in member_cell(page, "Pat Peer").inner_text()
    assert page.js_errors == []
