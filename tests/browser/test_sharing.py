"""Sharing names people, in the browser (issue 13): a peer worker ticks which supervisors read
a boundary note and a check-in (the peer supervisor is ticked, the line manager is not), the
pages say who reads each entry, and the line manager reads neither. At phone width."""

from datetime import timedelta

import pytest

from apps.boundaries.models import BoundaryNote
from apps.core.dates import org_today
from apps.supervision.models import Agreement
from apps.wellbeing.models import CheckIn
from tests.browser.conftest import screenshot
from tests.factories import AgreementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_worker_ticks_who_reads_a_note_and_a_check_in_and_the_line_manager_reads_neither(page, sign_in, everyone):
    peer, sam, morgan = everyone["peer"], everyone["supervisor"], everyone["manager"]
    AgreementFactory(
        supervisee=peer,
        supervisor=morgan,
        kind=Agreement.Kind.LINE,
        starts_on=org_today(peer.organisation) - timedelta(days=30),
    )
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, peer)

    # A boundary note: Sam (peer supervision) ticked, Morgan (line management) not.
    page.goto("/boundaries/new/")
    sam_box = page.get_by_label("Sam Supervisor (peer supervision)")
    morgan_box = page.get_by_label("Morgan Manager (line management)")
    assert sam_box.is_checked() and not morgan_box.is_checked()
    page.get_by_label("The situation").fill("Someone asked whether I had ever been sectioned.")
    page.get_by_label("What kind of boundary situation?").select_option("self_disclosure")
    page.get_by_label("This week").check()
    screenshot(page, "sharing-note-form-phone")
    page.get_by_role("button", name="Share with my peer supervisor").click()
    # "sectioned" is the writer's own health: the privacy check asks (issue 18, item 6); they share.
    page.get_by_role("button", name="Share anyway").click()
    page.get_by_text("Read by: you and Sam Supervisor").wait_for()
    note = BoundaryNote.objects.get()
    assert list(note.readers.values_list("pk", flat=True)) == [sam.pk]

    # A check-in shared with Sam only.
    page.goto("/wellbeing/")
    page.get_by_label("2 — Low").check()
    page.get_by_label("Anything you want to note (optional)").fill("Scared to tell work.")
    page.get_by_label("Share this check-in with my supervisor").check()
    assert page.get_by_label("Sam Supervisor (peer supervision)").is_checked()
    page.get_by_role("button", name="Save check-in").click()
    page.get_by_text("Read by: Sam Supervisor").first.wait_for()
    screenshot(page, "sharing-check-in-phone")
    check_in = CheckIn.objects.get()
    assert list(check_in.readers.values_list("pk", flat=True)) == [sam.pk]
    assert page.js_errors == []

    # Morgan, the line manager, reads neither; Sam reads both.
    sign_in(page, morgan)
    assert page.goto(f"/boundaries/{note.pk}/").status == 404
    page.goto("/wellbeing/shared/")
    assert page.get_by_text("Scared to tell work.").count() == 0
    sign_in(page, sam)
    page.goto(f"/boundaries/{note.pk}/")
    page.get_by_text("Someone asked whether I had ever been sectioned.").wait_for()
    page.goto("/wellbeing/shared/")
    page.get_by_text("Scared to tell work.").wait_for()
