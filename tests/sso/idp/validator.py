"""The test provider's claims: the e-mail address and name of its users, and the test-only
overrides of ``IDP_DIR/claims.json``, read at each token::

    {"<username>": {"sub": "...", "email": "...", "email_verified": false, "amr": ["pwd", "mfa"],
                    "aud": "someone-else", "nonce": "other", "exp_offset": -600, "replay": true}}

``go_down``: once this user's authorisation code is issued, the provider process ends at its
next request (the code exchange never happens: a provider down half-way through a sign-in).

``replay``: answer with the ID token this user was given the time before (an old token again;
swapped in the token endpoint's answer, :class:`ReplayingTokenView`, so that the provider's own
records stay as they were).
"""

import json
import os
import threading
import time

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.views import TokenView

LAST_TOKEN: dict[str, str] = {}  # username -> the newest ID token issued
PREVIOUS_TOKEN: dict[str, str] = {}  # username -> the one before
OWNER: dict[str, str] = {}  # ID token -> username
TOKEN_KEYS = {"aud", "nonce", "iss"}
GOING_DOWN = threading.Event()


def overrides(username: str) -> dict:
    path = settings.IDP_DIR / "claims.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text()).get(username, {})


class TestValidator(OAuth2Validator):
    oidc_claim_scope = None  # every claim whatever the scopes (the test decides)

    def get_additional_claims(self, request):
        user = request.user
        claims = {
            "sub": f"sub-{user.username}",
            "email": user.email,
            "email_verified": True,
            "name": f"{user.first_name} {user.last_name}".strip() or user.username,
            "amr": ["pwd"],
        }
        extra = overrides(user.username)
        claims.update({k: v for k, v in extra.items() if k not in TOKEN_KEYS | {"exp_offset", "replay", "go_down"}})
        return claims

    def save_authorization_code(self, client_id, code, request, *args, **kwargs):
        super().save_authorization_code(client_id, code, request, *args, **kwargs)
        if overrides(request.user.username).get("go_down"):
            GOING_DOWN.set()

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        extra = overrides(request.user.username)
        claims.update({k: v for k, v in extra.items() if k in TOKEN_KEYS})
        if "exp_offset" in extra:
            claims["exp"] = int(time.time()) + int(extra["exp_offset"])
            claims["iat"] = claims["exp"] - 300
            claims["auth_time"] = claims["iat"]
        return claims, expiration_time

    def finalize_id_token(self, id_token, token, token_handler, request):
        jwt = super().finalize_id_token(id_token, token, token_handler, request)
        username = request.user.username
        if username in LAST_TOKEN:
            PREVIOUS_TOKEN[username] = LAST_TOKEN[username]
        LAST_TOKEN[username] = jwt
        OWNER[jwt] = username
        return jwt


class ReplayingTokenView(TokenView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if response.status_code == 200:
            body = json.loads(response.content)
            username = OWNER.get(body.get("id_token", ""))
            if username and overrides(username).get("replay") and username in PREVIOUS_TOKEN:
                body["id_token"] = PREVIOUS_TOKEN[username]
                response.content = json.dumps(body)
        return response


def going_down(get_response):
    """Middleware: after ``go_down``, the next request ends the process (the connection drops)."""

    def middleware(request):
        if GOING_DOWN.is_set():
            os._exit(0)
        return get_response(request)

    return middleware
