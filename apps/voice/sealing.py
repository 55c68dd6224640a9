"""Sealing what waits in the voice buffer, so that a copy of the database cannot read it.

A buffered answer or message is written while its author's request runs, so the database
(its transaction ids, WAL, backups) can place it next to the author's other writes of that
moment — their participation row, their session. Sealed, the buffer row says only what the
participation row already says: that they answered. The mixing task opens the seals and
writes the plain rows in one batch with no link to anyone (see ``services``).

* AES-256-GCM (``cryptography``), a fresh random 96-bit nonce per seal; no timestamp inside
  (a Fernet token would carry its creation time in clear).
* The key is derived (HKDF-SHA256) from ``SECRET_KEY``, never stored in the database; seals made
  under a key in ``SECRET_KEY_FALLBACKS`` still open, so a key rotation loses nothing.
* Padded to a fixed size per kind, so a ciphertext's length does not tell a long message from a
  short one (which the released batch would then match).
* Bound to its place (``context``: the pulse or team id and the kind), so a sealed answer moved
  to another pulse does not open.
"""

import json
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

NONCE_BYTES = 12
# Plaintext frame sizes: a 4-byte length, the payload, zero padding. Feedback holds at most
# 2,000 characters of at most 4 UTF-8 bytes each.
FRAME = {"answer": 32, "feedback": 8192, "group": 1024}


class SealError(Exception):
    """A seal that does not open with any current key (tampered, moved, or its key retired)."""


def _key(secret: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"pspteam voice buffer v1").derive(
        secret.encode()
    )


def _keys() -> list[bytes]:
    return [_key(s) for s in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]]


def _aad(kind: str, context) -> bytes:
    return f"{kind}:{context}".encode()


def seal(kind: str, context, payload: bytes) -> bytes:
    size = FRAME[kind]
    if len(payload) > size - 4:
        raise ValueError(f"{kind} payload of {len(payload)} bytes does not fit its {size}-byte frame")
    frame = struct.pack(">I", len(payload)) + payload + bytes(size - 4 - len(payload))
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(_keys()[0]).encrypt(nonce, frame, _aad(kind, context))


def unseal(kind: str, context, sealed: bytes) -> bytes:
    sealed = bytes(sealed)
    nonce, body = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
    for key in _keys():
        try:
            frame = AESGCM(key).decrypt(nonce, body, _aad(kind, context))
        except InvalidTag:
            continue
        (length,) = struct.unpack(">I", frame[:4])
        return frame[4 : 4 + length]
    raise SealError(f"a sealed {kind} did not open")


def seal_answer(pulse_id, values) -> bytes:
    return seal("answer", pulse_id, bytes(values))


def unseal_answer(pulse_id, sealed) -> tuple[int, ...]:
    return tuple(unseal("answer", pulse_id, sealed))


def seal_feedback(team_id, body: str) -> bytes:
    return seal("feedback", team_id, body.encode("utf-8"))


def unseal_feedback(team_id, sealed) -> str:
    return unseal("feedback", team_id, sealed).decode("utf-8")


def seal_group_answer(pulse_id, payload: dict) -> bytes:
    """A group pulse's answer with its breakdown tags (``group_services``), as compact JSON."""
    return seal("group", pulse_id, json.dumps(payload, separators=(",", ":"), sort_keys=True).encode())


def unseal_group_answer(pulse_id, sealed) -> dict:
    return json.loads(unseal("group", pulse_id, sealed))
