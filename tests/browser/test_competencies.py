"""Competencies and team voice in a real browser.

A worker self-assesses with evidence, their supervisor signs off (seeing only the evidence the
reflections' own visibility allows), the team manager sees the state and no evidence. Then the
team voice: members answer a pulse and the manager's trend chart is drawn (Chart.js, no CSP error).
"""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe

from apps.competencies.models import Assessment
from apps.core.dates import org_today
from apps.voice import services as voice_services
from tests.browser.conftest import screenshot, wait_until
from tests.competencies.conftest import load_shipped
from tests.reflections.factories import ReflectionFactory
from tests.voice.conftest import close, close_and_mix

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def console_errors(page):
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return errors


def serious_axe_violations(page):
    results = Axe().run(page)
    return [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def test_worker_self_assesses_with_evidence_supervisor_signs_off_manager_sees_the_state(page, sign_in, everyone):
    load_shipped()  # a transactional test starts from an empty database
    peer, supervisor, manager = everyone["peer"], everyone["supervisor"], everyone["manager"]
    ReflectionFactory(author=peer, title="Co-facilitating the hope group", visibility="supervisor")
    ReflectionFactory(author=peer, title="My own bad week", visibility="private")
    errors = console_errors(page)

    # 1. The worker rates themselves on LE1 and cites two of their reflections.
    sign_in(page, peer)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Competencies").click()
    page.get_by_role("heading", name="My competencies").wait_for()
    page.get_by_role("link", name="Assess LE1 Sharing with purpose").click()
    page.get_by_label("Competent").check()
    page.get_by_label("Co-facilitating the hope group").check()
    page.get_by_label("My own bad week").check()
    assert serious_axe_violations(page) == []
    page.get_by_role("button", name="Save my self-assessment").click()
    page.get_by_text("Saved your self-assessment of LE1").wait_for()
    assessment = Assessment.objects.get(worker=peer)
    assert assessment.level == "competent" and assessment.evidence.count() == 2
    screenshot(page, "competencies-my-progress")

    # 2. The supervisor finds it on their day, sees the shared evidence only, and signs it off.
    sign_in(page, supervisor)
    page.get_by_role("link", name="1 self-assessment awaiting your sign-off").click()
    page.get_by_role("heading", name="Pat Peer: LE1 Sharing with purpose").wait_for()
    assert page.get_by_role("link", name="Co-facilitating the hope group").is_visible()
    assert page.get_by_text("My own bad week").count() == 0
    page.get_by_label("Signed off").check()
    page.get_by_label("Comment").fill("Clear, well chosen examples.")
    assert serious_axe_violations(page) == []
    page.get_by_role("button", name="Record decision").click()
    page.get_by_text("Signed off LE1 for Pat Peer.").wait_for()
    assessment.refresh_from_db()
    assert assessment.state == "signed_off"

    # 3. The manager sees the state from the team page, never the evidence or the comment.
    sign_in(page, manager)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Teams").click()
    page.get_by_role("link", name="Riverside").click()
    page.locator("section", has=page.get_by_role("heading", name="Competencies")).get_by_role(
        "link", name="Pat Peer"
    ).click()
    page.get_by_role("heading", name="Pat Peer: competencies").wait_for()
    row = page.locator("#competency-" + str(assessment.competency_id))
    assert "Signed off" in row.inner_text() and "Competent" in row.inner_text()
    content = page.content()
    assert "Co-facilitating the hope group" not in content and "Clear, well chosen" not in content
    assert serious_axe_violations(page) == []
    screenshot(page, "competencies-manager-view")
    assert errors == [] and page.js_errors == []


def test_members_answer_the_pulse_and_the_manager_sees_the_trend_chart(page, sign_in, everyone, riverside, settings):
    settings.VOICE_MIN_GROUP = 3
    peer, manager = everyone["peer"], everyone["manager"]
    voices = [everyone["supervisor"], everyone["peer2"], everyone["clinician"]]
    today = org_today(riverside.organisation)
    errors = console_errors(page)
    # An earlier pulse with results, so the trend has two points once this one closes.
    earlier = voice_services.pulse_open(actor=manager, team=riverside, closes_on=today)
    for voice in [*voices, peer]:
        voice_services.pulse_answer(actor=voice, pulse=earlier, answers=[2, 2, 3, 2, 2])
    close_and_mix(earlier)  # closed, and its answers written by the mixing task
    from apps.voice.models import Pulse

    Pulse.objects.filter(pk=earlier.pk).update(
        opened_on=today - timedelta(days=40), closes_on=today - timedelta(days=30)
    )
    pulse = voice_services.pulse_open(actor=manager, team=riverside, closes_on=today + timedelta(days=7))
    for voice in voices:
        voice_services.pulse_answer(actor=voice, pulse=pulse, answers=[4, 4, 4, 3, 4])

    sign_in(page, peer)
    page.get_by_role("link", name="Answer the Riverside pulse").click()
    for number in range(1, 6):
        page.locator(f"#id_pulse-q{number}_3").check()  # 4 — agree
    assert serious_axe_violations(page) == []
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text("Your answers were recorded anonymously.").wait_for()
    assert page.get_by_text("Results appear after the pulse closes", exact=False).first.is_visible()
    close(pulse)
    sign_in(page, manager)
    page.goto(f"/voice/teams/{riverside.pk}/")
    page.get_by_text("Closed, counting").wait_for()  # closed; its answers wait for the mix
    close_and_mix(pulse)

    sign_in(page, manager)
    page.goto(f"/voice/teams/{riverside.pk}/")
    page.get_by_role("heading", name="What the team is saying").wait_for()
    wait_until(page, "document.querySelector('#voice-trend-chart').getAttribute('data-drawn') === '1'")
    assert page.get_by_text("The numbers", exact=True).is_visible()
    assert serious_axe_violations(page) == []
    page.set_viewport_size({"width": 375, "height": 800})
    # Chart.js redraws for the new width on its next resize callback; nothing may overflow then.
    wait_until(page, "document.documentElement.scrollWidth <= window.innerWidth + 1", timeout_ms=5000)
    screenshot(page, "voice-manager-trend-phone")
    assert errors == [] and page.js_errors == []
