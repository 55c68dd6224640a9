"""Every write to role definitions and assignments goes through here.

Versioning rules (see also ``apps.roles.models``):

* a new definition is draft version 1;
* a draft is edited in place;
* editing a *published* version creates the next version as a new draft row (copying
  its fields and duties), which is then edited; the published version is untouched;
* a retired version cannot be edited;
* publishing a draft retires the lineage's previously published version: it stays
  readable and its assignments keep pointing at it, but it can no longer be assigned;
* an assignment always points at the exact version it was made on.
"""

from collections.abc import Collection, Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.core.capabilities import caps, require
from apps.core.dates import prose_date
from apps.notifications.services import notifications_resolve, notify
from apps.roles import extensions, policies
from apps.roles.models import (
    LIVED_EXPERIENCE_ITEM_MAX,
    LIVED_EXPERIENCE_MAX,
    Assignment,
    AssignmentComment,
    Consultation,
    DefinitionComment,
    Duty,
    RoleDefinition,
)
from apps.roles.selectors import assigned_hours, consultation_is_open
from apps.teams.models import Membership, Team

# Fields of a definition a manager writes (``duties`` is handled separately). A new field of
# this app goes here and is copied in _next_version(); fields other apps keep (required
# competencies) are registered in ``extensions`` and inherited by the next version there.
DEFINITION_FIELDS = ("title", "kind", "purpose", "boundaries", "hours_per_week", "lived_experience")
DEFINITION_EDITABLE = {*DEFINITION_FIELDS, "duties"}
ASSIGNMENT_EDITABLE = {"ends_on", "hours_per_week"}
MAX_DUTIES = 50
COMMENT_MAX = 2000

WRITE_DENIED = "Only this team's managers or an org admin can change its role definitions."
ASSIGN_DENIED = "Only this team's managers or an org admin can assign its roles."


# --- role definitions ----------------------------------------------------------------------


def clean_duties(duties: Any) -> list[dict[str, Any]]:
    """Validate ``[{description, category}, ...]`` (in order) into clean dicts, or raise
    a ValidationError on ``duties`` naming the duty by its number."""
    if duties is None:
        return []
    if not isinstance(duties, list | tuple):
        raise ValidationError({"duties": "Send a list of duties, each with a description and a category."})
    if len(duties) > MAX_DUTIES:
        raise ValidationError({"duties": f"A role can have at most {MAX_DUTIES} duties."})
    cleaned, errors = [], []
    for number, duty in enumerate(duties, start=1):
        description = str((duty or {}).get("description") or "").strip()
        category = (duty or {}).get("category")
        if not description:
            errors.append(f"Duty {number}: describe the duty.")
        elif len(description) > 500:
            errors.append(f"Duty {number}: keep the description under 500 characters.")
        if category not in Duty.Category.values:
            errors.append(f"Duty {number}: choose a category ({', '.join(Duty.Category.values)}).")
        cleaned.append({"description": description, "category": category})
    if errors:
        raise ValidationError({"duties": errors})
    return cleaned


def clean_lived_experience(value: Any) -> list[str]:
    """``["experience of ...", ...]`` (or one item a line) into a clean list without blanks or
    repeats, or a ValidationError on ``lived_experience``."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
        raise ValidationError({"lived_experience": "Send a list of short phrases."})
    items: list[str] = []
    for item in (v.strip() for v in value):
        if item and item not in items:
            items.append(item)
    if len(items) > LIVED_EXPERIENCE_MAX:
        raise ValidationError({"lived_experience": f"List at most {LIVED_EXPERIENCE_MAX} kinds of experience."})
    if any(len(item) > LIVED_EXPERIENCE_ITEM_MAX for item in items):
        raise ValidationError(
            {"lived_experience": f"Keep each kind of experience under {LIVED_EXPERIENCE_ITEM_MAX} characters."}
        )
    return items


def _replace_duties(definition: RoleDefinition, duties: list[dict]) -> None:
    definition.duties.all().delete()
    Duty.objects.bulk_create(
        Duty(role_definition=definition, position=position, description=d["description"], category=d["category"])
        for position, d in enumerate(duties, start=1)
    )


def _refuse_unknown(data: Mapping[str, object], *, known: Collection[str]) -> None:
    """A field the definition does not have (or may not change) is a 400 naming it, never dropped."""
    refused = sorted(set(data) - set(known))
    if refused:
        reasons = {
            "team": "A role definition stays in its team; define a new role in the other team instead.",
        }
        raise ValidationError({f: reasons.get(f, "This field cannot be changed.") for f in refused})


def _validate_fields(definition: RoleDefinition) -> None:
    # Field rules only (length, choices, hour range); the database holds the uniqueness rules.
    definition.full_clean(exclude=["organisation", "team", "created_by"], validate_constraints=False)


@transaction.atomic
def role_definition_create(
    *,
    actor: User,
    team: Team,
    title: str,
    kind: str,
    hours_per_week: Decimal | str,
    purpose: str = "",
    boundaries: str = "",
    duties: object = None,
    lived_experience: object = None,
    **extra: Iterable[object],
) -> RoleDefinition:
    """Managers of ``team`` (and org admins) define a new role: draft version 1.

    ``extra``: the fields other apps keep (``extensions``, e.g. ``required_competencies``),
    saved in this transaction; any other name is refused (400 naming it).
    """
    _refuse_unknown(extra, known=extensions.definition_field_names())
    if team.organisation_id != actor.organisation_id:
        raise ValidationError({"team": "This team does not exist."})
    require(policies.can_write_role_definitions(actor, team.pk), WRITE_DENIED)
    cleaned_duties = clean_duties(duties)
    definition = RoleDefinition(
        organisation_id=team.organisation_id,
        team=team,
        title=(title or "").strip(),
        kind=kind,
        purpose=purpose or "",
        boundaries=boundaries or "",
        hours_per_week=hours_per_week,
        lived_experience=clean_lived_experience(lived_experience),
        created_by=actor,
    )
    _validate_fields(definition)
    definition.save()
    _replace_duties(definition, cleaned_duties)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=definition, detail="v1 draft")
    # A first version inherits nothing, so an empty list is the same as none (no empty set, no audit row).
    extensions.save_definition_fields(actor, definition, {name: value for name, value in extra.items() if value})
    return definition


def _next_version(published: RoleDefinition, actor: User) -> RoleDefinition:
    """Copy ``published`` (fields and duties) into the lineage's next version, as a draft."""
    lineage = list(RoleDefinition.objects.select_for_update().filter(lineage=published.lineage))
    draft = next((d for d in lineage if d.status == RoleDefinition.Status.DRAFT), None)
    if draft is not None:
        raise ValidationError(
            {"status": f"Version {draft.version} of this role is already being drafted (id {draft.pk}); edit that."}
        )
    version = max(d.version for d in lineage) + 1
    draft = RoleDefinition(
        organisation_id=published.organisation_id,
        team_id=published.team_id,
        lineage=published.lineage,
        version=version,
        created_by=actor,
        **{name: getattr(published, name) for name in DEFINITION_FIELDS},
    )
    try:
        with transaction.atomic():
            draft.save()
    except IntegrityError:  # another manager started the same next version at the same moment
        raise ValidationError({"status": "Someone else has just started the next version of this role."}) from None
    _replace_duties(draft, [{"description": d.description, "category": d.category} for d in published.duties.all()])
    return draft


@transaction.atomic
def role_definition_update(*, actor: User, definition: RoleDefinition, data: dict) -> RoleDefinition:
    """Edit a definition. A draft changes in place; a published version is left as it is
    and the changes go into a new draft of the next version, which is returned (compare
    its ``pk`` with the one passed in). Retired versions cannot be edited."""
    require(policies.can_write_role_definitions(actor, definition.team_id), WRITE_DENIED)
    extra_names = extensions.definition_field_names()
    _refuse_unknown(data, known=DEFINITION_EDITABLE | extra_names)
    cleaned_duties = clean_duties(data["duties"]) if "duties" in data else None
    current = RoleDefinition.objects.select_for_update().get(pk=definition.pk)
    if current.is_retired:
        raise ValidationError({"status": "This version is retired and cannot be edited."})
    target = _next_version(current, actor) if current.is_published else current
    for name in DEFINITION_FIELDS:
        if name in data:
            value = data[name]
            if name == "title":
                value = (value or "").strip()
            elif name in ("purpose", "boundaries"):
                value = value or ""
            elif name == "lived_experience":
                value = clean_lived_experience(value)
            setattr(target, name, value)
    _validate_fields(target)
    target.save()
    if cleaned_duties is not None:
        _replace_duties(target, cleaned_duties)
    detail = f"v{target.version} draft" + (f" from v{current.version}" if target.pk != current.pk else "")
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE if target.pk != current.pk else AuditEvent.Action.UPDATE,
        target=target,
        detail=detail,
    )
    extensions.save_definition_fields(actor, target, {k: v for k, v in data.items() if k in extra_names})
    return target


@transaction.atomic
def role_definition_publish(*, actor: User, definition: RoleDefinition) -> RoleDefinition:
    """Publish a draft; the lineage's previously published version is retired (superseded).

    The lineage's rows are locked so that two publishes cannot both succeed.
    """
    require(policies.can_write_role_definitions(actor, definition.team_id), WRITE_DENIED)
    lineage = list(RoleDefinition.objects.select_for_update().filter(lineage=definition.lineage).order_by("version"))
    current = next(d for d in lineage if d.pk == definition.pk)
    if not current.is_draft:
        raise ValidationError({"status": f"Only a draft can be published; this version is {current.status}."})
    if not current.duties.exists():
        raise ValidationError({"duties": "Add at least one duty before publishing."})
    now = timezone.now()
    for previous in lineage:
        if previous.is_published:
            previous.status = RoleDefinition.Status.RETIRED
            previous.retired_at = now
            previous.save(update_fields=["status", "retired_at", "updated_at"])
            audit_record(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                target=previous,
                detail=f"v{previous.version} retired: superseded by v{current.version}",
            )
    current.status = RoleDefinition.Status.PUBLISHED
    current.published_at = now
    current.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=current,
        detail=f"v{current.version} published"
        + ("" if current.consultations.exists() else " without peer consultation"),
    )
    return current


@transaction.atomic
def role_definition_retire(*, actor: User, definition: RoleDefinition) -> RoleDefinition:
    """Retire a published version: it can no longer be assigned or edited. Existing assignments
    stay (they are history, and end when the manager ends them). A draft is discarded instead
    (:func:`role_definition_discard`)."""
    require(policies.can_write_role_definitions(actor, definition.team_id), WRITE_DENIED)
    current = RoleDefinition.objects.select_for_update().get(pk=definition.pk)
    if current.is_retired:
        raise ValidationError({"status": "This version is already retired."})
    if current.is_draft:
        raise ValidationError(
            {"status": "A draft that was never published is discarded, not retired: use “Discard draft” (DELETE)."}
        )
    was = current.status
    current.status = RoleDefinition.Status.RETIRED
    current.retired_at = timezone.now()
    current.save(update_fields=["status", "retired_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=current,
        detail=f"v{current.version} retired (was {was})",
    )
    return current


@transaction.atomic
def role_definition_discard(*, actor: User, definition: RoleDefinition) -> None:
    """Delete a draft that was never published (its duties and the fields other apps keep go
    with it). Only a draft: a published or retired version is history that assignments point at,
    so it is retired, never deleted. The audit row keeps the title and version."""
    require(policies.can_write_role_definitions(actor, definition.team_id), WRITE_DENIED)
    current = RoleDefinition.objects.select_for_update().get(pk=definition.pk)
    if not current.is_draft:
        raise ValidationError(
            {"status": f"Only a draft can be discarded; this version is {current.status}. Retire it instead."}
        )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        target=current,
        detail=f"{current.title} v{current.version} draft discarded",
    )
    current.delete()


# --- assignments --------------------------------------------------------------------------


def _clean_hours(value: object, field: str = "hours_per_week") -> Decimal:
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: "Enter a number of hours."}) from None
    if not hours.is_finite() or hours < Decimal("0.5") or hours > 80:
        raise ValidationError({field: "Hours per week must be between 0.5 and 80."})
    if hours != hours.quantize(Decimal("0.1")):
        raise ValidationError({field: "Use at most one decimal place."})
    return hours


def _overlapping(queryset: QuerySet[Assignment], starts_on: date, ends_on: date | None) -> QuerySet[Assignment]:
    """Rows of ``queryset`` whose [starts_on, ends_on] period overlaps the given one."""
    qs = queryset.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    if ends_on is not None:
        qs = qs.filter(starts_on__lte=ends_on)
    return qs


@transaction.atomic
def assignment_create(
    *,
    actor: User,
    worker: User,
    role_definition: RoleDefinition,
    starts_on: date | None = None,
    ends_on: date | None = None,
    hours_per_week: Decimal | str | None = None,
) -> Assignment:
    """A manager of the role's team assigns a published version to a current member.

    Hours default to the role's hours. Going over the worker's contracted hours is
    allowed but never silent: the API response and the pages show ``over_allocated``,
    the assign page asks for confirmation, and the audit row says so.
    """
    if role_definition.organisation_id != actor.organisation_id:
        raise ValidationError({"role_definition": "This role definition does not exist."})
    require(policies.can_assign_roles(actor, role_definition.team_id), ASSIGN_DENIED)
    if not role_definition.is_published:
        raise ValidationError(
            {"role_definition": f"Only a published version can be assigned; this one is {role_definition.status}."}
        )
    if worker.organisation_id != role_definition.organisation_id:
        raise ValidationError({"worker": "This worker does not exist."})
    today = caps(actor).today
    # Serialise assignments to the same worker (the overlap check below reads, then writes).
    worker = User.objects.select_for_update().get(pk=worker.pk)
    if worker.status == User.Status.LEFT:
        raise ValidationError({"worker": f"{worker} has left the organisation."})
    team = role_definition.team
    if not Membership.objects.active(today).filter(team_id=team.pk, worker_id=worker.pk).exists():
        raise ValidationError({"worker": f"{worker} is not a current member of {team}."})
    starts_on = starts_on or today
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "The end date cannot be before the start date."})
    hours = _clean_hours(role_definition.hours_per_week if hours_per_week in (None, "") else hours_per_week)
    same_role = Assignment.objects.filter(worker=worker, role_definition__lineage=role_definition.lineage)
    clash = _overlapping(same_role, starts_on, ends_on).select_related("role_definition").first()
    if clash is not None:
        raise ValidationError(
            {
                "worker": f"{worker} already holds {clash.role_definition} from {prose_date(clash.starts_on)} "
                "in that period. End that assignment first."
            }
        )
    assignment = Assignment.objects.create(
        organisation_id=role_definition.organisation_id,
        worker=worker,
        role_definition=role_definition,
        team_id=team.pk,
        starts_on=starts_on,
        ends_on=ends_on,
        hours_per_week=hours,
        created_by=actor,
    )
    assigned = assigned_hours([worker.pk], today=today)[worker.pk]
    over = worker.is_over_contract(assigned)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=assignment,
        subject=worker,
        detail=f"{role_definition.title} v{role_definition.version}" + (" (over contracted hours)" if over else ""),
    )
    if worker.pk != actor.pk:
        notify(
            recipient=worker,
            kind="role_assigned",
            message=f"Your manager proposes this role for you — read it, ask anything, and agree when you're ready: "
            f"{role_definition} in {team}.",
            link=assignment_link(assignment),
        )
    return assignment


def assignment_link(assignment: Assignment) -> str:
    return reverse("roles:assignment-detail", args=[assignment.pk])


@transaction.atomic
def assignment_update(*, actor: User, assignment: Assignment, data: dict) -> Assignment:
    """Managers change an assignment's end date or hours; anything else is a new assignment."""
    require(policies.can_assign_roles(actor, assignment.team_id), ASSIGN_DENIED)
    refused = sorted(set(data) - ASSIGNMENT_EDITABLE)
    if refused:
        raise ValidationError(
            {field: "This cannot be changed; end this assignment and create a new one instead." for field in refused}
        )
    current = Assignment.objects.select_for_update().select_related("worker", "role_definition").get(pk=assignment.pk)
    today = caps(actor).today
    changes = []
    if "hours_per_week" in data:
        if current.has_ended_by(today):
            raise ValidationError({"hours_per_week": "This assignment has ended; its hours are history."})
        current.hours_per_week = _clean_hours(data["hours_per_week"])
        changes.append("hours")
    if "ends_on" in data:
        ends_on = data["ends_on"]
        if ends_on is not None and ends_on < current.starts_on:
            raise ValidationError({"ends_on": "The end date cannot be before the start date."})
        if ends_on is None:
            other = _overlapping(
                Assignment.objects.filter(
                    worker_id=current.worker_id, role_definition__lineage=current.role_definition.lineage
                ).exclude(pk=current.pk),
                current.starts_on,
                None,
            )
            if other.exists():
                raise ValidationError({"ends_on": "The worker holds this role again later; it cannot be open-ended."})
        current.ends_on = ends_on
        changes.append("end date")
    current.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=current,
        subject=current.worker,
        detail="changed " + ", ".join(changes) if changes else "no change",
    )
    return current


@transaction.atomic
def assignment_end(*, actor: User, assignment: Assignment, ends_on: date | None = None) -> Assignment:
    """End an assignment (today by default). The row stays as history."""
    require(policies.can_assign_roles(actor, assignment.team_id), ASSIGN_DENIED)
    today = caps(actor).today
    ends_on = ends_on or today
    if assignment.has_ended_by(today):
        raise ValidationError({"ends_on": "This assignment has already ended."})
    if ends_on < assignment.starts_on:
        raise ValidationError(
            {"ends_on": f"This assignment starts on {prose_date(assignment.starts_on)}; it cannot end before that."}
        )
    return assignment_update(actor=actor, assignment=assignment, data={"ends_on": ends_on})


@transaction.atomic
def assignment_acknowledge(*, actor: User, assignment: Assignment) -> Assignment:
    """The worker acknowledges their own assignment. Idempotent: the first time is kept."""
    require(policies.can_acknowledge(actor, assignment), "Only the person who holds this role can acknowledge it.")
    current = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if current.acknowledged_at is None:
        current.acknowledged_at = timezone.now()
        current.save(update_fields=["acknowledged_at", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            target=current,
            subject=actor,
            detail="acknowledged",
        )
    # What asked the worker to agree is done: this role's proposal (linked to the assignment, or
    # to the role's page before issue 15), and the reminder once nothing is left to agree to.
    notifications_resolve(
        recipient_ids=[actor.pk],
        kinds=["role_assigned"],
        links=[assignment_link(current), reverse("roles:role-detail", args=[current.role_definition_id])],
    )
    waiting = Assignment.objects.not_ended(caps(actor).today).filter(worker_id=actor.pk, acknowledged_at__isnull=True)
    if not waiting.exists():
        notifications_resolve(recipient_ids=[actor.pk], kinds=["assignment_unacknowledged"])
    return current


def _managers_to_tell(assignment: Assignment) -> list[User]:
    """The team's current managers, or the organisation's admins if the team has none."""
    return _managers_of(
        assignment.team_id, assignment.organisation_id, caps(assignment.worker).today, exclude=assignment.worker_id
    )


@transaction.atomic
def assignment_comment_add(
    *, actor: User, assignment: Assignment, body: str, kind: str = AssignmentComment.Kind.QUESTION
) -> AssignmentComment:
    """The worker asks a question (or comments) on a role proposed to them, or asks for a change
    before agreeing (``kind`` ``change_request``, the worker only), and the team's managers are told;
    a manager's reply tells the worker. Audited; the text never goes into a notification."""
    require(
        policies.can_discuss(actor, assignment),
        "Only the person this role is proposed to and the team's managers can talk about it here.",
    )
    text = (body or "").strip()
    if not text:
        raise ValidationError({"body": "Write your question or comment first."})
    if len(text) > COMMENT_MAX:
        raise ValidationError({"body": f"Keep it to {COMMENT_MAX} characters or fewer."})
    if kind not in AssignmentComment.Kind.values:
        raise ValidationError({"kind": f"Choose one of: {', '.join(AssignmentComment.Kind.values)}."})
    current = Assignment.objects.select_related("worker", "role_definition").get(pk=assignment.pk)
    from_worker = actor.pk == current.worker_id
    if kind == AssignmentComment.Kind.CHANGE_REQUEST and not from_worker:
        raise ValidationError({"kind": "Only the person the role is proposed to asks for a change; answer instead."})
    comment = AssignmentComment.objects.create(
        organisation_id=current.organisation_id, assignment=current, author=actor, body=text, kind=kind
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=comment,
        subject=current.worker,
        detail=(
            "asks for a change to a role" if kind == AssignmentComment.Kind.CHANGE_REQUEST else "question on a role"
        )
        if from_worker
        else "reply on a role",
    )
    link = assignment_link(current)
    if from_worker:
        asks = "asks for a change to" if kind == AssignmentComment.Kind.CHANGE_REQUEST else "has a question about"
        for manager in _managers_to_tell(current):
            notify(
                recipient=manager,
                kind="role_question",
                message=f"{{actor}} {asks} the role proposed to them: {current.role_definition}.",
                link=link,
                actor=actor,
            )
    else:
        notify(
            recipient=current.worker,
            kind="role_question_answered",
            message=f"{{actor}} answered you about the role {current.role_definition}.",
            link=link,
            actor=actor,
        )
        # Answered: the managers' "has a question" notifications for this assignment are done.
        notifications_resolve(
            recipient_ids=[m.pk for m in _managers_to_tell(current)] + [actor.pk], kinds=["role_question"], links=[link]
        )
    return comment


# --- co-produced role definitions (issue 18, item 3) ------------------------------------------

CONSULT_DENIED = "Only this team's managers or an org admin can ask peer workers about a draft."
COMMENT_DENIED = "Only the team's peer workers comment on a draft, once its managers have asked for their views."
DECIDE_DENIED = "Only this team's managers or an org admin accept or decline comments."
REASON_MAX = 1000


def _definition_link(definition: RoleDefinition) -> str:
    return reverse("roles:role-detail", args=[definition.pk])


def _managers_of(team_id: Any, organisation_id: Any, today: date, *, exclude: Any = None) -> list[User]:
    """The team's current managers, or the organisation's admins if it has none."""
    managers = Membership.objects.active(today).filter(team_id=team_id, team_role=Membership.TeamRole.MANAGER)
    people = list(User.objects.filter(pk__in=managers.values("worker_id"), is_active=True))
    if not people:
        people = list(User.objects.filter(organisation_id=organisation_id, is_org_admin=True, is_active=True))
    return [p for p in people if p.pk != exclude]


def consultable_workers(definition: RoleDefinition, today: date) -> QuerySet[User]:
    """Who may be asked about a definition: current peer-worker members of its team who do not manage it."""
    members = Membership.objects.active(today).filter(team_id=definition.team_id)
    managers = members.filter(team_role=Membership.TeamRole.MANAGER).values("worker_id")
    return (
        User.objects.filter(pk__in=members.values("worker_id"), worker_kind=User.WorkerKind.PEER, is_active=True)
        .exclude(pk__in=managers)
        .exclude(status=User.Status.LEFT)
        .order_by("display_name")
    )


@transaction.atomic
def consultation_ask(*, actor: User, definition: RoleDefinition, workers: Iterable[User]) -> list[Consultation]:
    """The team's managers ask peer workers of the team for their view on a draft. This opens the
    draft to the team's peer workers for comments and proposals; each one asked is told (no text)
    and records for themself whether they agree. Asking someone twice changes nothing."""
    current = RoleDefinition.objects.select_for_update().select_related("team").get(pk=definition.pk)
    require(caps(actor).can_manage_team(current.team_id), CONSULT_DENIED)
    if not current.is_draft:
        raise ValidationError(
            {
                "status": f"Peer workers are asked about a draft, before it is published; this version is {current.status}."
            }
        )
    people = list(workers)
    if not people:
        raise ValidationError({"workers": "Choose at least one peer worker to ask."})
    allowed = {u.pk for u in consultable_workers(current, caps(actor).today)}
    refused = [str(p) for p in people if p.pk not in allowed]
    if refused:
        raise ValidationError(
            {"workers": f"Only current peer workers of {current.team} can be asked: not {', '.join(sorted(refused))}."}
        )
    already = set(Consultation.objects.filter(role_definition=current).values_list("worker_id", flat=True))
    created = []
    for person in people:
        if person.pk in already:
            continue
        already.add(person.pk)
        consultation = Consultation.objects.create(
            organisation_id=current.organisation_id, role_definition=current, worker=person, asked_by=actor
        )
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            target=consultation,
            subject=person,
            detail=f"asked about {current.title} v{current.version} (draft)",
        )
        notify(
            recipient=person,
            kind="role_consultation",
            message=f"{{actor}} asks for your view on the draft role {current}: comment, propose changes, "
            "and say whether you agree.",
            link=_definition_link(current),
            actor=actor,
        )
        created.append(consultation)
    return created


@transaction.atomic
def consultation_respond(*, actor: User, definition: RoleDefinition, response: str) -> Consultation:
    """A peer worker who was asked records whether they agree with this version (on the draft, or
    on the published version if they answer later). Only their own answer: nobody records it for
    them. They may change it until the version is retired. The managers are told (no answer in it)."""
    consultation = (
        Consultation.objects.select_for_update()
        .select_related("role_definition")
        .filter(role_definition_id=definition.pk, worker_id=actor.pk)
        .first()
    )
    require(consultation is not None, "Only the peer workers who were asked about this role record their view.")
    assert consultation is not None
    current = consultation.role_definition
    if current.is_retired:
        raise ValidationError({"status": "This version is retired; its consultation is closed."})
    if response not in Consultation.Response.values:
        raise ValidationError({"response": f"Choose one of: {', '.join(Consultation.Response.values)}."})
    changed = consultation.response != response
    consultation.response = response
    consultation.responded_at = timezone.now()
    consultation.save(update_fields=["response", "responded_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=consultation,
        subject=actor,
        detail=f"view on {current.title} v{current.version}: {response}",
    )
    if changed:
        for manager in _managers_of(current.team_id, current.organisation_id, caps(actor).today, exclude=actor.pk):
            notify(
                recipient=manager,
                kind="role_consultation_answered",
                message=f"{{actor}} has said whether they agree with the role {current}.",
                link=_definition_link(current),
                actor=actor,
            )
    notifications_resolve(recipient_ids=[actor.pk], kinds=["role_consultation"], links=[_definition_link(current)])
    return consultation


@transaction.atomic
def definition_comment_add(
    *, actor: User, definition: RoleDefinition, body: str, proposes: str = ""
) -> DefinitionComment:
    """A peer worker of the team comments on a draft, or proposes a change to its purpose, duties
    or lived-experience expertise. Always in their own name (the author is the signed-in user).
    The team's managers are told (no text); each comment is theirs to accept or decline."""
    current = RoleDefinition.objects.select_related("team").get(pk=definition.pk)
    if not current.is_draft:
        raise ValidationError({"status": "Comments are on a draft; this version is published or retired."})
    require(
        policies.can_comment_on_definition(actor, current, consultation_open=consultation_is_open(current)),
        COMMENT_DENIED,
    )
    text = (body or "").strip()
    if not text:
        raise ValidationError({"body": "Write your comment or the change you propose first."})
    if len(text) > COMMENT_MAX:
        raise ValidationError({"body": f"Keep it to {COMMENT_MAX} characters or fewer."})
    if proposes not in DefinitionComment.Proposes.values:
        raise ValidationError(
            {"proposes": f"Choose one of: {', '.join(v or '(empty)' for v in DefinitionComment.Proposes.values)}."}
        )
    comment = DefinitionComment.objects.create(
        organisation_id=current.organisation_id, role_definition=current, author=actor, body=text, proposes=proposes
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=comment,
        detail=f"{'proposal' if proposes else 'comment'} on {current.title} v{current.version} (draft)",
    )
    for manager in _managers_of(current.team_id, current.organisation_id, caps(actor).today, exclude=actor.pk):
        notify(
            recipient=manager,
            kind="role_comment",
            message=f"{{actor}} {'proposed a change to' if proposes else 'commented on'} the draft role {current}.",
            link=_definition_link(current),
            actor=actor,
        )
    return comment


@transaction.atomic
def definition_comment_decide(
    *, actor: User, comment: DefinitionComment, decision: str, reason: str
) -> DefinitionComment:
    """The team's managers accept or decline a comment or proposal, with a reason the author
    reads on the role's page. Accepting records the decision; the manager makes the change in
    the draft (the editor). Decided once. The author is told (no text, no reason)."""
    # Locked alone (FOR UPDATE cannot reach the nullable author of an outer join).
    current = DefinitionComment.objects.select_for_update().get(pk=comment.pk)
    definition = RoleDefinition.objects.get(pk=current.role_definition_id)
    require(policies.can_decide_comments(actor, definition), DECIDE_DENIED)
    if decision not in (DefinitionComment.Decision.ACCEPTED, DefinitionComment.Decision.DECLINED):
        raise ValidationError({"decision": "Choose accepted or declined."})
    text = (reason or "").strip()
    if not text:
        raise ValidationError({"reason": "Give a reason: the person who wrote it reads it."})
    if len(text) > REASON_MAX:
        raise ValidationError({"reason": f"Keep the reason to {REASON_MAX} characters or fewer."})
    if current.decision:
        raise ValidationError({"decision": f"This was already {current.get_decision_display().lower()}."})
    current.decision = decision
    current.decision_reason = text
    current.decided_by = actor
    current.decided_at = timezone.now()
    current.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=current,
        detail=f"{decision} a {'proposal' if current.proposes else 'comment'} on {definition.title} v{definition.version}",
    )
    if current.author is not None and current.author_id != actor.pk:
        notify(
            recipient=current.author,
            kind="role_comment_decided",
            message=f"{{actor}} {decision} your {'proposal' if current.proposes else 'comment'} on the role "
            f"{definition}.",
            link=_definition_link(definition),
            actor=actor,
        )
    return current
