"""The org admin's single sign-on settings page, and SSO-only mode with its break-glass admin."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from apps.accounts.models import SignInSession
from apps.audit.models import AuditEvent
from apps.sso import sealing
from apps.sso.models import AllowedDomain, ProviderSettings
from tests.browser.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SECRET = "s3cret-value-from-entra-~Q8"
FORM = {
    "enabled": "on",
    "issuer": "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0",
    "client_id": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
    "client_secret": SECRET,
    "client_secret_env": "",
    "domains": "Northfield.example\n@northfield-trust.example",
    "mfa_amr_values": "mfa",
}


def _post(client, **changes):
    data = {**FORM, **changes}
    return client.post("/sso/settings/", {k: v for k, v in data.items() if v is not None})


@pytest.fixture
def admin_client(admin):
    client = Client()
    client.force_login(admin)
    return client


def test_an_org_admin_connects_a_provider_and_the_secret_is_never_shown_again(admin_client, admin, org):
    assert _post(admin_client).status_code == 302
    provider = ProviderSettings.objects.get(organisation=org)
    assert (provider.enabled, provider.issuer, provider.client_id) == (True, FORM["issuer"], FORM["client_id"])
    assert sorted(AllowedDomain.objects.filter(provider=provider).values_list("domain", flat=True)) == [
        "northfield-trust.example",
        "northfield.example",
    ]
    assert (provider.create_accounts, provider.link_by_email, provider.sso_only) == (False, False, False)
    assert SECRET not in provider.client_secret_sealed and sealing.unseal(provider.client_secret_sealed) == SECRET
    assert AuditEvent.objects.filter(actor=admin, target_id=provider.pk, action="create").exists()

    page = admin_client.get("/sso/settings/").content.decode()
    assert SECRET not in page and provider.client_secret_sealed not in page
    assert "A client secret is stored" in page
    assert "/sso/callback/" in page  # the redirect URI to register

    # Saving again without typing the secret keeps it.
    assert _post(admin_client, client_secret="", create_accounts="on").status_code == 302
    provider.refresh_from_db()
    assert provider.create_accounts and sealing.unseal(provider.client_secret_sealed) == SECRET


def test_the_secret_may_come_from_the_environment(admin_client, org, monkeypatch):
    monkeypatch.setenv("SSO_CLIENT_SECRET", "from-the-environment")
    assert _post(admin_client, client_secret="", client_secret_env="SSO_CLIENT_SECRET").status_code == 302
    provider = ProviderSettings.objects.get(organisation=org)
    assert provider.client_secret_sealed == ""
    assert sealing.client_secret(sealed="", env_name=provider.client_secret_env) == "from-the-environment"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"sso_only": "on"}, "break_glass_admin", "Name the org admin who may still sign in with a password"),
        ({"issuer": "http://idp.example/"}, "issuer", "must start with https://"),
        ({"issuer": "not a url"}, "issuer", "Enter a valid URL"),
        ({"domains": "northfield example"}, "domains", "is not an e-mail domain"),
        ({"domains": ""}, "domains", "Give at least one e-mail domain"),
        ({"client_secret": ""}, "client_secret", "Enter the client secret"),
        ({"client_secret_env": "not a name"}, "client_secret_env", "Capital letters, digits and underscores"),
        ({"mfa_amr_values": "mfa <script>"}, "mfa_amr_values", "Short method names"),
    ],
)
def test_bad_settings_are_a_form_error_and_nothing_is_stored(admin_client, settings, changes, field, message):
    settings.SSO_ALLOW_HTTP_ISSUER = False
    response = _post(admin_client, **changes)
    assert response.status_code == 400
    assert message in " ".join(str(e) for e in response.context["form"].errors.get(field, []))
    assert not ProviderSettings.objects.exists() and not AllowedDomain.objects.exists()


def test_a_domain_of_another_organisation_is_refused(admin_client, outsider, other_org):
    theirs = ProviderSettings.objects.create(organisation=other_org, issuer="https://idp.example", client_id="x")
    AllowedDomain.objects.create(provider=theirs, domain="northfield.example")
    response = _post(admin_client)
    assert response.status_code == 400
    assert "Another organisation signs in people of northfield.example" in response.content.decode()
    assert not ProviderSettings.objects.filter(organisation__name="Northfield").exists()


def test_the_break_glass_admin_must_be_an_org_admin_of_this_organisation(admin_client, peer, outsider):
    for someone in (peer, outsider):
        response = _post(admin_client, sso_only="on", break_glass_admin=str(someone.pk))
        assert response.status_code == 400 and "break_glass_admin" in response.context["form"].errors
    assert not ProviderSettings.objects.exists()


def test_only_org_admins_reach_the_settings(everyone):
    for key in ("peer", "manager", "supervisor"):
        client = Client()
        client.force_login(everyone[key])
        assert client.get("/sso/settings/").status_code == 403
        assert _post(client).status_code == 403
    assert not ProviderSettings.objects.exists()


# --- SSO-only -------------------------------------------------------------------------------


@pytest.fixture
def sso_only(org, admin):
    provider = ProviderSettings.objects.create(
        organisation=org,
        enabled=True,
        issuer="https://idp.example",
        client_id="x",
        client_secret_sealed=sealing.seal("y"),
        sso_only=True,
        break_glass_admin=admin,
    )
    AllowedDomain.objects.create(provider=provider, domain="northfield.example")
    return provider


def _password_sign_in(user):
    client = Client()
    return client, client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})


def test_sso_only_turns_password_sign_in_off_for_everyone_but_the_break_glass_admin(sso_only, everyone, api):
    peer, admin = everyone["peer"], everyone["admin"]
    _, response = _password_sign_in(peer)
    assert response.status_code == 200
    assert "signs in with its own sign-in service only" in response.content.decode()
    assert not SignInSession.objects.filter(user=peer).exists()
    assert not any(s.get_decoded().get("_auth_user_id") == str(peer.pk) for s in Session.objects.all())
    token = api.as_(None).post("/api/v1/auth/token/", {"username": peer.username, "password": PASSWORD}, format="json")
    assert token.status_code == 403 and "sign-in service only" in token.json()["detail"]

    # The break-glass org admin still can, on the page and for a token.
    _, response = _password_sign_in(admin)
    assert response.status_code == 302 and SignInSession.objects.filter(user=admin).exists()
    token = api.as_(None).post("/api/v1/auth/token/", {"username": admin.username, "password": PASSWORD}, format="json")
    assert token.status_code == 200

    # Another organisation is not affected.
    _, response = _password_sign_in(everyone["outsider"])
    assert response.status_code == 302


def test_a_wrong_password_in_sso_only_mode_says_nothing_about_the_account(sso_only, peer):
    client = Client()
    response = client.post("/accounts/login/", {"username": peer.username, "password": "wrong"})
    page = response.content.decode()
    assert "do not match" in page and "sign-in service only" not in page


def test_turning_sso_only_off_opens_passwords_again(sso_only, peer):
    sso_only.sso_only = False
    sso_only.save()
    _, response = _password_sign_in(peer)
    assert response.status_code == 302


def test_the_sign_in_page_offers_single_sign_on_only_when_an_organisation_has_it(client, db, org):
    assert "Sign in with your organisation" not in client.get("/accounts/login/").content.decode()
    ProviderSettings.objects.create(organisation=org, enabled=True, issuer="https://idp.example", client_id="x")
    page = client.get("/accounts/login/").content.decode()
    assert re.search(r'<label for="id_sso_email">Your work e-mail address</label>', page)


def test_an_unknown_domain_is_a_form_error_naming_the_field(client, db):
    response = client.post("/sso/", {"email": "someone@nowhere.example"})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert "No organisation signs in people of this e-mail address here" in response.content.decode()
    assert client.post("/sso/", {"email": "not an address"}).status_code == 400


def test_a_callback_without_a_started_sign_in_is_a_clear_page(client, db):
    response = client.get("/sso/callback/?code=x&state=y")
    assert response.status_code == 400
    assert "already been used or has run out" in response.content.decode()
