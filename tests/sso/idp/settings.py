"""A real OpenID provider for the single sign-on tests: django-oauth-toolkit in its own Django
process, with its own SQLite file and RSA key in a temporary directory (``IDP_DIR``).

Test-only: ``IDP_DIR/claims.json`` lets a test make the provider issue tokens a well-behaved
provider never would (another audience, expired, an old token again, another nonce), see
``validator.py``. Nothing in the app under test is faked.
"""

import os
from pathlib import Path

IDP_DIR = Path(os.environ["IDP_DIR"])

SECRET_KEY = "test-idp-only-" + os.environ.get("IDP_PORT", "0")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "tests.sso.idp.validator.going_down",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tests.sso.idp.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": IDP_DIR / "idp.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
LOGIN_URL = "/login/"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The provider's cookies must not collide with the app's (both on 127.0.0.1, other ports).
SESSION_COOKIE_NAME = "idp_session"
CSRF_COOKIE_NAME = "idp_csrf"

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": (IDP_DIR / "rsa.pem").read_text(),
    "PKCE_REQUIRED": True,
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    "OAUTH2_VALIDATOR_CLASS": "tests.sso.idp.validator.TestValidator",
    "SCOPES": {"openid": "OpenID Connect", "email": "E-mail address", "profile": "Name"},
}
# Errors to the provider's log (IDP_DIR/idp.log), for a test that fails.
LOGGING = {
    "version": 1,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}},
}
