"""A worker changes their own e-mail address only by confirming the new one (issue 13, case 9):
a single-use link valid for 24 hours goes to the new address, the old address is told, and
until the link is used e-mail (reminders included) keeps going to the old address."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

pytestmark = pytest.mark.django_db

NEW = "pat.home@example.invalid"
OLD = "pat@example.invalid"


def EmailChange():  # noqa: N802 - imported late: each test fails on its own on a main without it
    from apps.workers.models import EmailChange

    return EmailChange


def _token(message) -> str:
    return re.search(r"/people/me/email/confirm/([^/\s]+)/", message.body).group(1)


@pytest.fixture
def requested(api, everyone, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_(everyone["peer"]).post("/api/v1/workers/me/email/", {"email": NEW}, format="json")
    assert response.status_code == 202, response.json()
    return response


def test_request_mails_a_link_to_the_new_address_and_tells_the_old_one(requested, everyone):
    assert requested.json()["pending_email"] == NEW
    assert sorted(m.to[0] for m in mail.outbox) == sorted([NEW, OLD])
    to_new = next(m for m in mail.outbox if m.to == [NEW])
    to_old = next(m for m in mail.outbox if m.to == [OLD])
    assert "/people/me/email/confirm/" in to_new.body
    # The old address learns that a change was asked for, but gets no link and no new address.
    assert "/confirm/" not in to_old.body and NEW not in to_old.body
    everyone["peer"].refresh_from_db()
    assert everyone["peer"].email == OLD  # nothing changed yet
    assert "token" not in requested.json()


def test_mail_keeps_going_to_the_old_address_until_confirmed(requested, everyone):
    from apps.notifications.services import notification_email_send, notify

    notification = notify(
        recipient=everyone["peer"], kind="supervision_due_soon", message="Supervision is due soon.", email=True
    )
    mail.outbox.clear()
    notification_email_send(notification.pk)
    assert [m.to for m in mail.outbox] == [[OLD]]


def test_confirming_with_the_link_changes_the_address_once(
    requested, api, everyone, django_capture_on_commit_callbacks
):
    token = _token(next(m for m in mail.outbox if m.to == [NEW]))
    mail.outbox.clear()
    client = api.as_(everyone["peer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/workers/me/email/confirm/", {"token": token}, format="json")
    assert response.status_code == 200, response.json()
    everyone["peer"].refresh_from_db()
    assert everyone["peer"].email == NEW
    assert [m.to for m in mail.outbox] == [[OLD]]  # told that mail now goes elsewhere
    assert NEW not in mail.outbox[0].body
    again = client.post("/api/v1/workers/me/email/confirm/", {"token": token}, format="json")
    assert again.status_code == 400 and "token" in again.json()


def test_the_link_expires_after_24_hours(requested, api, everyone):
    token = _token(next(m for m in mail.outbox if m.to == [NEW]))
    with time_machine.travel(timezone.now() + timedelta(hours=24, minutes=1)):
        response = api.as_(everyone["peer"]).post("/api/v1/workers/me/email/confirm/", {"token": token}, format="json")
    assert response.status_code == 400 and "token" in response.json()
    everyone["peer"].refresh_from_db()
    assert everyone["peer"].email == OLD


def test_someone_else_cannot_use_the_link(requested, api, everyone):
    token = _token(next(m for m in mail.outbox if m.to == [NEW]))
    response = api.as_(everyone["peer2"]).post("/api/v1/workers/me/email/confirm/", {"token": token}, format="json")
    assert response.status_code == 400
    everyone["peer"].refresh_from_db()
    everyone["peer2"].refresh_from_db()
    assert everyone["peer"].email == OLD and everyone["peer2"].email == "robin@example.invalid"


def test_a_newer_request_replaces_the_older_link(requested, api, everyone, django_capture_on_commit_callbacks):
    first = _token(next(m for m in mail.outbox if m.to == [NEW]))
    client = api.as_(everyone["peer"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/api/v1/workers/me/email/", {"email": "pat.third@example.invalid"}, format="json")
    assert client.post("/api/v1/workers/me/email/confirm/", {"token": first}, format="json").status_code == 400
    assert EmailChange().objects.filter(user=everyone["peer"], confirmed_at__isnull=True).count() == 1


def test_only_the_digest_of_the_token_is_stored(requested):
    token = _token(next(m for m in mail.outbox if m.to == [NEW]))
    change = EmailChange().objects.get()
    assert token not in change.token_digest and len(change.token_digest) == 64


def test_bad_new_address_is_a_400_naming_email(api, everyone):
    client = api.as_(everyone["peer"])
    for body in ({"email": "not an address"}, {"email": OLD}, {}):
        response = client.post("/api/v1/workers/me/email/", body, format="json")
        assert response.status_code == 400 and "email" in response.json(), body
    assert not EmailChange().objects.exists()
    assert mail.outbox == []


def test_my_account_page_asks_and_the_link_page_confirms(client, everyone, django_capture_on_commit_callbacks):
    client.force_login(everyone["peer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/people/me/", {"email-email": NEW})
    assert response.status_code == 302
    page = client.get("/people/me/").content.decode()
    assert "Waiting for you to confirm" in page and NEW in page
    link = re.search(r"(/people/me/email/confirm/[^/\s]+/)", next(m for m in mail.outbox if m.to == [NEW]).body).group(
        1
    )
    assert client.get(link).status_code == 200  # opening the link changes nothing (mail scanners)
    everyone["peer"].refresh_from_db()
    assert everyone["peer"].email == OLD
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(link).status_code == 302
    everyone["peer"].refresh_from_db()
    assert everyone["peer"].email == NEW
    assert client.post(link).status_code == 400


def test_service_refuses_an_unknown_token(everyone):
    from django.core.exceptions import ValidationError

    from apps.workers import services

    with pytest.raises(ValidationError):
        services.email_change_confirm(actor=everyone["peer"], token="nope")
