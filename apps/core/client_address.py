"""The client's network address, for sign-in lockout, throttling and the audit trail.

Behind reverse proxies every request arrives from the nearest proxy, so the client's address
has to be read from ``X-Forwarded-For``; but any client can send that header, so it is believed
only as far as ``TRUSTED_PROXY_COUNT`` proxies stand in front of the app (default 0: the header
is ignored and the peer address is used). Each trusted proxy appends the address it received the
request from, so the client is the N-th entry from the right; anything further left was written
by the client itself and is never used. Parsing is python-ipware's.
"""

from django.conf import settings
from python_ipware import IpWare


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    # python-ipware counts the proxies listed *in* the header; the nearest proxy is the peer
    # (REMOTE_ADDR) and is not listed, hence N - 1. A header with fewer entries than that (a
    # request that bypassed the outer proxies) falls back to the peer address.
    ip, _ = IpWare(precedence=("HTTP_X_FORWARDED_FOR",), proxy_count=proxies - 1).get_client_ip(request.META)
    return str(ip) if ip is not None else remote
