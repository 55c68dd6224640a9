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
    return qs.about_subject(user.pk).filter(action=AuditEvent.Action.READ).exclude(actor_id=user.pk)


def readers_of_my_entries(user: User) -> QuerySet[AuditEvent]:
    """Reads of ``user``'s records by others, newest first: rows naming them alone
    (audit_subject_at_idx) or among a list page's records (the GIN index on subject_ids)."""
    return (
        AuditEvent.objects.about_subject(user.pk)
        .filter(action=AuditEvent.Action.READ)
        .exclude(actor_id=user.pk)
        .select_related("actor")
        .order_by("-at")
    )
