"""Every write to supervision agreements and sessions goes through here.

Each service that changes an agreement's start or frequency, or any session, recomputes the
due column ``Agreement.next_due_on`` of every agreement it touches, in the same transaction
(:func:`agreements_refresh_due`), so the pages, the API and the reminder scan never see a
stale date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, cast
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.boundaries.models import BoundaryNote
from apps.core.api.exceptions import DomainError
from apps.core.capabilities import caps, forget_caps, require
from apps.core.dates import InTimeZone, org_zone, prose_date
from apps.notifications.services import notify
from apps.supervision import invitations
from apps.supervision.models import Agreement, PlannedSession, SupervisionSession
from apps.supervision.policies import (
    can_answer_request,
    can_change_session,
    can_end,
    can_manage_agreements_of,
    can_record_under,
    can_request_supervision,
    is_party,
)
from apps.supervision.selectors import last_held_on_by_agreement, supervisor_load
from apps.supervision.state import compute_next_due_on
from apps.supervision.values import ANSWERS as VALUE_ANSWERS
from apps.supervision.values import MAX_CHANGE_LENGTH, NOT_DISCUSSED, peer_value_keys

AGREEMENT_EDITABLE = {"frequency_days", "starts_on", "ends_on"}


class RequestTooSoon(DomainError):
    """The supervisee already asked for supervision under this agreement today."""


# --- the due column -----------------------------------------------------------------------


def agreements_refresh_due(agreements: Iterable[Agreement]) -> None:
    """Recompute ``next_due_on`` for ``agreements`` from their sessions (one query to read,
    one UPDATE per agreement whose date changed). Call with the agreements locked."""
    rows = list(agreements)
    last = last_held_on_by_agreement(a.pk for a in rows)
    for agreement in rows:
        due = compute_next_due_on(
            starts_on=agreement.starts_on,
            frequency_days=agreement.frequency_days,
            last_held_on=last.get(agreement.pk),
        )
        if agreement.next_due_on != due:
            agreement.next_due_on = due
            Agreement.objects.filter(pk=agreement.pk).update(next_due_on=due, updated_at=timezone.now())


def _lock_agreements(ids: Iterable[UUID]) -> list[Agreement]:
    """Lock agreement rows (in a fixed order, so two writers cannot deadlock).

    Two sessions recorded at once for the same agreement would otherwise each compute the
    due date without seeing the other's row and the later commit could keep the earlier date.
    """
    return list(
        Agreement.objects.select_for_update(of=("self",))
        .select_related("supervisee", "supervisor")
        .filter(pk__in=list(ids))
        .order_by("pk")
    )


# --- agreements ---------------------------------------------------------------------------


def _validate_agreement_dates(starts_on: date, ends_on: date | None) -> None:
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "The end date cannot be before the start date."})


def _validate_frequency(frequency_days: object) -> None:
    if not isinstance(frequency_days, int) or not 1 <= frequency_days <= 365:
        raise ValidationError({"frequency_days": "Give a number of days between 1 and 365."})


def _agreement_link(agreement: Agreement) -> str:
    return reverse("supervision:agreement-detail", args=[agreement.pk])


def _tell(
    people: Iterable[User | None], agreement: Agreement, *, kind: str, message: str, actor: User | None = None
) -> None:
    """In-app notifications about an agreement to each of ``people`` (once each, never the
    actor). Messages carry no names and no text: only what happened and a link, so they stay
    true and harmless whoever reads them and whatever happens to the people later."""
    seen: set[UUID] = set()
    for person in people:
        if person is None or person.pk in seen or (actor is not None and person.pk == actor.pk):
            continue
        seen.add(person.pk)
        notify(recipient=person, kind=kind, message=message, link=_agreement_link(agreement))


def _audit_change(actor: User, agreement: Agreement, detail: str) -> None:
    """One audit row for a change to an agreement, about its supervisee (whose access it is)."""
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=agreement,
        subject=agreement.supervisee,
        detail=detail,
    )


def _forget_people(agreement: Agreement, *others: User) -> None:
    """Cached capabilities of both people (and whoever acted) are stale after a change."""
    for person in (agreement.supervisee, agreement.supervisor, *others):
        forget_caps(person)


def _end_expired(*, supervisee: User, supervisor: User, kind: str, today: date) -> None:
    """An agreement past its end date no longer holds its (supervisee, supervisor, kind) slot:
    mark it ended so a new one can be proposed (the unique index counts live statuses only)."""
    Agreement.objects.live().filter(supervisee=supervisee, supervisor=supervisor, kind=kind, ends_on__lt=today).update(
        status=Agreement.Status.ENDED, ended_at=timezone.now(), updated_at=timezone.now()
    )


def _duplicate_error(supervisee: User, supervisor: User) -> ValidationError:
    return ValidationError(
        {"supervisor": f"{supervisor} and {supervisee} already have a proposed or active agreement of this kind."}
    )


@transaction.atomic
def agreement_create(
    *,
    actor: User,
    supervisee: User,
    supervisor: User,
    kind: str,
    frequency_days: int,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Agreement:
    """A manager of one of the supervisee's teams (or an org admin) *proposes* supervision.

    The agreement is ``proposed`` until both the supervisee and the supervisor have accepted it
    (:func:`agreement_accept`); a proposer who is one of the two agrees by proposing. Nothing is
    granted before then, whatever ``starts_on`` says. Both people are told of the proposal.

    The supervisor must be another worker of the same organisation who has not left. The
    agreement's first due date is ``starts_on + frequency_days``.
    """
    if supervisee.organisation_id != actor.organisation_id:
        raise ValidationError({"supervisee": "This worker does not exist."})
    if supervisor.organisation_id != actor.organisation_id:
        raise ValidationError({"supervisor": "This worker does not exist."})
    require(
        can_manage_agreements_of(actor, supervisee.pk),
        "Only a manager of one of this worker's teams, or an org admin, can set up their supervision.",
    )
    if supervisor.pk == supervisee.pk:
        raise ValidationError({"supervisor": "Nobody can supervise themselves."})
    if supervisee.status == User.Status.LEFT:
        raise ValidationError({"supervisee": "This worker has left the organisation."})
    if supervisor.status == User.Status.LEFT:
        raise ValidationError({"supervisor": "This worker has left the organisation."})
    if kind not in Agreement.Kind.values:
        raise ValidationError({"kind": f"Choose one of: {', '.join(Agreement.Kind.values)}."})
    _validate_frequency(frequency_days)
    today = caps(actor).today
    starts_on = starts_on or today
    _validate_agreement_dates(starts_on, ends_on)
    _end_expired(supervisee=supervisee, supervisor=supervisor, kind=kind, today=today)
    # One live agreement of a kind per pair: a second would double every reminder. This check
    # gives the usual answer; the partial unique index decides races between concurrent creates.
    if Agreement.objects.live().filter(supervisee=supervisee, supervisor=supervisor, kind=kind).exists():
        raise _duplicate_error(supervisee, supervisor)
    now = timezone.now()
    try:
        # A savepoint, so that losing the race leaves this transaction usable for the 400.
        with transaction.atomic():
            agreement = Agreement.objects.create(
                organisation_id=org_id(actor),
                supervisee=supervisee,
                supervisor=supervisor,
                kind=kind,
                frequency_days=frequency_days,
                starts_on=starts_on,
                ends_on=ends_on,
                created_by=actor,
                status=Agreement.Status.PROPOSED,
                supervisee_accepted_at=now if actor.pk == supervisee.pk else None,
                supervisor_accepted_at=now if actor.pk == supervisor.pk else None,
                next_due_on=compute_next_due_on(starts_on=starts_on, frequency_days=frequency_days, last_held_on=None),
            )
    except IntegrityError as exc:
        if "agreement_one_live_per_pair_kind" in str(exc):
            raise _duplicate_error(supervisee, supervisor) from None
        raise
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=agreement, subject=supervisee, detail=kind)
    _tell(
        [supervisee, supervisor],
        agreement,
        kind="agreement_proposed",
        message="A supervision agreement naming you was proposed. It starts only once you both accept it.",
        actor=actor,
    )
    # What the supervisor's caseload would be once this proposal is accepted (the warning).
    agreement.supervisor_load = supervisor_load(supervisor, today, with_supervisee=supervisee)
    return agreement


def _lock_one(agreement: Agreement) -> Agreement:
    (locked,) = _lock_agreements([agreement.pk])
    return locked


def _require_party(actor: User, agreement: Agreement, verb: str) -> None:
    require(is_party(actor, agreement), f"Only the supervisee and the supervisor can {verb} this agreement.")


@transaction.atomic
def agreement_accept(*, actor: User, agreement: Agreement, terms: str | None = None) -> Agreement:
    """The supervisee or the supervisor agrees to a proposed agreement; once both have, it is
    ``active`` and in force from ``starts_on``. Each of the other people concerned is told.

    ``terms`` is the fingerprint (``Agreement.terms``) of the terms the person read: when the
    proposal changed since, nothing is accepted and they are asked to read it again. The
    pages always send it; API clients should."""
    _require_party(actor, agreement, "accept")
    locked = _lock_one(agreement)
    if locked.status != Agreement.Status.PROPOSED:
        raise DomainError(
            f"This agreement is {locked.get_status_display().lower()}; it cannot be accepted.", field="status"
        )
    if not locked.awaits(actor):
        raise DomainError("You have already accepted this agreement.", field="status")
    if terms is not None and terms != locked.terms:
        raise DomainError(
            "This proposal changed after you opened it (how often, or its dates). Read it again, then accept.",
            field="terms",
        )
    today = caps(actor).today
    if locked.ends_on is not None and locked.ends_on < today:
        raise DomainError("This agreement's end date has passed; ask for a new one.", field="ends_on")
    now = timezone.now()
    fields = ["updated_at"]
    if actor.pk == locked.supervisee_id:
        locked.supervisee_accepted_at = now
        fields.append("supervisee_accepted_at")
    else:
        locked.supervisor_accepted_at = now
        fields.append("supervisor_accepted_at")
    if locked.supervisee_accepted_at and locked.supervisor_accepted_at:
        locked.status = Agreement.Status.ACTIVE
        fields.append("status")
    locked.save(update_fields=fields)
    _audit_change(actor, locked, "accept")
    if locked.status == Agreement.Status.ACTIVE:
        message = "A supervision agreement of yours has been accepted by both people and is now active."
        people = [locked.supervisee, locked.supervisor, locked.created_by]
    else:
        message = "A supervision agreement of yours was accepted by one person; it awaits the other."
        people = [locked.supervisee, locked.supervisor]
    _tell(people, locked, kind="agreement_accepted", message=message, actor=actor)
    _forget_people(locked, actor)
    return locked


@transaction.atomic
def agreement_decline(*, actor: User, agreement: Agreement) -> Agreement:
    """The supervisee or the supervisor says no to a proposal. Nothing was ever in force."""
    _require_party(actor, agreement, "decline")
    locked = _lock_one(agreement)
    if locked.status != Agreement.Status.PROPOSED:
        raise DomainError(
            f"This agreement is {locked.get_status_display().lower()}; it cannot be declined.", field="status"
        )
    locked.status = Agreement.Status.DECLINED
    locked.declined_at = timezone.now()
    locked.declined_by = actor
    locked.save(update_fields=["status", "declined_at", "declined_by", "updated_at"])
    _audit_change(actor, locked, "decline")
    _tell(
        [locked.supervisee, locked.supervisor, locked.created_by],
        locked,
        kind="agreement_declined",
        message="A proposed supervision agreement of yours was declined.",
        actor=actor,
    )
    return locked


def planned_cancel_locked(planned: PlannedSession) -> None:
    """Cancel a planned session (locked, still planned): ``SEQUENCE`` rises and everyone in it
    is sent ``METHOD:CANCEL``."""
    planned.status = PlannedSession.Status.CANCELLED
    planned.cancelled_at = timezone.now()
    planned.sequence += 1
    planned.save(update_fields=["status", "cancelled_at", "sequence", "updated_at"])
    invitations.invite(planned, kind=invitations.CANCELLED)


def _cancel_planned_under(agreement: Agreement) -> None:
    """An agreement that ends takes its planned sessions still ahead with it: nobody keeps a
    meeting in their calendar with someone they no longer supervise. A group session is
    cancelled for everyone (they were invited together; the supervisor plans it again)."""
    ahead = (
        PlannedSession.objects.select_for_update(of=("self",))
        .select_related("supervisor", "organisation")
        .prefetch_related("agreements__supervisee")
        .filter(agreements=agreement, status=PlannedSession.Status.PLANNED, starts_at__gt=timezone.now())
        .order_by("pk")
    )
    for planned in ahead:
        planned_cancel_locked(planned)


def _end_locked(locked: Agreement, *, actor: User, today: date) -> None:
    locked.status = Agreement.Status.ENDED
    locked.ended_at = timezone.now()
    locked.ended_by = actor
    fields = ["status", "ended_at", "ended_by", "updated_at"]
    # Keep the dates honest too (sessions cannot be recorded after ends_on); an agreement that
    # never started keeps its dates (ends_on cannot precede starts_on).
    if locked.starts_on <= today and (locked.ends_on is None or locked.ends_on > today):
        locked.ends_on = today
        fields.append("ends_on")
    locked.save(update_fields=fields)
    _cancel_planned_under(locked)


@transaction.atomic
def agreement_end(*, actor: User, agreement: Agreement) -> Agreement:
    """End a proposed or active agreement now: either person, a manager of one of the
    supervisee's teams, or an org admin. Supervisor access ends at once; both people are told.
    (Setting ``ends_on`` through :func:`agreement_update` schedules an end instead.)"""
    require(
        can_end(actor, agreement),
        "Only the two people in this agreement, a manager of the supervisee's teams or an org admin can end it.",
    )
    locked = _lock_one(agreement)
    if not locked.is_live:
        raise DomainError(f"This agreement is already {locked.get_status_display().lower()}.", field="status")
    _end_locked(locked, actor=actor, today=caps(actor).today)
    _audit_change(actor, locked, "end")
    _tell(
        [locked.supervisee, locked.supervisor],
        locked,
        kind="agreement_ended",
        message="A supervision agreement of yours has ended.",
        actor=actor,
    )
    _forget_people(locked, actor)
    return locked


def agreements_end_for_leaver(*, actor: User, worker: User) -> int:
    """A worker left: every live agreement naming them, as supervisee or as supervisor, ends
    at once (SPEC §2, Leaving). Called by the leave service inside its transaction. The other
    person is told; returns how many agreements ended."""
    ids = (
        Agreement.objects.live()
        .filter(Q(supervisee_id=worker.pk) | Q(supervisor_id=worker.pk))
        .values_list("pk", flat=True)
    )
    locked = [a for a in _lock_agreements(ids) if a.is_live]
    today = caps(actor).today
    for agreement in locked:
        _end_locked(agreement, actor=actor, today=today)
        _audit_change(actor, agreement, "end:left")
        other = agreement.supervisor if agreement.supervisee_id == worker.pk else agreement.supervisee
        _tell([other], agreement, kind="agreement_ended", message="A supervision agreement of yours has ended.")
    forget_caps(worker)
    return len(locked)


def _refuse_widening_without_consent(actor: User, agreement: Agreement, data: dict[str, Any], today: date) -> None:
    """Once the supervisee has agreed to the dates, nobody else may make the agreement in force
    on more days than they agreed to: a later (or no) end, or a start brought forward from the
    future. Otherwise a manager could revive an expired agreement, or extend one for good, and
    the supervisor would read again without the supervisee's say (issue 13: nobody grants
    access by changing dates). Shortening, and moving a start that has passed, stay free."""
    if agreement.supervisee_accepted_at is None or actor.pk == agreement.supervisee_id:
        return
    errors = {}
    if "ends_on" in data and agreement.ends_on is not None:
        new_end = data["ends_on"]
        if new_end is None or new_end > agreement.ends_on:
            errors["ends_on"] = (
                f"{agreement.supervisee} agreed to supervision until {prose_date(agreement.ends_on)}. To continue "
                "after that, end this agreement and propose a new one for them to accept."
            )
    if "starts_on" in data and agreement.starts_on > today and data["starts_on"] < agreement.starts_on:
        errors["starts_on"] = (
            f"{agreement.supervisee} agreed to supervision from {prose_date(agreement.starts_on)}. To start "
            "earlier, end this agreement and propose a new one for them to accept."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def agreement_update(*, actor: User, agreement: Agreement, data: dict[str, Any]) -> Agreement:
    """Change frequency or dates (ending an agreement sets ``ends_on``); the people and the
    kind are fixed — set up a new agreement instead. Moves ``next_due_on``."""
    require(
        can_manage_agreements_of(actor, agreement.supervisee_id),
        "Only a manager of one of this worker's teams, or an org admin, can change their supervision.",
    )
    refused = sorted(set(data) - AGREEMENT_EDITABLE)
    if refused:
        raise ValidationError({field: "This cannot be changed; set up a new agreement instead." for field in refused})
    (agreement_locked,) = _lock_agreements([agreement.pk])
    if not agreement_locked.is_live:
        raise DomainError(
            f"This agreement is {agreement_locked.get_status_display().lower()}; set up a new one instead.",
            field="status",
        )
    if "frequency_days" in data:
        _validate_frequency(data["frequency_days"])
    _refuse_widening_without_consent(actor, agreement_locked, data, caps(actor).today)
    for field, value in data.items():
        setattr(agreement_locked, field, value)
    _validate_agreement_dates(agreement_locked.starts_on, agreement_locked.ends_on)
    first_session = agreement_locked.sessions.order_by("held_on").values_list("held_on", flat=True).first()
    if first_session is not None and agreement_locked.starts_on > first_session:
        raise ValidationError(
            {"starts_on": f"A session was held on {prose_date(first_session)}, before this start date."}
        )
    agreement_locked.save(update_fields=[*data, "updated_at"])
    agreements_refresh_due([agreement_locked])
    _audit_change(actor, agreement_locked, ",".join(sorted(data)))
    _forget_people(agreement_locked)
    return agreement_locked


@transaction.atomic
def agreement_request_supervision(*, actor: User, agreement: Agreement) -> Agreement:
    """The supervisee asks for supervision now; the supervisor is told at once (spec §3).

    One request per agreement per (organisation-local) day, so a worried moment cannot
    flood the supervisor's inbox.
    """
    require(
        can_request_supervision(actor, agreement), "Only the supervisee can ask for supervision under this agreement."
    )
    today = caps(actor).today
    (locked,) = _lock_agreements([agreement.pk])
    in_force = locked.status == Agreement.Status.ACTIVE and locked.starts_on <= today
    if not (in_force and (locked.ends_on is None or locked.ends_on >= today)):
        raise DomainError("This agreement is not in force today.")
    zone = org_zone(cast(InTimeZone, actor.organisation))
    if locked.last_requested_at is not None and timezone.localdate(locked.last_requested_at, zone) == today:
        raise RequestTooSoon("You already asked for supervision today; your supervisor has been told.")
    locked.last_requested_at = timezone.now()
    locked.save(update_fields=["last_requested_at", "updated_at"])
    notify(
        recipient=locked.supervisor,
        kind="supervision_requested",
        message=f"{{actor}} asked for {locked.get_kind_display().lower()} now.",
        actor=actor,
        link=reverse("supervision:queue"),
    )
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=locked, subject=actor, detail="request")
    return locked


def _answer_requests(agreements: Iterable[Agreement]) -> list[Agreement]:
    """Mark the waiting requests for supervision of ``agreements`` (locked) as answered now."""
    waiting = [a for a in agreements if a.request_waiting]
    now = timezone.now()
    for agreement in waiting:
        agreement.request_handled_at = now
    if waiting:
        Agreement.objects.filter(pk__in=[a.pk for a in waiting]).update(request_handled_at=now, updated_at=now)
    return waiting


@transaction.atomic
def agreement_request_handled(*, actor: User, agreement: Agreement) -> Agreement:
    """The supervisor marks the supervisee's request for supervision as handled (they talked,
    or arranged a time) without recording a session; the request stops showing as waiting and
    the supervisee is told. Recording a session under the agreement does the same."""
    require(can_answer_request(actor, agreement), "Only the supervisor can mark this request as handled.")
    (locked,) = _lock_agreements([agreement.pk])
    if not locked.request_waiting:
        raise DomainError("There is no request for supervision waiting under this agreement.")
    _answer_requests([locked])
    notify(
        recipient=locked.supervisee,
        kind="supervision_request_handled",
        message="{actor} has picked up your request for supervision.",
        actor=actor,
        link=reverse("supervision:my-supervision"),
    )
    audit_record(
        actor=actor, action=AuditEvent.Action.UPDATE, target=locked, subject=locked.supervisee, detail="request:handled"
    )
    return locked


# --- sessions -----------------------------------------------------------------------------


def _validate_functions(functions: object) -> list[str]:
    if not isinstance(functions, list | tuple) or not functions:
        raise ValidationError({"functions": "Choose at least one function the session served."})
    unknown = [f for f in functions if f not in SupervisionSession.Function.values]
    if unknown:
        raise ValidationError({"functions": f"Choose from: {', '.join(SupervisionSession.Function.values)}."})
    # Stored once each, in the canonical order.
    return [f for f in SupervisionSession.Function.values if f in functions]


def _validate_values_check(values_check: object) -> dict[str, Any] | None:
    """The joint peer-values check (issue 18, item 4): ``{"answers": {value: "lived_well" |
    "in_the_way" | "not_discussed"}, "organisation_could_change": str, "agreed_together": true}``.
    Values left out are "not discussed". Errors name ``values_check``."""
    if values_check in (None, {}):
        return None
    if not isinstance(values_check, dict):
        raise ValidationError(
            {"values_check": "Give an object: {answers, organisation_could_change, agreed_together}."}
        )
    unknown = sorted(set(values_check) - {"answers", "organisation_could_change", "agreed_together"})
    if unknown:
        raise ValidationError({"values_check": f"“{unknown[0]}” is not part of the values check."})
    answers = values_check.get("answers") or {}
    if not isinstance(answers, dict):
        raise ValidationError({"values_check": "answers: give an object of value → answer."})
    keys = peer_value_keys()
    for key, answer in answers.items():
        if key not in keys:
            raise ValidationError(
                {"values_check": f"“{key}” is not one of the values. Choose from: {', '.join(keys)}."}
            )
        if answer not in VALUE_ANSWERS:
            raise ValidationError({"values_check": f"{key}: the answer must be one of {', '.join(VALUE_ANSWERS)}."})
    change = values_check.get("organisation_could_change") or ""
    if not isinstance(change, str) or len(change) > MAX_CHANGE_LENGTH or "\x00" in change:
        raise ValidationError(
            {"values_check": f"organisation_could_change: text of at most {MAX_CHANGE_LENGTH} characters."}
        )
    clean = {key: answers[key] for key in keys if answers.get(key, NOT_DISCUSSED) != NOT_DISCUSSED}
    if not clean and not change.strip():
        return None
    if values_check.get("agreed_together") is not True:
        raise ValidationError(
            {"values_check": "The values check is agreed together in the session: confirm you both agree it."}
        )
    return {"answers": clean, "organisation_could_change": change.strip(), "agreed_together": True}


def _validate_duration(duration_minutes: object) -> None:
    if not isinstance(duration_minutes, int) or not 5 <= duration_minutes <= 480:
        raise ValidationError({"duration_minutes": "Give a duration between 5 and 480 minutes."})


def _validate_held_on(held_on: date, agreements: Iterable[Agreement], today: date) -> None:
    if held_on > today:
        raise ValidationError(
            {"held_on": "A session cannot be recorded before it is held (the date is in the future)."}
        )
    for agreement in agreements:
        if held_on < agreement.starts_on:
            raise ValidationError(
                {"held_on": f"The agreement with {agreement.supervisee} starts on {prose_date(agreement.starts_on)}."}
            )
        if agreement.ends_on is not None and held_on > agreement.ends_on:
            raise ValidationError(
                {"held_on": f"The agreement with {agreement.supervisee} ended on {prose_date(agreement.ends_on)}."}
            )


def _validate_boundary_notes(notes: Iterable[BoundaryNote], agreements: Iterable[Agreement]) -> list[BoundaryNote]:
    supervisee_ids = {a.supervisee_id for a in agreements}
    for note in notes:
        if note.author_id not in supervisee_ids:
            raise ValidationError({"boundary_notes": "Link only boundary notes of the people this session covers."})
    return list({note.pk: note for note in notes}.values())


@transaction.atomic
def session_record(
    *,
    actor: User,
    agreements: Iterable[Agreement],
    held_on: date,
    duration_minutes: int,
    functions: Iterable[str],
    topics: str = "",
    values_check: dict[str, Any] | None = None,
    boundary_notes: Iterable[BoundaryNote] = (),
    agreed_actions: str = "",
) -> SupervisionSession:
    """The supervisor records a session under one or more of their agreements (a group
    session covers several). Moves each covered agreement's ``next_due_on``."""
    agreements = list({a.pk: a for a in agreements}.values())
    if not agreements:
        raise ValidationError({"agreements": "Choose the agreement(s) this session was held under."})
    for agreement in agreements:
        if agreement.organisation_id != actor.organisation_id:
            raise ValidationError({"agreements": "This agreement does not exist."})
        require(
            can_record_under(actor, agreement),
            "You can record sessions only under agreements where you are the supervisor.",
        )
    locked = _lock_agreements(a.pk for a in agreements)
    for agreement in locked:
        # Ended agreements keep their history (sessions held before the end); a proposal that
        # was never agreed to by both people has none.
        agreed = agreement.supervisee_accepted_at is not None and agreement.supervisor_accepted_at is not None
        if not agreed or agreement.status not in (Agreement.Status.ACTIVE, Agreement.Status.ENDED):
            raise ValidationError(
                {"agreements": f"The agreement with {agreement.supervisee} has not been agreed to by both people."}
            )
    _validate_held_on(held_on, locked, caps(actor).today)
    _validate_duration(duration_minutes)
    functions = _validate_functions(functions)
    values_check = _validate_values_check(values_check)
    notes = _validate_boundary_notes(list(boundary_notes), locked)
    session = SupervisionSession.objects.create(
        organisation_id=org_id(actor),
        recorded_by=actor,
        held_on=held_on,
        duration_minutes=duration_minutes,
        topics=(topics or "").strip(),
        functions=functions,
        values_check=values_check,
        agreed_actions=(agreed_actions or "").strip(),
    )
    session.agreements.set(locked)
    if notes:
        session.boundary_notes.set(notes)
    agreements_refresh_due(locked)
    _answer_requests(locked)  # a session answers any request for supervision waiting
    supervisees = {a.supervisee_id: a.supervisee for a in locked}
    for supervisee in supervisees.values():
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=session, subject=supervisee)
        notify(
            recipient=supervisee,
            kind="session_recorded",
            message=f"{{actor}} recorded your supervision session of {prose_date(held_on)}.",
            actor=actor,
            link=reverse("supervision:session-detail", args=[session.pk]),
        )
    return session


@transaction.atomic
def session_update(*, actor: User, session: SupervisionSession, data: dict[str, Any]) -> SupervisionSession:
    """The supervisor who recorded a session corrects it. Moving ``held_on`` moves the due dates."""
    require(can_change_session(actor, session), "Only the supervisor who recorded this session can change it.")
    refused = sorted(set(data) - set(SupervisionSession.EDITABLE_FIELDS))
    if refused:
        raise ValidationError({field: "This cannot be changed; record a new session instead." for field in refused})
    locked = _lock_agreements(session.agreements.values_list("pk", flat=True))
    if "held_on" in data:
        _validate_held_on(data["held_on"], locked, caps(actor).today)
    if "duration_minutes" in data:
        _validate_duration(data["duration_minutes"])
    if "functions" in data:
        data = {**data, "functions": _validate_functions(data["functions"])}
    if "values_check" in data:
        data = {**data, "values_check": _validate_values_check(data["values_check"])}
    notes = None
    if "boundary_notes" in data:
        notes = _validate_boundary_notes(list(data["boundary_notes"]), locked)
    fields = [f for f in data if f != "boundary_notes"]
    for field in fields:
        value = data[field]
        setattr(session, field, value.strip() if isinstance(value, str) else value)
    if fields:
        session.save(update_fields=[*fields, "updated_at"])
    if notes is not None:
        session.boundary_notes.set(notes)
    if "held_on" in data:
        agreements_refresh_due(locked)
    for agreement in locked:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            target=session,
            subject=agreement.supervisee,
            detail=",".join(sorted(data)),
        )
    return session


@transaction.atomic
def session_delete(*, actor: User, session: SupervisionSession) -> None:
    """The recorder deletes a session recorded by mistake; the due dates move back."""
    require(can_change_session(actor, session), "Only the supervisor who recorded this session can delete it.")
    locked = _lock_agreements(session.agreements.values_list("pk", flat=True))
    for agreement in locked:
        audit_record(actor=actor, action=AuditEvent.Action.DELETE, target=session, subject=agreement.supervisee)
    session.delete()
    agreements_refresh_due(locked)
