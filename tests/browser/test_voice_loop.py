"""Closing the loop in the browser (issue 19, item 5): a pulse's results are released and a team
member who did not answer is told and sees them (phone width); the manager records "you said, we
did" with a follow-up date; the member reads it; the follow-up reminds the manager once; the
manager marks it done; the next pulse shows what was done before the member answers."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine

from apps.core.dates import org_today
from apps.reminders.models import Reminder
from apps.reminders.services import reminders_scan
from apps.voice import services
from apps.voice.models import VoiceAction
from tests.browser.conftest import screenshot
from tests.reminders.conftest import process_clock  # noqa: F401  (the scan reads the travelled clock)
from tests.voice.conftest import close_and_mix, pulse, voices  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = {"width": 375, "height": 800}, {"width": 1280, "height": 900}
HEARD = "Handover moves on before the peer worker has spoken."
PLANNED = "A standing peer slot in every handover."
DONE = "The peer slot is on the handover sheet."


def fits_a_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_results_out_you_said_we_did_follow_up_and_the_next_pulse(page, sign_in, everyone, riverside, pulse, voices):  # noqa: F811
    manager, member = everyone["manager"], voices[5]
    today = org_today(riverside.organisation)

    # 1. Five answer; the pulse closes and the mix releases the results.
    for voice in voices[:5]:
        services.pulse_answer(actor=voice, pulse=pulse, answers=[4, 3, 2, 5, 4])
    close_and_mix(pulse)

    # 2. A member who did not answer is told, and sees the results, on a phone.
    page.set_viewport_size(PHONE)
    sign_in(page, member)
    page.goto("/notifications/")
    page.get_by_text("The results of the Riverside pulse are out.").click()
    page.get_by_role("heading", name="Pulse results", level=2).wait_for()
    page.get_by_text("· 5 answers").wait_for()
    fits_a_phone(page)

    # 3. The manager records what was heard and what will be done, with a follow-up date.
    page.set_viewport_size(DESKTOP)
    sign_in(page, manager)
    page.goto(f"/voice/teams/{riverside.pk}/")
    page.get_by_role("link", name="You said, we did: record a response").click()
    page.get_by_label("In answer to").select_option(f"pulse:{pulse.pk}")
    page.get_by_label("You said").fill(HEARD)
    page.get_by_label("We will").fill(PLANNED)
    page.get_by_label("By whom").fill("Peer lead")
    page.get_by_label("Follow up on").fill((today + timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Record and show the team").click()
    page.get_by_text("Recorded. Everyone in the team can read it now.").wait_for()
    action = VoiceAction.objects.get()
    assert (action.pulse_id, action.heard, action.owner_role) == (pulse.pk, HEARD, "Peer lead")

    # 4. The member reads it, on a phone.
    page.set_viewport_size(PHONE)
    sign_in(page, member)
    page.goto(f"/voice/teams/{riverside.pk}/actions/")
    page.get_by_text(PLANNED).wait_for()
    assert page.get_by_role("heading", name="Record a response").count() == 0
    fits_a_phone(page)
    screenshot(page, "you-said-we-did-member-phone")

    # 5. On the follow-up date the manager is reminded, once however many scans run.
    for days in (3, 3, 4):
        with time_machine.travel(datetime.combine(today + timedelta(days=days), time(12), tzinfo=UTC), tick=False):
            reminders_scan()
    assert Reminder.objects.filter(kind="voice_action_follow_up", recipient=manager).count() == 1
    page.set_viewport_size(DESKTOP)
    sign_in(page, manager)
    page.goto("/notifications/")
    page.get_by_text("action of your team is due for follow-up").click()

    # 6. The manager marks it done, saying what was done.
    page.get_by_label("Status").select_option("done")
    page.get_by_label("What was done").fill(DONE)
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Marked done on").wait_for()
    action.refresh_from_db()
    assert (action.status, action.done_note) == ("done", DONE)

    # 7. The next pulse: before answering, the member sees what was done since the last one.
    services.pulse_open(actor=manager, team=riverside, closes_on=today + timedelta(days=7))
    page.set_viewport_size(PHONE)
    sign_in(page, member)
    page.goto(f"/voice/teams/{riverside.pk}/")
    since = page.get_by_role("region", name="Since the last pulse: you said, we did")
    since.get_by_text(DONE).wait_for()
    page.get_by_role("button", name="Send my answers").wait_for()
    fits_a_phone(page)
    screenshot(page, "next-pulse-shows-what-was-done-phone")
    assert not page.js_errors
