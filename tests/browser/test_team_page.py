import pytest

from apps.teams.models import Membership
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_signs_in_and_adds_a_member_through_the_team_page(page, sign_in, everyone, riverside):
    newcomer = everyone["harbour_peer"]
    sign_in(page, everyone["manager"])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Teams").click()
    page.get_by_role("link", name="Riverside").click()
    page.get_by_role("heading", name="Riverside", level=1).wait_for()

    page.get_by_label("Person").select_option(label=newcomer.display_name)
    page.get_by_label("Team role").select_option("member")
    page.get_by_role("button", name="Add to team").click()

    page.get_by_text(f"{newcomer.display_name} joined Riverside").wait_for()
    members = page.locator("#members table")
    assert members.get_by_role("cell", name=newcomer.display_name, exact=True).is_visible()
    assert Membership.objects.filter(team=riverside, worker=newcomer, left_on__isnull=True).exists()
    screenshot(page, "team-page-desktop")
    assert page.js_errors == []
