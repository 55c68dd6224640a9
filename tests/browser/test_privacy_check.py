"""The privacy check in Chromium (issue 18, item 6): a peer worker writes a reflection naming
someone they support, clicks save-and-share, sees the findings highlighted and explained, edits
the text and shares it. Then a boundary note with a disclosure plan, shared anyway. The findings
pages pass axe, fit a phone and are announced (role="alert"); nothing about the check is stored."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from apps.boundaries.models import BoundaryNote
from apps.reflections.models import Reflection
from tests.browser.conftest import screenshot, wait_until
from tests.browser.test_accessibility import overflows_at_phone_width
from tests.privacy_check.test_api_and_storage import row_counts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMING = "I sat with Mr Jonah Pike, NHS 943 476 5919, SW1A 1AA, while he waited for his review."
EDITED = "I sat with someone while they waited for their review, and we talked about waiting."


def serious_axe_violations(page):
    results = Axe().run(page)
    return [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def test_a_peer_sees_what_could_identify_someone_edits_it_and_shares(page, sign_in, everyone, live_server):
    peer = everyone["peer"]
    sign_in(page, peer)
    page.goto(f"{live_server.url}/reflections/new/")
    page.get_by_label("Title").fill("Waiting with someone")
    page.get_by_label("Reflective framework").select_option("free")
    page.get_by_label("Reflection", exact=True).fill(NAMING)
    page.get_by_label("My supervisors", exact=True).check()
    before = row_counts()
    page.get_by_role("button", name="Save reflection").click()

    # The findings: announced, highlighted in words, each with why; nothing saved or stored.
    findings = page.locator("#privacy-findings")
    findings.get_by_role("heading", name="Before you share: 3 things to look at").wait_for()
    assert page.title().startswith("Check before sharing:")
    # Keyboard and screen-reader users start at the findings (static/js/privacy_check.js).
    wait_until(page, "document.activeElement && document.activeElement.id === 'privacy-findings-heading'")
    alert = page.get_by_role("alert")
    assert "3 details could identify someone you support" in alert.inner_text()
    marks = findings.locator("mark")
    assert marks.all_inner_texts() == ["[Name: Jonah Pike]", "[NHS number: 943 476 5919]", "[Postcode: SW1A 1AA]"]
    assert "Ten digits with a valid NHS check digit." in findings.inner_text()
    assert Reflection.objects.count() == 0
    assert row_counts() == before
    assert serious_axe_violations(page) == []
    assert overflows_at_phone_width(page) is None
    screenshot(page, "privacy-check-findings-desktop")

    # Edit: the link takes the writer to the field, with everything they typed still there.
    findings.get_by_role("link", name="Edit the text below").click()
    field = page.get_by_label("Reflection", exact=True)
    assert field.input_value() == NAMING
    field.fill(EDITED)
    page.get_by_role("button", name="Save reflection").click()
    page.get_by_text("Reflection saved and shared: Sam Supervisor can read it.").wait_for()
    reflection = Reflection.objects.get(author=peer)
    assert reflection.sections == {"body": EDITED}
    assert reflection.visibility == "supervisor"


def test_a_boundary_note_with_a_disclosure_plan_is_shared_anyway(page, sign_in, everyone, live_server):
    peer = everyone["peer"]
    sign_in(page, peer)
    page.goto(f"{live_server.url}/boundaries/new/")
    page.get_by_label("When did it happen?").fill("2025-01-02")
    page.get_by_label("What kind of boundary situation?").select_option("self_disclosure")
    page.get_by_label("The situation").fill("In a first meeting someone asked whether I had been in hospital.")
    page.get_by_label("What I shared (of my own lived experience, if anything)").fill(
        "That I was sectioned once, and what helped me afterwards."
    )
    page.get_by_text("Planning what I share of my own story (optional)").click()
    page.get_by_label("Why would I share?").fill("To show that people come through it.")
    page.get_by_label("Support for me afterwards").fill("A break, then peer supervision.")
    page.get_by_text("Whenever suits").click()
    assert serious_axe_violations(page) == []
    page.get_by_role("button", name="Share with my peer supervisor").click()

    findings = page.locator("#privacy-findings")
    findings.get_by_role("heading", name="Before you share: 1 thing to look at").wait_for()
    assert findings.locator("mark").all_inner_texts() == ["[Your own health: sectioned]"]
    assert "1 detail is about your own health." in page.get_by_role("alert").inner_text()
    assert BoundaryNote.objects.count() == 0
    assert serious_axe_violations(page) == []
    assert overflows_at_phone_width(page) is None
    findings.get_by_role("button", name="Share anyway").click()
    page.get_by_role("heading", name="Planning what I share").wait_for()
    note = BoundaryNote.objects.get(author=peer)
    assert note.plan_purpose == "To show that people come through it."
    assert list(note.readers.all()) == [everyone["supervisor"]]
    assert serious_axe_violations(page) == []
