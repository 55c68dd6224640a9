"""Credential hours and the verifier lock in a real browser (issue 17, parts 3 and 4).

A peer worker logs practice hours, adds a course's training hours, chooses a credential profile
and sees the totals and the progress bars; a supervisor signs off a self-assessment, and the
worker then finds it locked — no edit control, only "Start a new assessment"."""

from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe

from apps.competencies import services as competency_services
from apps.competencies.models import Assessment, Competency, TrainingRecord
from apps.credentials.models import PracticeEntry, ProfileChoice
from tests.browser.conftest import screenshot
from tests.competencies.conftest import load_shipped

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def serious_axe_violations(page):
    results = Axe().run(page)
    return [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def test_a_worker_logs_hours_sees_totals_and_progress_and_a_signed_off_assessment_is_locked(page, sign_in, everyone):
    load_shipped()  # a transactional test starts from an empty database
    peer, supervisor = everyone["peer"], everyone["supervisor"]

    # 1. Practice hours, logged on "My hours" (reached from the header).
    sign_in(page, peer)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My hours").click()
    page.get_by_role("heading", name="My hours", exact=True).wait_for()
    page.locator("#id_hours").fill("3")  # the log form's hours (the progress bars say "hours" too)
    page.get_by_label("Kind of work").select_option("group_work")
    page.get_by_label("Note").fill("Walking group")
    page.get_by_role("button", name="Log hours").click()
    page.get_by_text("Logged 3 hours of group work.").wait_for()
    entry = PracticeEntry.objects.get(worker=peer)
    assert (entry.hours, entry.category, entry.note) == (Decimal("3"), "group_work", "Walking group")

    # 2. Training hours, on a training record.
    page.goto("/competencies/training/")
    page.get_by_label("Course").fill("Peer ethics")
    page.get_by_label("Completed on").fill(str(entry.worked_on))
    page.get_by_label("Hours").fill("16")
    page.get_by_role("button", name="Add record").click()
    page.get_by_text("Added “Peer ethics”.").wait_for()
    assert TrainingRecord.objects.get(worker=peer, course="Peer ethics").hours == Decimal("16")

    # 3. Totals and a profile's progress.
    page.goto("/credentials/hours/")
    page.get_by_label("IC&RC Peer Recovery (PR) credential — minimum standards").check()
    page.get_by_role("button", name="Save my choice").click()
    page.get_by_text("Saved the profiles you track.").wait_for()
    assert list(ProfileChoice.objects.filter(worker=peer).values_list("profile", flat=True)) == ["icrc-peer-recovery"]
    assert page.get_by_test_id("hours-total").inner_text() == "19"
    profile = page.get_by_test_id("profile-icrc-peer-recovery")
    training_bar = profile.get_by_role(
        "progressbar", name="Training specific to the peer recovery domains: 16 of 46 hours"
    )
    assert training_bar.get_attribute("value") == "34"
    assert (
        profile.get_by_role(
            "progressbar", name="Volunteer or paid work experience specific to the domains: 3 of 500 hours"
        ).get_attribute("value")
        == "0"
    )
    assert serious_axe_violations(page) == []
    screenshot(page, "my-hours")

    # 4. A signed-off self-assessment is locked: no edit control, "Start a new assessment".
    le1 = Competency.objects.get(code="LE1", framework__organisation__isnull=True)
    assessment = competency_services.assessment_create(actor=peer, competency=le1, level="competent")
    competency_services.assessment_sign_off(actor=supervisor, assessment=assessment, decision="signed_off")
    page.goto("/competencies/")
    page.get_by_role("link", name="View the signed-off assessment of LE1 Sharing with purpose").click()
    lock = page.get_by_test_id("assessment-lock")
    lock.wait_for()
    assert "Sam Supervisor" in lock.inner_text() and "(peer supervisor)" in lock.inner_text()
    assert page.get_by_role("button", name="Save my self-assessment").count() == 0
    assert serious_axe_violations(page) == []
    screenshot(page, "assessment-locked")
    page.get_by_role("link", name="Start a new assessment").click()
    page.get_by_label("Developing").check()
    page.get_by_role("button", name="Save my self-assessment").click()
    page.get_by_text("Saved your self-assessment of LE1").wait_for()
    rows = Assessment.objects.filter(worker=peer, competency=le1)
    assert rows.count() == 2
    assessment.refresh_from_db()
    assert assessment.is_locked and assessment.level == "competent" and not assessment.is_current
