"""Pooled peer voice and the host-team readiness pulse in a real browser (issue 19, items 3-4).

An org admin opens a pooled pulse across two teams; a peer worker answers it at phone width;
once counted, the admin reads the breakdowns the rule allows (peer workers apart from clinicians,
a lone clinician never worked out). A manager opens a readiness pulse, clinical colleagues answer,
and the team dashboard shows the period beside role overlaps and drift. axe on every page.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from apps.voice.group_models import GroupPulse, GroupPulseInvitee
from tests.browser.conftest import screenshot
from tests.voice.groups import CLINICAL, answer_all, close_and_mix, crowd, team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}


def serious_axe_violations(page):
    return [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]


def no_sideways_scroll(page) -> bool:
    """Whether the page settles without sideways scrolling: after a resize the layout (and the
    charts' script) reflows asynchronously, so the condition is awaited, within 5 s."""
    try:
        page.wait_for_function(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1", timeout=5000
        )
    except PlaywrightTimeoutError:
        return False
    return True


def test_an_admin_pools_peer_voice_a_peer_answers_and_the_admin_reads_what_the_rule_allows(
    page, sign_in, everyone, org
):
    admin = everyone["admin"]
    alder, birch = team(org, "Alder"), team(org, "Birch")
    peers = crowd("pe", 5, alder)
    lone = crowd("cl", 1, birch, kind=CLINICAL)[0]

    sign_in(page, admin)
    page.goto("/voice/groups/")
    page.get_by_role("heading", name="Open a pooled peer-voice pulse").wait_for()
    assert serious_axe_violations(page) == []
    page.get_by_label("Alder").check()
    page.get_by_label("Birch").check()
    page.get_by_label("Peer workers and clinicians (peer workers reported apart where the numbers allow)").check()
    page.locator("#pooled-heading ~ form button[type=submit]").click()
    page.get_by_text("Those asked have been told.").wait_for()
    pulse = GroupPulse.objects.get()
    assert pulse.kind == "pooled" and GroupPulseInvitee.objects.filter(pulse=pulse).count() == 6

    # A peer worker answers at phone width.
    page.set_viewport_size(PHONE)
    sign_in(page, peers[0])
    page.goto(f"/voice/groups/{pulse.pk}/")
    for number in range(1, 6):
        group = page.get_by_role("group", name=f"{number}.", exact=False).first
        group.get_by_role("radio", name="4 — Agree").check()
    assert no_sideways_scroll(page)
    assert serious_axe_violations(page) == []
    screenshot(page, "group-pulse-answer-phone")
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text("Your answers were recorded anonymously.").wait_for()
    assert GroupPulseInvitee.objects.get(pulse=pulse, worker=peers[0]).answered

    answer_all(pulse, [*peers[1:], lone])
    close_and_mix(pulse)

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, admin)
    page.goto(f"/voice/groups/{pulse.pk}/")
    page.get_by_role("heading", name="Results").wait_for()
    everyone_card = page.locator("article.group-breakdown").filter(has_text="Everyone who answered")
    assert "6 answers" in everyone_card.inner_text()
    peers_card = page.get_by_role("article", name="Peer workers", exact=True)
    assert "Not shown" in peers_card.inner_text()  # it would be everyone minus the lone clinician
    assert serious_axe_violations(page) == []
    screenshot(page, "group-pulse-results")
    assert not page.js_errors


def test_a_manager_opens_readiness_and_the_dashboard_shows_it_beside_role_overlaps(page, sign_in, everyone, riverside):
    manager = everyone["manager"]
    clinicians = [everyone["clinician"], *crowd("cl", 4, riverside, kind=CLINICAL)]
    sign_in(page, manager)
    page.goto("/voice/groups/")
    page.get_by_role("combobox", name="Team").select_option(label="Riverside")
    page.locator("#readiness-heading ~ form button[type=submit]").click()
    page.get_by_text("Those asked have been told.").wait_for()
    pulse = GroupPulse.objects.get()
    assert pulse.kind == "readiness"

    sign_in(page, clinicians[0])
    page.goto(f"/voice/groups/{pulse.pk}/")
    page.get_by_role("heading", name="Host-team readiness", level=1).wait_for()
    for number in range(1, 6):
        page.get_by_role("group", name=f"{number}.", exact=False).first.get_by_role(
            "radio", name="5 — Strongly agree"
        ).check()
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text("Your answers were recorded anonymously.").wait_for()
    answer_all(pulse, clinicians[1:], (3, 3, 3, 3, 3))
    close_and_mix(pulse)

    sign_in(page, manager)
    page.goto(f"/dashboard/teams/{riverside.pk}/")
    roles = page.locator("section[aria-labelledby=roles-heading]")
    roles.get_by_role("heading", name="How the team receives the peer role").wait_for()
    assert "Role overlap report" in roles.inner_text()
    assert "3.4" in roles.get_by_role("table").inner_text()  # (5 + 4 × 3) / 5
    assert serious_axe_violations(page) == []
    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page)
    screenshot(page, "team-dashboard-readiness-phone")
