"""The attacks of issue 13, each played as a real client would (API and pages only).

This file deliberately uses nothing but HTTP endpoints and models that existed before issue 13
(commit 248ea3f), so the same file runs on the code before and after: on 248ea3f each test
below fails (the attack works), on main each passes (the attack is refused or harmless). The
closing note's before/after table is this file. Finer tests of each case live beside the code
that fixes it (see the table in the issue's closing note).
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.test import APIClient

from apps.supervision.models import Agreement
from tests.boundaries.factories import BoundaryNoteFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # the factories' password
AGREEMENTS = "/api/v1/supervision/agreements/"


def token_for(username, password=PASSWORD, address="192.0.2.1", otp=None):
    body = {"username": username, "password": password}
    if otp:
        body["otp"] = otp
    return APIClient(REMOTE_ADDR=address).post("/api/v1/auth/token/", body, format="json")


def with_token(token) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def assert_cannot_read(client, note):
    response = client.get(f"/api/v1/boundary-notes/{note.pk}/")
    assert response.status_code == 404, response.status_code
    assert note.situation not in response.content.decode()


def agree_as_both(api, agreement_id, *people):
    """Each person accepts (the endpoint exists only where consent does; elsewhere a no-op)."""
    for person in people:
        api.as_(person).post(f"{AGREEMENTS}{agreement_id}/accept/")


# --- case 1: a manager appoints themselves supervisor ------------------------------------------


def test_case1_a_manager_who_appoints_themselves_supervisor_reads_nothing(api, everyone):
    manager, robin = everyone["manager"], everyone["peer2"]
    note = BoundaryNoteFactory(author=robin, situation="QX13-robin-note")
    response = api.as_(manager).post(
        AGREEMENTS,
        {"supervisee": robin.pk, "supervisor": manager.pk, "kind": "line", "frequency_days": 28},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert_cannot_read(api.as_(manager), note)


def test_case1_an_org_admins_backdated_agreement_reads_nothing(api, everyone):
    admin, robin, casey = everyone["admin"], everyone["peer2"], everyone["clinician"]
    note = BoundaryNoteFactory(author=robin, situation="QX13-robin-note")
    response = api.as_(admin).post(
        AGREEMENTS,
        {
            "supervisee": robin.pk,
            "supervisor": casey.pk,
            "kind": "clinical",
            "frequency_days": 28,
            "starts_on": "2020-01-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert_cannot_read(api.as_(casey), note)


def test_sharing_a_supervisor_who_arrives_later_reads_no_earlier_entry(api, everyone):
    # Pat wrote a note while Sam was their only supervisor; Casey starts supervising Pat later,
    # with both people's agreement. Casey reads nothing Pat did not share with Casey.
    pat, casey = everyone["peer"], everyone["clinician"]
    note = BoundaryNoteFactory(author=pat, situation="QX13-pat-earlier-note")
    created = api.as_(everyone["admin"]).post(
        AGREEMENTS,
        {"supervisee": pat.pk, "supervisor": casey.pk, "kind": "clinical", "frequency_days": 28},
        format="json",
    )
    assert created.status_code == 201, created.content
    agree_as_both(api, created.json()["id"], pat, casey)
    assert_cannot_read(api.as_(casey), note)


def test_sharing_a_line_manager_reads_no_check_in_shared_with_my_supervisor(api, everyone):
    pat, sam, manager = everyone["peer"], everyone["supervisor"], everyone["manager"]
    created = api.as_(manager).post(
        AGREEMENTS,
        {"supervisee": pat.pk, "supervisor": manager.pk, "kind": "line", "frequency_days": 28},
        format="json",
    )
    assert created.status_code == 201, created.content
    agree_as_both(api, created.json()["id"], pat)
    response = api.as_(pat).post(
        "/api/v1/wellbeing/check-ins/",
        {"mood": 2, "note": "QX13 scared to tell work", "share_with_supervisor": True},
        format="json",
    )
    assert response.status_code == 201, response.content
    shared = "/api/v1/wellbeing/check-ins/?shared_with_me=true"
    assert "QX13 scared to tell work" in api.as_(sam).get(shared).content.decode()  # the peer supervisor does
    assert "QX13 scared to tell work" not in api.as_(manager).get(shared).content.decode()


# --- case 2: sock puppets ----------------------------------------------------------------------


def test_case2_a_manager_cannot_create_accounts(api, everyone):
    before = get_user_model().objects.count()
    response = api.as_(everyone["manager"]).post(
        "/api/v1/workers/",
        {
            "username": "puppet1",
            "display_name": "Puppet One",
            "email": "p1@example.invalid",
            "password": "a-long-puppet-password-1",
            "worker_kind": "peer",
        },
        format="json",
    )
    assert response.status_code == 403, response.content
    assert get_user_model().objects.count() == before


# --- case 3: an old token after the role changed ------------------------------------------------


def test_case3_a_token_from_before_becoming_a_supervisor_is_refused(api, everyone, settings):
    robin, casey = everyone["peer2"], everyone["clinician"]
    response = token_for(casey.username)
    assert response.status_code == 200, response.content
    old_token = response.json()["token"]
    note = BoundaryNoteFactory(author=robin, situation="QX13-robin-note")
    # Robin and Casey both agree that Casey supervises Robin (an org admin sets it up).
    created = api.as_(everyone["admin"]).post(
        AGREEMENTS,
        {"supervisee": robin.pk, "supervisor": casey.pk, "kind": "clinical", "frequency_days": 28},
        format="json",
    )
    assert created.status_code == 201, created.content
    agree_as_both(api, created.json()["id"], robin, casey)
    settings.TWO_FACTOR_REQUIRED = True  # production's default
    response = with_token(old_token).get(f"/api/v1/boundary-notes/{note.pk}/")
    assert response.status_code == 403, response.content
    assert "QX13-robin-note" not in response.content.decode()


# --- case 4: lockout per account, whatever the address -------------------------------------------


def test_case4_guesses_spread_over_addresses_lock_the_account_everywhere(everyone, settings):
    settings.AXES_FAILURE_LIMIT = 5
    pat = everyone["peer"]
    for n in range(8):
        token_for(pat.username, password=f"wrong-{n}", address=f"198.51.100.{n + 1}")
    response = token_for(pat.username, address="203.0.113.77")
    assert response.status_code == 429, response.content
    assert "token" not in response.json()


def test_case4_a_spoofed_forwarded_for_does_not_change_the_address(everyone, settings):
    settings.AXES_FAILURE_LIMIT = 5
    pat = everyone["peer"]
    client = APIClient(REMOTE_ADDR="192.0.2.10")
    for n in range(8):
        client.post(
            "/api/v1/auth/token/",
            {"username": pat.username, "password": f"wrong-{n}"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"10.{n}.0.1",
        )
    response = client.post(
        "/api/v1/auth/token/",
        {"username": pat.username, "password": PASSWORD},
        format="json",
        HTTP_X_FORWARDED_FOR="10.99.0.1",
    )
    assert response.status_code == 429, response.content


# --- case 5: a password change ends every token --------------------------------------------------


def test_case5_a_password_change_ends_every_api_token(everyone):
    pat = everyone["peer"]
    old_token = token_for(pat.username).json()["token"]
    assert with_token(old_token).get("/api/v1/reflections/").status_code == 200
    browser = Client()
    browser.force_login(pat)
    response = browser.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-brand-new-passphrase-13",
            "new_password2": "a-brand-new-passphrase-13",
        },
    )
    assert response.status_code == 302, response.content
    assert with_token(old_token).get("/api/v1/reflections/").status_code == 401


# --- case 7: operators ---------------------------------------------------------------------------


def test_case7_a_superuser_without_an_organisation_gets_a_page_not_a_500(db):
    operator = get_user_model().objects.create_superuser(
        username="op13", email="op13@example.invalid", password="an-operator-passphrase"
    )
    browser = Client(raise_request_exception=False)
    browser.force_login(operator)
    for path in ("/", "/reflections/", "/people/"):
        response = browser.get(path)
        assert response.status_code < 500, (path, response.status_code)


# --- case 8: look-alike usernames ----------------------------------------------------------------


@pytest.mark.parametrize("lookalike", ["ｐａｔ", "раt"], ids=["full-width", "cyrillic"])
def test_case8_a_lookalike_username_is_a_400_naming_username(everyone, lookalike):
    before = get_user_model().objects.count()
    client = APIClient(raise_request_exception=False)
    client.force_login(everyone["admin"])
    response = client.post(
        "/api/v1/workers/",
        {
            "username": lookalike,
            "display_name": "Someone Else",
            "email": "else@example.invalid",
            "password": "a-long-lookalike-password-1",
            "worker_kind": "peer",
        },
        format="json",
    )
    assert response.status_code == 400, response.status_code
    assert "username" in response.json()
    assert get_user_model().objects.count() == before


def test_case8_a_display_name_loses_bidi_override_characters(everyone):
    client = APIClient()
    client.force_login(everyone["admin"])
    response = client.post(
        "/api/v1/workers/",
        {
            "username": "newbie13",
            "display_name": "Jo\u202eenaJ",
            "email": "newbie13@example.invalid",
            "password": "a-long-newbie-password-1",
            "worker_kind": "peer",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert "\u202e" not in get_user_model().objects.get(email="newbie13@example.invalid").display_name


# --- case 9: a manager changes a worker's e-mail address -----------------------------------------


def test_case9_a_manager_cannot_change_a_workers_email(api, everyone):
    pat = everyone["peer"]
    before = pat.email
    response = api.as_(everyone["manager"]).patch(
        f"/api/v1/workers/{pat.pk}/", {"email": "attacker@example.invalid"}, format="json"
    )
    assert response.status_code == 400, response.content
    assert "email" in response.json()
    pat.refresh_from_db()
    assert pat.email == before


# --- case 10: after leaving, nobody reads --------------------------------------------------------


def test_case10_after_a_worker_leaves_their_supervisor_reads_nothing(api, everyone):
    pat, sam = everyone["peer"], everyone["supervisor"]
    note = BoundaryNoteFactory(author=pat, situation="QX13-pat-note")
    url = f"/api/v1/boundary-notes/{note.pk}/"
    assert "QX13-pat-note" in api.as_(sam).get(url).content.decode()
    response = api.as_(everyone["manager"]).post(f"/api/v1/workers/{pat.pk}/leave/")
    assert response.status_code == 200, response.content
    response = api.as_(sam).get(url)
    assert response.status_code == 404 and "QX13-pat-note" not in response.content.decode()
    agreement = Agreement.objects.get(supervisee=pat, supervisor=sam)
    assert agreement.ends_on is not None
