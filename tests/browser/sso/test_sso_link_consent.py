"""Linking by e-mail needs the consent of the person whose account it is. The org admin allowing
links is not that consent: whoever runs the provider the org admin configured could otherwise
vouch for anyone's address and read their private entries. So an account its owner made their own
(they set their own password) is linked only after they sign in with that password, and their
second factor, in the browser that came back from the provider."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts import two_factor
from apps.audit.models import AuditEvent
from apps.sso.models import Identity, ProviderSettings
from apps.sso.services import LinkNeedsConsent, SignInRefused, identity_link_confirmed, sign_in_resolve
from tests.factories import UserFactory
from tests.sso.helpers import provider_for, sign_in_at_provider, start_sso

OWN_PASSWORD = "pat-own-password-1"


@pytest.fixture
def pat(org):
    user = UserFactory(organisation=org, username="pat", display_name="Pat Peer", email="pat@northfield.example")
    user.set_password(OWN_PASSWORD)
    user.own_credentials_at = timezone.now() - timedelta(days=30)
    user.save()
    return user


def signed_in_as(user) -> list[dict]:
    return [s for s in (s.get_decoded() for s in Session.objects.all()) if s.get("_auth_user_id") == str(user.pk)]


def _code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


# --- the rule, on claims -------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_account_its_owner_made_their_own_is_not_linked_on_the_providers_word(org, pat):
    provider = ProviderSettings.objects.create(
        organisation=org, enabled=True, issuer="https://idp.example", client_id="x", link_by_email=True
    )
    provider.domains.create(domain="northfield.example")
    claims = {"sub": "1", "email": "pat@northfield.example", "email_verified": True}
    with pytest.raises(LinkNeedsConsent) as caught:
        sign_in_resolve(provider=provider, claims=claims)
    assert caught.value.user == pat
    assert not Identity.objects.exists()

    # An invited account nobody has signed in to yet holds nothing of anyone's: linked at once.
    UserFactory(organisation=org, email="sam@northfield.example", own_credentials_at=None)
    user, created = sign_in_resolve(provider=provider, claims={**claims, "sub": "2", "email": "sam@northfield.example"})
    assert (user.email, created) == ("sam@northfield.example", False)
    assert Identity.objects.filter(sub="2").count() == 1


@pytest.mark.django_db
def test_the_confirmed_link_asks_every_rule_again(org, pat):
    provider = ProviderSettings.objects.create(
        organisation=org, enabled=True, issuer="https://idp.example", client_id="x", link_by_email=False
    )
    with pytest.raises(SignInRefused) as caught:  # linking turned off while the person typed
        identity_link_confirmed(user=pat, provider_id=str(provider.pk), sub="1")
    assert caught.value.reason == "link_not_allowed"
    ProviderSettings.objects.filter(pk=provider.pk).update(link_by_email=True)
    Identity.objects.create(user=UserFactory(organisation=org), issuer=provider.issuer, sub="1")
    with pytest.raises(SignInRefused) as caught:  # the sub was linked to someone else meanwhile
        identity_link_confirmed(user=pat, provider_id=str(provider.pk), sub="1")
    assert caught.value.reason == "sub_collision"
    assert not Identity.objects.filter(user=pat).exists()


# --- through the real provider, in a real browser -------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_whoever_the_provider_vouches_for_links_nothing_without_the_owners_password(page, live_server, idp, org, pat):
    provider = provider_for(org, idp, link_by_email=True, sso_only=False)
    start_sso(page, "pat@northfield.example")
    sign_in_at_provider(page, "pat")  # the provider says: this is pat@northfield.example, verified
    page.get_by_role("heading", name="Link your account").wait_for()
    assert signed_in_as(pat) == [] and not Identity.objects.exists()
    assert AuditEvent.objects.filter(target_id=provider.pk, detail="sign-in refused: link_waits_for_own_password")

    page.get_by_label("Your pspteam password").fill("a guess")
    page.get_by_role("button", name="Sign in and continue").click()
    page.get_by_text("That is not the password of this account").wait_for()
    assert signed_in_as(pat) == [] and not Identity.objects.exists()

    page.goto("/sso/link/finish/")  # straight to the end, not signed in: the sign-in page
    page.wait_for_url("**/accounts/login/**")
    assert not Identity.objects.exists()
    assert not page.js_errors


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_owner_links_with_their_password_and_second_factor(page, live_server, idp, org, pat, settings):
    settings.TWO_FACTOR_REQUIRED = True
    provider = provider_for(org, idp, link_by_email=True)
    device = TOTPDevice.objects.create(user=pat, name="phone", confirmed=True)
    idp.set_claims("pat", amr=["pwd", "mfa"])  # not believed while linking: pat's own second factor is asked
    start_sso(page, "pat@northfield.example")
    sign_in_at_provider(page, "pat")
    page.get_by_role("heading", name="Link your account").wait_for()
    page.set_viewport_size({"width": 375, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_label("Your pspteam password").fill(OWN_PASSWORD)
    page.get_by_role("button", name="Sign in and continue").click()

    page.get_by_role("heading", name="Enter your code").wait_for()  # the second factor comes first
    [session] = signed_in_as(pat)
    assert session[two_factor.SESSION_KEY] == two_factor.PENDING
    assert not Identity.objects.exists()
    page.get_by_label("6-digit code").fill(_code(device))
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("button", name="Link my account").click()
    page.get_by_text("Your account is linked").wait_for()
    identity = Identity.objects.get(user=pat)
    assert (identity.issuer, identity.sub) == (provider.issuer, "sub-pat")
    assert AuditEvent.objects.filter(
        actor=pat, target_id=pat.pk, detail__endswith="confirmed with their own password"
    ).exists()
    assert not page.js_errors
