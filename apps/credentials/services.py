"""Every write to the practice log and the profiles a worker tracks (issue 17, part 3).

``worker`` and ``organisation`` come from the signed-in user, never from input. Each write is
audited in the same transaction (the audit names the entry, never its note).
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.core.capabilities import caps, require
from apps.credentials import policies
from apps.credentials.loader import shipped_profiles
from apps.credentials.models import MAX_ENTRY_HOURS, MIN_ENTRY_HOURS, PracticeEntry, ProfileChoice
from apps.credentials.validation import clean_note

ENTRY_FIELDS = ("worked_on", "hours", "category", "note")
# How far back an entry may be dated: a working life, not a typo of the century.
MAX_YEARS_BACK = 50


def _validate_entry(entry: PracticeEntry, today: date) -> None:
    errors: dict[str, str] = {}
    if entry.worked_on is None:
        errors["worked_on"] = "Give the date of the work."
    elif entry.worked_on > today:
        errors["worked_on"] = "The date cannot be in the future."
    elif entry.worked_on.year < today.year - MAX_YEARS_BACK:
        errors["worked_on"] = f"Give a date within the last {MAX_YEARS_BACK} years."
    try:
        hours = Decimal(str(entry.hours)) if entry.hours is not None else None
    except InvalidOperation:
        hours = None
    if hours is None or not hours.is_finite():
        errors["hours"] = "Give the hours as a number, such as 1.5."
    elif not MIN_ENTRY_HOURS <= hours <= MAX_ENTRY_HOURS:
        errors["hours"] = f"Give between {MIN_ENTRY_HOURS} and {MAX_ENTRY_HOURS} hours for one day's entry."
    elif (hours * 4) % 1:
        errors["hours"] = "Give the hours in quarters of an hour (0.25, 0.5, 0.75)."
    else:
        entry.hours = hours
    if entry.category not in PracticeEntry.Category.values:
        errors["category"] = f"Choose one of: {', '.join(PracticeEntry.Category.values)}."
    try:
        entry.note = clean_note(entry.note)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def practice_entry_create(
    *, actor: User, worked_on: date, hours: Decimal, category: str, note: str = ""
) -> PracticeEntry:
    """The worker logs hours of peer work."""
    entry = PracticeEntry(
        organisation_id=org_id(actor), worker=actor, worked_on=worked_on, hours=hours, category=category, note=note
    )
    _validate_entry(entry, caps(actor).today)
    entry.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=entry, subject=actor, detail=entry.category)
    return entry


@transaction.atomic
def practice_entry_update(*, actor: User, entry: PracticeEntry, data: dict[str, Any]) -> PracticeEntry:
    """The worker corrects an entry of their log."""
    require(policies.can_write_own(actor, entry.worker_id), "Only the worker can change their practice log.")
    refused = sorted(set(data) - set(ENTRY_FIELDS))
    if refused:
        raise ValidationError({field: "This field cannot be changed." for field in refused})
    entry = PracticeEntry.objects.select_for_update().get(pk=entry.pk)
    for field in ENTRY_FIELDS:
        if field in data:
            setattr(entry, field, data[field] if data[field] is not None or field != "note" else "")
    _validate_entry(entry, caps(actor).today)
    entry.save()
    audit_record(
        actor=actor, action=AuditEvent.Action.UPDATE, target=entry, subject=actor, detail=",".join(sorted(data))
    )
    return entry


@transaction.atomic
def practice_entry_delete(*, actor: User, entry: PracticeEntry) -> None:
    require(policies.can_write_own(actor, entry.worker_id), "Only the worker can change their practice log.")
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, target=entry, subject=actor, detail=entry.category)
    entry.delete()


@transaction.atomic
def profiles_choose(*, actor: User, profiles: Iterable[str]) -> list[str]:
    """The worker chooses which shipped profiles to track (the whole set: none is "track none")."""
    if isinstance(profiles, str | bytes):
        raise ValidationError({"profiles": "Send a list of profile slugs."})
    wanted = list(dict.fromkeys(str(slug) for slug in profiles))
    available = shipped_profiles()
    unknown = [slug for slug in wanted if slug not in available]
    if unknown:
        raise ValidationError({"profiles": f"There is no profile “{unknown[0][:80]}”."})
    # Serialise one worker's choices: two saves at once must not both insert.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    current = set(ProfileChoice.objects.filter(worker_id=actor.pk).values_list("profile", flat=True))
    removed = current - set(wanted)
    added = [slug for slug in wanted if slug not in current]
    if removed:
        ProfileChoice.objects.filter(worker_id=actor.pk, profile__in=removed).delete()
    ProfileChoice.objects.bulk_create(
        ProfileChoice(organisation_id=org_id(actor), worker=actor, profile=slug) for slug in added
    )
    if added or removed:
        audit_record(
            actor=actor, action=AuditEvent.Action.UPDATE, target=actor, subject=actor, detail="credential profiles"
        )
    return wanted
