"""Writing the audit trail. Call inside the same transaction as the change it records."""

from apps.audit.models import AuditEvent
from apps.core import client_address


def client_ip(request) -> str | None:
    """The client's address: ``X-Forwarded-For`` only as far as ``TRUSTED_PROXY_COUNT`` proxies
    stand in front (anyone can write that header), else the peer address."""
    if request is None:
        return None
    return client_address.client_ip(request)


def audit_record(*, actor, action: str, target, subject=None, request=None, detail: str = "") -> AuditEvent:
    """Append one event: ``actor`` did ``action`` to ``target`` (a model instance).

    ``subject`` is the person the record is about (its author); defaults to the
    target's ``author`` if it has one. ``detail`` is a short label, never content.
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
        ip_address=client_ip(request),
        detail=detail[:200],
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
    ip = client_ip(request)
    events = [
        AuditEvent(
            organisation_id=target.organisation_id,
            actor=actor,
            action=AuditEvent.Action.READ,
            target_type=target._meta.label_lower,
            target_id=target.pk,
            subject_id=target.author_id,
            ip_address=ip,
            detail=detail[:200],
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
