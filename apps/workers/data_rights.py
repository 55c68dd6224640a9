"""Data rights: a worker's export of everything about them, and erasure by an org admin.

Each app contributes a section through ``apps.core.registry.register_data_section``: what
the worker authored or is recorded about them (export), and how to delete what they
authored while keeping, without their identity, what others need (erase).
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.core.capabilities import caps, require
from apps.core.registry import DATA_SECTIONS
from apps.teams.models import Membership


def _account(user: User) -> dict:
    return {
        "id": str(user.pk),
        "username": user.username,
        "display_name": user.display_name,
        "email": user.email,
        "organisation": user.organisation.name if user.organisation_id else None,
        "worker_kind": user.worker_kind,
        "status": user.status,
        "stepped_away_until": user.stepped_away_until.isoformat() if user.stepped_away_until else None,
        "contracted_hours_per_week": str(user.contracted_hours_per_week),
        "is_org_admin": user.is_org_admin,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
    }


def _memberships(user: User) -> list:
    return [
        {
            "team": m.team.name,
            "team_role": m.team_role,
            "joined_on": m.joined_on.isoformat(),
            "left_on": m.left_on.isoformat() if m.left_on else None,
        }
        for m in Membership.objects.filter(worker=user).select_related("team").order_by("joined_on")
    ]


@transaction.atomic
def export_worker_data(*, actor: User, request=None, via: str = "") -> dict:
    """Everything the worker authored and everything recorded about them, as one document.
    ``via`` labels the audit event when not signed in (``leaver link``)."""
    document = {
        "format": "pspteam-export/1",
        "exported_at": timezone.now().isoformat(),
        "account": _account(actor),
        "memberships": _memberships(actor),
    }
    for section in DATA_SECTIONS:
        document[section.name] = section.export(actor)
    audit_record(actor=actor, action=AuditEvent.Action.EXPORT, target=actor, subject=actor, request=request, detail=via)
    return document


@transaction.atomic
def worker_erase(*, actor: User, worker: User, request=None) -> User:
    """Erase a worker who has left: delete what they authored, anonymise their account, and
    keep what others need (e.g. sessions they were in) without their identity."""
    require(caps(actor).is_org_admin, "Only an org admin can erase a worker.")
    if worker.status != User.Status.LEFT:
        raise ValidationError({"status": "Only a worker who has left can be erased. Record that they left first."})
    if worker.username.startswith("erased-"):
        raise ValidationError({"status": "This worker has already been erased."})
    for section in DATA_SECTIONS:
        if section.erase is not None:
            section.erase(worker)

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from apps.workers.services import end_all_sign_ins

    end_all_sign_ins(worker)
    TOTPDevice.objects.filter(user=worker).delete()
    worker.username = f"erased-{uuid.uuid4().hex[:12]}"
    worker.display_name = "Erased worker"
    worker.email = ""
    worker.first_name = worker.last_name = ""
    worker.stepped_away_until = None
    worker.is_active = False
    worker.is_org_admin = False
    worker.set_unusable_password()
    worker.save()
    # The erasure itself is recorded; the subject is the (now anonymous) account.
    audit_record(actor=actor, action=AuditEvent.Action.ERASE, target=worker, subject=worker, request=request)
    return worker
