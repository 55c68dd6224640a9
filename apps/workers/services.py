"""Every write to a worker (account) goes through here."""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from apps.accounts.models import User
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.core.capabilities import caps, require
from apps.notifications.emails import send_templated_email

WORKER_EDITABLE_BY_MANAGER = {"display_name", "email", "worker_kind", "contracted_hours_per_week"}
WORKER_EDITABLE_BY_SELF = {"display_name", "email"}


def _validate_username(username: str) -> str:
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": "A username is required."})
    try:
        User.username_validator(username)
    except ValidationError as exc:
        raise ValidationError({"username": exc.messages}) from None
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": "That username is already taken."})
    return username


@transaction.atomic
def worker_create(
    *,
    actor,
    username: str,
    display_name: str,
    email: str = "",
    worker_kind: str = User.WorkerKind.PEER,
    contracted_hours_per_week: Decimal | int = 0,
    password: str | None = None,
    request=None,
) -> User:
    """Create a worker's account in the actor's organisation.

    With a password the worker can sign in at once; without one they are e-mailed a
    one-hour set-password link (Django's reset flow), sent after the commit.
    """
    require(caps(actor).can_create_workers(), "Only org admins and team managers can add people.")
    username = _validate_username(username)
    worker = User(
        organisation_id=actor.organisation_id,
        username=username,
        display_name=(display_name or "").strip() or username,
        email=(email or "").strip(),
        worker_kind=worker_kind,
        contracted_hours_per_week=contracted_hours_per_week,
    )
    if password:
        try:
            validate_password(password, user=worker)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
        worker.set_password(password)
    else:
        if not worker.email:
            raise ValidationError(
                {"email": "An e-mail address is needed to send the set-password link (or give a password)."}
            )
        worker.set_unusable_password()
    worker.full_clean(exclude=["password", "username"])
    worker.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=worker, subject=worker, request=request)
    if not password:
        transaction.on_commit(lambda: send_set_password_email(worker, invited_by=actor))
    return worker


def set_password_link(worker) -> str:
    uid = urlsafe_base64_encode(force_bytes(worker.pk))
    token = default_token_generator.make_token(worker)
    return settings.SITE_URL + reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token})


def send_set_password_email(worker, *, invited_by) -> None:
    send_templated_email(
        "set_password",
        to=worker.email,
        context={
            "worker": worker,
            "organisation": worker.organisation,
            "invited_by": invited_by,
            "link": set_password_link(worker),
        },
    )


@transaction.atomic
def worker_update(*, actor, worker: User, data: dict, request=None) -> User:
    """Change a worker's details. Managers (of the worker's teams) and org admins may change
    the work fields; a worker may change their own name and e-mail."""
    me = caps(actor)
    if me.manages_worker(worker.pk):
        allowed = WORKER_EDITABLE_BY_MANAGER
    elif worker.pk == actor.pk:
        allowed = WORKER_EDITABLE_BY_SELF
    else:
        allowed = set()
    require(bool(allowed), "Only this worker's managers or an org admin can change their details.")
    refused = sorted(set(data) - allowed)
    if refused:
        raise ValidationError({field: "You may not change this field." for field in refused})
    for field, value in data.items():
        setattr(worker, field, value.strip() if isinstance(value, str) else value)
    worker.full_clean(exclude=["password", "username"])
    worker.save(update_fields=[*data, "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=worker,
        subject=worker,
        request=request,
        detail=",".join(sorted(data)),
    )
    return worker


def end_all_sign_ins(worker: User) -> None:
    """End every browser session and API token of ``worker`` at once."""
    from django.contrib.sessions.models import Session
    from knox.models import AuthToken

    from apps.accounts.models import SignInSession

    keys = list(SignInSession.objects.filter(user=worker).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    SignInSession.objects.filter(user=worker).delete()
    AuthToken.objects.filter(user=worker).delete()


@transaction.atomic
def worker_mark_left(*, actor, worker: User, request=None) -> User:
    """A worker leaves the organisation: their account is deactivated and every session
    and token ends at once. Their records stay until an org admin erases them."""
    require(
        caps(actor).is_org_admin or caps(actor).manages_worker(worker.pk),
        "Only this worker's managers or an org admin can record that they left.",
    )
    if worker.pk == actor.pk:
        raise ValidationError({"worker": "You cannot deactivate your own account."})
    worker.status = User.Status.LEFT
    worker.is_active = False
    worker.save(update_fields=["status", "is_active", "updated_at"])
    end_all_sign_ins(worker)
    audit_record(
        actor=actor, action=AuditEvent.Action.UPDATE, target=worker, subject=worker, request=request, detail="left"
    )
    return worker
