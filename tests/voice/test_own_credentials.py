"""Whose credentials an account holds: only a password set through a link sent to the person
counts as theirs (``User.own_credentials_at``), which the team voice relies on."""

import pytest
from django.core import mail

from apps.accounts.models import User

pytestmark = pytest.mark.django_db


def _follow_link(client, password):
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/accounts/reset/" in line)
    path = link.split("127.0.0.1:8000", 1)[1] if "127.0.0.1:8000" in link else link
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def test_a_password_typed_by_whoever_made_the_account_is_not_the_persons_own(api, client, everyone):
    response = api.as_(everyone["admin"]).post(
        "/api/v1/workers/",
        {"username": "typed", "display_name": "Ty Ped", "password": "a long enough passphrase"},
        format="json",
    )
    assert response.status_code == 201
    typed = User.objects.get(username="typed")
    assert typed.own_credentials_at is None
    # Signing in with it, even changing it, proves nothing: whoever typed it can do both.
    assert (
        api.post("/api/v1/auth/token/", {"username": "typed", "password": "a long enough passphrase"}).status_code
        == 200
    )
    client.force_login(typed)
    changed = client.post(
        "/accounts/password/",
        {
            "old_password": "a long enough passphrase",
            "new_password1": "new river stones",
            "new_password2": "new river stones",
        },
    )
    assert changed.status_code == 302
    typed.refresh_from_db()
    assert typed.check_password("new river stones") and typed.own_credentials_at is None


def test_setting_a_password_through_the_link_sent_to_the_person_makes_it_theirs(
    api, client, everyone, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        api.as_(everyone["admin"]).post(
            "/api/v1/workers/",
            {"username": "linky", "display_name": "Lin Ky", "email": "linky@example.invalid"},
            format="json",
        )
    assert User.objects.get(username="linky").own_credentials_at is None
    assert _follow_link(client, "river stones at dawn").status_code == 302
    linky = User.objects.get(username="linky")
    assert linky.check_password("river stones at dawn") and linky.own_credentials_at is not None


def test_a_refused_link_records_nothing(client, everyone):
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    peer = everyone["peer"]
    User.objects.filter(pk=peer.pk).update(own_credentials_at=None)
    uid = urlsafe_base64_encode(force_bytes(peer.pk))
    response = client.get(f"/accounts/reset/{uid}/not-a-token/", follow=True)
    assert b"expired" in response.content or response.status_code == 200
    peer.refresh_from_db()
    assert peer.own_credentials_at is None


def test_a_password_an_operator_sets_in_the_admin_is_not_the_persons_own(everyone):
    from apps.accounts.admin import EndingSignInsPasswordForm

    peer = everyone["peer"]
    assert peer.own_credentials_at is not None
    form = EndingSignInsPasswordForm(peer, {"password1": "operator typed this", "password2": "operator typed this"})
    assert form.is_valid(), form.errors
    form.save()
    peer.refresh_from_db()
    assert peer.check_password("operator typed this") and peer.own_credentials_at is None
