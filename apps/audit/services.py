"""Writing the audit trail. Call inside the same transaction as the change it records."""

from apps.audit.context import current
from apps.audit.models import AuditEvent


def _where_from() -> dict:
    """The address, request id and channel of the current request or task (the audit context;
    services never see the request)."""
    context = current()
    return {"ip_address": context.ip_address, "request_id": context.request_id, "via": context.via}


def audit_record(*, actor, action: str, target, subject=None, request=None, detail: str = "") -> AuditEvent:
    """Append one event: ``actor`` did ``action`` to ``target`` (a model instance).

    ``subject`` is the person the record is about (its author); defaults to the
    target's ``author`` if it has one. ``detail`` is a short label, never content. Address,
    request id and channel come from the audit context (``request`` is ignored; the parameter
    goes once no caller passes it).
    """
    if subject is None:
        subject = getattr(target, "author", None)
    return AuditEvent.objects.create(
        organisation_id=target.organisation_id if hasattr(target, "organisation_id") else actor.organisation_id,
        actor=actor,
        action=action,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        subject=subject,
        detail=detail[:200],
        **_where_from(),
    )


def audit_read(*, actor, target, request=None, subject=None) -> AuditEvent | None:
    """Record a read of a sensitive body by anyone other than its author."""
    subject = subject if subject is not None else getattr(target, "author", None)
    if subject is not None and subject.pk == actor.pk:
        return None
    return audit_record(actor=actor, action=AuditEvent.Action.READ, target=target, subject=subject, request=request)


def audit_reads(*, actor, targets, request=None, detail: str = "") -> list[AuditEvent]:
    """Record reads of many bodies at once (a list page or feed): one INSERT, not one per row.

    Each target needs ``author_id`` (the subject) and ``organisation_id``; the actor's own
    records are skipped, as in :func:`audit_read`.
    """
    where_from = _where_from()
    events = [
        AuditEvent(
            organisation_id=target.organisation_id,
            actor=actor,
            action=AuditEvent.Action.READ,
            target_type=target._meta.label_lower,
            target_id=target.pk,
            subject_id=target.author_id,
            detail=detail[:200],
            **where_from,
        )
        for target in targets
        if target.author_id != actor.pk
    ]
    return AuditEvent.objects.bulk_create(events) if events else []


def audit_retention_run(*, now=None) -> int:
    """Delete audit events older than ``AUDIT_RETENTION_DAYS``. The only path allowed to delete
    them: on PostgreSQL the trigger lets deletes through only in this transaction."""
    from datetime import timedelta

    from django.conf import settings
    from django.db import connection, transaction
    from django.db.models.sql import DeleteQuery
    from django.utils import timezone

    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL pspteam.audit_retention = 'on'")
        pks = list(AuditEvent.objects.filter(at__lt=cutoff).values_list("pk", flat=True))
        # Model.delete() refuses on purpose; a raw delete query is the retention task's privilege.
        deleted = DeleteQuery(AuditEvent).delete_batch(pks, using="default") if pks else 0
    return deleted
