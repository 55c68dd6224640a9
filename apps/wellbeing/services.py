"""Every write to check-ins and to a worker's stepped-away status goes through here."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.core.api.exceptions import DomainError
from apps.core.capabilities import caps, require
from apps.core.dates import prose_date
from apps.core.sharing import clean_reader_ids, default_reader_ids, readers_for
from apps.notifications.services import notify
from apps.wellbeing.models import CheckIn, StepAway, SupportContact
from apps.wellbeing.policies import can_edit_support_contacts
from apps.wellbeing.step_away_parts import step_away_parts
from apps.wellbeing.validation import (
    MAX_CONTACT_HOW,
    MAX_CONTACT_NAME,
    MAX_CONTACT_WHEN,
    clean_contact_text,
    clean_return_date,
    validate_message,
    validate_mood,
    validate_note,
    validate_something_said,
)


def _check(name: str, validator: Callable[[Any], object], value: object) -> None:
    """Run one of ``validation``'s validators, naming the field in the error."""
    try:
        validator(value)
    except ValidationError as exc:
        raise ValidationError({name: exc.messages}) from exc


@transaction.atomic
def check_in_record(
    *,
    actor: User,
    mood: int | None = None,
    note: str = "",
    helping: str = "",
    share_with_supervisor: bool = False,
    readers: Iterable[User | UUID] | None = None,
) -> CheckIn:
    """A worker records how they are: a mood from 1 to 5, or words (``note``, and ``helping``:
    what's helping, what would help), or both; the number is optional (issue 15, item 12).
    Private unless shared with the supervisors they name (``readers``; by default their peer
    supervisors). Naming readers shares it."""
    _check("mood", validate_mood, mood)
    note = (note or "").strip()
    _check("note", validate_note, note)
    helping = (helping or "").strip()
    _check("helping", validate_note, helping)
    try:
        validate_something_said(mood, note, helping)
    except ValidationError as exc:
        raise ValidationError({"mood": exc.messages}) from exc
    reader_ids = clean_reader_ids(actor, readers)
    if reader_ids and not share_with_supervisor:
        raise ValidationError({"readers": "Readers are named only when the check-in is shared with a supervisor."})
    if not share_with_supervisor:
        reader_ids = set()
    elif reader_ids is None:
        reader_ids = default_reader_ids(actor)
    check_in = CheckIn.objects.create(
        organisation_id=org_id(actor),
        author=actor,
        mood=mood,
        note=note,
        helping=helping,
        share_with_supervisor=bool(share_with_supervisor),
    )
    # The stubs type primary keys as ints; ours are UUIDs (Django accepts any pk).
    check_in.readers.set(reader_ids)  # type: ignore[arg-type]
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=check_in)
    return check_in


@transaction.atomic
def check_in_share(
    *,
    actor: User,
    check_in: CheckIn,
    share_with_supervisor: bool | None = None,
    readers: Iterable[User | UUID] | None = None,
) -> CheckIn:
    """The author changes who reads their check-in, at any time (issue 13: a supervisor who
    arrives later reads an earlier check-in only when the worker shares it anew).

    ``share_with_supervisor``: shared or private (not given: shared when readers are named,
    otherwise as it was). ``readers``: exactly these current supervisors (not given: kept,
    or the peer supervisors when it is shared anew). Someone left out stops reading at once.
    """
    require(check_in.author_id == actor.pk, "Only the author can change who reads this check-in.")
    check_in = CheckIn.objects.select_for_update().get(pk=check_in.pk)
    reader_ids = clean_reader_ids(actor, readers)
    if share_with_supervisor is None:
        shared = check_in.share_with_supervisor or bool(reader_ids)
    else:
        shared = bool(share_with_supervisor)
    if reader_ids and not shared:
        raise ValidationError({"readers": "Readers are named only when the check-in is shared with a supervisor."})
    before = set(check_in.readers.values_list("pk", flat=True))
    after = readers_for(actor, reader_ids, shared=shared, was_shared=check_in.share_with_supervisor, current=before)
    if shared != check_in.share_with_supervisor or after != before:
        check_in.share_with_supervisor = shared
        check_in.save(update_fields=["share_with_supervisor", "updated_at"])
        check_in.readers.set(after)  # type: ignore[arg-type]  # UUID keys, as above
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=check_in, detail="readers")
    return check_in


def _supervisors(worker: User) -> list[User]:
    return list(User.objects.filter(pk__in=caps(worker).supervisor_ids))


@transaction.atomic
def worker_step_away(
    *, actor: User, until: date | None, message: str = "", parts_data: Mapping[str, Any] | None = None
) -> StepAway:
    """The worker steps away for their own health until ``until`` (their planned return).

    Their agreements show ``paused`` and they get no reminders until they return. Their
    supervisors are told that (not why); the optional ``message`` is for the supervisors
    to read on their queue, never copied into a notification. Stepping away again while
    away changes the planned return date and message.

    Supervisors are told once per period (and again only when the planned return date
    changes): the worker's row is locked first, so of N requests at once the first opens the
    period and the others find it open with the same date and tell nobody again. The partial
    unique constraint ``step_away_one_open`` holds the one open period per worker even so.

    ``parts_data``: the step-away page's form, for the parts other apps add to it
    (``step_away_parts``, e.g. who reads which parts of the wellness plan while away); applied
    in this transaction, so a refused part leaves nothing changed.
    """
    today = caps(actor).today
    if actor.status == User.Status.LEFT:
        raise DomainError("You have left the organisation.")
    try:
        until = clean_return_date(until, today)
    except ValidationError as exc:
        raise ValidationError({"until": exc.messages}) from exc
    message = (message or "").strip()
    _check("message", validate_message, message)
    worker = User.objects.select_for_update().get(pk=actor.pk)
    if parts_data is not None:
        for part in step_away_parts():
            part.apply(worker, parts_data)
    period = StepAway.objects.filter(author=worker, returned_on__isnull=True).first()
    opened, moved = period is None, False
    if period is None:
        period = StepAway.objects.create(
            organisation_id=org_id(worker),
            author=worker,
            started_on=today,
            planned_return_on=until,
            message=message,
        )
    else:
        moved = period.planned_return_on != until
        period.planned_return_on = until
        period.message = message
        period.save(update_fields=["planned_return_on", "message", "updated_at"])
    worker.status = User.Status.STEPPED_AWAY
    worker.stepped_away_until = until
    worker.save(update_fields=["status", "stepped_away_until", "updated_at"])
    actor.status, actor.stepped_away_until = worker.status, worker.stepped_away_until
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=worker, subject=worker, detail="step_away")
    if opened:
        for part in step_away_parts():
            part.opened(worker)
    if opened or moved:
        message = (
            f"{{actor}} has stepped away until {prose_date(until)}. Supervision reminders are paused."
            if opened
            else f"{{actor}} now plans to return on {prose_date(until)}. Supervision reminders stay paused."
        )
        for supervisor in _supervisors(worker):
            notify(
                recipient=supervisor,
                kind="worker_stepped_away",
                message=message,
                actor=worker,
                link=reverse("supervision:queue"),
            )
    return period


@transaction.atomic
def worker_return(*, actor: User) -> User:
    """The worker is back: status ``active``, agreements unpause (state from their due dates)."""
    worker = User.objects.select_for_update().get(pk=actor.pk)
    if worker.status != User.Status.STEPPED_AWAY:
        raise DomainError("You have not stepped away.")
    today = caps(actor).today
    StepAway.objects.filter(author=worker, returned_on__isnull=True).update(
        returned_on=today, updated_at=timezone.now()
    )
    worker.status = User.Status.ACTIVE
    worker.stepped_away_until = None
    worker.save(update_fields=["status", "stepped_away_until", "updated_at"])
    actor.status, actor.stepped_away_until = worker.status, worker.stepped_away_until
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=worker, subject=worker, detail="return")
    for part in step_away_parts():
        part.returned(worker)
    for supervisor in _supervisors(worker):
        notify(
            recipient=supervisor,
            kind="worker_returned",
            message="{actor} is back from stepping away.",
            actor=worker,
            link=reverse("supervision:queue"),
        )
    return worker


# --- support contacts (an org setting) ------------------------------------------------------


def _clean_contact(data: dict[str, Any]) -> dict[str, Any]:
    """The fields of a support contact given in ``data``, cleaned; errors name the field."""
    rules = {
        "name": (MAX_CONTACT_NAME, True, "a name"),
        "how_to_reach": (MAX_CONTACT_HOW, True, "how to reach them"),
        "when_available": (MAX_CONTACT_WHEN, False, "when they are available"),
    }
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for field, (limit, required, what) in rules.items():
        if field in data:
            try:
                cleaned[field] = clean_contact_text(data[field], limit=limit, required=required, what=what)
            except ValidationError as exc:
                errors[field] = exc.messages
    if "kind" in data:
        if data["kind"] in SupportContact.Kind.values:
            cleaned["kind"] = data["kind"]
        else:
            errors["kind"] = ["Choose what kind of support this is."]
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def support_contact_create(
    *, actor: User, name: str, how_to_reach: str, when_available: str = "", kind: str = SupportContact.Kind.OTHER
) -> SupportContact:
    """An org admin adds one of the organisation's support contacts (issue 15, item 5)."""
    require(can_edit_support_contacts(actor), "Only an org admin can change the support contacts.")
    data = _clean_contact({"name": name, "how_to_reach": how_to_reach, "when_available": when_available, "kind": kind})
    contact = SupportContact.objects.create(organisation_id=org_id(actor), **data)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=contact, detail="support_contact")
    return contact


@transaction.atomic
def support_contact_update(*, actor: User, contact: SupportContact, **changes: Any) -> SupportContact:
    """An org admin changes a support contact (only the fields given)."""
    require(can_edit_support_contacts(actor), "Only an org admin can change the support contacts.")
    unknown = set(changes) - {"name", "how_to_reach", "when_available", "kind"}
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be changed."))
    data = _clean_contact(changes)
    changed = sorted(f for f, v in data.items() if getattr(contact, f) != v)
    if changed:
        for field in changed:
            setattr(contact, field, data[field])
        contact.save(update_fields=[*changed, "updated_at"])
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=contact, detail=",".join(changed))
    return contact


@transaction.atomic
def support_contact_delete(*, actor: User, contact: SupportContact) -> None:
    """An org admin removes a support contact."""
    require(can_edit_support_contacts(actor), "Only an org admin can change the support contacts.")
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, target=contact, detail="support_contact")
    contact.delete()
