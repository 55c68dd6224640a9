"""Issue 18, item 5, in a real browser: the worker chooses who signs off their competencies,
keeps an own-wellbeing self-assessment to themselves, and reads what the organisation provides
for their team, as the team's manager recorded it."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from apps.competencies.models import Assessment, AssessorChoice, Competency, OrganisationalStatus
from apps.supervision.models import Agreement
from tests.competencies.conftest import load_shipped
from tests.factories import AgreementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def serious_axe_violations(page):
    results = Axe().run(page)
    return [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def test_assessor_choice_own_wellbeing_and_what_the_organisation_provides(page, sign_in, everyone, riverside):
    framework = load_shipped()  # a transactional test starts from an empty database
    peer, manager, casey = everyone["peer"], everyone["manager"], everyone["clinician"]
    AgreementFactory(supervisee=peer, supervisor=casey, kind=Agreement.Kind.CLINICAL)
    bs3 = Competency.objects.get(framework=framework, code="BS3")

    # 1. Pat sees who signs off by default (Sam, the peer supervisor) and chooses Casey instead.
    sign_in(page, peer)
    page.goto("/competencies/")
    page.get_by_test_id("assessor-line").get_by_text("Sam Supervisor signs off your competencies").wait_for()
    page.get_by_role("link", name="Change who signs off").click()
    page.get_by_role("heading", name="Who signs off your competencies").wait_for()
    page.get_by_label("Casey Clinician (Clinical supervision)").check()
    assert serious_axe_violations(page) == []
    page.get_by_role("button", name="Save my choice").click()
    page.get_by_text("Casey Clinician now signs off your competencies.").wait_for()
    assert AssessorChoice.objects.get(worker=peer).assessor_id == casey.pk

    # 2. Pat assesses their own wellbeing: told it is theirs alone, and it is never signed off.
    page.goto(f"/competencies/assess/{bs3.pk}/")
    page.get_by_test_id("wellbeing-notice").wait_for()
    page.get_by_label("Developing").check()
    page.get_by_role("button", name="Save my self-assessment").click()
    page.get_by_text("It is yours alone").wait_for()
    assert Assessment.objects.get(worker=peer, competency=bs3).state == "awaiting_sign_off"

    # 3. The manager records what Riverside provides, and sees nothing of Pat's wellbeing item.
    sign_in(page, manager)
    page.goto(f"/competencies/organisation/teams/{riverside.pk}/")
    page.get_by_label("What the organisation provides").select_option(
        label="OR1 Supervision from someone who understands the peer role"
    )
    page.get_by_label("Partly in place").check()
    page.get_by_label("Note").fill("Group peer supervision starts in May.")
    assert serious_axe_violations(page) == []
    page.get_by_role("button", name="Record").click()
    page.get_by_text("Recorded OR1: partly in place.").wait_for()
    record = OrganisationalStatus.objects.get()
    assert (record.team_id, record.status, record.recorded_by_id) == (riverside.pk, "partly", manager.pk)
    page.goto(f"/competencies/people/{peer.pk}/")
    page.get_by_role("heading", name="Pat Peer: competencies").wait_for()
    assert "own wellbeing" not in page.content().replace("Items about the worker's own wellbeing", "")
    assert page.locator(f"#competency-{bs3.pk}").count() == 0

    # 4. Pat reads Riverside's status, with no form to change it; at phone width, no sideways scroll.
    sign_in(page, peer)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"/competencies/organisation/teams/{riverside.pk}/")
    row = page.locator("#org-OR1")
    assert "Partly in place" in row.inner_text() and "Group peer supervision starts in May." in row.inner_text()
    assert page.get_by_role("button", name="Record").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
