"""Issue 17 end to end, in Chromium: a peer worker links evidence from a record's page, sees the
map and their hours, invites an external rater who answers with no account, accepts the feedback
(it appears on the map, as a label only), makes a PDF of the map, hours and sign-offs with the
real Celery worker, downloads it, and a third party's verification link works — then stops
working once the worker revokes it."""

import re
from pathlib import Path

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings

from apps.portfolio.models import EvidenceLink
from apps.portfolio_documents.models import PortfolioDocument
from apps.raters.models import Invitation
from pspteam.celery import app
from tests.browser.conftest import screenshot
from tests.browser.test_imports import fits_phone, serious_violations
from tests.browser.test_portfolio import le1_state, link_from_record_page
from tests.browser.test_raters import LINK, PHONE, invite, wait_for_mail
from tests.portfolio_documents.helpers import PRIVATE_MARKERS, build_portfolio, clear_throttle, code_in, pdf_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.celery,
    pytest.mark.django_db(transaction=True),
]

COMMENT = "JOURNEYXfeedback comment"


def test_link_map_hours_rater_feedback_pdf_and_a_revocable_verification(page, browser, live_server, sign_in, everyone):
    peer, supervisor = everyone["peer"], everyone["supervisor"]
    portfolio = build_portfolio(peer, supervisor)  # a sign-off, a course, two sessions, reflections
    redis.Redis.from_url(django_settings.CELERY_BROKER_URL).delete("celery")
    clear_throttle()

    # 1. Link evidence from the record's own page; the map shows LE1 in progress.
    sign_in(page, peer)
    link_from_record_page(page, f"/reflections/{portfolio.unchosen.pk}/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My portfolio").click()
    page.get_by_role("heading", name="My portfolio", exact=True).wait_for()
    assert le1_state(page) == "amber"
    assert not serious_violations(page) and fits_phone(page)

    # 2. Hours, from the map: the two held sessions are 2.5 hours of supervision.
    page.get_by_role("navigation", name="More of my portfolio").get_by_role("link", name="My hours").click()
    page.get_by_role("heading", name="My hours").wait_for()
    assert "2.5" in page.locator('[data-category="supervision"]').inner_text()

    # 3. Invite a clinical colleague; they answer on a phone with no account; the worker accepts.
    invite(page, "Jo Clinician", "jo.clinician@example.org")
    path = LINK.search(wait_for_mail(page, 1).body).group(1)
    rater_context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    rater_context.set_default_timeout(10_000)
    rater = rater_context.new_page()
    rater.goto(path)
    for i in range(2):
        question = rater.locator("fieldset.card").nth(i)
        question.get_by_label("Often").check()
        question.get_by_label("A short comment (optional)").fill(COMMENT)
    rater.get_by_role("button", name="Send my feedback").click()
    rater.get_by_role("heading", name="Thank you").wait_for()
    rater_context.close()
    page.goto("/feedback/")
    page.get_by_role("link", name="Jo Clinician").click()
    page.get_by_text(COMMENT).first.wait_for()
    page.get_by_label("Add it to my portfolio as evidence").check()
    page.get_by_role("button", name="Save my decision").click()
    page.get_by_text("Added to your portfolio as evidence.").wait_for()
    invitation = Invitation.objects.get()
    assert EvidenceLink.objects.filter(kind="external_feedback", object_id=invitation.pk).count() == 2  # LE1, MR1

    # 4. The feedback is on the map, as a label: who it came from and when, never what it says.
    page.get_by_role("link", name="your portfolio").click()
    page.get_by_role("heading", name="My portfolio", exact=True).wait_for()
    le1 = page.locator('[data-code="LE1"]')
    le1.locator('li[data-kind="external_feedback"]').wait_for()
    assert "Feedback from a clinical colleague" in le1.inner_text()
    assert COMMENT not in page.content() and "Jo Clinician" not in page.content()
    assert not serious_violations(page)
    screenshot(page, "portfolio-with-feedback")

    # 5. A PDF of the map, the hours and the sign-offs, made by the Celery worker, downloaded.
    page.get_by_role("link", name="My portfolio PDFs").click()
    page.get_by_role("link", name="Make a portfolio PDF").click()
    page.get_by_role("heading", name="Make a portfolio PDF").wait_for()
    for section in ("Evidence map", "Hours", "Signed-off competencies"):
        page.get_by_label(section, exact=True).check()
    page.get_by_role("button", name="Make the PDF").click()
    page.get_by_role("heading", name=re.compile("Portfolio PDF")).wait_for()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=60):
        page.get_by_role("link", name="Download the PDF").wait_for(timeout=60_000)
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download the PDF").click()
    text = pdf_text(Path(downloading.value.path()).read_bytes())
    for present in ("Evidence map", "External feedback", "Supervision received 2.5", "Sam Supervisor"):
        assert present in text, present
    for absent in (COMMENT, "Jo Clinician", "Not for sharing", "Supervision summary", "About me", *PRIVATE_MARKERS):
        assert absent not in text, absent

    # 6. A verifier without an account confirms the sign-off; revoked, the link stops working.
    verifier = browser.new_context(base_url=live_server.url)
    verifier.set_default_timeout(10_000)
    check = verifier.new_page()
    code = code_in(text)
    check.goto(f"/portfolio-documents/verify/{code}/")
    check.get_by_role("heading", name="Genuine: portfolio document of Pat Peer").wait_for()
    assert check.get_by_role("cell", name=portfolio.competency.title, exact=False).count() == 1
    assert check.locator("#hours-heading").is_visible() and check.locator("#evidence-heading").is_visible()
    assert COMMENT not in check.content()
    page.get_by_role("button", name="Revoke the verification link").click()
    page.get_by_text("Revoked on").wait_for()
    response = check.goto(f"/portfolio-documents/verify/{code}/")
    assert response.status == 410
    check.get_by_role("heading", name="This verification link was revoked").wait_for()
    assert portfolio.competency.title not in check.content()
    verifier.close()
    assert PortfolioDocument.objects.get(worker=peer).revoked_at is not None
    assert page.js_errors == []
