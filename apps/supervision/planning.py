"""Planned supervision: plan, change, cancel, and mark held (issue 16, part 3).

A session is planned under agreements in force today: the supervisor's (one, or several for a
group session) or the supervisee's own one. The people invited are exactly the supervisor and
the supervisees of those agreements. Times are given as a local date and time in the
organisation's zone and stored as an instant. Every change raises ``sequence`` and sends each
person a new invitation; cancelling sends a cancellation (``apps.supervision.invitations``).
Marking it held records the :class:`SupervisionSession` in the same transaction, which moves
the due dates as any recorded session does.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any, cast
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.core.api.exceptions import DomainError
from apps.core.capabilities import caps, require
from apps.core.dates import InTimeZone, org_zone, prose_date
from apps.supervision import invitations
from apps.supervision.models import Agreement, PlannedSession, SupervisionSession
from apps.supervision.policies import can_change_planned, can_mark_held, can_plan_under
from apps.supervision.services import planned_cancel_locked, session_record

EDITABLE = ("date", "time", "duration_minutes", "location", "video_url")


def local_start(zone: ZoneInfo, day: date, at: time) -> datetime:
    """``day`` at ``at`` in ``zone`` as an aware instant. A time the clocks skip (01:30 on the
    last Sunday of March in London) is refused; a time that happens twice (the October night)
    is its first occurrence."""
    start = datetime.combine(day, at.replace(tzinfo=None, fold=0), tzinfo=zone)
    back = start.astimezone(ZoneInfo("UTC")).astimezone(zone)
    if (back.date(), back.time().replace(tzinfo=None)) != (day, at.replace(tzinfo=None, fold=0)):
        raise ValidationError({"time": "That time does not exist on that day (the clocks go forward). Choose another."})
    return start


def local_parts(planned: PlannedSession) -> tuple[date, time]:
    local = planned.starts_at.astimezone(org_zone(planned.organisation))
    return local.date(), local.time().replace(second=0, microsecond=0)


def _validate_duration(value: object) -> None:
    if not isinstance(value, int) or not 5 <= value <= 480:
        raise ValidationError({"duration_minutes": "Give a duration between 5 and 480 minutes."})


def _validate_place(location: str, video_url: str) -> None:
    if len(location) > 200:
        raise ValidationError({"location": "Keep the place to 200 characters."})
    if video_url:
        try:
            URLValidator(schemes=["https", "http"])(video_url)
        except ValidationError:
            raise ValidationError({"video_url": "Give a web address starting with https://."}) from None
    if not location and not video_url:
        raise ValidationError({"location": "Say where you will meet, or give a video link."})


def _validate_start(starts_at: datetime, agreements: Iterable[Agreement], zone: ZoneInfo) -> None:
    if starts_at <= timezone.now():
        raise ValidationError({"date": "Plan a time that has not passed yet."})
    day = starts_at.astimezone(zone).date()
    for agreement in agreements:
        if agreement.ends_on is not None and day > agreement.ends_on:
            raise ValidationError(
                {"date": f"The agreement with {agreement.supervisee} ends on {prose_date(agreement.ends_on)}."}
            )


def _lock(planned: PlannedSession) -> PlannedSession:
    # The agreements covered are fixed; read them (and their people) once.
    return (
        PlannedSession.objects.select_for_update(of=("self",))
        .select_related("supervisor", "organisation")
        .prefetch_related("agreements__supervisee")
        .get(pk=planned.pk)
    )


def _audit(actor: User, planned: PlannedSession, action: str, detail: str = "") -> None:
    for agreement in planned.agreements.all():
        audit_record(actor=actor, action=action, target=planned, subject=agreement.supervisee, detail=detail)


@transaction.atomic
def planned_session_create(
    *,
    actor: User,
    agreements: Iterable[Agreement],
    date: date,
    time: time,
    duration_minutes: int,
    location: str = "",
    video_url: str = "",
) -> PlannedSession:
    """Plan a session; each person it covers is sent an invitation (``SEQUENCE`` 0)."""
    chosen = list({a.pk: a for a in agreements}.values())
    if not chosen:
        raise ValidationError({"agreements": "Choose whom the session is with."})
    for agreement in chosen:
        if agreement.organisation_id != actor.organisation_id:
            raise ValidationError({"agreements": "This agreement does not exist."})
    require(
        can_plan_under(actor, chosen),
        "A supervisor plans under their own agreements; a supervisee plans one-to-one under their own agreement.",
    )
    today = caps(actor).today
    locked = list(
        Agreement.objects.select_for_update(of=("self",))
        .select_related("supervisee", "supervisor")
        .filter(pk__in=[a.pk for a in chosen])
        .order_by("pk")
    )
    in_force = {a.pk for a in Agreement.objects.active(today).filter(pk__in=[a.pk for a in locked])}
    for agreement in locked:
        if agreement.pk not in in_force:
            raise ValidationError(
                {
                    "agreements": f"The agreement with {agreement.supervisee} is not in force today; plan only under one that is."
                }
            )
    location, video_url = (location or "").strip(), (video_url or "").strip()
    _validate_duration(duration_minutes)
    _validate_place(location, video_url)
    zone = org_zone(cast(InTimeZone, actor.organisation))
    starts_at = local_start(zone, date, time)
    _validate_start(starts_at, locked, zone)
    planned = PlannedSession.objects.create(
        organisation_id=org_id(actor),
        supervisor=locked[0].supervisor,
        planned_by=actor,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location=location,
        video_url=video_url,
    )
    planned.agreements.set(locked)
    planned = (
        PlannedSession.objects.select_related("supervisor", "organisation")
        .prefetch_related("agreements__supervisee")
        .get(pk=planned.pk)
    )
    _audit(actor, planned, AuditEvent.Action.CREATE, "planned")
    invitations.invite(planned, kind=invitations.PLANNED)
    return planned


def _require_planned(planned: PlannedSession, verb: str) -> None:
    if planned.status != PlannedSession.Status.PLANNED:
        raise DomainError(
            f"This session is {planned.get_status_display().lower()}; it cannot be {verb}.", field="status"
        )


@transaction.atomic
def planned_session_update(*, actor: User, planned: PlannedSession, data: dict[str, Any]) -> PlannedSession:
    """Change the date, time, duration or place: ``SEQUENCE`` rises and everyone is sent the
    new version (which calendars put in place of the old). No change, no e-mail."""
    require(
        can_change_planned(actor, planned), "Only the supervisor (or the supervisee of a one-to-one) can change it."
    )
    refused = sorted(set(data) - set(EDITABLE))
    if refused:
        raise ValidationError(
            {field: "This cannot be changed; cancel and plan a new session instead." for field in refused}
        )
    locked = _lock(planned)
    _require_planned(locked, "changed")
    zone = org_zone(locked.organisation)
    day, at = local_parts(locked)
    starts_at = locked.starts_at
    if "date" in data or "time" in data:
        starts_at = local_start(zone, data.get("date", day), data.get("time", at))
        _validate_start(starts_at, locked.agreements.all(), zone)
    duration = data.get("duration_minutes", locked.duration_minutes)
    _validate_duration(duration)
    location = (data["location"] if "location" in data else locked.location or "").strip()
    video_url = (data["video_url"] if "video_url" in data else locked.video_url or "").strip()
    _validate_place(location, video_url)
    new = {"starts_at": starts_at, "duration_minutes": duration, "location": location, "video_url": video_url}
    changed = sorted(f for f, v in new.items() if getattr(locked, f) != v)
    if not changed:
        return locked
    for field, value in new.items():
        setattr(locked, field, value)
    locked.sequence += 1
    locked.save(update_fields=[*changed, "sequence", "updated_at"])
    _audit(actor, locked, AuditEvent.Action.UPDATE, ",".join(changed))
    invitations.invite(locked, kind=invitations.CHANGED)
    return locked


@transaction.atomic
def planned_session_cancel(*, actor: User, planned: PlannedSession) -> PlannedSession:
    """Cancel: ``SEQUENCE`` rises and everyone is sent ``METHOD:CANCEL``."""
    require(
        can_change_planned(actor, planned), "Only the supervisor (or the supervisee of a one-to-one) can cancel it."
    )
    locked = _lock(planned)
    _require_planned(locked, "cancelled")
    planned_cancel_locked(locked)
    _audit(actor, locked, AuditEvent.Action.UPDATE, "cancelled")
    return locked


@transaction.atomic
def planned_session_mark_held(
    *,
    actor: User,
    planned: PlannedSession,
    functions: Iterable[str],
    topics: str = "",
    values_check: dict[str, Any] | None = None,
    boundary_notes: Iterable[Any] = (),
    agreed_actions: str = "",
    duration_minutes: int | None = None,
) -> SupervisionSession:
    """Once it has begun, the supervisor records the session it became, in one step: the
    date and people come from the plan, the rest from the usual session record. The due date
    then follows as for any recorded session (``session_record``)."""
    require(can_mark_held(actor, planned), "Only the supervisor records a session as held.")
    locked = _lock(planned)
    _require_planned(locked, "marked held")
    if locked.starts_at > timezone.now():
        raise DomainError("This session has not started yet; mark it held once it has happened.", field="status")
    held_on, _ = local_parts(locked)
    session = session_record(
        actor=actor,
        agreements=list(locked.agreements.all()),
        held_on=held_on,
        duration_minutes=duration_minutes if duration_minutes is not None else locked.duration_minutes,
        functions=functions,
        topics=topics,
        values_check=values_check,
        boundary_notes=boundary_notes,
        agreed_actions=agreed_actions,
    )
    locked.status = PlannedSession.Status.HELD
    locked.held_session = session
    locked.save(update_fields=["status", "held_session", "updated_at"])
    _audit(actor, locked, AuditEvent.Action.UPDATE, "held")
    return session
