import time

import pytest
from django.contrib.sessions.models import Session
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from apps.accounts.middleware import SEEN_KEY

pytestmark = pytest.mark.django_db


def _sign_in(client, user, password="correct-horse-battery"):
    return client.post("/accounts/login/", {"username": user.username, "password": password})


def test_sign_in_issues_a_new_session_id(client, everyone):
    client.get("/accounts/login/")
    before = client.cookies.get("sessionid")
    _sign_in(client, everyone["peer"])
    after = client.cookies.get("sessionid")
    assert after is not None and (before is None or before.value != after.value)


def test_idle_session_is_signed_out_after_thirty_minutes(client, everyone):
    _sign_in(client, everyone["peer"])
    assert client.get("/").status_code == 200
    session = client.session
    session[SEEN_KEY] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_session_ends_twelve_hours_after_sign_in_even_when_active(client, everyone, settings):
    _sign_in(client, everyone["peer"])
    session = client.session
    session["_psp_started"] = int(time.time()) - 12 * 3600 - 1
    session.save()
    assert client.get("/").status_code == 302


def test_worker_who_left_loses_every_session_and_token_at_once(client, api, everyone):
    peer = everyone["peer"]
    _sign_in(client, peer)
    AuthToken.objects.create(user=peer)
    assert Session.objects.count() >= 1
    response = api.as_(everyone["manager"]).post(f"/api/v1/workers/{peer.pk}/leave/")
    assert response.status_code == 200 and response.json()["status"] == "left"
    assert not AuthToken.objects.filter(user=peer).exists()
    assert client.get("/").status_code == 302


def test_locked_out_after_repeated_failures_on_the_token_endpoint(api, everyone, settings):
    client = api.as_(None)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/api/v1/auth/token/", {"username": "pat", "password": "wrong"}, format="json")
    response = client.post(
        "/api/v1/auth/token/", {"username": "pat", "password": "correct-horse-battery"}, format="json"
    )
    assert response.status_code in (403, 429)


def test_spoofed_forwarded_for_does_not_reset_the_lockout(api, everyone, settings):
    client = api.as_(None)
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/api/v1/auth/token/",
            {"username": "pat", "password": "wrong"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
    response = client.post(
        "/api/v1/auth/token/",
        {"username": "pat", "password": "correct-horse-battery"},
        format="json",
        HTTP_X_FORWARDED_FOR="10.9.9.9",
    )
    assert response.status_code in (403, 429)


def _device(user):
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def _code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_user_with_a_device_must_enter_a_code_before_any_page(client, everyone, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wrong code below would otherwise delay the right one
    device = _device(everyone["peer"])
    _sign_in(client, everyone["peer"])
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/two-factor/verify/" in response["Location"]
    assert client.post("/accounts/two-factor/verify/", {"code": "000000"}).status_code == 400
    response = client.post("/accounts/two-factor/verify/", {"code": _code(device)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_token_endpoint_requires_the_code_for_users_with_a_device(api, everyone):
    device = _device(everyone["peer"])
    client = api.as_(None)
    body = {"username": "pat", "password": "correct-horse-battery"}
    response = client.post("/api/v1/auth/token/", body, format="json")
    assert response.status_code == 400 and "otp" in response.json()
    response = client.post("/api/v1/auth/token/", {**body, "otp": _code(device)}, format="json")
    assert response.status_code == 200


def test_privileged_roles_must_set_up_two_factor_when_required(client, everyone, settings):
    settings.TWO_FACTOR_REQUIRED = True
    _sign_in(client, everyone["manager"])
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/two-factor/setup/" in response["Location"]
    # A plain peer worker is not forced.
    client.logout()
    _sign_in(client, everyone["peer2"])
    assert client.get("/").status_code == 200


def test_setting_up_two_factor_confirms_the_device(client, everyone, settings):
    settings.TWO_FACTOR_REQUIRED = True
    _sign_in(client, everyone["manager"])
    assert client.get("/accounts/two-factor/setup/").status_code == 200
    device = TOTPDevice.objects.get(user=everyone["manager"], confirmed=False)
    response = client.post("/accounts/two-factor/setup/", {"code": _code(device)})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=everyone["manager"]).confirmed
    assert client.get("/").status_code == 200
