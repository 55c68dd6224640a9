"""The single sign-on pages in a real browser: the org admin connects a provider from the page;
every page passes axe and fits a phone."""

import pytest

from apps.sso import sealing
from apps.sso.models import AllowedDomain, ProviderSettings
from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import overflows_at_phone_width, serious_violations
from tests.sso.provider import free_port

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(page, name):
    assert serious_violations(page) == [], name
    assert overflows_at_phone_width(page) is None, name
    assert not page.js_errors, name


def test_an_org_admin_connects_a_provider_in_the_browser(page, sign_in, admin, org):
    sign_in(page, admin)
    page.goto("/sso/settings/")
    page.get_by_role("heading", name="Single sign-on", exact=True).wait_for()
    _check(page, "settings")
    page.get_by_label("Single sign-on is on").check()
    page.get_by_label("Issuer URL").fill("https://login.microsoftonline.com/tenant-id/v2.0")
    page.get_by_label("Client (application) id").fill("client-id-1")
    page.get_by_label("Client secret", exact=True).fill("secret-typed-once")
    page.get_by_label("E-mail domains that sign in this way").fill("northfield.example")
    page.get_by_label("Single sign-on only: turn off password sign-in").check()
    page.get_by_role("button", name="Save single sign-on settings").click()
    # No break-glass admin named: the form says so next to the field.
    page.get_by_text("Name the org admin who may still sign in with a password").wait_for()
    _check(page, "settings with an error")
    assert not ProviderSettings.objects.exists()

    page.get_by_label("Client secret", exact=True).fill("secret-typed-once")  # never put back in the page
    page.get_by_label("Break-glass org admin").select_option(label=str(admin))
    page.get_by_role("button", name="Save single sign-on settings").click()
    page.get_by_text("Single sign-on settings saved.").wait_for()
    provider = ProviderSettings.objects.get(organisation=org)
    assert (provider.sso_only, provider.break_glass_admin_id, provider.client_id) == (True, admin.pk, "client-id-1")
    assert sealing.unseal(provider.client_secret_sealed) == "secret-typed-once"
    assert "secret-typed-once" not in page.content()
    screenshot(page, "sso-settings")


def test_the_sign_in_pages_pass_axe_and_fit_a_phone(page, org, admin):
    provider = ProviderSettings.objects.create(
        organisation=org,
        enabled=True,
        issuer=f"http://127.0.0.1:{free_port()}/o",  # down
        client_id="x",
        client_secret_sealed=sealing.seal("y"),
    )
    AllowedDomain.objects.create(provider=provider, domain="northfield.example")
    page.goto("/accounts/login/")
    page.get_by_role("heading", name="Sign in with your organisation").wait_for()
    _check(page, "sign-in page with single sign-on")
    page.get_by_label("Your work e-mail address").fill("someone@nowhere.example")
    page.get_by_role("button", name="Continue to your organisation's sign-in").click()
    page.get_by_text("No organisation signs in people of this e-mail address here").wait_for()
    _check(page, "start page with an error")
    page.get_by_label("Your work e-mail address").fill("pat@northfield.example")
    page.get_by_role("button", name="Continue to your organisation's sign-in").click()
    page.get_by_role("heading", name="Your organisation's sign-in service is not answering").wait_for()
    _check(page, "provider down")
