"""A worker's request that their data be erased (SPEC §2 "export own data / request erasure":
the worker asks, an org admin carries it out with ``data_rights.worker_erase``)."""

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.core.capabilities import caps, require
from apps.core.readable import Readable
from apps.notifications.services import notify
from apps.workers.models import ErasureRequest


def my_erasure_request(user: User) -> ErasureRequest | None:
    """The user's waiting request, if they made one."""
    return ErasureRequest.objects.filter(worker_id=user.pk).first()


@transaction.atomic
def erasure_request(*, actor: User) -> tuple[ErasureRequest, bool]:
    """The worker asks for their data to be erased: ``(request, created)``.

    Every org admin of their organisation is told (in the app; the message names the worker only
    when read) and the request is audited. Asking again, or twice at once, finds the same waiting
    request and tells nobody again: the worker's row is locked first.
    """
    User.objects.select_for_update().filter(pk=actor.pk).first()
    existing = my_erasure_request(actor)
    if existing is not None:
        return existing, False
    request = ErasureRequest.objects.create(organisation_id=org_id(actor), worker=actor)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=request, subject=actor, detail="erasure_request")
    admins = User.objects.filter(organisation_id=org_id(actor), is_org_admin=True, is_active=True).exclude(pk=actor.pk)
    for admin in admins:
        notify(
            recipient=admin,
            kind="erasure_requested",
            message="{actor} asked for their data to be erased.",
            actor=actor,
            link=reverse("workers:erasure-requests"),
        )
    return request, True


def erasure_requests_waiting(user: User) -> QuerySet[ErasureRequest]:
    """Org admins: the requests of their organisation waiting to be carried out, oldest first."""
    require(caps(user).is_org_admin, "Only an org admin sees erasure requests.")
    return ErasureRequest.objects.filter(organisation_id=org_id(user)).select_related("worker").order_by("created_at")


def is_org_admin(user: User) -> bool:
    """Who sees the header link to erasure requests: org admins (no query on every page)."""
    return caps(user).is_org_admin


def erasure_requests_erase(worker: User) -> None:
    """Erasure carried out: the request goes with the rest of the worker's data."""
    ErasureRequest.objects.filter(worker=worker).delete()


def erasure_requests_export(user: User) -> dict[str, str]:
    request = my_erasure_request(user)
    return {"requested_at": request.created_at.isoformat()} if request else {}


READABLE = Readable(
    title="Erasure request",
    labels={"requested_at": "You asked for your data to be erased on"},
)
