"""Single sign-on through a real OpenID provider (tests/sso/idp) in a real browser."""

import pytest
from django.contrib.sessions.models import Session

from apps.accounts import two_factor
from apps.accounts.models import SignInSession, User
from apps.audit.models import AuditEvent
from apps.notifications.models import Notification
from apps.sso.models import Identity
from apps.teams.models import Membership
from tests.browser.conftest import screenshot
from tests.factories import UserFactory
from tests.sso.helpers import provider_for, sign_in_at_provider, sso_sign_in, start_sso

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _session_of(user):
    keys = SignInSession.objects.filter(user=user).values_list("session_key", flat=True)
    return [s.get_decoded() for s in Session.objects.filter(session_key__in=list(keys))]


def test_an_existing_worker_signs_in_through_the_provider_and_out_of_both(page, live_server, idp, org, admin):
    provider = provider_for(org, idp, link_by_email=True)
    # Made by the org admin, never signed in to: linked at once (test_sso_link_consent.py for the rest).
    pat = UserFactory(
        organisation=org,
        username="pat",
        display_name="Pat Peer",
        email="pat@northfield.example",
        own_credentials_at=None,
    )

    sso_sign_in(page, live_server, "pat", "pat@northfield.example")
    page.get_by_role("heading", name="My day").wait_for()
    screenshot(page, "sso-signed-in")

    identity = Identity.objects.get(user=pat)
    assert (identity.issuer, identity.sub) == (idp.issuer, "sub-pat")
    [session] = _session_of(pat)
    assert session["_auth_user_id"] == str(pat.pk)
    assert session[two_factor.SESSION_KEY] == two_factor.NONE  # amr ["pwd"]: no second factor said
    assert AuditEvent.objects.filter(actor=pat, target_id=provider.pk, detail="signed in with single sign-on").exists()
    pat.refresh_from_db()
    assert pat.own_credentials_at is not None

    # Signing out ends the provider's session too (its end_session_endpoint), then back here.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/**")
    assert _session_of(pat) == []
    start_sso(page, "pat@northfield.example")
    page.get_by_role("heading", name="Test identity provider").wait_for()  # asked to sign in there again
    assert not page.js_errors


def test_first_sign_in_makes_an_account_in_no_team_and_tells_the_org_admin(page, live_server, idp, org, admin):
    provider_for(org, idp, create_accounts=True)
    idp.set_claims("sam", name="Sam Newcomer")

    sso_sign_in(page, live_server, "sam", "sam@northfield.example")
    page.get_by_text("Your org admin will add you to your team").wait_for()

    sam = User.objects.get(email="sam@northfield.example")
    assert (sam.organisation_id, sam.display_name, sam.has_usable_password()) == (org.pk, "Sam Newcomer", False)
    assert not Membership.objects.filter(worker=sam).exists()
    assert Identity.objects.filter(user=sam, sub="sub-sam").exists()
    told = Notification.objects.get(recipient=admin, kind="sso_account_created")
    assert told.about_id == sam.pk and "no team" in told.message
    assert AuditEvent.objects.filter(actor=sam, target_id=sam.pk, action="create").exists()
    assert not page.js_errors


def test_the_provider_second_factor_counts_when_amr_says_mfa(page, live_server, idp, org, admin, settings):
    settings.TWO_FACTOR_REQUIRED = True
    provider_for(org, idp, link_by_email=True)
    kim = UserFactory(
        organisation=org,
        username="kim",
        display_name="Kim Admin",
        email="kim@northfield.example",
        is_org_admin=True,
        own_credentials_at=None,
    )
    idp.set_claims("kim", amr=["pwd", "mfa"])

    sso_sign_in(page, live_server, "kim", "kim@northfield.example")
    page.get_by_role("heading", name="My day").wait_for()  # not sent to the two-factor set-up
    [session] = _session_of(kim)
    assert session[two_factor.SESSION_KEY] == two_factor.VERIFIED


def test_without_mfa_in_amr_the_usual_two_factor_applies(page, live_server, idp, org, admin, settings):
    settings.TWO_FACTOR_REQUIRED = True
    provider_for(org, idp, link_by_email=True)
    UserFactory(
        organisation=org,
        username="kim",
        display_name="Kim Admin",
        email="kim@northfield.example",
        is_org_admin=True,
        own_credentials_at=None,
    )

    start_sso(page, "kim@northfield.example")
    sign_in_at_provider(page, "kim")
    page.wait_for_url("**/accounts/two-factor/setup/**")
