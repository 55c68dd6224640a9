"""Writing the audit trail. Call inside the same transaction as the change it records.

Where a change came from (client address, request or task id, channel) is read from the audit
context (:mod:`apps.audit.context`), so no service ever takes the HTTP request.
"""

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.audit import partitions
from apps.audit.context import current
from apps.audit.models import AuditEvent


def _where_from() -> dict[str, Any]:
    """The address, request id and channel of the current request or task."""
    context = current()
    return {"ip_address": context.ip_address, "request_id": context.request_id, "via": context.via}


def audit_record(
    *, actor: User | None, action: str, target: models.Model, subject: User | None = None, detail: str = ""
) -> AuditEvent:
    """Append one event: ``actor`` did ``action`` to ``target`` (a model instance).

    ``subject`` is the person the record is about (its author); defaults to the
    target's ``author`` if it has one. ``detail`` is a short label, never content.
    """
    if subject is None:
        subject = getattr(target, "author", None)
    # An organisation's record carries its organisation; a person's (a User target) is the actor's.
    organisation_id = getattr(target, "organisation_id", None) or (actor.organisation_id if actor else None)
    assert organisation_id is not None, "operators (no organisation) never write to an organisation's trail"
    return AuditEvent.objects.create(
        organisation_id=organisation_id,
        actor=actor,
        action=action,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        subject=subject,
        detail=detail[:200],
        **_where_from(),
    )


def delete_past_retention(
    rows: Iterable[Any], *, detail: str, before_delete: Callable[[Any], None] | None = None
) -> int:
    """Delete each of ``rows`` (records of a worker, past their retention), each deletion audited
    with ``detail`` (no content) and no actor: the retention task, not a person, did it."""
    deleted = 0
    for row in rows:
        if before_delete is not None:
            before_delete(row)
        audit_record(actor=None, action=AuditEvent.Action.DELETE, target=row, subject=row.worker, detail=detail)
        row.delete()
        deleted += 1
    return deleted


def audit_read(*, actor: User, target: models.Model, subject: User | None = None) -> AuditEvent | None:
    """Record a read of a sensitive body by anyone other than its author."""
    subject = subject if subject is not None else getattr(target, "author", None)
    if subject is not None and subject.pk == actor.pk:
        return None
    return audit_record(actor=actor, action=AuditEvent.Action.READ, target=target, subject=subject)


def audit_reads(*, actor: User, targets: Iterable[Any], detail: str = "") -> list[AuditEvent]:
    """Record reads of many bodies at once (a list page or feed): one row naming them all (one
    per kind of record, for a page mixing kinds), not one row per body.

    Each target needs ``author_id`` (the subject) and ``organisation_id``; the actor's own
    records are skipped, as in :func:`audit_read`. A single record read this way is written
    like :func:`audit_read`'s (``target_id``/``subject``); two or more go to ``target_ids`` and
    ``subject_ids`` (the i-th subject is the i-th target's author).
    """
    by_kind: dict[tuple[str, Any], dict[Any, Any]] = {}
    for target in targets:  # a record shown twice on a page (under two headings) is one read
        if target.author_id != actor.pk:
            by_kind.setdefault((target._meta.label_lower, target.organisation_id), {})[target.pk] = target
    where_from = _where_from()
    events = [
        AuditEvent(
            organisation_id=organisation_id,
            actor=actor,
            action=AuditEvent.Action.READ,
            target_type=target_type,
            detail=detail[:200],
            **(
                {"target_id": shown[0].pk, "subject_id": shown[0].author_id}
                if len(shown) == 1
                else {"target_ids": [t.pk for t in shown], "subject_ids": [t.author_id for t in shown]}
            ),
            **where_from,
        )
        for (target_type, organisation_id), by_pk in by_kind.items()
        for shown in [list(by_pk.values())]
    ]
    return AuditEvent.objects.bulk_create(events) if events else []


def audit_retention_run(*, now: datetime | None = None) -> int:
    """Remove audit events older than ``AUDIT_RETENTION_DAYS``; how many. The only path allowed
    to remove them: on PostgreSQL whole months past the cutoff are dropped (partitions), then
    the rows past it in the month that straddles it are deleted — the append-only trigger lets
    deletes through only in this transaction."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    with transaction.atomic(), partitions.retention_privilege(), connection.cursor() as cursor:
        removed = partitions.drop_expired(cutoff)
        # Model.delete() refuses on purpose; a raw delete is the retention task's privilege. On
        # PostgreSQL "at < cutoff" touches only the straddling month and the default partition.
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE at < %s", [cutoff])  # noqa: S608
        removed += cursor.rowcount
    return removed
