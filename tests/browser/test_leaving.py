"""Leaving, in Chromium: the org admin records that a worker left; the worker gets the e-mail,
opens its link without signing in (at phone width too), reads and downloads their data; after
erasure the same link shows that it no longer works."""

import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail

from apps.accounts.models import User
from apps.reflections.models import Reflection
from apps.workers.data_rights import worker_erase
from tests.browser.conftest import screenshot
from tests.reflections.factories import ReflectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}


def serious_violations(page) -> list[str]:
    return [
        f"{v['id']} ({v['impact']})"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def wait_for_mail(page, to: str, timeout_ms: int = 10_000):
    """The e-mail is sent after the leaving commits, in the live server's thread: poll for it."""
    waited = 0
    while not [m for m in mail.outbox if m.to == [to]]:
        assert waited < timeout_ms, f"no e-mail to {to} after {timeout_ms} ms"
        page.wait_for_timeout(100)
        waited += 100
    return next(m for m in mail.outbox if m.to == [to])


def test_a_worker_who_left_opens_the_emailed_link_reads_and_downloads_their_data(
    browser, page, live_server, sign_in, everyone
):
    peer, admin = everyone["peer"], everyone["admin"]
    ReflectionFactory(
        author=peer,
        title="What I learned in my first year",
        framework="free",
        sections={"body": "Mostly that hope is a practice."},
        visibility=Reflection.Visibility.PRIVATE,
    )
    ReflectionFactory(author=everyone["peer2"], title="Robin's private entry", framework="free", sections={"body": "x"})

    # 1. The org admin records that Pat left, from the People page: the confirmation page says
    # first what Pat keeps (their data, by an e-mailed link) (issue 15, item 12).
    sign_in(page, admin)
    page.goto("/people/?q=Pat")
    page.get_by_role("row", name=re.compile("Pat Peer")).get_by_role("link", name="Record leaving").click()
    page.get_by_role("heading", name="What Pat Peer keeps").wait_for()
    page.get_by_text("download it, which works for 30 days without signing in").wait_for()
    assert User.objects.get(pk=peer.pk).status == User.Status.ACTIVE
    page.get_by_role("button", name="Record that Pat Peer has left").click()
    page.get_by_text("Pat Peer is recorded as having left.").wait_for()
    page.get_by_text("e-mailed a link to download their own data for 30 days").wait_for()
    assert User.objects.get(pk=peer.pk).status == User.Status.LEFT

    # 2. Pat's e-mail: a link, nothing private.
    message = wait_for_mail(page, peer.email)
    assert "What I learned" not in message.body and "hope is a practice" not in message.body
    link = re.search(r"https?://\S+/people/left/\S+/", message.body).group(0)
    path = link[link.index("/people/left/") :]

    # 3. Pat opens it on a phone, not signed in: their data, the expiry, no navigation.
    phone = browser.new_context(base_url=live_server.url, viewport=PHONE)
    try:
        mobile = phone.new_page()
        errors = []
        mobile.on("pageerror", lambda exc: errors.append(str(exc)))
        mobile.goto(path)
        mobile.get_by_role("heading", name="Your data from Northfield", level=1).wait_for()
        mobile.get_by_text("It does not sign you in").wait_for()
        mobile.get_by_text("What I learned in my first year").first.wait_for()
        assert mobile.get_by_text("Robin's private entry").count() == 0
        assert mobile.get_by_role("navigation", name="Main").count() == 0
        assert mobile.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert serious_violations(mobile) == []
        screenshot(mobile, "leaver-export-phone")

        with mobile.expect_download() as download_info:
            mobile.get_by_role("link", name="Download as JSON").click()
        document = json.loads(open(download_info.value.path(), encoding="utf-8").read())
        assert document["account"]["username"] == "pat"
        assert "Mostly that hope is a practice." in json.dumps(document)
        assert errors == []

        # 4. Erased: the same link says it no longer works.
        worker_erase(actor=admin, worker=User.objects.get(pk=peer.pk))
        mobile.goto(path)
        mobile.get_by_role("heading", name="This link does not work any more", level=1).wait_for()
        assert mobile.get_by_text("What I learned in my first year").count() == 0
        assert serious_violations(mobile) == []
        screenshot(mobile, "leaver-export-expired-phone")
    finally:
        phone.close()
