"""Text rules shared by the API's parsing and its schema."""


def _whitespace_class() -> str:
    r"""Every character ``str.strip()`` removes (all in the Basic Multilingual Plane), as the body
    of a regex class written in escapes that ECMA 262 (the OpenAPI dialect) and Python read alike.

    ``\s`` does not do: ECMA's leaves out ``\x1c``-``\x1f`` and ``\x85``, which Python strips, and
    a validator reading the pattern as ASCII (schemathesis does) leaves out the no-break space."""
    runs: list[list[int]] = []
    for code in range(0x10000):
        if not chr(code).isspace():
            continue
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "".join(f"\\u{low:04x}" if low == high else f"\\u{low:04x}-\\u{high:04x}" for low, high in runs)


# A pattern matching a value that keeps a character once trimmed: what the server takes where it
# trims text and refuses it blank (DRF's CharField; the Idempotency-Key header). Without it "   "
# or a lone no-break space meets ``minLength: 1`` and is still refused as blank.
NOT_ONLY_SPACES = f"[^{_whitespace_class()}]"

# An e-mail address as Django's ``EmailValidator`` takes it (dot-atom local part; domain labels of
# letters, digits and inner hyphens; a last label of 2 to 63 letters or a punycode one), which JSON Schema's ``email``
# format does not say: "0@0.a" meets the format and is refused. Quoted local parts, IDN and
# literal domains, which Django also takes, are left out (a narrower pattern only asks for less).
_ATOM = r"[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+"
EMAIL_PATTERN = (
    rf"^{_ATOM}(?:\.{_ATOM})*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{{0,61}}[A-Za-z0-9])?\.)+"
    r"(?:[A-Za-z][A-Za-z-]{0,61}[A-Za-z]|xn--[A-Za-z0-9]{1,59})$"
)
