"""A worker who has left keeps, for ``LEAVER_EXPORT_DAYS`` (30), a link to download their own data.

The link is sent to them by e-mail when they are recorded as having left. It is **not a sign-in**:
it serves one thing, the worker's data-rights export (the readable page and its JSON), and nothing
else — no session is created, no other page opens. It is a signed token (Django's ``signing``,
with a salt of its own so no other token of the site is accepted here) carrying:

* the worker's id — it must be the id in the URL, so a link never serves another person; and
* a digest of the account's state (username, password hash, status) — erasure changes the
  username and the password, and a worker who is made active again changes status, so the link
  stops working then, without any table of issued links.

It expires ``LEAVER_EXPORT_DAYS`` after it was issued (the signature's timestamp). Each use is
an audited export (``apps.workers.data_rights.export_worker_data``, detail ``leaver link``).

Like any link sent by e-mail, it is a bearer credential for as long as it lives: whoever holds
it can download that worker's export. It is sent only to the worker's own address.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from apps.accounts.models import User
from apps.notifications.emails import send_templated_email

SALT = "pspteam.workers.leaver-export"


def link_lifetime() -> timedelta:
    return timedelta(days=settings.LEAVER_EXPORT_DAYS)


def _state(worker: User) -> str:
    """Changes when the account is erased (username, password) or made active again (status)."""
    value = f"{worker.pk}|{worker.username}|{worker.password}|{worker.status}|{worker.is_active}"
    return salted_hmac(SALT, value).hexdigest()[:24]


def export_token(worker: User) -> str:
    return signing.dumps({"w": str(worker.pk), "s": _state(worker)}, salt=SALT)


def export_url(worker: User, token: str, *, absolute: bool = True) -> str:
    path = reverse("workers:leaver-export", kwargs={"worker_id": worker.pk, "token": token})
    return settings.SITE_URL + path if absolute else path


def worker_for_export_token(worker_id, token: str) -> tuple[User, datetime] | None:
    """The worker a valid, unexpired link is for, and when it expires; ``None`` otherwise
    (tampered, expired, for another id, or the account was erased or is active again)."""
    lifetime = link_lifetime()
    try:
        payload = signing.loads(token, salt=SALT, max_age=lifetime)
    except (signing.BadSignature, ValueError):  # SignatureExpired is a BadSignature
        return None
    if not isinstance(payload, dict) or payload.get("w") != str(worker_id):
        return None
    worker = User.objects.filter(pk=worker_id).select_related("organisation").first()
    if worker is None or worker.status != User.Status.LEFT or worker.is_active:
        return None
    if not constant_time_compare(str(payload.get("s", "")), _state(worker)):
        return None
    return worker, _issued_at(token) + lifetime


def _issued_at(token: str) -> datetime:
    """The signature's timestamp (``signing.dumps`` puts it before the signature)."""
    _value, stamp, _signature = token.rsplit(":", 2)
    return datetime.fromtimestamp(signing.b62_decode(stamp), tz=timezone.get_current_timezone())


def send_leaving_email(worker: User) -> None:
    """Tell the worker they have left and send them the link (nothing private in the mail)."""
    if not worker.email:
        return
    token = export_token(worker)
    send_templated_email(
        "worker_left",
        to=worker.email,
        context={
            "worker": worker,
            "organisation": worker.organisation,
            "link": export_url(worker, token),
            "expires_on": (_issued_at(token) + link_lifetime()).date(),
        },
    )
