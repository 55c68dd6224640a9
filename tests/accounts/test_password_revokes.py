"""Password change and reset end every API token and every other browser session
(issue 13, case 5). Each test re-reads the database."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from knox.models import AuthToken

from apps.accounts.models import SignInSession, TokenSignIn

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "a-brand-new-long-phrase"


def _signed_in_client(user):
    client = Client()
    assert client.post("/accounts/login/", {"username": user.username, "password": PASSWORD}).status_code == 302
    return client


def _api_token(api, user):
    response = api.as_(None).post(
        "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    return response.json()["token"]


def test_changing_the_password_ends_every_token_and_every_other_session(api, everyone):
    peer, other = everyone["peer"], everyone["peer2"]
    here, laptop, phone = _signed_in_client(peer), _signed_in_client(peer), _signed_in_client(peer)
    bystander = _signed_in_client(other)
    tokens = [_api_token(api, peer), _api_token(api, peer)]
    other_token = _api_token(api, other)
    assert AuthToken.objects.filter(user=peer).count() == 2

    response = here.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302, response.content

    # Re-read the database: no token of Pat's is left, nor its record; only this session is.
    assert not AuthToken.objects.filter(user=peer).exists()
    assert not TokenSignIn.objects.filter(token__user=peer).exists()
    here_key = here.session.session_key
    pat_keys = set(SignInSession.objects.filter(user=peer).values_list("session_key", flat=True))
    assert pat_keys == {here_key}
    assert Session.objects.filter(session_key=here_key).exists()
    for gone in (laptop, phone):
        assert not Session.objects.filter(session_key=gone.cookies["sessionid"].value).exists()
    # What the clients see: this one stays signed in, the others and the tokens are out.
    assert here.get("/").status_code == 200
    assert laptop.get("/").status_code == 302 and phone.get("/").status_code == 302
    client = api.as_(None)
    for token in tokens:
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert client.get("/api/v1/me/").status_code == 401
    # Nobody else was touched.
    assert bystander.get("/").status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {other_token}")
    assert client.get("/api/v1/me/").status_code == 200


def test_a_refused_password_change_ends_nothing(api, everyone):
    peer = everyone["peer"]
    here, laptop = _signed_in_client(peer), _signed_in_client(peer)
    _api_token(api, peer)
    response = here.post(
        "/accounts/password/", {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 200  # the form again, with the error
    assert AuthToken.objects.filter(user=peer).count() == 1
    assert SignInSession.objects.filter(user=peer).count() == 2
    assert laptop.get("/").status_code == 200
    peer.refresh_from_db()
    assert peer.check_password(PASSWORD)


def test_setting_a_password_from_a_reset_link_ends_every_token_and_session(api, everyone):
    peer = everyone["peer"]
    laptop = _signed_in_client(peer)
    _api_token(api, peer)
    peer.refresh_from_db()  # the link is bound to the last sign-in time
    uid = urlsafe_base64_encode(force_bytes(peer.pk))
    token = default_token_generator.make_token(peer)
    anonymous = Client()
    response = anonymous.get(f"/accounts/reset/{uid}/{token}/")
    assert response.status_code == 302  # Django moves the token out of the URL
    response = anonymous.post(response["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/reset/done/"

    peer.refresh_from_db()
    assert peer.check_password(NEW_PASSWORD)
    assert not AuthToken.objects.filter(user=peer).exists()
    assert not SignInSession.objects.filter(user=peer).exists()
    assert not Session.objects.filter(session_key=laptop.cookies["sessionid"].value).exists()
    assert laptop.get("/").status_code == 302


def test_an_operator_setting_a_password_in_the_admin_ends_every_token_and_session(api, everyone):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from apps.accounts import two_factor
    from apps.accounts.models import User

    peer = everyone["peer"]
    laptop = _signed_in_client(peer)
    _api_token(api, peer)
    root = User.objects.create_superuser("root", "root@example.invalid", PASSWORD)
    device = TOTPDevice.objects.create(user=root, name="phone", confirmed=True)
    operator = Client()
    operator.force_login(root)
    session = operator.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[two_factor.SESSION_KEY] = two_factor.VERIFIED
    session.save()
    response = operator.post(
        f"/django-admin/accounts/user/{peer.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302, response.content[:2000]
    peer.refresh_from_db()
    assert peer.check_password(NEW_PASSWORD)
    assert not AuthToken.objects.filter(user=peer).exists()
    assert not SignInSession.objects.filter(user=peer).exists()
    assert laptop.get("/").status_code == 302
    assert operator.get("/django-admin/").status_code == 200  # the operator's own session stays
