"""Who a verified ID token signs in as (``sign_in_resolve``), rule by rule, on the claims alone:
the protocol is tested through the real provider in the browser tests."""

import pytest

from apps.accounts.models import User
from apps.sso.models import AllowedDomain, Identity, ProviderSettings
from apps.sso.services import SignInRefused, second_factor_used, sign_in_resolve
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ISSUER = "https://idp.example/tenant"


@pytest.fixture
def provider(org):
    provider = ProviderSettings.objects.create(
        organisation=org, enabled=True, issuer=ISSUER, client_id="x", link_by_email=True, create_accounts=True
    )
    AllowedDomain.objects.create(provider=provider, domain="northfield.example")
    return provider


def claims(sub, email, **more):
    return {"sub": sub, "email": email, "email_verified": True, **more}


def refused(provider, data) -> str:
    users, identities = User.objects.count(), Identity.objects.count()
    with pytest.raises(SignInRefused) as caught:
        sign_in_resolve(provider=provider, claims=data)
    assert (User.objects.count(), Identity.objects.count()) == (users, identities)
    return caught.value.reason


def test_sub_wins_over_the_email_address(provider, org):
    pat = UserFactory(organisation=org, email="pat@northfield.example")
    sam = UserFactory(organisation=org, email="sam@northfield.example")
    Identity.objects.create(user=pat, issuer=ISSUER, sub="1")
    assert sign_in_resolve(provider=provider, claims=claims("1", "sam@northfield.example")) == (pat, False)
    assert not Identity.objects.filter(user=sam).exists()


def test_the_same_sub_at_another_issuer_is_someone_else(provider, org, other_org):
    pat = UserFactory(organisation=org, email="pat@northfield.example", own_credentials_at=None)
    Identity.objects.create(user=pat, issuer="https://other-idp.example", sub="1")
    user, created = sign_in_resolve(provider=provider, claims=claims("1", "pat@northfield.example"))
    assert (user, created) == (pat, False)  # linked by verified e-mail, a second identity
    assert Identity.objects.filter(user=pat).count() == 2


def test_a_person_who_left_or_was_deactivated_cannot_sign_in(provider, org):
    pat = UserFactory(organisation=org, email="pat@northfield.example")
    Identity.objects.create(user=pat, issuer=ISSUER, sub="1")
    User.objects.filter(pk=pat.pk).update(status=User.Status.LEFT)
    assert refused(provider, claims("1", "pat@northfield.example")) == "account_unavailable"
    User.objects.filter(pk=pat.pk).update(status=User.Status.ACTIVE, is_active=False)
    assert refused(provider, claims("1", "pat@northfield.example")) == "account_unavailable"


def test_an_identity_linked_in_another_organisation_is_refused(provider, outsider):
    Identity.objects.create(user=outsider, issuer=ISSUER, sub="1")
    assert refused(provider, claims("1", "x@northfield.example")) == "account_unavailable"


def test_two_accounts_with_the_address_are_never_guessed_between(provider, org):
    UserFactory(organisation=org, email="pat@northfield.example")
    UserFactory(organisation=org, email="PAT@northfield.example")
    assert refused(provider, claims("1", "pat@northfield.example")) == "email_ambiguous"


def test_no_sub_or_no_email_is_refused(provider):
    assert refused(provider, claims("", "pat@northfield.example")) == "no_sub"
    assert refused(provider, claims("1", "")) == "domain_not_allowed"
    assert refused(provider, claims("1", "pat@northfield.example.evil.example")) == "domain_not_allowed"


def test_entra_xms_edov_counts_as_a_verified_address(provider, org):
    pat = UserFactory(organisation=org, email="pat@northfield.example", own_credentials_at=None)
    data = {"sub": "1", "email": "pat@northfield.example", "xms_edov": True}
    assert sign_in_resolve(provider=provider, claims=data) == (pat, False)


def test_a_new_account_whose_name_is_taken_gets_its_address_added(provider, org):
    UserFactory(organisation=org, display_name="Sam Smith")
    user, created = sign_in_resolve(provider=provider, claims=claims("2", "sam@northfield.example", name="Sam Smith"))
    assert created and user.display_name == "Sam Smith (sam@northfield.example)"
    assert user.username == "sam@northfield.example" and not user.has_usable_password()


@pytest.mark.parametrize(
    ("amr", "values", "expected"),
    [
        (["pwd", "mfa"], "mfa", True),
        (["pwd"], "mfa", False),
        ("mfa", "mfa", False),  # amr is a list; a string is not trusted
        (["otp"], "mfa otp", True),
        (["mfa"], "", False),  # nothing configured: never
    ],
)
def test_second_factor_from_amr(provider, amr, values, expected):
    provider.mfa_amr_values = values
    assert second_factor_used(provider, {"amr": amr}) is expected
