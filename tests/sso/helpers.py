from playwright.sync_api import TimeoutError as PlaywrightTimeout

from apps.sso import sealing
from apps.sso.models import AllowedDomain, ProviderSettings
from tests.sso.provider import IDP_PASSWORD


def provider_for(organisation, idp, *, domains=("northfield.example",), **fields) -> ProviderSettings:
    values = {
        "enabled": True,
        "issuer": idp.issuer,
        "client_id": idp.client_id,
        "client_secret_sealed": sealing.seal(idp.client_secret),
        **fields,
    }
    provider = ProviderSettings.objects.create(organisation=organisation, **values)
    AllowedDomain.objects.bulk_create([AllowedDomain(provider=provider, domain=d) for d in domains])
    return provider


def start_sso(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Your work e-mail address").fill(email)
    page.get_by_role("button", name="Continue to your organisation's sign-in").click()


def sign_in_at_provider(page, username: str) -> None:
    try:
        page.get_by_role("heading", name="Test identity provider").wait_for()
    except PlaywrightTimeout:
        raise AssertionError(f"not at the provider: {page.url}\n{page.content()[:3000]}") from None
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(IDP_PASSWORD)
    page.get_by_role("button", name="Sign in at the provider").click()


def sso_sign_in(page, live_server, username: str, email: str) -> None:
    start_sso(page, email)
    sign_in_at_provider(page, username)
    page.wait_for_url(lambda url: url.startswith(live_server.url) and "/sso/callback/" not in url)
