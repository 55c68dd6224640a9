"""Portfolio PDFs in Chromium: the worker chooses sections and a reflection, watches the real
Celery worker's progress bar, downloads the PDF; a verifier with no account types its code,
sees the sign-off, compares the file, and reads "revoked" once the worker revokes it."""

import re
from pathlib import Path

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings

from apps.portfolio_documents.models import PortfolioDocument
from pspteam.celery import app
from tests.browser.conftest import screenshot
from tests.browser.test_imports import fits_phone, serious_violations
from tests.portfolio_documents.helpers import PRIVATE_MARKERS, build_portfolio, clear_throttle, code_in, pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def test_a_worker_makes_downloads_and_a_verifier_checks_and_sees_it_revoked(
    page, browser, live_server, sign_in, peer, supervisor
):
    portfolio = build_portfolio(peer, supervisor)
    redis.Redis.from_url(django_settings.CELERY_BROKER_URL).delete("celery")
    clear_throttle()

    # The worker, from their account page.
    sign_in(page, peer)
    page.goto("/people/me/")
    page.get_by_role("link", name="Make a portfolio PDF").click()
    page.get_by_role("heading", name="Make a portfolio PDF").wait_for()
    assert not serious_violations(page) and fits_phone(page)
    page.get_by_label("Signed-off competencies").check()
    page.get_by_label("Supervision summary").check()
    page.get_by_label(re.compile("Learning to pause")).check()
    page.get_by_role("button", name="Make the PDF").click()

    # No worker yet: the page shows the bar, waiting; then the worker starts and makes it.
    page.get_by_role("heading", name=re.compile("Portfolio PDF")).wait_for()
    progress = page.locator("progress")
    assert progress.is_visible() and progress.get_attribute("value") == "0"
    assert page.get_by_text("Making your PDF: step 0 of 5.").is_visible()
    assert not serious_violations(page)
    screenshot(page, "portfolio-pdf-progress")
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=60):
        page.get_by_role("link", name="Download the PDF").wait_for(timeout=60_000)  # htmx reloads the page when done
    assert not serious_violations(page) and fits_phone(page)
    screenshot(page, "portfolio-pdf-ready")
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download the PDF").click()
    pdf = Path(downloading.value.path()).read_bytes()
    text = pdf_text(pdf)
    assert "PDFXchosenreflection" in text and portfolio.competency.title in text
    for marker in PRIVATE_MARKERS:
        assert marker not in text
    code = code_in(text)

    page.goto("/portfolio-documents/")
    page.get_by_role("heading", name="My portfolio documents").wait_for()
    assert page.get_by_role("link", name=re.compile("Download")).count() == 1
    assert not serious_violations(page) and fits_phone(page)

    # The verifier: another browser context, no account.
    verifier = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    verifier.set_default_timeout(10_000)
    check = verifier.new_page()
    check.goto("/portfolio-documents/verify/")
    assert not serious_violations(check) and fits_phone(check)
    check.get_by_label("Code from the document").fill(code.lower().replace("-", " "))
    check.get_by_role("button", name="Check").click()
    check.get_by_role("heading", name="Genuine: portfolio document of Pat Peer").wait_for()
    assert check.get_by_role("cell", name=portfolio.competency.title, exact=False).count() == 1
    assert check.get_by_text("2 sessions, 2.5 hours in all.").is_visible()
    check.get_by_label("The PDF you were given").set_input_files(
        {"name": "portfolio.pdf", "mimeType": "application/pdf", "buffer": pdf}
    )
    check.get_by_role("button", name="Compare").click()
    check.get_by_text("The file you chose is exactly the PDF that was issued.").wait_for()
    assert not serious_violations(check) and fits_phone(check)
    screenshot(check, "portfolio-verification")

    # The worker revokes; the verifier's page says so plainly.
    document = PortfolioDocument.objects.get(worker=peer)
    page.goto(f"/portfolio-documents/{document.pk}/")
    page.get_by_role("button", name="Revoke the verification link").click()
    page.get_by_text("Revoked on").wait_for()
    check.reload()
    check.get_by_role("heading", name="This verification link was revoked").wait_for()
    assert "Sam Supervisor" not in check.content()
    assert not serious_violations(check)
    verifier.close()
    document.refresh_from_db()
    assert document.revoked_at is not None
