"""Issue 16, part 3, in Chromium at phone width (375 px): the supervisor plans a session with
their supervisee, changes it, and cancels it; each step is read back from the database and the
supervisee sees it on My supervision."""

import pytest

from apps.notifications.models import Notification
from apps.supervision.models import PlannedSession
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def test_plan_change_cancel_at_375px(page, sign_in, everyone):
    supervisor, peer = everyone["supervisor"], everyone["peer"]
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, supervisor)
    page.goto("/supervision/queue/")
    page.get_by_role("link", name="Plan a session").click()
    page.get_by_label("Pat Peer — Peer supervision").check()
    page.get_by_label("Date").fill("2027-04-01")
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Duration (minutes)").fill("50")
    page.get_by_label("Where").fill("Room 2, Riverside House")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    page.get_by_role("button", name="Plan and send invitations").click()
    page.get_by_text("Session planned").wait_for()
    assert page.get_by_role("heading", name="Planned supervision, 1 Apr 2027, 10:00").is_visible()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    screenshot(page, "planned-supervision-375")
    planned = PlannedSession.objects.get()
    assert (planned.sequence, planned.duration_minutes, planned.location) == (0, 50, "Room 2, Riverside House")
    assert Notification.objects.filter(kind="supervision_planned").count() == 2

    page.get_by_label("Start time").fill("14:30")
    page.get_by_label("Where").fill("Room 5")
    page.get_by_role("button", name="Save and send the change").click()
    page.get_by_text("Changed. Everyone in it has been sent the new time and place.").wait_for()
    assert page.get_by_role("heading", name="Planned supervision, 1 Apr 2027, 14:30").is_visible()
    planned.refresh_from_db()
    assert (planned.sequence, planned.location) == (1, "Room 5")

    sign_in(page, peer)
    page.goto("/supervision/mine/")
    page.get_by_role("link", name="1 Apr 2027, 14:30").click()
    assert page.get_by_text("Room 5").first.is_visible()

    sign_in(page, supervisor)
    page.goto(f"/supervision/planned/{planned.pk}/")
    page.get_by_role("button", name="Cancel this session").click()
    page.get_by_text("Cancelled. Everyone in it has been sent a cancellation").wait_for()
    planned.refresh_from_db()
    assert (planned.status, planned.sequence) == ("cancelled", 2)
    assert page.get_by_role("button", name="Save and send the change").count() == 0
    assert Notification.objects.filter(kind="supervision_plan_cancelled").count() == 2
    assert page.js_errors == []
