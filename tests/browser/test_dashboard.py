"""The team dashboard in Chromium, on the demo data (``seed_demo``), as the demo manager.

The seeded figures, from the demo seeders (apps/*/demo.py), over the last 12 weeks:

* supervision — five agreements, shown per supervisor (Sam Okafor 3 on time, 3 late; Morgan
  Reid 1 on time, 1 overdue; Casey Moore 1, 1 and 1 overdue); each demo agreement has two sessions one frequency apart,
  the first long after the agreement began (late), the second on time, except the line
  agreement, whose first session is older than the window and whose second is on time:
  5 on time, 4 late; Pat's line management and Jamie's clinical supervision are overdue
  (2 outstanding): 5 of 11 on time, 45%. States: 2 overdue, 1 due soon, 2 on track — Lee
  Fairweather's agreement among them: the manager is not told Lee stepped away (issue 15), so it
  reads by its dates, and no "paused" figure or "not counted (paused)" column is shown.
* peer workers with no active peer supervision: Jamie Novak (clinical only) and Sam Okafor.
* role overlaps between Peer Support Worker and Care Coordinator: 2.
* boundary notes (whole team: five people write notes, the minimum group): 3 awaiting review,
  1 reviewed (open: 4); role drift 1.
* reflections shared with Riverside: 2 welcomed, 1 negotiated.
* training expiring within 30 days: Pat's safeguarding course.
"""

import csv
import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from apps.accounts.models import User
from apps.boundaries.models import BoundaryNote
from apps.core.demo import DEMO_PASSWORD
from apps.teams.models import Team
from tests.browser.conftest import ARTIFACTS, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def figure(page, label):
    return page.locator(".dashboard-figure").filter(has=page.get_by_text(label, exact=True)).locator("dd").inner_text()


def row_cells(table, header):
    row = table.get_by_role("row").filter(has=table.page.get_by_role("rowheader", name=header, exact=True))
    return [c.strip() for c in row.locator("td").all_inner_texts()]


def fits_a_phone(page, timeout_ms=5000) -> bool:
    """No sideways scrolling at 375 px, polled while the charts resize (not ``wait_for_function``,
    whose in-page polling evaluates a string, which the pages' CSP refuses)."""
    for _ in range(timeout_ms // 100):
        if page.evaluate("document.documentElement.scrollWidth") <= 375:
            return True
        page.wait_for_timeout(100)
    return False


def serious_violations(page):
    results = Axe().run(page)
    return [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def regions(page, width):
    """The sections issue 15 changed, each on its own (the full page is too tall to read)."""
    folder = ARTIFACTS / "screenshots"
    for name, heading in (("supervision", "Supervision held on time"), ("notes", "Boundary notes, whole team")):
        page.get_by_role("region", name=heading).screenshot(path=str(folder / f"dashboard-{width}-{name}.png"))


def test_the_demo_manager_walks_the_team_dashboard_and_sees_the_seeded_figures(page, sign_in):
    call_command("seed_demo", stdout=io.StringIO())
    manager = User.objects.get(username="demo-manager")
    riverside = Team.objects.get(name="Riverside Community Team")

    sign_in(page, manager, password=DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    page.get_by_role("heading", name="Riverside Community Team: team dashboard", level=1).wait_for()
    assert page.url.endswith(f"/dashboard/teams/{riverside.pk}/")
    assert (
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").get_attribute("aria-current")
        == "page"
    )

    # At a glance.
    assert figure(page, "Supervision on time, last 12 weeks") == "45% of 11"
    assert figure(page, "Supervision overdue") == "2"
    assert figure(page, "Due soon") == "1"
    assert page.locator(".dashboard-figure").filter(has_text="paused").count() == 0
    assert figure(page, "Peer workers without peer supervision") == "2"
    assert figure(page, "Role overlaps") == "2"
    assert figure(page, "Open boundary notes, whole team") == "4"
    assert figure(page, "Training expiring in 30 days") == "1"

    # Supervision: the chart is drawn, and the same numbers are in tables.
    page.locator("#compliance-chart[data-drawn='1']").wait_for()
    compliance = page.get_by_role("region", name="Supervision held on time")
    # On time per supervisor (whose to arrange it is), never per supervisee.
    per_supervisor = compliance.get_by_role("table", name="Supervision held on time per supervisor, last 12 weeks")
    assert row_cells(per_supervisor, "Sam Okafor") == ["3", "3", "0", "50%"]
    assert row_cells(per_supervisor, "Morgan Reid") == ["1", "0", "1", "50%"]
    assert row_cells(per_supervisor, "Casey Moore") == ["1", "1", "1", "33%"]
    assert row_cells(per_supervisor, "Whole team") == ["5", "4", "2", "45%"]
    assert per_supervisor.get_by_role("rowheader", name="Pat Lindqvist").count() == 0
    assert per_supervisor.get_by_role("columnheader", name="Not counted (paused)").count() == 0
    attention = page.get_by_role("region", name="Supervision due soon or overdue")
    assert attention.get_by_role("row").count() == 4  # header + 3 agreements
    overdue = attention.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Line management for Pat Lindqvist")
    )
    assert [c.strip() for c in overdue.locator("td").all_inner_texts()][:2] == ["Morgan Reid", "Overdue"]
    assert (
        "Jamie Novak" in attention.get_by_role("list", name="Peer workers with no active peer supervision").inner_text()
    )

    hours = page.get_by_role("table", name="Contracted and assigned hours per week per worker")
    assert row_cells(hours, "Jamie Novak") == ["20", "0", "−20", "Under-allocated"]
    assert row_cells(hours, "Pat Lindqvist") == ["22.5", "22.5", "0", "As contracted"]
    # Boundary notes: the whole team's counts (five people write notes in Riverside, the
    # minimum group), with nobody named beside them.
    notes = page.get_by_role("region", name="Boundary notes, whole team")
    note_figures = dict(zip(notes.locator("dt").all_inner_texts(), notes.locator("dd").all_inner_texts(), strict=True))
    assert note_figures == {
        "Awaiting review": "3",
        "Reviewed, not yet closed": "1",
        "Open in all": "4",
        f"“{BoundaryNote.Category.ROLE_DRIFT.label}”, last 90 days": "1",
    }
    members = User.objects.filter(memberships__team=riverside).values_list("display_name", flat=True)
    assert [name for name in members if name in notes.inner_text()] == []
    assert page.get_by_role("link", name="Role overlap report").get_attribute("href") == (
        f"/roles/teams/{riverside.pk}/overlaps/"
    )
    reflections = page.get_by_role(
        "table", name="Reflections shared with the team per month, by how they were received"
    )
    assert row_cells(reflections, "All 6 months")[:3] == ["2", "1", "0"]
    page.locator("#reflections-chart[data-drawn='1']").wait_for()
    page.locator("#dashboard-voice-chart[data-drawn='1']").wait_for()
    training = page.get_by_role("table", name="Training records expiring within 30 days")
    assert "Safeguarding adults (level 2)" in training.inner_text()
    assert serious_violations(page) == []
    screenshot(page, "dashboard-walk-desktop")
    regions(page, "desktop")

    # The CSV download holds the same tables.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("riverside-community-team-dashboard-")
    rows = list(csv.reader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    assert ["Whole team", "5", "4", "2", "11", "45%"] in rows

    # The printable version: tables only, the navigation left out when printed.
    page.get_by_role("link", name="Printable version for a team meeting").click()
    page.get_by_role("heading", name="Riverside Community Team: team meeting summary").wait_for()
    assert page.get_by_role("button", name="Print").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    screenshot(page, "dashboard-print")
    page.emulate_media(media="screen")

    # On a phone: the menu folds, nothing scrolls sideways, tables stack with their labels.
    page.go_back()
    page.set_viewport_size({"width": 375, "height": 800})
    assert fits_a_phone(page)
    nav = page.get_by_role("navigation", name="Main")
    assert not nav.get_by_role("link", name="Dashboard").is_visible()
    nav.get_by_text("Menu").click()
    assert nav.get_by_role("link", name="Dashboard").is_visible()
    assert serious_violations(page) == []
    screenshot(page, "dashboard-walk-phone")
    regions(page, "phone")
    assert page.js_errors == []
