"""The peer practice (fidelity) check in the browser (issue 18, item 1): a peer worker takes the
check from the reminder, sees their trend (chart and table), shares it with a named
supervisor who then reads it; the team's manager sees only the team aggregate — below the
minimum group, only the message that there are not enough answers."""

import pytest

from apps.fidelity.models import FidelityCheck
from apps.fidelity.principles import PRINCIPLES
from apps.reminders.services import reminders_scan
from tests.browser.conftest import screenshot, wait_until
from tests.fidelity.conftest import NOTE_MARKER, make_check, three_more_peers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUPPRESSED = "Not enough answers to show without identifying anyone."


def test_a_worker_takes_the_check_from_the_reminder_shares_it_and_the_manager_sees_aggregates_only(
    page, sign_in, everyone, riverside, settings
):
    settings.VOICE_MIN_GROUP = 5
    peer, supervisor, manager = everyone["peer"], everyone["supervisor"], everyone["manager"]
    make_check(peer, days_ago=92, score=2)  # the last one, a quarter ago: the next is due
    reminders_scan()

    # 1. The reminder on "my day" opens the check.
    sign_in(page, peer)
    page.get_by_role("button", name="Your peer practice check is due").click()
    page.get_by_role("heading", name="Take the peer practice check", level=1).wait_for()
    for principle in PRINCIPLES:
        group = page.get_by_role("group", name=principle.label)
        answer = "Not applicable" if principle.key == "community" else "3 — Often"
        group.get_by_role("radio", name=answer).check()
    page.get_by_label("Private note on “Equally shared power” (optional)").fill(NOTE_MARKER)
    page.get_by_role("button", name="Save my check").click()
    page.get_by_text("Check saved. Read by: only you.").wait_for()
    check = FidelityCheck.objects.order_by("-created_at").first()
    assert check.author == peer and not check.share_with_supervisor
    assert check.answers.get(principle="shared_power").note == NOTE_MARKER

    # 2. The trend: a chart drawn from the data, and the same numbers in a table.
    page.get_by_role("heading", name="My trend", level=2).wait_for()
    wait_until(page, "document.querySelector('canvas[data-voice-trend]')?.getAttribute('data-drawn') === '1'")
    table = page.get_by_role("table", name="Your answers by check date")
    assert table.get_by_role("row", name="Equally shared power").inner_text().split("\t")[1:] == ["2", "3"]
    screenshot(page, "peer-practice-check")
    assert not page.js_errors

    # 3. Shared with the peer supervisor, by name.
    row = page.get_by_role("row").filter(has_text=f"Check of {check.taken_on:%-d %b %Y}")
    row.get_by_text("Who reads this").click()
    row.get_by_label("Shared with the supervisors ticked").check()
    row.get_by_label("Sam Supervisor (peer supervision)").check()
    row.get_by_role("button", name="Update who reads it").click()
    page.get_by_text("Sharing updated. Read by: Sam Supervisor.").wait_for()
    check.refresh_from_db()
    assert check.share_with_supervisor and list(check.readers.all()) == [supervisor]

    # 4. The supervisor reads it.
    sign_in(page, supervisor)
    page.goto("/fidelity/shared/")
    page.get_by_role("heading", name=f"Pat Peer, {check.taken_on:%-d %b %Y}").wait_for()
    assert NOTE_MARKER in page.content()

    # 5. The manager: the team aggregate only, and with two people, only the message.
    sign_in(page, manager)
    page.goto(f"/teams/{riverside.pk}/")
    panel = page.get_by_role("region", name="Peer practice")
    panel.get_by_text(SUPPRESSED).wait_for()
    panel.get_by_role("link", name="Peer practice in Riverside").click()
    page.get_by_role("heading", name="Peer practice in Riverside", level=1).wait_for()
    assert SUPPRESSED in page.content() and NOTE_MARKER not in page.content() and "Pat Peer" not in page.content()
    assert page.goto(f"/fidelity/{check.pk}/").status == 404

    # 6. Five people answered this quarter: the averages show, still without a name or a note.
    for person in [everyone["peer2"], *three_more_peers(riverside)]:
        make_check(person, score=4, note=NOTE_MARKER)
    page.goto(f"/fidelity/teams/{riverside.pk}/")
    table = page.get_by_role("table", name="Every quarter, with the ones not shown")
    latest = table.get_by_role("row").last.inner_text()
    assert "5" in latest and SUPPRESSED not in latest
    assert NOTE_MARKER not in page.content() and "Pat Peer" not in page.content()
    screenshot(page, "peer-practice-team")
