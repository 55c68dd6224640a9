import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_token_round_trip_expiry_and_logout(api, everyone):
    client = api.as_(None)
    response = client.post(
        "/api/v1/auth/token/", {"username": "pat", "password": "correct-horse-battery"}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"token", "expiry"}
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert client.get("/api/v1/me/").json()["username"] == "pat"
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert client.get("/api/v1/me/").status_code in (401, 403)


def test_wrong_password_is_a_400_without_saying_which_part_was_wrong(api, everyone):
    response = api.as_(None).post("/api/v1/auth/token/", {"username": "pat", "password": "nope"}, format="json")
    assert response.status_code == 400
    assert "username and password" in response.json()["detail"]


def test_expired_token_is_refused(api, everyone):
    from knox.models import AuthToken

    instance, token = AuthToken.objects.create(user=everyone["peer"], expiry=timezone.timedelta(seconds=-1))
    client = api.as_(None)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/me/").status_code == 401


def test_anonymous_api_request_is_401_not_a_redirect(api):
    assert api.as_(None).get("/api/v1/teams/").status_code in (401, 403)


def test_pages_redirect_anonymous_users_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
