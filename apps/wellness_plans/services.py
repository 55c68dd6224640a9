"""Every write to a wellness plan goes through here (issue 18, item 7).

Only the worker writes their plan, names its readers and marks it reviewed. Each change of
the text keeps a version (the worker's history). Notifications carry no content: that
someone shared part of a plan with you, never which part or what it says.
"""

from collections.abc import Iterable, Mapping
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.core.capabilities import caps
from apps.notifications.services import notify
from apps.wellness_plans.models import PlanReader, PlanVersion, WellnessPlan
from apps.wellness_plans.policies import may_be_named
from apps.wellness_plans.sections import TEXT_FIELDS, clean_adjustments, clean_section_text, clean_sections

EDITABLE = (*TEXT_FIELDS, "adjustments")


def _clean(changes: Mapping[str, Any], *, today: Any) -> dict[str, Any]:
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field is not part of a wellness plan."))
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for field, value in changes.items():
        try:
            if field == "adjustments":
                cleaned[field] = clean_adjustments(value, today=today)
            else:
                cleaned[field] = clean_section_text(value)
        except ValidationError as exc:
            errors[field] = exc.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def plan_save(*, actor: User, **changes: Any) -> WellnessPlan:
    """The worker writes (or changes) their own plan: only the sections given change. Every
    change keeps a version; saving the same text again keeps none. Writing it counts as a
    review (the next reminder is six months on)."""
    if actor.status == User.Status.LEFT:
        raise ValidationError({"keeps_well": "You have left the organisation."})
    today = caps(actor).today
    data = _clean(changes, today=today)
    # The worker's row is locked first, so two first saves at once make one plan.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    plan = WellnessPlan.objects.select_for_update().filter(author_id=actor.pk).first()
    if plan is None:
        plan = WellnessPlan(organisation_id=org_id(actor), author=actor, reviewed_on=today, version=0)
        changed = sorted(f for f, v in data.items() if v)
        for field, value in data.items():
            setattr(plan, field, value)
        created = True
    else:
        changed = sorted(f for f, v in data.items() if getattr(plan, f) != v)
        for field in changed:
            setattr(plan, field, data[field])
        created = False
    if not created and not changed:
        return plan
    plan.version += 1
    plan.reviewed_on = today
    plan.save()
    PlanVersion.objects.create(plan=plan, number=plan.version, content=plan.content())
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        target=plan,
        detail=",".join(changed),  # field names, never their text
    )
    return plan


@transaction.atomic
def plan_reviewed(*, actor: User) -> WellnessPlan:
    """The worker has looked their plan over: the next review is six months from today."""
    plan = WellnessPlan.objects.select_for_update().filter(author_id=actor.pk).first()
    if plan is None:
        raise ValidationError({"plan": "Write your plan first."})
    today = caps(actor).today
    if plan.reviewed_on != today:
        plan.reviewed_on = today
        plan.save(update_fields=["reviewed_on", "updated_at"])
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=plan, detail="reviewed")
    return plan


def _reader(actor: User, reader: User | UUID | str, field: str) -> User:
    if isinstance(reader, User):
        person: User | None = reader
    else:
        try:
            person = User.objects.filter(pk=reader).first()
        except (ValueError, ValidationError):
            person = None
    if person is None or not may_be_named(actor, person):
        raise ValidationError({field: "Name someone active in your organisation (not yourself)."})
    return person


def _share_notice(plan: WellnessPlan, reader: User, *, away: bool) -> None:
    # No content and no section names: only that there is something to read, and where.
    message = (
        "{actor} has stepped away and chose to let you read part of their wellness plan while they are away."
        if away
        else "{actor} shared part of their wellness plan with you."
    )
    notify(
        recipient=reader,
        kind="wellness_plan_shared",
        message=message,
        actor=plan.author,
        link=reverse("wellness_plans:read", args=[plan.pk]),
        email=False,
    )


@transaction.atomic
def plan_reader_set(
    *,
    actor: User,
    reader: User | UUID | str,
    sections: Iterable[str] | None = None,
    away_sections: Iterable[str] | None = None,
) -> PlanReader | None:
    """The worker chooses which sections ``reader`` reads: ``sections`` always,
    ``away_sections`` only while the worker has stepped away. Both empty: the person reads
    nothing and is no longer named (returns ``None``). Not given: kept as it was."""
    plan = WellnessPlan.objects.select_for_update().filter(author_id=actor.pk).first()
    if plan is None:
        raise ValidationError({"reader": "Write your plan first, then choose who reads it."})
    person = _reader(actor, reader, "reader")
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, list[str] | None] = {}
    for name, value in (("sections", sections), ("away_sections", away_sections)):
        try:
            cleaned[name] = (
                None if value is None else clean_sections(list(value) if not isinstance(value, str) else value)
            )
        except (ValidationError, TypeError) as exc:
            errors[name] = exc.messages if isinstance(exc, ValidationError) else ["Give a list of sections."]
    if errors:
        raise ValidationError(errors)
    row = PlanReader.objects.filter(plan=plan, reader=person).first()
    before_always = list(row.sections) if row else []
    before_away = list(row.away_sections) if row else []
    after_always = cleaned["sections"] if cleaned["sections"] is not None else before_always
    after_away = cleaned["away_sections"] if cleaned["away_sections"] is not None else before_away
    if (after_always, after_away) == (before_always, before_away):
        return row
    if not after_always and not after_away:
        if row is not None:
            row.delete()
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=plan, detail="readers")
        return None
    if row is None:
        row = PlanReader.objects.create(plan=plan, reader=person, sections=after_always, away_sections=after_away)
    else:
        row.sections, row.away_sections = after_always, after_away
        row.save(update_fields=["sections", "away_sections", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=plan, detail="readers")
    newly_always = set(after_always) - set(before_always)
    newly_away = set(after_away) - set(before_away)
    stepped_away = actor.status == User.Status.STEPPED_AWAY
    if newly_always or (stepped_away and newly_away - set(after_always)):
        _share_notice(plan, person, away=not newly_always)
    return row


def readers_told_of_step_away(worker: User) -> None:
    """The worker has just stepped away: whoever they chose to read sections while they are
    away (and reads nothing else now) is told there is something to read (no content)."""
    plan = WellnessPlan.objects.filter(author_id=worker.pk).first()
    if plan is None:
        return
    for row in plan.plan_readers.select_related("reader"):
        if set(row.away_sections or []) - set(row.sections or []) and may_be_named(worker, row.reader):
            _share_notice(plan, row.reader, away=True)
