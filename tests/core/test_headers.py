"""Security headers on every kind of response: HTML, JSON, 404 and 500."""

import pytest

pytestmark = pytest.mark.django_db

CSP_DIRECTIVES = [
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
]


@pytest.fixture
def signed_in(client, everyone, settings):
    settings.ROOT_URLCONF = "tests.core.boom_urls"
    settings.DEBUG = False
    client.raise_request_exception = False
    client.force_login(everyone["peer"])
    return client


@pytest.mark.parametrize(
    ("path", "status", "kind"),
    [
        ("/", 200, "text/html"),
        ("/api/v1/me/", 200, "application/json"),
        ("/teams/00000000-0000-0000-0000-000000000000/", 404, "text/html"),
        ("/api/v1/teams/00000000-0000-0000-0000-000000000000/", 404, "application/json"),
        ("/boom/", 500, "text/html"),
        ("/api/v1/boom/", 500, "application/json"),
    ],
)
def test_security_headers_on_every_kind_of_response(signed_in, path, status, kind):
    response = signed_in.get(path)
    assert response.status_code == status
    assert response["Content-Type"].startswith(kind)
    csp = response["Content-Security-Policy"]
    for directive in CSP_DIRECTIVES:
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "SELECT secret" not in body and "Traceback" not in body and "Django" not in body


def test_pages_carry_no_inline_script(signed_in):
    html = signed_in.get("/").content.decode()
    import re

    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag, tag
    assert "onclick=" not in html and "style=" not in html
