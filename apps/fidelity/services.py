"""Every write to fidelity checks and the organisation's interval goes through here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.core.capabilities import caps, require
from apps.core.sharing import clean_reader_ids, default_reader_ids, readers_for
from apps.fidelity.models import FidelityAnswer, FidelityCheck, FidelitySettings
from apps.fidelity.policies import can_change_settings, takes_checks
from apps.fidelity.principles import (
    ANSWER_VALUES,
    MAX_INTERVAL_DAYS,
    MAX_NOTE_LENGTH,
    MIN_INTERVAL_DAYS,
    PRINCIPLE_KEYS,
    SKIPS,
)
from apps.fidelity.selectors import interval_days

NOT_A_PEER = "The fidelity check is for peer workers."


def clean_answers(answers: object) -> dict[str, tuple[int | None, str, str]]:
    """``{principle: {"answer": "1".."4" | "not_applicable" | "rather_not_say", "note": str}}``
    → ``{principle: (score, skipped, note)}``. Every principle is answered (a skip is an answer);
    errors name ``answers``."""
    if not isinstance(answers, Mapping):
        raise ValidationError({"answers": "Give an object of principle → {answer, note}."})
    unknown = sorted(set(answers) - set(PRINCIPLE_KEYS))
    if unknown:
        raise ValidationError(
            {"answers": f"“{unknown[0]}” is not one of the principles. Choose from: {', '.join(PRINCIPLE_KEYS)}."}
        )
    missing = [key for key in PRINCIPLE_KEYS if key not in answers]
    if missing:
        raise ValidationError(
            {
                "answers": f"Answer every principle (“not applicable” or “rather not say” are answers too): {', '.join(missing)}."
            }
        )
    cleaned: dict[str, tuple[int | None, str, str]] = {}
    for key in PRINCIPLE_KEYS:
        entry = answers[key]
        if not isinstance(entry, Mapping):
            raise ValidationError({"answers": f"{key}: give {{answer, note}}."})
        extra = sorted(set(entry) - {"answer", "note"})
        if extra:
            raise ValidationError({"answers": f"{key}: “{extra[0]}” is not a field of an answer (answer, note)."})
        value = entry.get("answer")
        value = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        if not isinstance(value, str) or value not in ANSWER_VALUES:
            raise ValidationError({"answers": f"{key}: the answer must be one of {', '.join(ANSWER_VALUES)}."})
        note = entry.get("note", "")
        if note is None:
            note = ""
        if not isinstance(note, str) or len(note.strip()) > MAX_NOTE_LENGTH:
            raise ValidationError({"answers": f"{key}: the note must be text of at most {MAX_NOTE_LENGTH} characters."})
        if value in SKIPS:
            cleaned[key] = (None, value, note.strip())
        else:
            cleaned[key] = (int(value), "", note.strip())
    return cleaned


@transaction.atomic
def check_record(
    *,
    actor: User,
    answers: object,
    share_with_supervisor: bool = False,
    readers: Iterable[User | UUID] | None = None,
) -> FidelityCheck:
    """A peer worker records a fidelity check. Private unless shared with the supervisors they
    name (``readers``; by default their peer supervisors)."""
    require(takes_checks(actor), NOT_A_PEER)
    cleaned = clean_answers(answers)
    reader_ids = clean_reader_ids(actor, readers)
    if reader_ids and not share_with_supervisor:
        raise ValidationError({"readers": "Readers are named only when the check is shared with a supervisor."})
    if not share_with_supervisor:
        reader_ids = set()
    elif reader_ids is None:
        reader_ids = default_reader_ids(actor)
    today = caps(actor).today
    check = FidelityCheck.objects.create(
        organisation_id=org_id(actor),
        author=actor,
        taken_on=today,
        next_due_on=today + timedelta(days=interval_days(org_id(actor))),
        share_with_supervisor=bool(share_with_supervisor),
    )
    FidelityAnswer.objects.bulk_create(
        FidelityAnswer(fidelity_check=check, principle=key, score=score, skipped=skipped, note=note)
        for key, (score, skipped, note) in cleaned.items()
    )
    check.readers.set(reader_ids)  # type: ignore[arg-type]  # UUID keys
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=check)
    return check


@transaction.atomic
def check_share(
    *,
    actor: User,
    check: FidelityCheck,
    share_with_supervisor: bool | None = None,
    readers: Iterable[User | UUID] | None = None,
) -> FidelityCheck:
    """The author changes who reads their check, at any time (as for check-ins, issue 13)."""
    require(check.author_id == actor.pk, "Only the author can change who reads this check.")
    check = FidelityCheck.objects.select_for_update().get(pk=check.pk)
    reader_ids = clean_reader_ids(actor, readers)
    shared = (
        (check.share_with_supervisor or bool(reader_ids))
        if share_with_supervisor is None
        else bool(share_with_supervisor)
    )
    if reader_ids and not shared:
        raise ValidationError({"readers": "Readers are named only when the check is shared with a supervisor."})
    before = set(check.readers.values_list("pk", flat=True))
    after = readers_for(actor, reader_ids, shared=shared, was_shared=check.share_with_supervisor, current=before)
    if shared != check.share_with_supervisor or after != before:
        check.share_with_supervisor = shared
        check.save(update_fields=["share_with_supervisor", "updated_at"])
        check.readers.set(after)  # type: ignore[arg-type]  # UUID keys
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=check, detail="readers")
    return check


@transaction.atomic
def settings_update(*, actor: User, interval_days: Any) -> FidelitySettings:
    """An org admin sets how often the check is due; every worker's next due date moves with it."""
    require(can_change_settings(actor), "Only an org admin can change how often the check is due.")
    if isinstance(interval_days, bool) or not isinstance(interval_days, int):
        raise ValidationError({"interval_days": "Give a whole number of days."})
    if not MIN_INTERVAL_DAYS <= interval_days <= MAX_INTERVAL_DAYS:
        raise ValidationError({"interval_days": f"Choose between {MIN_INTERVAL_DAYS} and {MAX_INTERVAL_DAYS} days."})
    row, _ = FidelitySettings.objects.select_for_update().get_or_create(organisation_id=org_id(actor))
    if row.interval_days != interval_days:
        row.interval_days = interval_days
        row.save(update_fields=["interval_days", "updated_at"])
        checks = list(FidelityCheck.objects.filter(organisation_id=org_id(actor)).only("pk", "taken_on"))
        for check in checks:
            check.next_due_on = check.taken_on + timedelta(days=interval_days)
        FidelityCheck.objects.bulk_update(checks, ["next_due_on"], batch_size=500)
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=row, detail="interval_days")
    return row


def current_settings(actor: User) -> FidelitySettings:
    """The organisation's setting (the default, unsaved, when never changed)."""
    row = FidelitySettings.objects.filter(organisation_id=org_id(actor)).first()
    return row or FidelitySettings(organisation_id=org_id(actor))
