"""Sign-in lockout (django-axes): per account whatever the source address, plus a separate,
higher limit per address.

* **Per account.** ``AXES_FAILURE_LIMIT`` failures for one username within the cool-off lock
  that account, from every address, on the sign-in page and the token endpoint alike; the
  password is not even checked while it is locked. Spreading guesses over many addresses (or a
  spoofed ``X-Forwarded-For``) gains nothing. The owner is told once per lockout, in the app and
  by e-mail (no address, no username, nothing secret).
* **Per address.** ``AXES_ADDRESS_FAILURE_LIMIT`` failures from one client address, whatever
  the usernames, lock that address. It is higher than the per-account limit because a whole
  office may sign in from one address. The client address comes from
  :func:`apps.core.client_address.client_ip` (``TRUSTED_PROXY_COUNT``).

axes compares one count with one limit, so :meth:`LockoutHandler.get_failures` reports the
account's failures, or the account limit itself when the address is over its own limit.
"""

import unicodedata

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.db.models import Q, Sum
from django.dispatch import Signal
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse

from apps.accounts.models import User

ACCOUNT_LOCKED = "account_locked"  # notification kind


def username_key(request, credentials=None) -> str | None:
    """The username failures are counted under (``AXES_USERNAME_CALLABLE``): NFKC-folded and
    case-folded, so that ``PAT`` or a full-width ``ｐａｔ`` count against ``pat``."""
    if credentials:
        raw = credentials.get("username")
    else:
        raw = getattr(request, "data", request.POST).get("username")
    if not isinstance(raw, str):
        return None
    return unicodedata.normalize("NFKC", raw).casefold().strip()


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        address = request.axes_ip_address
        attempts = AccessAttempt.objects.filter(Q(username=username) | Q(ip_address=address))
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        # One query for both counts.
        counts = attempts.aggregate(
            account=Sum("failures_since_start", filter=Q(username=username)),
            address=Sum("failures_since_start", filter=Q(ip_address=address)),
        )
        by_account, by_address = counts["account"] or 0, counts["address"] or 0
        request.pspteam_account_locked = username is not None and by_account >= settings.AXES_FAILURE_LIMIT
        if address is not None and by_address >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return max(by_account, settings.AXES_FAILURE_LIMIT)
        return by_account

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful sign-in clears that account's failures only. axes would also clear every
        failure from the address, which would let someone holding one account reset their
        guesses at everybody else's by signing in to their own now and then."""
        username = get_client_username(request, credentials)
        if username is None:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is not None and getattr(request, "pspteam_account_locked", False):
            account_locked_notify(username=(credentials or {}).get("username") or "")


# Sent (inside the transaction that holds the owner's row lock) when an account becomes locked.
# accounts sits below notifications, so it says what happened and notifications decides how the
# owner is told (in the app and by e-mail, at most once per ``repeat_after``). Arguments:
# ``user``, ``kind``, ``message`` (nothing secret), ``link``, ``repeat_after`` (a timedelta or None).
account_locked = Signal()


@transaction.atomic
def account_locked_notify(*, username: str) -> None:
    """Tell the owner of a locked account, once per cool-off period (later failures while it is
    locked extend the lock but do not send more). Operators without an organisation get no
    in-app notification, so nothing is sent to them."""
    # The row lock serialises concurrent failures, so that exactly one of them notifies.
    user = (
        User.objects.select_for_update()
        .filter(username__iexact=username, is_active=True, organisation__isnull=False)
        .first()
    )
    if user is None:
        return
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = int(cool_off.total_seconds() // 60) if cool_off is not None else None
    unlock = f"It unlocks by itself after {minutes} minutes" if minutes else "An org admin can unlock it"
    account_locked.send(
        sender=LockoutHandler,
        user=user,
        kind=ACCOUNT_LOCKED,
        message=(
            f"Your pspteam account was locked after {settings.AXES_FAILURE_LIMIT} failed sign-in attempts. "
            f"{unlock}. If this was not you, someone may be guessing your password: tell your org admin, "
            "and change your password once you are signed in."
        ),
        link=reverse("accounts:password-change"),
        repeat_after=cool_off,
    )


def lockout_response(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: JSON for the API, a page otherwise; both 429."""
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = int(cool_off.total_seconds() // 60) if cool_off is not None else None
    if request.path.startswith("/api/"):
        wait = f"Try again in {minutes} minutes." if minutes else "Ask an org admin to unlock the account."
        retry = {"Retry-After": str(int(cool_off.total_seconds()))} if cool_off else {}  # docs/api.md
        return JsonResponse({"detail": f"Too many failed sign-in attempts. {wait}"}, status=429, headers=retry)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
