"""Verification codes: short enough to type from paper, random enough not to be guessed.

Twelve characters of Crockford's base 32 (no I, L, O or U, which are read as 1, 1, 0 or V) are
60 random bits; lookups are rate-limited per address (``throttle.py``), so guessing any code at
all would take longer than the codes are kept. What is typed is read forgivingly: any case,
spaces and dashes ignored, O read as 0 and I or L as 1.
"""

import hashlib
import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 12
_FORGIVE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_VALID = re.compile(rf"^[{ALPHABET}]{{{LENGTH}}}$")


def new_code() -> str:
    """``ABCD-EFGH-JKMN``: shown once, printed on the PDF, never stored."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def normalise(typed: str) -> str | None:
    """The code as stored-hashed, or ``None`` when ``typed`` cannot be a code at all."""
    if not isinstance(typed, str) or len(typed) > 40:
        return None
    compact = re.sub(r"[\s\-]", "", typed).upper().translate(_FORGIVE)
    return compact if _VALID.match(compact) else None


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()
