"""Reading the audit trail: org admins see their organisation's; a worker sees who read theirs."""

from django.db.models import QuerySet

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.audit.models import AuditEvent
from apps.core.capabilities import caps


def audit_events_visible_to(user: User) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.filter(organisation_id=org_id(user)).select_related("actor", "subject")
    if caps(user).is_org_admin:
        return qs
    # Everyone else: the record of who has read their own entries.
    return qs.filter(subject_id=user.pk, action=AuditEvent.Action.READ).exclude(actor_id=user.pk)


def readers_of_my_entries(user: User) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(subject_id=user.pk, action=AuditEvent.Action.READ)
        .exclude(actor_id=user.pk)
        .select_related("actor")
        .order_by("-at")
    )
