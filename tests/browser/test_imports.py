"""Importing staff in Chromium: upload an HR file, choose columns, watch the dry run's progress
bar (the real Celery worker), apply, and see the outcome — at desktop and at 375 px."""

import re

import pytest
import redis
from axe_playwright_python.sync_playwright import Axe
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings

from apps.accounts.models import User
from apps.imports.models import ImportRun
from pspteam.celery import app
from tests.browser.conftest import screenshot, wait_until
from tests.imports.helpers import PEOPLE_HEADINGS, csv_bytes

pytestmark = [pytest.mark.browser, pytest.mark.celery, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}
ROWS = 120


def serious_violations(page) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def fits_phone(page) -> bool:
    page.set_viewport_size(PHONE)
    fits = page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size({"width": 1280, "height": 900})
    return fits


def test_an_org_admin_imports_staff_with_a_dry_run_and_a_progress_bar(page, sign_in, everyone, settings):
    settings.IMPORT_BACKGROUND_ROWS = 50  # this file goes to the worker, as a 5,000-row one would
    redis.Redis.from_url(django_settings.CELERY_BROKER_URL).delete("celery")
    rows = [
        [
            f"{n}",
            f"Newstarter{n}",
            "Example",
            f"new{n}@nhs.example",
            "Peer Support Worker",
            "peer",
            "30",
            "Riverside",
            "01/04/2025",
            "",
        ]
        for n in range(ROWS)
    ]
    sign_in(page, everyone["admin"])
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Import staff").click()
    page.get_by_role("heading", name="Import staff").wait_for()
    assert fits_phone(page) and not serious_violations(page)

    page.get_by_label("People and team memberships").check()
    page.get_by_label("File (CSV or Excel .xlsx)").set_input_files(
        {"name": "esr-export.csv", "mimeType": "text/csv", "buffer": csv_bytes(PEOPLE_HEADINGS, rows)}
    )
    page.get_by_role("button", name="Upload and choose columns").click()
    page.get_by_role("heading", name="Which column holds what").wait_for()
    assert page.get_by_label("Employee number").input_value() == "Employee Number"
    assert page.get_by_label("E-mail").input_value() == "Email Address"
    assert page.get_by_label("Start date").input_value() == "Assignment Start Date"
    assert fits_phone(page) and not serious_violations(page)

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=60):
        page.get_by_role("button", name="Check the file").click()
        page.locator("progress").wait_for()  # the bar, polled by htmx while the worker runs
        screenshot(page, "imports-progress")
        page.get_by_role("button", name="Apply these changes").wait_for(timeout=120_000)  # refreshed when done
        assert page.get_by_role("link", name=f"Create: {ROWS}").is_visible()
        assert User.objects.filter(email__endswith="@nhs.example").count() == 0  # only a check
        assert fits_phone(page) and not serious_violations(page)
        screenshot(page, "imports-dry-run")

        page.get_by_role("button", name="Apply these changes").click()
        page.get_by_text(re.compile(r"Applied on")).wait_for(timeout=120_000)
    assert User.objects.filter(email__endswith="@nhs.example").count() == ROWS
    assert ImportRun.objects.get().status == ImportRun.Status.APPLIED
    page.set_viewport_size(PHONE)
    wait_until(page, f"document.documentElement.scrollWidth <= {PHONE['width']}")
    screenshot(page, "imports-applied-phone")
    assert not page.js_errors
