"""In a real browser: a peer signed in without two factors is appointed supervisor; their very
next page is the two-factor set-up page; once set up they land where they were going. An
operator account gets its own page, at phone width too (issue 13, cases 3 and 7)."""

from datetime import timedelta

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.models import User
from apps.core.dates import org_today
from tests.browser.conftest import PASSWORD, screenshot
from tests.factories import AgreementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_appointed_supervisor_is_sent_to_set_up_two_factor_on_the_next_page(page, sign_in, everyone, settings):
    settings.TWO_FACTOR_REQUIRED = True
    robin = everyone["peer2"]
    sign_in(page, robin)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reflections").click()
    page.wait_for_url("**/reflections/")

    AgreementFactory(
        supervisee=everyone["harbour_peer"],
        supervisor=robin,
        starts_on=org_today(robin.organisation) - timedelta(days=400),  # whenever it began
    )
    page.goto("/boundaries/")
    page.wait_for_url("**/accounts/two-factor/setup/**")
    page.get_by_role("heading", name="Two-factor sign-in").wait_for()
    assert "Because you can read other people's entries" in page.content()
    screenshot(page, "step-up-setup")

    device = TOTPDevice.objects.get(user=robin, confirmed=False)
    page.get_by_label("6-digit code").fill(_code(device))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    page.wait_for_url("**/boundaries/")
    assert TOTPDevice.objects.get(user=robin).confirmed
    assert not page.js_errors


def test_an_operator_sees_the_operator_page_at_phone_width(page, sign_in, db):
    operator = User.objects.create_superuser("root", "root@example.invalid", PASSWORD)
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, operator)
    page.get_by_role("heading", name="Platform operator account").wait_for()
    page.goto("/teams/")
    page.get_by_role("heading", name="Platform operator account").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "operator-page-phone")
    assert not page.js_errors
