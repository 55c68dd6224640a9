"""Role drift in the browser (issue 18, item 2): a peer worker whose roles have drifted is told
(no figure), opens "Role shape" from the header and reads their own shares; their manager is told
too, and on the team dashboard and the role overlap report sees only team indicators — with
fewer than five peer workers measured, "not shown", never a name."""

import pytest

from apps.reminders.services import reminders_scan
from tests.browser.conftest import screenshot
from tests.drift.conftest import drifting  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}


def test_the_worker_reads_their_own_shape_and_the_manager_only_team_indicators(
    page,
    sign_in,
    everyone,
    riverside,
    drifting,  # noqa: F811
    settings,
):
    settings.VOICE_MIN_GROUP = 5
    peer, manager = everyone["peer"], everyone["manager"]
    reminders_scan()

    # 1. The worker: told on "my day" without a figure, then their own page from the header.
    sign_in(page, peer)
    page.goto("/")
    page.get_by_text("A role-drift finding: the peer-distinct part of your roles").first.wait_for()
    page.get_by_role("link", name="Role shape").first.click()
    page.get_by_role("heading", name="My role's shape", level=1).wait_for()
    assert "Peer-distinct: 25%" in page.content() and "Clinical only: 50%" in page.content()
    table = page.get_by_role("table", name="Share of your duty hours by month")
    assert table.get_by_role("row").nth(1).inner_text().split("\t")[1:] == ["25%", "25%", "50%"]
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "role-shape")
    assert not page.js_errors

    # 2. The manager: told, with the worker named but no figure; the team's indicators only.
    sign_in(page, manager)
    page.goto("/")
    page.get_by_text("A role-drift finding in your team").first.wait_for()
    assert "25%" not in page.content()
    page.goto(f"/dashboard/teams/{riverside.pk}/")
    section = page.get_by_role("region", name="Is the peer role holding? Team indicators")
    section.wait_for()
    row = section.get_by_role("row", name="Peer-distinct share of peer workers' duty hours")
    assert {cell.inner_text().strip() for cell in row.get_by_role("cell").all()} == {"not shown"}
    assert "Pat Peer" not in section.inner_text() and "%" not in section.get_by_role("table").inner_text()
    page.goto(f"/roles/teams/{riverside.pk}/overlaps/")
    section = page.get_by_role("region", name="Is the peer role holding? Team indicators")
    section.get_by_role("row", name="Role-drift findings").wait_for()
    assert "Pat Peer" not in section.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "role-overlaps-indicators")
    # The worker's own page holds only the reader's own figures.
    page.goto("/drift/")
    assert "Nothing measured yet" in page.content()
    assert not page.js_errors
