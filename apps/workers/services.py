"""Every write to a worker (account) goes through here."""

import hashlib
import logging
import secrets
from datetime import timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from apps.accounts import names
from apps.accounts.models import Organisation, User, validate_time_zone
from apps.accounts.scope import org_id
from apps.accounts.sign_ins import sign_ins_end
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.core.capabilities import caps, forget_caps, require
from apps.core.integrity import unique_rules
from apps.notifications.emails import send_templated_email
from apps.workers.leaving import send_leaving_email
from apps.workers.leaving_hooks import run_leaving_hooks
from apps.workers.models import EmailChange

logger = logging.getLogger(__name__)

# Work details a team manager (or an org admin) may change for people in their teams.
WORKER_WORK_FIELDS = {"worker_kind", "contracted_hours_per_week", "job_title"}
# Who someone is: only an org admin changes these for another person (separation of duties).
WORKER_IDENTITY_FIELDS = {"display_name", "email", "employee_number"}
MAX_EMPLOYEE_NUMBER = 40
MAX_JOB_TITLE = 200
EMAIL_CHANGE_VALID_FOR = timedelta(hours=24)


def _audit_change(actor: User, worker: User, detail: str) -> None:
    """One change to a worker's account, about that worker (``detail`` names what, never a value)."""
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=worker, subject=worker, detail=detail)


def _validate_username(username: str) -> str:
    """A username as stored (NFKC), refused when it is taken or looks like one that is."""
    username = User.normalize_username((username or "").strip())
    if not username:
        raise ValidationError({"username": "A username is required."})
    try:
        User.username_validator(username)
    except ValidationError as exc:
        raise ValidationError({"username": exc.messages}) from None
    if names.mixes_lookalike_scripts(username):
        raise ValidationError(
            {"username": "This username mixes letters of different alphabets that look alike. Use one alphabet."}
        )
    key = names.username_key(username)
    if User.objects.filter(Q(username_key=key) | Q(username_key__startswith=f"{key}\n")).exists():
        raise ValidationError(
            {"username": "That username is already taken, or looks too much like one that is. Choose another."}
        )
    return username


def _validate_display_name(organisation_id: UUID | None, display_name: str, *, exclude_pk: UUID | None = None) -> str:
    """A display name as stored (no control or bidi characters), refused when a current colleague
    already has it or one that looks like it: people must be told apart on every page."""
    cleaned = names.clean_display_name(display_name)
    if not cleaned:
        raise ValidationError({"display_name": "A name is required."})
    clash = User.objects.filter(
        organisation_id=organisation_id, display_name_key=names.display_name_key(cleaned)
    ).exclude(status=User.Status.LEFT)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(
            {
                "display_name": "Someone in your organisation already has this name, or one that looks like it. "
                "Add something that tells you apart (a middle initial, a team)."
            }
        )
    return cleaned


def _normalise_email(email: str) -> str:
    email = User.objects.normalize_email((email or "").strip())
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"email": "Enter a valid e-mail address."}) from None
    return email


def _validate_employee_number(organisation_id: UUID | None, number: str, *, exclude_pk: UUID | None = None) -> str:
    """The HR system's employee number (staff imports key on it): unique in the organisation."""
    number = names.clean_display_name(number or "")
    if len(number) > MAX_EMPLOYEE_NUMBER:
        raise ValidationError({"employee_number": f"Keep the employee number under {MAX_EMPLOYEE_NUMBER} characters."})
    if number:
        clash = User.objects.filter(organisation_id=organisation_id, employee_number=number)
        if exclude_pk is not None:
            clash = clash.exclude(pk=exclude_pk)
        if clash.exists():
            raise ValidationError({"employee_number": "Someone in your organisation already has this employee number."})
    return number


def _validate_job_title(title: str) -> str:
    title = names.clean_display_name(title or "")
    if len(title) > MAX_JOB_TITLE:
        raise ValidationError({"job_title": f"Keep the job title under {MAX_JOB_TITLE} characters."})
    return title


def _validate_contracted_hours(hours: Decimal | int) -> Decimal:
    """0 is "no contracted hours" (bank, sessional or zero-hours work: never flagged as over
    them, ``User.is_over_contract``); otherwise from half an hour to 80 hours a week."""
    hours = Decimal(hours)
    if hours != 0 and not Decimal("0.5") <= hours <= 80:
        raise ValidationError(
            {
                "contracted_hours_per_week": "Give the hours in their contract, from 0.5 to 80 a week, "
                "or 0 for no contracted hours."
            }
        )
    return hours


@transaction.atomic
def worker_create(
    *,
    actor: User,
    username: str,
    display_name: str,
    email: str = "",
    worker_kind: str = User.WorkerKind.PEER,
    contracted_hours_per_week: Decimal | int = 0,
    password: str | None = None,
    employee_number: str = "",
    job_title: str = "",
    invite: bool = True,
) -> User:
    """Create a worker's account in the actor's organisation. ``contracted_hours_per_week`` 0
    (the API's default) is "no contracted hours"; the People page asks for it explicitly.

    With a password the worker can sign in at once; without one they are e-mailed a
    one-hour set-password link (Django's reset flow), sent after the commit — unless
    ``invite`` is off (staff imports: people sign in through single sign-on or "Forgot
    password", and an import of thousands does not mail them all at once).
    """
    require(caps(actor).can_create_workers(), "Only an org admin can add people.")
    username = _validate_username(username)
    worker = User(
        organisation_id=actor.organisation_id,
        username=username,
        display_name=_validate_display_name(actor.organisation_id, display_name or username),
        email=_normalise_email(email),
        worker_kind=worker_kind,
        contracted_hours_per_week=_validate_contracted_hours(contracted_hours_per_week),
        employee_number=_validate_employee_number(actor.organisation_id, employee_number),
        job_title=_validate_job_title(job_title),
    )
    if password:
        try:
            validate_password(password, user=worker)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
        worker.set_password(password)
    else:
        if invite and not worker.email:
            raise ValidationError(
                {"email": "An e-mail address is needed to send the set-password link (or give a password)."}
            )
        worker.set_unusable_password()
    worker.full_clean(exclude=["password", "username"])
    with unique_rules():  # two creates of look-alike names at once: the loser gets the 400 too
        worker.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=worker, subject=worker)
    if not password and invite:
        transaction.on_commit(lambda: send_set_password_email(worker, invited_by=actor))
    return worker


def set_password_link(worker: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(worker.pk))
    token = default_token_generator.make_token(worker)
    return settings.SITE_URL + reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token})


def send_set_password_email(worker: User, *, invited_by: User) -> None:
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


def worker_editable_fields(actor: User, worker: User) -> set[str]:
    """Which of ``worker``'s details ``actor`` may change (the page greys out the rest)."""
    me = caps(actor)
    allowed = set()
    if me.manages_worker(worker.pk):
        allowed |= WORKER_WORK_FIELDS
    if me.can_change_identity_of(worker.pk):
        allowed |= WORKER_IDENTITY_FIELDS
    if worker.pk == actor.pk:
        allowed.add("display_name")
    return allowed


@transaction.atomic
def worker_update(*, actor: User, worker: User, data: dict[str, Any]) -> User:
    """Change a worker's details.

    Work details (kind, hours): the worker's team managers and org admins. Name and e-mail
    address of someone else: org admins only; the old address is told of a new one at once.
    Your own name: yourself. Your own e-mail address: never here, only by confirming the new
    address (:func:`email_change_request`), so a stolen session cannot quietly redirect mail.
    """
    is_self = worker.pk == actor.pk
    allowed = worker_editable_fields(actor, worker)
    require(bool(allowed), "Only this worker's managers or an org admin can change their details.")
    refused = {}
    for field in sorted(set(data) - allowed):
        if field == "email" and is_self:
            refused[field] = (
                "Change your own e-mail address on My account: a link is sent to the new address to confirm it."
            )
        elif field in WORKER_IDENTITY_FIELDS:
            refused[field] = "Only an org admin can change a colleague's name or e-mail address."
        else:
            refused[field] = "You may not change this field."
    if refused:
        raise ValidationError(refused)
    data = dict(data)
    if "display_name" in data:
        data["display_name"] = _validate_display_name(
            worker.organisation_id, data["display_name"], exclude_pk=worker.pk
        )
    if "contracted_hours_per_week" in data:
        data["contracted_hours_per_week"] = _validate_contracted_hours(data["contracted_hours_per_week"])
    if "employee_number" in data:
        data["employee_number"] = _validate_employee_number(
            worker.organisation_id, data["employee_number"], exclude_pk=worker.pk
        )
    if "job_title" in data:
        data["job_title"] = _validate_job_title(data["job_title"])
    old_email = worker.email
    if "email" in data:
        data["email"] = _normalise_email(data["email"])
    for field, value in data.items():
        setattr(worker, field, value.strip() if isinstance(value, str) else value)
    worker.full_clean(exclude=["password", "username"])
    with unique_rules():
        worker.save(update_fields=[*data, "updated_at"])
    _audit_change(actor, worker, ",".join(sorted(data)))
    if "email" in data and worker.email != old_email:
        EmailChange.objects.filter(user=worker, confirmed_at__isnull=True).delete()  # superseded
        if old_email:
            transaction.on_commit(lambda: _send_email_changed(worker, old_email=old_email, by_admin=True))
    return worker


def _email_change_link(token: str) -> str:
    return settings.SITE_URL + reverse("workers:email-confirm", kwargs={"token": token})


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def email_change_pending(worker: User) -> EmailChange | None:
    """The worker's newest unconfirmed, unexpired request to change their e-mail address."""
    return (
        EmailChange.objects.filter(user=worker, confirmed_at__isnull=True, expires_at__gt=timezone.now())
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def email_change_request(*, actor: User, new_email: str) -> EmailChange:
    """Ask to change one's own e-mail address. A single-use link, valid for 24 hours, goes to the
    new address; the old address is told (no link, no new address). Until the link is used,
    everything (reminders included) keeps going to the old address."""
    new_email = _normalise_email(new_email)
    if not new_email:
        raise ValidationError({"email": "Enter the new e-mail address."})
    if new_email.lower() == (actor.email or "").lower():
        raise ValidationError({"email": "This is already your e-mail address."})
    # One pending request at a time: a newer one replaces the older (its link stops working).
    User.objects.select_for_update().filter(pk=actor.pk).first()
    EmailChange.objects.filter(user=actor, confirmed_at__isnull=True).delete()
    token = secrets.token_urlsafe(32)
    change = EmailChange.objects.create(
        user=actor,
        new_email=new_email,
        token_digest=_digest(token),
        expires_at=timezone.now() + EMAIL_CHANGE_VALID_FOR,
    )
    _audit_change(actor, actor, "email change requested")
    old_email = actor.email

    def send() -> None:
        send_templated_email(
            "email_change_confirm",
            to=new_email,
            context={"worker": actor, "link": _email_change_link(token), "hours": 24},
        )
        if old_email:
            send_templated_email("email_change_requested", to=old_email, context={"worker": actor, "hours": 24})

    transaction.on_commit(send)
    return change


@transaction.atomic
def email_change_confirm(*, actor: User, token: str) -> User:
    """Use the link: the address changes now, once. Only the person who asked, signed in."""
    change = (
        EmailChange.objects.select_for_update()
        .filter(user=actor, token_digest=_digest(token or ""), confirmed_at__isnull=True)
        .first()
    )
    if change is None or change.expires_at <= timezone.now():
        raise ValidationError(
            {"token": "This link has expired, has been used already or was replaced by a newer one. Ask again."}
        )
    worker = User.objects.select_for_update().get(pk=actor.pk)
    old_email = worker.email
    worker.email = change.new_email
    worker.save(update_fields=["email", "updated_at"])
    change.confirmed_at = timezone.now()
    change.save(update_fields=["confirmed_at"])
    EmailChange.objects.filter(user=actor, confirmed_at__isnull=True).delete()
    _audit_change(actor, worker, "email")
    actor.email = worker.email
    if old_email:
        transaction.on_commit(lambda: _send_email_changed(worker, old_email=old_email, by_admin=False))
    return worker


def _send_email_changed(worker: User, *, old_email: str, by_admin: bool) -> None:
    """Tell the old address that mail now goes elsewhere (never which address)."""
    send_templated_email("email_changed", to=old_email, context={"worker": worker, "by_admin": by_admin})


def end_all_sign_ins(worker: User) -> None:
    """End every browser session and API token of ``worker`` at once (one rule, shared with
    password changes: ``apps.accounts.sign_ins``)."""
    sign_ins_end(user=worker)


def can_record_leaving(actor: User, worker: User) -> bool:
    """Whether ``actor`` may record that ``worker`` left (and the page offers it)."""
    return (
        worker.pk != actor.pk
        and worker.status != User.Status.LEFT
        and (caps(actor).is_org_admin or caps(actor).manages_worker(worker.pk))
    )


@transaction.atomic
def worker_mark_left(*, actor: User, worker: User) -> User:
    """A worker leaves the organisation: their account is deactivated and every session
    and token ends at once. Their records stay until an org admin erases them.

    After the commit the worker is e-mailed (nothing private: that they left, and a link to
    download their own data for ``LEAVER_EXPORT_DAYS`` — see ``apps.workers.leaving``).
    """
    require(
        caps(actor).is_org_admin or caps(actor).manages_worker(worker.pk),
        "Only this worker's managers or an org admin can record that they left.",
    )
    if worker.pk == actor.pk:
        raise ValidationError({"worker": "You cannot deactivate your own account."})
    worker = User.objects.select_for_update().get(pk=worker.pk)
    if worker.status == User.Status.LEFT:
        # Twice (or two admins at once) would send a second mail and a fresh 30-day link.
        raise ValidationError({"status": "This worker is already recorded as having left."})
    worker.status = User.Status.LEFT
    worker.is_active = False
    worker.save(update_fields=["status", "is_active", "updated_at"])
    end_all_sign_ins(worker)
    # What other apps end with them (supervision: every live agreement, as supervisee and as
    # supervisor, issue 13), in this same transaction.
    run_leaving_hooks(actor=actor, worker=worker)
    _audit_change(actor, worker, "left")
    transaction.on_commit(lambda: _tell_the_leaver(worker))
    return worker


def _tell_the_leaver(worker: User) -> None:
    """Send the leaving e-mail; a failing mail server must not turn the (committed) leaving
    into an error page for the admin, so it is logged instead."""
    try:
        send_leaving_email(worker)
    except Exception:  # noqa: BLE001 - SMTP fails in many ways; the leaving itself stands
        logger.exception("could not e-mail worker %s that they left", worker.pk)


@transaction.atomic
def organisation_time_zone_set(*, actor: User, time_zone: str) -> Organisation:
    """Org admins set their organisation's time zone: it decides what "today" is for everyone
    (when supervision is due, reminders, the dashboards). Saving it unchanged still records that
    an org admin checked it (``time_zone_checked_at``: the set-up checklist's first step)."""
    require(caps(actor).is_org_admin, "Only an org admin can change the organisation's time zone.")
    try:
        validate_time_zone(time_zone)
    except ValidationError as exc:
        raise ValidationError({"time_zone": exc.messages}) from None
    organisation = Organisation.objects.select_for_update().get(pk=org_id(actor))
    organisation.time_zone = time_zone
    organisation.time_zone_checked_at = timezone.now()
    organisation.save(update_fields=["time_zone", "time_zone_checked_at", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=organisation, detail="time_zone")
    forget_caps(actor)  # "today" may have moved
    return organisation
