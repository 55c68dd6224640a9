"""Lockout per account whatever the source address, a separate per-address limit, the owner
told, and client addresses from X-Forwarded-For only behind trusted proxies (issue 13, case 4)."""

import pytest
from axes.models import AccessAttempt
from django.db.models import Sum
from django.test import Client

from apps.accounts.lockout import ACCOUNT_LOCKED
from apps.core.client_address import client_ip
from apps.notifications.models import Notification
from apps.notifications.services import notification_email_send

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
TOKEN_URL = "/api/v1/auth/token/"
LOGIN_URL = "/accounts/login/"


def _address(n):
    return f"198.51.100.{n}"


def _page(username, password, **meta):
    return Client().post(LOGIN_URL, {"username": username, "password": password}, **meta)


def _token(api_client, username, password, **meta):
    return api_client.post(TOKEN_URL, {"username": username, "password": password}, format="json", **meta)


def _failures(**filters):
    return AccessAttempt.objects.filter(**filters).aggregate(n=Sum("failures_since_start"))["n"] or 0


def test_eighty_wrong_passwords_over_twenty_addresses_lock_the_account_after_the_limit(api, everyone, settings):
    limit = settings.AXES_FAILURE_LIMIT
    client = api.as_(None)
    outcomes = []
    for i in range(80):
        meta = {"REMOTE_ADDR": _address(i % 20)}
        # Half through the sign-in page, half through the token endpoint: one account, one count.
        response = _page("pat", f"guess-{i}", **meta) if i % 2 else _token(client, "pat", f"guess-{i}", **meta)
        outcomes.append(response.status_code)
    # Only `limit` were evaluated: the first ones answered "wrong password" (the form again, or a
    # 400); the one that reached the limit, and every later one, "locked".
    assert all(code in (200, 400) for code in outcomes[: limit - 1]), outcomes[:limit]
    assert outcomes[limit - 1 :] == [429] * (80 - limit + 1)
    assert _failures(username="pat") >= limit
    # The right password, from an address that never tried: refused on both doors.
    assert _page("pat", PASSWORD, REMOTE_ADDR=_address(99)).status_code == 429
    response = _token(client, "pat", PASSWORD, REMOTE_ADDR=_address(98))
    assert response.status_code == 429 and "Too many failed sign-in attempts" in response.json()["detail"]
    # Case does not start a new count.
    assert _token(client, "PAT", "guess", REMOTE_ADDR=_address(97)).status_code == 429
    # Someone else signs in from the attackers' addresses as usual (the per-address limit is higher).
    assert _token(client, "robin", PASSWORD, REMOTE_ADDR=_address(0)).status_code == 200


def test_a_locked_account_cannot_sign_in_from_another_address(api, everyone, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _page("pat", "wrong", REMOTE_ADDR=_address(1))
    page = _page("pat", PASSWORD, REMOTE_ADDR=_address(2))
    assert page.status_code == 429
    assert b"Sign-in locked" in page.content and b"sessionid" not in page.cookies.output().encode()
    assert _token(api.as_(None), "pat", PASSWORD, REMOTE_ADDR=_address(3)).status_code == 429


def test_a_successful_sign_in_elsewhere_does_not_reset_another_accounts_failures(api, everyone, settings):
    """axes would clear every failure from the address on a success: signing in to one's own
    account now and then would then allow unlimited guesses at everybody else's."""
    client = api.as_(None)
    meta = {"REMOTE_ADDR": _address(5)}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _token(client, "pat", "wrong", **meta).status_code == 400
    assert _token(client, "robin", PASSWORD, **meta).status_code == 200
    assert _token(client, "pat", "wrong", **meta).status_code == 429  # the limit-th failure locks
    assert _token(client, "pat", PASSWORD, **meta).status_code == 429


def test_the_owner_is_told_once_in_the_app_and_by_email_with_no_secrets(api, everyone, settings, mailoutbox):
    client = api.as_(None)
    for i in range(settings.AXES_FAILURE_LIMIT + 5):
        _token(client, "pat", f"Sekrit-guess-{i}", REMOTE_ADDR=_address(40 + i))
    notifications = list(Notification.objects.filter(recipient=everyone["peer"], kind=ACCOUNT_LOCKED))
    assert len(notifications) == 1  # later failures extend the lock, not the mail
    assert notification_email_send(notifications[0].pk)[0] == "sent"
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [everyone["peer"].email]
    assert "locked" in mail.subject
    text = mail.subject + mail.body + mail.alternatives[0][0]
    assert "15 minutes" in text
    for secret in ("pat", "Sekrit", "198.51.100", PASSWORD):
        assert secret not in text.replace("Pat Peer", ""), secret
    # Nobody else was told.
    assert Notification.objects.filter(kind=ACCOUNT_LOCKED).count() == 1


def test_one_address_is_locked_after_its_own_limit_whatever_the_usernames(api, everyone, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8
    client = api.as_(None)
    for n in range(7):
        assert _token(client, f"nobody{n}", "wrong", REMOTE_ADDR=_address(7)).status_code == 400
    assert _token(client, "nobody7", "wrong", REMOTE_ADDR=_address(7)).status_code == 429
    assert _token(client, "pat", PASSWORD, REMOTE_ADDR=_address(7)).status_code == 429
    assert _token(client, "pat", PASSWORD, REMOTE_ADDR=_address(8)).status_code == 200
    # No account was locked, so nobody was told.
    assert not Notification.objects.filter(kind=ACCOUNT_LOCKED).exists()


def test_spoofed_forwarded_for_is_ignored_without_trusted_proxies(api, everyone, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8
    client = api.as_(None)
    for n in range(8):
        _token(client, f"nobody{n}", "wrong", REMOTE_ADDR=_address(9), HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    # Every attempt counted against the real peer address, so a new header does not help.
    assert _failures(ip_address=_address(9)) == 8
    response = _token(client, "pat", PASSWORD, REMOTE_ADDR=_address(9), HTTP_X_FORWARDED_FOR="203.0.113.200")
    assert response.status_code == 429


def test_forwarded_for_is_honoured_behind_one_trusted_proxy(api, everyone, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8
    client = api.as_(None)
    proxy = {"REMOTE_ADDR": "10.0.0.2"}  # every request arrives from the proxy
    for n in range(8):
        _token(client, f"nobody{n}", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}", **proxy)
    assert _failures(ip_address="10.0.0.2") == 0
    assert _failures(ip_address="203.0.113.3") == 1
    # Clients behind the proxy are told apart: one of them being locked does not lock the rest.
    for _ in range(8):
        _token(client, "nobody", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.66", **proxy)
    assert _token(client, "pat", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.66", **proxy).status_code == 429
    assert _token(client, "pat", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.67", **proxy).status_code == 200
    # What the client wrote itself (left of what the proxy appended) is never used.
    response = _token(client, "pat", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.67, 203.0.113.66", **proxy)
    assert response.status_code == 429


def test_the_audit_trail_takes_the_client_address_the_same_way(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.5")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.5"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "192.0.2.1"
    settings.TRUSTED_PROXY_COUNT = 3  # fewer entries than proxies: the request bypassed one; the peer it is
    assert client_ip(request) == "10.0.0.2"
