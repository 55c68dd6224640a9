"""The portfolio in a real browser (issue 17): a peer worker links a private reflection, a shared
reflection and a supervision session as evidence from their own pages, sees LE1 go from a gap
(red) to in progress (amber), and to evidenced (green) once signed off; their supervisor sees
only the evidence they could already read — never the private reflection — and a manager sees
the states only."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe

from apps.competencies import services as competency_services
from apps.competencies.models import Competency
from apps.core.dates import org_today
from apps.portfolio.models import EvidenceLink
from apps.supervision import services as supervision_services
from apps.supervision.models import Agreement
from tests.browser.conftest import screenshot
from tests.competencies.conftest import load_shipped
from tests.reflections.factories import ReflectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def serious_axe_violations(page):
    results = Axe().run(page)
    return [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def le1_state(page) -> str:
    return page.locator('[data-code="LE1"]').get_attribute("data-state")


def link_from_record_page(page, url):
    page.goto(url)
    page.get_by_role("heading", name="Evidence in your portfolio").wait_for()
    page.get_by_label("Competency it is evidence for").select_option(
        label="LE1 Sharing with purpose — pspteam peer support practice framework"
    )
    page.get_by_role("button", name="Link as evidence").click()
    page.get_by_text("Linked as evidence for LE1 Sharing with purpose").wait_for()


def test_a_worker_links_evidence_and_the_supervisor_sees_only_what_they_could_read(page, sign_in, everyone):
    framework = load_shipped()  # a transactional test starts from an empty database
    le1 = Competency.objects.get(framework=framework, code="LE1")
    peer, supervisor, manager = everyone["peer"], everyone["supervisor"], everyone["manager"]
    private = ReflectionFactory(author=peer, title="My own bad week", visibility="private")
    shared = ReflectionFactory(author=peer, title="Co-facilitating the hope group", visibility="supervisor")
    session = supervision_services.session_record(
        actor=supervisor,
        agreements=[Agreement.objects.get(supervisee=peer, supervisor=supervisor)],
        held_on=org_today(peer.organisation) - timedelta(days=4),
        duration_minutes=50,
        functions=["formative"],
        topics="Invented: pacing what I share.",
    )

    # 1. The worker opens "My portfolio": LE1 is a gap, and the rule is written on the page.
    sign_in(page, peer)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My portfolio").click()
    page.get_by_role("heading", name="My portfolio", exact=True).wait_for()
    page.get_by_text("Green (evidenced): your self-assessment is signed off").wait_for()
    assert le1_state(page) == "red"
    assert serious_axe_violations(page) == []

    # 2. From each record's own page: "Link as evidence" for LE1.
    link_from_record_page(page, f"/reflections/{private.pk}/")
    link_from_record_page(page, f"/reflections/{shared.pk}/")
    link_from_record_page(page, f"/supervision/sessions/{session.pk}/")
    assert EvidenceLink.objects.filter(worker=peer, competency=le1).count() == 3  # re-read

    # 3. The map: LE1 is amber, with the three records listed (labels, never the session's topics).
    page.goto("/portfolio/")
    assert le1_state(page) == "amber"
    le1_row = page.locator('[data-code="LE1"]')
    assert le1_row.locator("li[data-kind]").count() == 3
    assert "My own bad week" in le1_row.inner_text()
    assert "pacing what I share" not in page.content()
    screenshot(page, "portfolio-amber")

    # 4. The supervisor signs LE1 off: the worker's map turns green.
    assessment = competency_services.assessment_create(actor=peer, competency=le1, level="competent", evidence=[])
    competency_services.assessment_sign_off(actor=supervisor, assessment=assessment, decision="signed_off")
    page.goto("/portfolio/")
    assert le1_state(page) == "green"

    # 5. The supervisor sees the shared reflection and the session, never the private entry.
    sign_in(page, supervisor)
    page.goto(f"/portfolio/people/{peer.pk}/")
    page.get_by_role("heading", name="Portfolio of Pat Peer").wait_for()
    row = page.locator('[data-code="LE1"]')
    assert le1_state(page) == "green"
    assert "Co-facilitating the hope group" in row.inner_text()
    assert row.locator('li[data-kind="supervision_session"]').count() == 1
    assert "My own bad week" not in page.content()
    assert serious_axe_violations(page) == []

    # 6. The manager sees the state and no evidence at all.
    sign_in(page, manager)
    page.goto(f"/portfolio/people/{peer.pk}/")
    page.get_by_role("heading", name="Portfolio of Pat Peer").wait_for()
    assert le1_state(page) == "green"
    assert page.locator("li[data-kind]").count() == 0
    assert "Co-facilitating" not in page.content() and "My own bad week" not in page.content()
