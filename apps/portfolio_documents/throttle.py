"""Rate limit on verification lookups, per client address (the project's DRF throttle, with the
address read as the sign-in lockout reads it: ``apps.core.client_address``, behind
``TRUSTED_PROXY_COUNT`` proxies). Every lookup counts, found or not: someone trying codes gets
``PORTFOLIO_VERIFY_RATE`` tries, then a 429 until the window passes."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from apps.core.client_address import client_ip


class VerificationThrottle(SimpleRateThrottle):
    scope = "portfolio_verification"

    def get_rate(self) -> str:
        return settings.PORTFOLIO_VERIFY_RATE

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request) or "unknown"}


def allowed(request) -> tuple[bool, int]:
    """``(allowed, seconds to wait)`` for one more lookup from this address."""
    throttle = VerificationThrottle()
    if throttle.allow_request(request, None):  # type: ignore[arg-type]  # a page, not an APIView: the view is unused
        return True, 0
    return False, int(throttle.wait() or 60) + 1
