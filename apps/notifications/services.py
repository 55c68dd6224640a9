"""Creating, reading and e-mailing notifications.

In-app first: a notification row is created in the caller's transaction, so it exists exactly
when the change that caused it does. E-mail second, through its own task
(``apps.notifications.tasks.send_notification_email``) with retries and backoff; its state
lives on the row (see ``apps/notifications/models.py``), so a failing e-mail can never lose
or duplicate the in-app notification. E-mails carry the notification's message (which never
holds sensitive text: only what happened or is due) and a link.

Names are never written into a message: callers put ``{actor}`` / ``{about}`` where a person's
name goes and pass the person (``actor=`` / ``about=``); the name is rendered when the message is
read (``Notification.message``), so renaming or erasing a person changes every message at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any, TypeVar
from uuid import UUID

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.db.models.functions import Now
from django.utils import timezone

from apps.accounts.models import User
from apps.notifications.emails import send_notification_email_message
from apps.notifications.models import PEOPLE, Notification
from apps.notifications.queue import publish, publish_many

# The tasks that call back into this module, by name (apps/notifications/tasks.py).
SEND_ONE = "apps.notifications.tasks.send_notification_email"
SEND_BATCH = "apps.notifications.tasks.send_notification_emails"

T = TypeVar("T")

logger = logging.getLogger(__name__)

# Kinds that are e-mailed as well as shown in-app when the caller does not say. The reminder
# kinds register themselves here (apps.reminders.registry); an app may add its own.
EMAILED_KINDS: set[str] = {"supervision_requested"}


def register_emailed_kind(*kinds: str) -> None:
    EMAILED_KINDS.update(kinds)


def _email_settings() -> dict[str, Any]:
    return {
        "lease": timedelta(seconds=settings.NOTIFICATION_EMAIL_LEASE_SECONDS),
        "redispatch": timedelta(seconds=settings.NOTIFICATION_EMAIL_REDISPATCH_SECONDS),
        "backoff": settings.NOTIFICATION_EMAIL_RETRY_BACKOFF,
        "backoff_max": settings.NOTIFICATION_EMAIL_RETRY_BACKOFF_MAX,
        "max_attempts": settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS,
    }


def _check_people(message: str, people: dict) -> None:
    """A placeholder without its person would render as "A former colleague" for ever: a
    programming error, caught where the notification is made."""
    for placeholder in PEOPLE:
        if "{" + placeholder + "}" in message and people.get(placeholder) is None:
            raise ValueError(f"The message names {{{placeholder}}} but no {placeholder}= was given: {message!r}")


def notification_build(
    *,
    recipient_id: UUID,
    organisation_id: UUID | None,
    kind: str,
    message: str,
    link: str,
    email: bool,
    now: datetime,
    id: UUID | None = None,
    actor_id: UUID | None = None,
    about_id: UUID | None = None,
) -> Notification:
    """An unsaved notification (for ``bulk_create``). An e-mail, if wanted, is due at ``now``:
    pass ``now + redispatch window`` when the caller publishes it itself right after commit
    (:func:`email_publishing_window`). ``message`` may hold ``{actor}`` / ``{about}``."""
    fields = {
        "organisation_id": organisation_id,
        "recipient_id": recipient_id,
        "kind": kind,
        "message_template": message[:300],
        "actor_id": actor_id,
        "about_id": about_id,
        "link": link,
        "email_status": Notification.EmailStatus.PENDING if email else Notification.EmailStatus.NONE,
        "email_next_attempt_at": now if email else None,
    }
    if id is not None:
        fields["id"] = id
    return Notification(**fields)


def notifications_create_many(rows: list[dict[str, Any]], *, now: datetime, email_due: datetime) -> list[UUID]:
    """Insert many notifications in one statement (the reminder scan's delivery step); returns
    the ids of those to e-mail. Each row: ``id``, ``organisation_id``, ``recipient_id``, ``kind``,
    ``message`` (may hold ``{actor}`` / ``{about}``), ``link``, ``email`` (bool), and optionally
    ``actor_id`` / ``about_id``. A row whose id exists already is skipped.

    PostgreSQL: ``INSERT … SELECT … FROM unnest(arrays)`` — one parameter per column rather than
    per value, which keeps thousands of rows cheap; elsewhere (SQLite) ``bulk_create``.
    """
    if not rows:
        return []
    # Not checked like notify(): one bad reminder kind must not stop a whole delivery batch; a
    # placeholder without its person reads "A former colleague".
    rows = [{"actor_id": None, "about_id": None, **row} for row in rows]
    if connection.vendor == "postgresql":
        columns = ("id", "organisation_id", "recipient_id", "kind", "message", "link", "email", "actor_id", "about_id")
        arrays = [[row[c] if c != "message" else row[c][:300] for row in rows] for c in columns]
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO notifications_notification (id, created_at, updated_at, organisation_id, recipient_id,"
                " kind, message_template, link, email_status, email_next_attempt_at, email_attempts,"
                " actor_id, about_id)"
                " SELECT x.id, %s, %s, x.organisation_id, x.recipient_id, x.kind, x.message, x.link,"
                " CASE WHEN x.email THEN 'pending' ELSE 'none' END, CASE WHEN x.email THEN %s::timestamptz END, 0,"
                " x.actor_id, x.about_id"
                " FROM unnest(%s::uuid[], %s::uuid[], %s::uuid[], %s::text[], %s::text[], %s::text[], %s::bool[],"
                " %s::uuid[], %s::uuid[])"
                " AS x(id, organisation_id, recipient_id, kind, message, link, email, actor_id, about_id)"
                " ON CONFLICT DO NOTHING",
                [now, now, email_due, *arrays],
            )
    else:
        Notification.objects.bulk_create(
            [
                notification_build(**{k: v for k, v in row.items() if k != "email"}, email=row["email"], now=email_due)
                for row in rows
            ],
            ignore_conflicts=True,
        )
    return [row["id"] for row in rows if row["email"]]


def email_publishing_window() -> timedelta:
    """How long a published e-mail is left to its task before the sweep publishes it again."""
    return _email_settings()["redispatch"]


def notify(
    *,
    recipient: User,
    kind: str,
    message: str,
    link: str = "",
    email: bool | None = None,
    actor: User | None = None,
    about: User | None = None,
) -> Notification:
    """Tell one user something happened. ``message`` must hold no sensitive content, and no
    person's name: write ``{actor}`` (who did it) or ``{about}`` (whom it concerns) and pass that
    person as ``actor=`` / ``about=``; the name is rendered when the message is read, e.g.
    ``notify(recipient=supervisor, kind=…, message="{actor} submitted a boundary note.", actor=author)``.

    ``email``: also e-mail it (default: if ``kind`` is in ``EMAILED_KINDS``) — only when the
    recipient has an address. The e-mail task is published after the surrounding transaction
    commits, without ever blocking on the broker; if it cannot be published, the e-mail waits
    in the database and the next reminder scan sends it.
    """
    _check_people(message, {"actor": actor, "about": about})
    wanted = (kind in EMAILED_KINDS if email is None else email) and bool(recipient.email)
    now = timezone.now()
    notification = notification_build(
        recipient_id=recipient.pk,
        organisation_id=recipient.organisation_id,
        kind=kind,
        message=message,
        link=link,
        email=wanted,
        actor_id=actor.pk if actor is not None else None,
        about_id=about.pk if about is not None else None,
        # Being published right now: the sweep leaves it alone unless that is lost.
        now=now + _email_settings()["redispatch"],
    )
    notification.save(force_insert=True)
    # The caller's objects, so that reading ``notification.message`` now costs no query.
    if actor is not None:
        notification.actor = actor
    if about is not None:
        notification.about = about
    if wanted:
        transaction.on_commit(lambda: _publish_email(notification.pk))
    return notification


def _publish_email(notification_id: UUID) -> None:
    if not publish(SEND_ONE, str(notification_id)):
        # Due at once: the next scan's sweep publishes it.
        Notification.objects.filter(pk=notification_id, email_status=Notification.EmailStatus.PENDING).update(
            email_next_attempt_at=Now()
        )


@transaction.atomic
def notification_mark_read(*, actor: User, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return notification


@transaction.atomic
def notification_mark_all_read(*, actor: User) -> int:
    """Mark every unread notification of ``actor`` read (one UPDATE); returns how many."""
    now = timezone.now()
    return Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True).update(read_at=now, updated_at=now)


@transaction.atomic
def notifications_resolve(
    *, recipient_ids: Iterable[UUID], kinds: Iterable[str], links: Iterable[str] | None = None
) -> int:
    """What these notifications asked for is done (a role agreed to, a question answered): mark
    the recipients' unread ones of ``kinds`` read — only those pointing at one of ``links`` when
    given — so they stop asking. One UPDATE; returns how many."""
    qs = Notification.objects.filter(recipient_id__in=list(recipient_ids), kind__in=list(kinds), read_at__isnull=True)
    if links is not None:
        qs = qs.filter(link__in=list(links))
    now = timezone.now()
    return qs.update(read_at=now, updated_at=now)


# --- e-mail delivery ------------------------------------------------------------------------


def notification_emails_dispatch(*, now: datetime, limit: int | None = None) -> int:
    """The sweep: publish send tasks (one per ``NOTIFICATION_EMAIL_BATCH``) for every pending
    e-mail that is due and not claimed; returns how many e-mails were handed to Celery.

    Claims the rows with ``SELECT … FOR UPDATE SKIP LOCKED`` and moves their next attempt past
    the redispatch window before publishing, so concurrent scans publish each e-mail once;
    whatever cannot be published is made due again at once. Two queries, however many rows.
    """
    conf = _email_settings()
    with transaction.atomic():
        rows = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(email_status=Notification.EmailStatus.PENDING, email_next_attempt_at__lte=now)
            .filter(Q(email_claimed_until__isnull=True) | Q(email_claimed_until__lt=now))
            .order_by("email_next_attempt_at")
            .values_list("id", flat=True)
        )
        ids = list(rows[:limit] if limit else rows)
        if ids:
            Notification.objects.filter(pk__in=ids).update(email_next_attempt_at=now + conf["redispatch"])
    return notification_emails_publish(ids, now=now)


def _batches(ids: list[UUID], size: int | None = None) -> list[tuple[list[str]]]:
    """``ids`` as the argument tuples of one batch task each."""
    size = size or settings.NOTIFICATION_EMAIL_BATCH
    return [([str(pk) for pk in ids[i : i + size]],) for i in range(0, len(ids), size)]


def notification_emails_publish(ids: list[UUID], *, now: datetime) -> int:
    """Publish send tasks for ``ids`` (whose next attempt the caller has already moved past the
    redispatch window), ``NOTIFICATION_EMAIL_BATCH`` per task; whatever cannot be published is
    made due again at ``now`` (one UPDATE, only then). Returns how many were published."""
    chunks = _batches(ids)
    published = sum(len(chunk[0]) for chunk in chunks[: publish_many(SEND_BATCH, chunks)])
    if published < len(ids):
        Notification.objects.filter(pk__in=ids[published:], email_status=Notification.EmailStatus.PENDING).update(
            email_next_attempt_at=now
        )
    return published


def _backoff(attempts: int, conf: dict[str, Any]) -> int:
    return int(min(conf["backoff"] * 2 ** max(attempts - 1, 0), conf["backoff_max"]))


def notification_email_send(notification_id: UUID | str) -> tuple[str, int]:
    """Send one notification's e-mail; ``(outcome, retry_in_seconds)``.

    Delivery is **at least once**, never silently lost, and a duplicate is recognisable:

    1. Claim: lock the row (``SKIP LOCKED``) if its e-mail is pending and nobody holds a live
       lease (compared with the database clock), and take the lease.
    2. Send, outside any transaction, with a ``Message-ID`` fixed per notification.
    3. Mark it sent (``email_sent_at`` is set once: only a pending row is updated); a failing
       mark is retried for a few seconds (a database restart).
    A worker that dies between 1 and 3, or a mark that still fails (database down for longer),
    leaves the e-mail pending under a lease that expires; the sweep then sends it again. SMTP
    cannot be asked whether it already took a message, so that second send is a duplicate, with
    the same ``Message-ID`` so that mail systems and clients that deduplicate drop it. That
    window (between the SMTP server's "250 OK" and one UPDATE) is the only way to get two.

    A failed send releases the lease and schedules the next attempt in the database
    (``email_next_attempt_at``, exponential backoff) until ``NOTIFICATION_EMAIL_MAX_ATTEMPTS``;
    the sweep (``dispatch_due_emails``, every ``NOTIFICATION_EMAIL_SWEEP_INTERVAL``) publishes
    it when due. No retry waits on a worker: a worker holding delayed messages is what a Redis
    outage used to kill (pspteam/broker.py). The in-app notification is never touched.
    """
    conf = _email_settings()
    pending = Notification.EmailStatus.PENDING
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient", "actor", "about")
            .filter(pk=notification_id, email_status=pending)
            .filter(Q(email_claimed_until__isnull=True) | Q(email_claimed_until__lt=Now()))
            .first()
        )
        if notification is None:
            return "skipped", 0  # already sent or failed, or another worker holds the lease
        Notification.objects.filter(pk=notification.pk).update(
            email_claimed_until=Now() + conf["lease"], email_attempts=F("email_attempts") + 1
        )
        attempts = notification.email_attempts + 1
    mine = Notification.objects.filter(pk=notification.pk, email_status=pending)
    if not notification.recipient.email or not notification.recipient.is_active:
        mine.update(email_status=Notification.EmailStatus.NONE, email_claimed_until=None, email_next_attempt_at=None)
        return "skipped", 0
    try:
        send_notification_email_message(notification)
    except Exception as exc:  # noqa: BLE001 - SMTP and backends fail in many ways; all are retried
        if attempts >= conf["max_attempts"]:
            mine.update(email_status=Notification.EmailStatus.FAILED, email_claimed_until=None)
            logger.error("e-mail for notification %s failed %s times; giving up (%s)", notification.pk, attempts, exc)
            return "failed", 0
        countdown = _backoff(attempts, conf)
        mine.update(email_claimed_until=None, email_next_attempt_at=Now() + timedelta(seconds=countdown))
        logger.warning(
            "e-mail for notification %s failed (attempt %s), next attempt in %ss: %s",
            notification.pk,
            attempts,
            countdown,
            type(exc).__name__,
        )
        return "retry", countdown
    _retrying_on_database_errors(
        lambda: mine.update(
            email_status=Notification.EmailStatus.SENT,
            email_sent_at=Now(),
            email_claimed_until=None,
            email_next_attempt_at=None,
        )
    )
    return "sent", 0


# Delays between tries of the "sent" mark after a successful send: about ten seconds in all,
# enough for a database restart or failover, short next to the task's time limit.
MARK_SENT_RETRY_DELAYS = (0.5, 1, 2, 3, 4)


def _retrying_on_database_errors(write: Callable[[], T]) -> T:
    """Run ``write()``; on a database error, drop the broken connection and try again after
    each of ``MARK_SENT_RETRY_DELAYS``. The last error is raised."""
    for delay in (*MARK_SENT_RETRY_DELAYS, None):
        try:
            return write()
        except DatabaseError:
            connection.close_if_unusable_or_obsolete()
            if delay is None:
                raise
            time.sleep(delay)
    raise AssertionError("unreachable: the last try returns or raises")
