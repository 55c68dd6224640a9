"""The client secret at rest: Fernet (AES-128-CBC + HMAC) with a key derived from
``SSO_SECRET_KEY`` (or ``SECRET_KEY`` when that is not set). Changing that key means entering
the client secret again on the settings page; the stored one can no longer be opened."""

import base64
import hashlib
import os

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _cipher() -> Fernet:
    material = settings.SSO_SECRET_KEY or settings.SECRET_KEY
    key = hashlib.sha256(b"pspteam.sso.client-secret\0" + material.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(secret: str) -> str:
    return _cipher().encrypt(secret.encode()).decode()


def unseal(sealed: str) -> str | None:
    try:
        return _cipher().decrypt(sealed.encode()).decode()
    except InvalidToken:
        return None


def client_secret(*, sealed: str, env_name: str) -> str | None:
    """The secret to send to the provider: the environment variable when one is named, else the
    stored one. ``None`` when neither can be read (unset variable, key changed)."""
    if env_name:
        return os.environ.get(env_name) or None
    return unseal(sealed) if sealed else None
