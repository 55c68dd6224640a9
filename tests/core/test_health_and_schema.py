import re
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_healthz_is_public_and_cheap(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_reports_ready_when_database_and_broker_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"
    assert response.json()["checks"]["broker"] == "ok"


def test_readyz_stays_ready_when_only_the_broker_is_unreachable_and_says_so(client, settings):
    # Web requests never wait on Redis: a Redis blip must not take every web instance out.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == "down" and response.json()["checks"]["database"] == "ok"


def test_readyz_is_503_when_the_database_is_unreachable(client, monkeypatch):
    from apps.core import health

    def broken_cursor(*args, **kwargs):
        raise health.connection.OperationalError if hasattr(health.connection, "OperationalError") else OSError

    monkeypatch.setattr(health.connection, "cursor", broken_cursor)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "down"


def test_openapi_schema_generates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(out))
    text = out.read_text()
    for path in ("/api/v1/me/", "/api/v1/workers/", "/api/v1/teams/", "/api/v1/memberships/", "/api/v1/auth/token/"):
        assert path in text


def test_api_docs_are_served_without_any_cdn(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, html
    assert all(s.startswith("/") for s in sources), sources


def test_schema_is_served(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200 and b"openapi" in response.content


def test_create_organisation_command_creates_org_and_first_admin():
    from apps.accounts.models import User

    out = StringIO()
    call_command(
        "create_organisation",
        "Willow Trust",
        "--admin",
        "willow-admin",
        "--password",
        "a long first passphrase",
        stdout=out,
    )
    admin = User.objects.get(username="willow-admin")
    assert admin.is_org_admin and admin.organisation.name == "Willow Trust"
    assert admin.check_password("a long first passphrase")
    assert "Willow Trust" in out.getvalue()


def test_create_organisation_refuses_a_weak_password():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="password"):
        call_command("create_organisation", "Weak Trust", "--admin", "weak-admin", "--password", "password")
