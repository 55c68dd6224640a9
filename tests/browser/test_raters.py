"""External raters in a real browser (issue 17, part 5): a worker invites a colleague, the
invitation e-mail (Django's locmem outbox) holds the link, the rater answers at phone width in a
fresh browser context with no account, the worker reads the feedback and accepts it as evidence,
and the link no longer works; a withdrawn link stops working too."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail

from apps.audit.models import AuditEvent
from apps.raters.models import Answer, Invitation
from tests.browser.conftest import screenshot
from tests.competencies.conftest import load_shipped

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://[^\s\"<]+(/feedback/respond/[\w-]+/)")
PHONE = {"width": 375, "height": 800}


def serious_axe_violations(page):
    results = Axe().run(page)
    return [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def wait_for_mail(page, count: int, timeout_ms: int = 10_000):
    """The invitation is e-mailed once the live server's transaction commits: wait for it."""
    waited = 0
    while len(mail.outbox) < count:
        assert waited < timeout_ms, f"no e-mail after {timeout_ms} ms"
        page.wait_for_timeout(100)
        waited += 100
    return mail.outbox[count - 1]


def invite(page, name, email):
    page.goto("/feedback/")
    page.get_by_role("link", name="Ask someone for feedback").click()
    page.get_by_label("Their name").fill(name)
    page.get_by_label("Their e-mail address").fill(email)
    page.get_by_label("A clinical colleague").check()
    page.get_by_label("LE1 Sharing with purpose").check()
    page.get_by_label("MR1 Meeting as equals").check()
    page.get_by_role("button", name="Send the invitation").click()
    page.get_by_text(f"Your invitation is on its way to {name}.").wait_for()


def test_a_rater_answers_the_worker_accepts_it_as_evidence_and_used_or_withdrawn_links_stop_working(
    browser, live_server, page, sign_in, everyone
):
    load_shipped()  # a transactional test starts from an empty database
    peer = everyone["peer"]

    # 1. The worker asks a clinical colleague about two competencies.
    sign_in(page, peer)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Feedback").click()
    page.get_by_role("heading", name="Feedback from others").wait_for()
    page.get_by_role("link", name="Ask someone for feedback").click()
    assert serious_axe_violations(page) == []
    invite(page, "Jo Clinician", "jo.clinician@example.org")
    message = wait_for_mail(page, 1)
    assert message.to == ["jo.clinician@example.org"] and peer.display_name in message.body
    assert "Sharing with purpose" not in message.body
    path = LINK.search(message.body).group(1)

    # 2. The rater opens the link on a phone, in a browser that never signed in.
    rater_context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    rater_context.set_default_timeout(10_000)
    rater = rater_context.new_page()
    rater.goto(path)
    rater.get_by_role("heading", name=f"Feedback for {peer.display_name}").wait_for()
    assert rater.get_by_text("never write anything that could identify a person who uses services").is_visible()
    assert rater.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert serious_axe_violations(rater) == []
    questions = rater.locator("fieldset.card")
    assert questions.count() == 2
    questions.nth(0).get_by_label("Consistently").check()
    questions.nth(0).get_by_label("A short comment (optional)").fill("Shares their story with a clear purpose.")
    # Sent with one question unanswered: the page says which, and nothing is stored.
    rater.get_by_role("button", name="Send my feedback").click()
    rater.get_by_text("Please answer each question marked below.").wait_for()
    assert not Answer.objects.exists()
    rater.locator("fieldset.card").nth(1).get_by_label("Often").check()
    screenshot(rater, "rater-page-phone")
    rater.get_by_role("button", name="Send my feedback").click()
    rater.get_by_role("heading", name="Thank you").wait_for()
    invitation = Invitation.objects.get()
    assert invitation.submitted_at is not None
    assert sorted(invitation.answers.values_list("observed", flat=True)) == ["consistently", "often"]

    # 3. The worker is told (no content), reads the feedback and accepts it as evidence.
    page.goto("/notifications/")
    page.get_by_text("Feedback you asked for has arrived.").wait_for()
    page.goto("/feedback/")
    page.get_by_role("link", name="Jo Clinician").click()
    page.get_by_role("heading", name="Feedback received").wait_for()
    page.get_by_text("Shares their story with a clear purpose.").wait_for()
    assert serious_axe_violations(page) == []
    page.get_by_label("Add it to my portfolio as evidence").check()
    page.get_by_role("button", name="Save my decision").click()
    page.get_by_text("Added to your portfolio as evidence.").wait_for()
    invitation.refresh_from_db()
    assert invitation.decision == "accepted"
    assert AuditEvent.objects.filter(target_id=invitation.pk, actor=peer, action="read").exists()

    # 4. The used link answers a friendly page, never the form again.
    response = rater.goto(path)
    assert response.status == 410
    rater.get_by_role("heading", name="This link no longer works").wait_for()
    assert rater.get_by_text("already been sent").is_visible()
    assert serious_axe_violations(rater) == []

    # 5. A second invitation, withdrawn before the rater answers: its link stops working.
    invite(page, "Sky Morgan", "sky.morgan@example.org")
    second = LINK.search(wait_for_mail(page, 2).body).group(1)
    page.get_by_role("button", name="Withdraw the invitation").click()
    page.get_by_text("Invitation withdrawn: the link no longer works.").wait_for()
    response = rater.goto(second)
    assert response.status == 410
    rater.get_by_text("has withdrawn this request").wait_for()
    assert Invitation.objects.get(rater_email="sky.morgan@example.org").revoked_at is not None
    assert page.js_errors == [] and Answer.objects.count() == 2
    rater_context.close()
