"""Single sign-on in the browser: the real OpenID provider's fixtures (``tests/sso/provider.py``)."""

from tests.sso.provider import _fresh_claims, idp, idp_to_stop  # noqa: F401 - fixtures
