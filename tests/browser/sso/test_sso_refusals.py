"""Every sign-in the provider should not have led to is refused, through the real provider and
a real browser: no session, no account, no link made (each re-read from the database), and a
clear page. Tokens a well-behaved provider never issues come from its test-only claims file."""

import pytest
from django.contrib.sessions.models import Session

from apps.accounts.models import SignInSession, User
from apps.audit.models import AuditEvent
from apps.sso.models import Identity
from tests.factories import UserFactory
from tests.sso.helpers import provider_for, sign_in_at_provider, sso_sign_in, start_sso
from tests.sso.provider import free_port

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in_sessions() -> int:
    return sum("_auth_user_id" in s.get_decoded() for s in Session.objects.all())


def assert_refused(page, provider, reason: str, *, users: int, identities: int, title="We could not sign you in"):
    page.get_by_role("heading", name=title).wait_for()
    assert signed_in_sessions() == 0 and not SignInSession.objects.exists()
    assert User.objects.count() == users
    assert Identity.objects.count() == identities
    refusals = AuditEvent.objects.filter(target_id=provider.pk, actor=None).values_list("detail", flat=True)
    assert refusals[0] == f"sign-in refused: {reason}"  # the newest
    assert not page.js_errors


@pytest.fixture
def pat(org):
    # Made by the org admin, not yet signed in to: linked by verified e-mail at once (an account its
    # owner made their own needs their password first: test_sso_link_consent.py).
    return UserFactory(
        organisation=org,
        username="pat",
        display_name="Pat Peer",
        email="pat@northfield.example",
        own_credentials_at=None,
    )


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"aud": "someone-else"}, "invalid_claim aud"),  # wrong audience
        # ... even naming us as the authorised party (Authlib checks aud only when asked to)
        ({"aud": ["someone-else"], "azp": "pspteam-test-client"}, "invalid_claim aud"),
        ({"exp_offset": -600}, "expired_token exp"),  # expired (beyond the 120 s leeway)
        ({"nonce": "not-the-nonce-we-sent"}, "invalid_claim nonce"),  # wrong nonce
    ],
    ids=["wrong-audience", "wrong-audience-our-azp", "expired", "wrong-nonce"],
)
def test_a_token_failing_the_libraries_checks_is_refused(page, live_server, idp, org, admin, pat, claims, reason):
    provider = provider_for(org, idp, link_by_email=True, create_accounts=True)
    idp.set_claims("pat", **claims)
    users = User.objects.count()

    start_sso(page, "pat@northfield.example")
    sign_in_at_provider(page, "pat")
    assert_refused(page, provider, reason, users=users, identities=0)
    assert "Sign in with your password" in page.content()  # password sign-in still open


def test_a_replayed_id_token_and_a_replayed_callback_are_refused(page, live_server, idp, org, admin, pat):
    provider = provider_for(org, idp, link_by_email=True)
    callbacks = []
    page.on("request", lambda request: callbacks.append(request.url) if "/sso/callback/" in request.url else None)
    sso_sign_in(page, live_server, "pat", "pat@northfield.example")
    page.get_by_role("heading", name="My day").wait_for()
    sessions = SignInSession.objects.count()
    assert sessions == 1

    # The same callback (code and state) again, in the same browser: the state was used up.
    page.goto(callbacks[-1])
    page.get_by_role("heading", name="That sign-in link has already been used or has run out").wait_for()
    # ...and in a browser that never started it.
    page.context.clear_cookies()
    page.goto(callbacks[-1])
    page.get_by_role("heading", name="That sign-in link has already been used or has run out").wait_for()

    # The provider answers a new sign-in with the ID token it gave the time before.
    idp.set_claims("pat", replay=True)
    start_sso(page, "pat@northfield.example")
    sign_in_at_provider(page, "pat")
    page.get_by_role("heading", name="We could not sign you in").wait_for()
    assert SignInSession.objects.count() == sessions and signed_in_sessions() == sessions
    assert Identity.objects.count() == 1
    refusal = AuditEvent.objects.filter(target_id=provider.pk, actor=None).values_list("detail", flat=True)
    assert list(refusal) == ["sign-in refused: invalid_claim nonce"]  # the old token's nonce is not this sign-in's


def test_an_unverified_email_is_neither_linked_nor_given_an_account(page, live_server, idp, org, admin, pat):
    provider = provider_for(org, idp, link_by_email=True, create_accounts=True)
    users = User.objects.count()
    idp.set_claims("pat", email_verified=False)
    start_sso(page, "pat@northfield.example")
    sign_in_at_provider(page, "pat")
    assert_refused(page, provider, "email_unverified", users=users, identities=0)
    assert "has not confirmed your e-mail address" in page.content()

    idp.set_claims("sam", email_verified=False)  # no account yet: none is made either
    page.context.clear_cookies()
    start_sso(page, "sam@northfield.example")
    sign_in_at_provider(page, "sam")
    assert_refused(page, provider, "email_unverified", users=users, identities=0)


def test_a_disallowed_email_domain_is_refused_at_the_start_and_at_the_callback(page, live_server, idp, org, admin, pat):
    provider = provider_for(org, idp, link_by_email=True, create_accounts=True)
    users = User.objects.count()
    # Typed on our page: no organisation signs in that domain here.
    start_sso(page, "lee@elsewhere.example")
    page.get_by_text("No organisation signs in people of this e-mail address here").wait_for()
    # Said by the provider: an address outside the organisation's domains.
    idp.set_claims("lee", email="lee@elsewhere.example")
    start_sso(page, "pat@northfield.example")
    sign_in_at_provider(page, "lee")
    assert_refused(page, provider, "domain_not_allowed", users=users, identities=0)


def test_an_account_linked_to_another_sub_is_not_relinked_by_email(page, live_server, idp, org, admin, pat):
    provider = provider_for(org, idp, link_by_email=True, create_accounts=True)
    Identity.objects.create(user=pat, issuer=idp.issuer, sub="sub-someone-before")
    users = User.objects.count()

    start_sso(page, "pat@northfield.example")
    sign_in_at_provider(page, "pat")  # sub-pat, with pat's verified address
    assert_refused(page, provider, "sub_collision", users=users, identities=1)
    assert Identity.objects.get().sub == "sub-someone-before"


def test_an_existing_account_is_not_linked_unless_the_org_admin_allows_it(page, live_server, idp, org, admin, pat):
    provider = provider_for(org, idp, link_by_email=False, create_accounts=True)
    users = User.objects.count()
    start_sso(page, "pat@northfield.example")
    sign_in_at_provider(page, "pat")
    assert_refused(page, provider, "link_not_allowed", users=users, identities=0)


def test_no_account_is_made_at_first_sign_in_unless_the_org_admin_allows_it(page, live_server, idp, org, admin):
    provider = provider_for(org, idp)  # create_accounts off: the default
    users = User.objects.count()
    start_sso(page, "sam@northfield.example")
    sign_in_at_provider(page, "sam")
    assert_refused(page, provider, "no_account", users=users, identities=0)
    assert "Ask your org admin to add you" in page.content()


@pytest.mark.parametrize("sso_only", [False, True], ids=["passwords-open", "sso-only"])
def test_a_provider_that_is_down_gets_a_clear_page(page, live_server, idp, org, admin, sso_only):
    provider_for(
        org,
        idp,
        issuer=f"http://127.0.0.1:{free_port()}/o",  # nothing listens there
        sso_only=sso_only,
        break_glass_admin=admin if sso_only else None,
    )
    start_sso(page, "pat@northfield.example")
    page.get_by_role("heading", name="Your organisation's sign-in service is not answering").wait_for()
    assert ("Sign in with your password" in page.content()) is not sso_only
    assert signed_in_sessions() == 0
    if not sso_only:
        page.get_by_role("link", name="Sign in with your password").click()
        page.get_by_role("heading", name="Sign in", exact=True).wait_for()
    assert not page.js_errors


def test_a_provider_that_goes_down_during_the_sign_in_gets_a_clear_page(page, live_server, idp_to_stop, org, pat):
    """The person signed in at the provider; before the code can be exchanged, the provider stops."""
    provider = provider_for(org, idp_to_stop, link_by_email=True)
    idp_to_stop.set_claims("pat", go_down=True)
    start_sso(page, "pat@northfield.example")
    sign_in_at_provider(page, "pat")
    assert_refused(
        page,
        provider,
        "provider_unavailable: ConnectionError",
        users=User.objects.count(),
        identities=0,
        title="Your organisation's sign-in service is not answering",
    )
    assert "Sign in with your password" in page.content()
    assert idp_to_stop.process.wait(timeout=10) == 0  # it was down
