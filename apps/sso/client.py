"""The OpenID Connect relying party, one Authlib client per organisation's provider.

Authlib does the protocol: discovery (``<issuer>/.well-known/openid-configuration``), the
authorisation request with ``state``, ``nonce`` and a PKCE ``S256`` challenge (kept in the
session until the callback, and removed there, so a callback is used once), the code exchange,
and the ID token's checks: signature against the provider's JWKS (fetched again when a key id is
unknown, i.e. after the provider rotated its keys), ``iss`` equal to the discovered issuer, ``aud``
holding our client id (and ``azp``, when there are other audiences), ``exp`` / ``iat`` (120 s leeway), ``nonce`` equal to the one sent. Nothing here
decodes or checks a JWT by hand. We add one check discovery asks of the client: the discovered
``issuer`` must be exactly the configured one.
"""

from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from django.conf import settings
from django.http import HttpRequest
from joserfc.errors import JoseError

from apps.sso import sealing
from apps.sso.models import ProviderSettings

SCOPES = "openid email profile"


class ProviderUnavailable(Exception):
    """The provider could not be reached, or answered with something that is not OpenID Connect."""


class SignInRejected(Exception):
    """The provider's answer failed a check (state, code, ID token) or told of an error."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def _client(provider: ProviderSettings) -> DjangoOAuth2App:
    oauth = OAuth()
    client = oauth.register(
        name=f"sso-{provider.pk}",
        client_id=provider.client_id,
        client_secret=sealing.client_secret(sealed=provider.client_secret_sealed, env_name=provider.client_secret_env),
        server_metadata_url=discovery_url(provider.issuer),
        client_kwargs={
            "scope": SCOPES,
            "code_challenge_method": "S256",
            "default_timeout": settings.SSO_HTTP_TIMEOUT,
        },
    )
    return client


def _metadata(client: DjangoOAuth2App, provider: ProviderSettings) -> dict[str, Any]:
    try:
        metadata = client.load_server_metadata()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(type(exc).__name__) from exc
    if metadata.get("issuer") != provider.issuer:
        raise ProviderUnavailable("issuer_mismatch")
    return metadata


def authorize_url(request: HttpRequest, provider: ProviderSettings, redirect_uri: str) -> str:
    """The provider's authorisation URL; ``state``, ``nonce`` and the PKCE verifier are kept in
    the session (Authlib's ``authorize_redirect``, whose redirect we do not always send as is)."""
    client = _client(provider)
    _metadata(client, provider)
    return str(client.authorize_redirect(request, redirect_uri)["Location"])


def authorize_callback(request: HttpRequest, provider: ProviderSettings) -> dict[str, Any]:
    """The token response with ``userinfo``: the ID token's claims, every check passed."""
    client = _client(provider)
    metadata = _metadata(client, provider)
    # Authlib checks ``aud`` only when asked (without it, only ``azp`` would notice a token for
    # someone else, and not one that carries our client id as ``azp``): ask for both, essential.
    claims_options = {
        "iss": {"essential": True, "value": metadata["issuer"]},
        "aud": {"essential": True, "value": provider.client_id},
    }
    try:
        token = client.authorize_access_token(request, claims_options=claims_options)
    except requests.RequestException as exc:
        raise ProviderUnavailable(type(exc).__name__) from exc
    except (AuthlibBaseError, JoseError) as exc:
        # e.g. "invalid_claim aud", "expired_token", "mismatching_state", "access_denied"
        reason = getattr(exc, "error", None) or type(exc).__name__
        claim = getattr(exc, "claim", None)
        raise SignInRejected(f"{reason} {claim}" if claim else str(reason)) from exc
    if not token.get("userinfo"):
        raise SignInRejected("no_id_token")
    return token


def end_session_url(provider: ProviderSettings, *, id_token: str, post_logout_redirect_uri: str) -> str | None:
    """The provider's end-session URL (RP-initiated logout), when its discovery offers one."""
    client = _client(provider)
    try:
        metadata = _metadata(client, provider)
    except ProviderUnavailable:
        return None
    if not metadata.get("end_session_endpoint"):
        return None
    result = client.create_logout_url(
        post_logout_redirect_uri=post_logout_redirect_uri, id_token_hint=id_token, client_id=provider.client_id
    )
    return str(result["url"])
