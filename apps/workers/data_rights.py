"""Data rights: a worker's export of everything about them, and erasure by an org admin.

Each app contributes a section through ``apps.core.registry.register_data_section`` from its
``AppConfig.ready()`` (the account from accounts, memberships from teams, and so on): what the
worker authored or is recorded about them (export), and how to delete what they authored while
keeping, without their identity, what others need (erase). This module only collects them.
"""

import re
import uuid

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.models import User
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.core.capabilities import caps, require
from apps.core.registry import DATA_SECTIONS
from apps.workers.models import EmailChange
from apps.workers.services import end_all_sign_ins


@transaction.atomic
def export_worker_data(*, actor: User, via: str = "") -> dict:
    """Everything the worker authored and everything recorded about them, as one document.
    ``via`` labels the audit event when not signed in (``leaver link``)."""
    document = {
        "format": "pspteam-export/1",
        "exported_at": timezone.now().isoformat(),
    }
    for section in DATA_SECTIONS:
        document[section.name] = section.export(actor)
    audit_record(actor=actor, action=AuditEvent.Action.EXPORT, target=actor, subject=actor, detail=via)
    return document


ERASED_NAME = "Erased worker"


def _erase_traces_of_names(worker: User) -> None:
    """Where the account's name, username or addresses were written down outside the account:
    sign-in records (kept by django-axes under the username typed), e-mail changes (the new
    address), and Django-admin history (``object_repr`` is the name at the time of the edit).
    Notifications and the audit trail need nothing: they link people by id and render names
    when read. Runs before the account is renamed, so the old values are still known."""
    EmailChange.objects.filter(user=worker).delete()
    typed = [value for value in (worker.username, worker.email) if value]
    if apps.is_installed("axes") and typed:
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            match = Q()
            for value in typed:
                match |= Q(username__iexact=value)
            model.objects.filter(match).delete()
    user_type = ContentType.objects.get_for_model(User)
    LogEntry.objects.filter(content_type=user_type, object_id=str(worker.pk)).update(object_repr=ERASED_NAME)
    # Other objects' history may carry the name too (e.g. "Quillon in Riverside"): replaced as
    # a whole word only, so a short name ("Al") leaves "Alder ward" alone. The same name of
    # someone in another organisation is rewritten there as well: admin history is a label, and
    # a label that over-erases is the safe side. In Python, as SQLite has no regexp_replace.
    # Longest first: the username may be a word of the display name ("pat" in "Pat Peer").
    for name in sorted({worker.display_name, worker.username} - {""}, key=len, reverse=True):
        word = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
        entries = list(LogEntry.objects.filter(object_repr__icontains=name).only("pk", "object_repr"))
        changed = [e for e in entries if word.search(e.object_repr)]
        for entry in changed:
            entry.object_repr = word.sub(ERASED_NAME, entry.object_repr)
        LogEntry.objects.bulk_update(changed, ["object_repr"])


@transaction.atomic
def worker_erase(*, actor: User, worker: User) -> User:
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

    end_all_sign_ins(worker)
    TOTPDevice.objects.filter(user=worker).delete()
    _erase_traces_of_names(worker)
    worker.username = f"erased-{uuid.uuid4().hex[:12]}"
    worker.display_name = ERASED_NAME
    worker.email = ""
    worker.first_name = worker.last_name = ""
    worker.employee_number = worker.job_title = ""
    worker.stepped_away_until = None
    worker.is_active = False
    worker.is_org_admin = False
    worker.set_unusable_password()
    worker.save()
    # The erasure itself is recorded; the subject is the (now anonymous) account.
    audit_record(actor=actor, action=AuditEvent.Action.ERASE, target=worker, subject=worker)
    return worker
