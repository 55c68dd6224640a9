"""Playwright driving Debian's Chromium against pytest-django's live server.

Never ``playwright install``: the browser is /usr/bin/chromium from apt.
Screenshots go to ``artifacts/screenshots/`` (not committed).
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django must allow ORM use here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(os.environ.get("PSPTEAM_ARTIFACTS", Path(__file__).resolve().parents[2] / "artifacts"))
PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's password


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/services.sh (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page
    context.close()


@pytest.fixture
def sign_in():
    """``sign_in(page, user)``: sign in through the real form (password from the factory)."""

    def _sign_in(page, user, password=PASSWORD):
        page.context.clear_cookies()
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    return _sign_in


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot as a test artefact."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_until(page, expression: str, *, timeout_ms: int = 10_000) -> None:
    """Wait until the JavaScript ``expression`` is truthy, polling from Python.

    Not ``page.wait_for_function``: its in-page polling evaluates a string, which the pages'
    CSP (no 'unsafe-eval') refuses whenever the condition is not already true.
    """
    waited = 0
    while not page.evaluate(expression):
        if waited >= timeout_ms:
            raise AssertionError(f"still false after {timeout_ms} ms: {expression}")
        page.wait_for_timeout(100)
        waited += 100
