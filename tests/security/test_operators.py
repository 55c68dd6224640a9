"""Platform operators (issue 13, case 7): a ``createsuperuser`` account without an organisation
gets an operator page on every page and a clear 403 from the API, never a 500; Django's admin
needs two factors and shows no private text of any kind."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib import admin
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts import two_factor
from apps.accounts.models import User
from apps.reflections.models import Reflection
from pspteam.admin_site import SENSITIVE_APPS, is_sensitive
from tests.reflections.factories import ReflectionFactory
from tests.security.test_page_secrets import fetch, page_urls, url_patterns
from tests.security.world import SECRETS

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
# Pages an operator keeps: signing out, two-factor set-up, own password; and the probes (answered
# before sessions and authentication).
OPERATOR_PAGES = ("/accounts/", "/healthz", "/readyz", "/metrics")


@pytest.fixture
def operator(world):
    return User.objects.create_superuser("root", "root@example.invalid", PASSWORD)


def test_an_operator_gets_the_operator_page_on_every_page_never_a_500(world, operator):
    client = Client()  # raises on any server error
    client.force_login(operator)
    visits, unfillable = page_urls(world)
    assert not unfillable and len(visits) > 40
    for _name, url in visits:
        response = client.get(url)
        if url.startswith(OPERATOR_PAGES):
            assert response.status_code < 500, url
            continue
        assert response.status_code == 403, (url, response.status_code)
        assert b"Platform operator account" in response.content, url
        assert b"belongs to no organisation" in response.content, url


def test_an_operator_gets_a_clear_403_from_the_api(world, operator):
    client = Client()
    client.force_login(operator)
    lists = [route for route, _name, kwargs in url_patterns() if route.startswith("api/v1/") and not kwargs]
    assert len(lists) > 20
    for route in lists:
        response = client.get(f"/{route}")
        assert response.status_code == 403, route
        assert "platform operator account" in response.json()["detail"], route


def test_an_operator_cannot_get_an_api_token_and_is_told_why(world, operator, settings):
    # The credentials are what make the caller an operator, so the body is read first: it is
    # JSON, as every API write (a form body is a 415 before anyone is known).
    response = Client().post(
        "/api/v1/auth/token/", {"username": "root", "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "platform operator account" in response.json()["detail"]


def _verified_admin_client(user):
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[two_factor.SESSION_KEY] = two_factor.VERIFIED
    session.save()
    return client


@pytest.fixture
def superuser_in_org(world):
    """The issue's case: a superuser given an organisation."""
    return User.objects.create_superuser(
        "root2", "root2@example.invalid", PASSWORD, organisation=world.actors["author"].organisation
    )


def test_the_admin_refuses_a_superuser_signed_in_with_a_password_only(world, superuser_in_org):
    client = Client()
    assert client.post("/accounts/login/", {"username": "root2", "password": PASSWORD}).status_code == 302
    for url in ("/django-admin/", "/django-admin/accounts/user/", "/django-admin/audit/auditevent/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/django-admin/login/"), url
    # The admin's own sign-in form wants the code too.
    response = Client().post("/django-admin/login/", {"username": "root2", "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in Client().session


def test_the_admin_shows_a_verified_superuser_no_private_text(world, superuser_in_org):
    author = world.actors["author"]
    ReflectionFactory(author=author, title="QXadmintitleprivate")
    ReflectionFactory(author=author, title="QXadmintitledraft", is_draft=True)
    client = _verified_admin_client(superuser_in_org)
    assert client.get("/django-admin/").status_code == 200
    pages = {"/django-admin/": fetch(client, "/django-admin/")}
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        changelist = f"/django-admin/{info[0]}/{info[1]}/"
        pages[changelist] = fetch(client, changelist)
        for pk in model.objects.values_list("pk", flat=True)[:50]:
            url = f"{changelist}{pk}/change/"
            pages[url] = fetch(client, url)
    assert len(pages) > 20
    markers = [*SECRETS, "QXadmintitleprivate", "QXadmintitledraft"]
    leaks = [(url, marker) for url, text in pages.items() for marker in markers if marker in text]
    assert not leaks, f"the admin showed private text: {leaks}"


def test_no_model_holding_private_text_is_registered_in_the_admin():
    registered = {model._meta.label for model in admin.site._registry}
    assert not [label for label in registered if label.split(".")[0] in SENSITIVE_APPS]
    assert not [model for model in admin.site._registry if is_sensitive(model)]
    with pytest.raises(ValueError, match="private text"):
        admin.site.register(Reflection)


def test_the_admin_is_off_in_production_unless_asked_for():
    code = (
        "import django; django.setup(); from django.urls import get_resolver; "
        "print(any(str(p.pattern).startswith('django-admin') for p in get_resolver().url_patterns))"
    )
    root = Path(__file__).resolve().parents[2]
    base = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pspteam.settings",
        "DJANGO_ENV": "production",
        "SECRET_KEY": "x" * 50,
    }
    base.pop("ADMIN_ENABLED", None)
    for extra, expected in (({}, "False"), ({"ADMIN_ENABLED": "true"}, "True")):
        result = subprocess.run(
            [sys.executable, "-c", code], env={**base, **extra}, cwd=root, capture_output=True, text=True, check=True
        )
        assert result.stdout.strip().splitlines()[-1] == expected, result.stderr
