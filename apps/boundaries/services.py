"""Every write to boundary notes goes through here.

State machine: ``submitted`` → (a supervisor of the author reviews) → ``reviewed`` →
(author or supervisor) → ``closed``. The author edits or deletes only while the note awaits
review; once reviewed its text is frozen and later thoughts are added as follow-ups.
Notifications never carry note text: only what happened and a link.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.boundaries import policies
from apps.boundaries.models import BoundaryNote, FollowUp
from apps.core.api.exceptions import DomainError
from apps.core.capabilities import caps, require
from apps.core.sharing import clean_reader_ids, default_reader_ids
from apps.notifications.services import notify


def _clean_text(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}


def _validate(note: BoundaryNote, today: date) -> None:
    if not (note.situation or "").strip():
        raise ValidationError({"situation": "Describe the situation (without identifying anyone)."})
    if note.category not in BoundaryNote.Category.values:
        raise ValidationError({"category": f"Choose one of: {', '.join(BoundaryNote.Category.values)}."})
    if note.risk not in BoundaryNote.Risk.values:
        raise ValidationError({"risk": "Choose how soon you would like to talk this through: high, medium or low."})
    if note.occurred_on is None:
        raise ValidationError({"occurred_on": "When did it happen?"})
    if note.occurred_on > today:
        raise ValidationError({"occurred_on": "This date is in the future."})
    note.full_clean(exclude=["organisation", "author", "reviewer", "submitted_at"])


def _set_readers(note: BoundaryNote, reader_ids: set[UUID]) -> None:
    # django-stubs types ``set()`` as taking users or int keys; UUID keys work.
    note.readers.set(reader_ids)  # type: ignore[arg-type]


def _tell_readers(note: BoundaryNote, actor: User, reader_ids: set[UUID]) -> None:
    for supervisor in User.objects.filter(pk__in=reader_ids & caps(actor).supervisor_ids):
        notify(
            recipient=supervisor,
            kind="boundary_note_submitted",
            message="{actor} shared a boundary note with you.",
            actor=actor,
            link=reverse("supervision:queue"),
        )


@transaction.atomic
def boundary_note_submit(
    *,
    actor: User,
    occurred_on: date,
    category: str,
    situation: str,
    risk: str,
    what_i_shared: str = "",
    reasoning: str = "",
    readers: Iterable[User | UUID] | None = None,
    **plan: str,
) -> BoundaryNote:
    """A worker records a boundary situation for the supervisors they name (``readers``;
    by default their peer supervisors), who are told a note awaits review."""
    unknown = sorted(set(plan) - set(BoundaryNote.DISCLOSURE_PLAN_FIELDS))
    if unknown:
        raise ValidationError({field: "This field cannot be set." for field in unknown})
    reader_ids = clean_reader_ids(actor, readers)
    if reader_ids is None:
        reader_ids = default_reader_ids(actor)
    fields = _clean_text(
        {
            "occurred_on": occurred_on,
            "category": category,
            "situation": situation,
            "what_i_shared": what_i_shared,
            "reasoning": reasoning,
            "risk": risk,
            **{field: plan.get(field) or "" for field in BoundaryNote.DISCLOSURE_PLAN_FIELDS},
        }
    )
    note = BoundaryNote(
        organisation_id=org_id(actor),
        author=actor,
        status=BoundaryNote.Status.SUBMITTED,
        submitted_at=timezone.now(),
        **fields,
    )
    _validate(note, caps(actor).today)
    note.save()
    _set_readers(note, reader_ids)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=note)
    _tell_readers(note, actor, reader_ids)
    return note


@transaction.atomic
def boundary_note_share(*, actor: User, note: BoundaryNote, readers: Iterable[User | UUID]) -> BoundaryNote:
    """The author names who reads the note (at any time, reviewed or not): exactly
    ``readers``, each a current supervisor. Someone left out stops reading at once; someone
    added is told (if the note still awaits review, that it does)."""
    _require_author(actor, note, "share")
    note = BoundaryNote.objects.select_for_update().get(pk=note.pk)
    reader_ids = clean_reader_ids(actor, readers) or set()
    before = set(note.readers.values_list("pk", flat=True))
    if reader_ids != before:
        _set_readers(note, reader_ids)
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=note, detail="readers")
        if note.status == BoundaryNote.Status.SUBMITTED:
            _tell_readers(note, actor, reader_ids - before)
    policies.forget(note)
    return note


def _require_author(actor: User, note: BoundaryNote, what: str) -> None:
    require(policies.is_author(actor, note), f"Only the author can {what} this note.")


def _require_unreviewed(note: BoundaryNote) -> None:
    if note.status != BoundaryNote.Status.SUBMITTED:
        raise DomainError(
            "This note has a reply, so its text is kept as it was. Add a later thought (a follow-up) instead."
        )


@transaction.atomic
def boundary_note_update(*, actor: User, note: BoundaryNote, data: dict[str, Any]) -> BoundaryNote:
    """The author changes their note while it still awaits review."""
    _require_author(actor, note, "change")
    note = BoundaryNote.objects.select_for_update().get(pk=note.pk)
    _require_unreviewed(note)
    refused = sorted(set(data) - set(BoundaryNote.TEXT_FIELDS))
    if refused:
        raise ValidationError({field: "This field cannot be changed." for field in refused})
    for field, value in _clean_text(data).items():
        setattr(note, field, value)
    _validate(note, caps(actor).today)
    note.save(update_fields=[*data, "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=note, detail="text")
    return note


@transaction.atomic
def boundary_note_delete(*, actor: User, note: BoundaryNote) -> None:
    """The author withdraws a note that nobody has reviewed yet."""
    _require_author(actor, note, "delete")
    note = BoundaryNote.objects.select_for_update().get(pk=note.pk)
    _require_unreviewed(note)
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, target=note)
    note.delete()


@transaction.atomic
def boundary_note_review(
    *, actor: User, note: BoundaryNote, response: str, follow_up_needed: bool = False
) -> BoundaryNote:
    """A supervisor the author named (and who supervises them today) reviews the note, once."""
    require(not policies.is_author(actor, note), "You cannot reply to your own boundary note.")
    require(policies.can_review(actor, note), "Only a supervisor the author named can reply to this note.")
    response = (response or "").strip()
    if not response:
        raise ValidationError({"response": "Write your reply."})
    if len(response) > 5000:
        raise ValidationError({"response": "Keep the reply under 5000 characters."})
    # Lock: two supervisors reviewing at once must not both succeed.
    note = BoundaryNote.objects.select_for_update().select_related("author").get(pk=note.pk)
    if note.status != BoundaryNote.Status.SUBMITTED:
        raise DomainError("This note already has a reply.")
    note.status = BoundaryNote.Status.REVIEWED
    note.reviewer = actor
    note.reviewed_at = timezone.now()
    note.response = response
    note.follow_up_needed = bool(follow_up_needed)
    note.save(update_fields=["status", "reviewer", "reviewed_at", "response", "follow_up_needed", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=note, detail="review")
    notify(
        recipient=note.author,
        kind="boundary_note_reviewed",
        message="{actor} replied to your boundary note.",
        actor=actor,
        link=reverse("boundaries:note-detail", args=[note.pk]),
    )
    return note


@transaction.atomic
def boundary_note_close(*, actor: User, note: BoundaryNote) -> BoundaryNote:
    """The author or a supervisor the author named closes a reviewed note."""
    require(policies.can_close(actor, note), "Only the author or a supervisor they named can close this note.")
    note = BoundaryNote.objects.select_for_update().get(pk=note.pk)
    if note.status == BoundaryNote.Status.CLOSED:
        return note
    if note.status != BoundaryNote.Status.REVIEWED:
        raise DomainError("A note can be marked done for now once it has a reply.")
    note.status = BoundaryNote.Status.CLOSED
    note.closed_at = timezone.now()
    note.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=note, detail="close")
    return note


@transaction.atomic
def follow_up_add(*, actor: User, note: BoundaryNote, body: str) -> FollowUp:
    """The author adds a later thought to their note (at any time; the note's text stays as it was)."""
    _require_author(actor, note, "add a follow-up to")
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Write your later thought."})
    if len(body) > 5000:
        raise ValidationError({"body": "Keep it under 5000 characters."})
    follow_up = FollowUp.objects.create(organisation_id=note.organisation_id, note=note, author=actor, body=body)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=follow_up)
    if note.reviewer is not None and policies.reads_as_supervisor(note.reviewer, note):
        notify(
            recipient=note.reviewer,
            kind="boundary_note_follow_up",
            message="{actor} added a later thought to a boundary note you replied to.",
            actor=actor,
            link=reverse("boundaries:note-detail", args=[note.pk]),
        )
    return follow_up


@transaction.atomic
def closed_boundary_notes_retention_run(*, now: datetime | None = None) -> int:
    """Delete notes closed more than ``CLOSED_BOUNDARY_NOTE_RETENTION_DAYS`` ago (with their
    follow-ups), recording each deletion in the audit trail. Run daily by the retention task;
    returns how many notes it deleted. Notes still open (submitted or reviewed) are kept."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.CLOSED_BOUNDARY_NOTE_RETENTION_DAYS)
    expired = list(
        BoundaryNote.objects.select_for_update()
        .filter(status=BoundaryNote.Status.CLOSED, closed_at__lt=cutoff)
        .only("pk", "organisation_id", "author_id")
    )
    if not expired:
        return 0
    AuditEvent.objects.bulk_create(
        AuditEvent(
            organisation_id=note.organisation_id,
            actor=None,
            action=AuditEvent.Action.DELETE,
            target_type=BoundaryNote._meta.label_lower,
            target_id=note.pk,
            subject_id=note.author_id,
            detail="retention",
        )
        for note in expired
    )
    BoundaryNote.objects.filter(pk__in=[note.pk for note in expired]).delete()
    return len(expired)
