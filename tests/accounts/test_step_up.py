"""Step-up follows the role (issue 13, case 3): a token or session made without a second factor
stops working the moment its user's role requires one, however and whenever that role began."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from apps.accounts.models import TokenSignIn
from apps.core.dates import org_today
from apps.teams.models import Membership
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def _device(user):
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def _code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _obtain(client, username, otp=None):
    body = {"username": username, "password": PASSWORD}
    if otp is not None:
        body["otp"] = otp
    return client.post("/api/v1/auth/token/", body, format="json")


def _with_token(api_client, token):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api_client


def _appoint_by_agreement(supervisor, supervisee):
    """An agreement naming ``supervisor``, begun long ago (backdated: "whenever that began")."""
    return AgreementFactory(
        supervisee=supervisee, supervisor=supervisor, starts_on=org_today(supervisor.organisation) - timedelta(days=400)
    )


def test_a_token_records_whether_a_second_factor_was_used(api, everyone):
    client = api.as_(None)
    response = _obtain(client, "robin")
    assert response.status_code == 200
    assert TokenSignIn.objects.get(token__user=everyone["peer2"]).second_factor is False

    device = _device(everyone["peer"])
    response = _obtain(client, "pat", otp=_code(device))
    assert response.status_code == 200
    assert TokenSignIn.objects.get(token__user=everyone["peer"]).second_factor is True


def test_token_issued_to_a_plain_peer_stops_working_when_they_become_a_supervisor_by_agreement(api, everyone, required):
    peer2 = everyone["peer2"]
    client = api.as_(None)
    response = _obtain(client, "robin")
    assert response.status_code == 200, response.content  # a plain peer needs no second factor
    old_token = response.json()["token"]
    assert _with_token(client, old_token).get("/api/v1/me/").status_code == 200

    _appoint_by_agreement(peer2, everyone["harbour_peer"])

    for url in ("/api/v1/me/", "/api/v1/boundary-notes/", "/api/v1/reflections/"):
        response = client.get(url)
        assert response.status_code == 403, (url, response.content)
        assert "/accounts/two-factor/setup/" in response.json()["detail"]
        assert "otp" in response.json()["detail"]

    # A new token needs the second factor too: refused until a device is set up, then given with a code.
    client.credentials()
    assert _obtain(client, "robin").status_code == 403
    device = _device(peer2)
    response = _obtain(client, "robin", otp=_code(device))
    assert response.status_code == 200, response.content
    assert _with_token(client, response.json()["token"]).get("/api/v1/me/").status_code == 200
    # ... and the old one stays refused.
    assert _with_token(client, old_token).get("/api/v1/me/").status_code == 403


def test_token_issued_to_a_plain_peer_stops_working_when_appointed_team_supervisor(api, everyone, required, riverside):
    client = api.as_(None)
    token = _obtain(client, "robin").json()["token"]
    assert _with_token(client, token).get("/api/v1/me/").status_code == 200
    Membership.objects.filter(worker=everyone["peer2"], team=riverside).update(team_role=Membership.TeamRole.SUPERVISOR)
    assert client.get("/api/v1/me/").status_code == 403
    # Made manager instead: the same.
    Membership.objects.filter(worker=everyone["peer2"], team=riverside).update(team_role=Membership.TeamRole.MANAGER)
    assert client.get("/api/v1/teams/").status_code == 403


def test_a_token_made_without_a_second_factor_is_refused_for_an_org_admin(api, everyone, required):
    _, token = AuthToken.objects.create(user=everyone["admin"])  # e.g. issued before the requirement was on
    assert _with_token(api.as_(None), token).get("/api/v1/me/").status_code == 403


def test_a_refused_token_can_still_revoke_itself(api, everyone, required):
    client = api.as_(None)
    token = _obtain(client, "robin").json()["token"]
    _appoint_by_agreement(everyone["peer2"], everyone["harbour_peer"])
    assert _with_token(client, token).post("/api/v1/auth/logout/").status_code == 204
    assert not AuthToken.objects.filter(user=everyone["peer2"]).exists()


def test_without_the_requirement_a_password_only_token_keeps_working_for_a_supervisor(api, everyone, settings):
    settings.TWO_FACTOR_REQUIRED = False
    _, token = AuthToken.objects.create(user=everyone["supervisor"])
    assert _with_token(api.as_(None), token).get("/api/v1/me/").status_code == 200


def test_browser_session_signed_in_as_a_peer_is_stopped_once_they_supervise(client, everyone, required):
    assert client.post("/accounts/login/", {"username": "robin", "password": PASSWORD}).status_code == 302
    assert client.get("/").status_code == 200
    _appoint_by_agreement(everyone["peer2"], everyone["harbour_peer"])
    response = client.get("/reflections/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/setup/")
    response = client.get("/api/v1/me/")
    assert response.status_code == 403 and "two-factor" in response.json()["detail"]


def test_session_of_someone_who_set_up_a_device_since_goes_to_the_verify_page(client, everyone, required):
    client.post("/accounts/login/", {"username": "robin", "password": PASSWORD})
    _device(everyone["peer2"])  # set up in another browser since
    _appoint_by_agreement(everyone["peer2"], everyone["harbour_peer"])
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/verify/")


def test_a_session_waiting_for_its_code_cannot_replace_the_device(client, everyone):
    device = _device(everyone["peer"])
    client.post("/accounts/login/", {"username": "pat", "password": PASSWORD})
    response = client.get("/accounts/two-factor/setup/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/verify/")
    response = client.post("/accounts/two-factor/setup/", {"code": "123456"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/verify/")
    assert list(TOTPDevice.objects.filter(user=everyone["peer"]).values_list("pk", flat=True)) == [device.pk]


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("username", ["robin", "sam"])
def test_the_step_up_check_adds_no_query_to_a_token_request(api, everyone, settings, username):
    """The token's TokenSignIn comes in the token's own query; the role question is answered by
    ``caps``, whose answers the view reuses (``me/`` asks for team roles and supervisees anyway)."""
    user = everyone["peer2"] if username == "robin" else everyone["supervisor"]
    device = _device(user)
    client = api.as_(None)
    token = _obtain(client, username, otp=_code(device)).json()["token"]
    _with_token(client, token)
    settings.TWO_FACTOR_REQUIRED = False
    _count(client, "/api/v1/me/")  # warm-up
    without = _count(client, "/api/v1/me/")
    settings.TWO_FACTOR_REQUIRED = True
    assert _count(client, "/api/v1/me/") == without


@pytest.mark.parametrize("url", ["/", "/reflections/"])
def test_the_step_up_check_adds_no_query_to_a_password_only_session(client, everyone, settings, url):
    """A plain peer's session, signed in without a second factor, is asked the role question on
    every request while the requirement is on: team roles and supervisees, through ``caps``,
    whose answers these pages need anyway (measured: / 11 queries, /reflections/ 6, either way)."""
    client.post("/accounts/login/", {"username": "robin", "password": PASSWORD})
    settings.TWO_FACTOR_REQUIRED = False
    _count(client, url)  # warm-up
    without = _count(client, url)
    settings.TWO_FACTOR_REQUIRED = True
    assert _count(client, url) == without


def test_a_proposed_agreement_asks_for_nothing_and_the_token_is_refused_once_it_is_in_force(api, everyone, required):
    """Only an agreement in force makes someone a supervisor: a proposal gives no access, so it
    needs no second factor; the request that completes the consent is the last one let through."""
    from apps.supervision.models import Agreement
    from apps.supervision.services import agreement_accept

    robin, hana = everyone["peer2"], everyone["harbour_peer"]
    client = api.as_(None)
    token = _obtain(client, "robin").json()["token"]
    _with_token(client, token)
    agreement = AgreementFactory(
        supervisee=hana,
        supervisor=robin,
        status=Agreement.Status.PROPOSED,
        starts_on=org_today(robin.organisation) - timedelta(days=400),
    )
    assert client.get("/api/v1/me/").status_code == 200
    agreement_accept(actor=hana, agreement=agreement)
    assert client.get("/api/v1/me/").status_code == 200  # still awaiting Robin
    response = client.post(f"/api/v1/supervision/agreements/{agreement.pk}/accept/")
    assert response.status_code == 200, response.content
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ACTIVE
    response = client.get("/api/v1/me/")
    assert response.status_code == 403 and "two-factor" in response.json()["detail"]
