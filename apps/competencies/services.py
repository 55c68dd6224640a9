"""Every write to frameworks, role requirements, assessments, sign-offs and training records.

``worker``, ``organisation`` and ``reviewer`` come from the signed-in user, never from input.
Each write records its audit event in the same transaction. Notifications name what
happened and link to the page; they never carry evidence, comments or reflection text.
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse

from apps.accounts.models import Organisation, User
from apps.accounts.scope import org_id
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.competencies import policies
from apps.competencies.certificates import check_certificate
from apps.competencies.loader import sync_framework_now
from apps.competencies.models import (
    Assessment,
    AssessorChoice,
    Competency,
    Framework,
    FrameworkChoice,
    OrganisationalStatus,
    RoleRequirementSet,
    SignOff,
    TrainingRecord,
)
from apps.competencies.selectors import (
    assessor_of,
    competencies_in_use,
    competencies_visible_to,
    frameworks_visible_to,
    organisational_competencies,
)
from apps.core import answers
from apps.core.capabilities import caps, require
from apps.core.dates import prose_date
from apps.notifications.services import notify
from apps.reflections.models import Reflection
from apps.roles.models import RoleDefinition
from apps.teams.models import Team

MAX_EVIDENCE = 20
MAX_COMMENT = 5000
# Course and provider names (the model's columns hold 200; forms and serializers use these too).
MAX_NAME = 200

# --- frameworks ---------------------------------------------------------------------------


@transaction.atomic
def framework_load(*, actor: User, data: dict[str, Any]) -> tuple[Framework, int]:
    """An org admin loads their organisation's own framework (``data`` from ``loader.parse_framework``).

    Keyed by slug within the organisation: loading the same file again changes nothing, a
    newer file updates in place. Returns the framework and how many rows changed.
    """
    require(caps(actor).is_org_admin, "Only an org admin can load a competency framework.")
    framework, changes = sync_framework_now(data, organisation_id=org_id(actor))
    if changes:
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=framework, detail=framework.slug)
    return framework, changes


@transaction.atomic
def framework_choice_set(*, actor: User, frameworks: Iterable[object]) -> list[Framework]:
    """An org admin chooses which frameworks their organisation's roles use (issue 17): the whole
    list replaces the previous one. At least one; each a framework visible here (shipped or the
    organisation's own). Role requirements already naming another framework's competencies stay
    as they are until the role is next edited."""
    require(caps(actor).is_org_admin, "Only an org admin chooses the frameworks the roles use.")
    if isinstance(frameworks, str | bytes):
        raise ValidationError({"frameworks": "Send a list of framework ids."})
    ids = []
    for item in frameworks:
        try:
            ids.append(item.pk if isinstance(item, Framework) else UUID(str(item)))
        except ValueError:
            raise ValidationError({"frameworks": "Send a list of framework ids."}) from None
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise ValidationError({"frameworks": "Choose at least one framework."})
    found = frameworks_visible_to(actor).in_bulk(ids)
    if len(found) != len(ids):
        raise ValidationError({"frameworks": "One of these frameworks does not exist."})
    organisation = org_id(actor)
    current = set(FrameworkChoice.objects.filter(organisation_id=organisation).values_list("framework_id", flat=True))
    if current != set(ids):
        FrameworkChoice.objects.filter(organisation_id=organisation).exclude(framework_id__in=ids).delete()
        FrameworkChoice.objects.bulk_create(
            [
                FrameworkChoice(organisation_id=organisation, framework_id=i, chosen_by=actor)
                for i in ids
                if i not in current
            ]
        )
        for framework_id in set(ids) ^ current:
            framework = found.get(framework_id) or Framework.objects.get(pk=framework_id)
            chosen = framework_id in found
            audit_record(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                target=framework,
                subject=None,
                detail="chosen for roles" if chosen else "no longer used by roles",
            )
    return [found[i] for i in ids]


# --- role requirements --------------------------------------------------------------------


NOT_A_PRACTICE_ITEM: dict[str, str] = {
    Competency.Kind.WELLBEING: "it is about your own wellbeing, for you alone, and is never signed off.",
    Competency.Kind.ORGANISATIONAL: (
        "it is what the organisation provides; managers record it for the team on the organisation page."
    ),
}


def _check_competencies(actor: User, competencies: Iterable[object], field: str) -> list[Competency]:
    """The competencies named (instances or ids), each once, in the order given: the active ones
    of the shipped frameworks and the actor's organisation's own. Anything else (an unknown or
    malformed id, another organisation's competency) is a ValidationError on ``field``."""
    if isinstance(competencies, str | bytes):
        raise ValidationError({field: "Send a list of competency ids."})
    ids = []
    for item in competencies:
        try:
            ids.append(item.pk if isinstance(item, Competency) else UUID(str(item)))
        except ValueError:
            raise ValidationError({field: "Send a list of competency ids."}) from None
    ids = list(dict.fromkeys(ids))
    found = competencies_visible_to(actor).in_bulk(ids)
    if len(found) != len(ids):
        raise ValidationError({field: "One of these competencies does not exist."})
    personal = [c for c in found.values() if c.kind != Competency.Kind.PRACTICE]
    if personal:
        raise ValidationError(
            {field: f"{personal[0].code} is not required of a worker: {NOT_A_PRACTICE_ITEM[personal[0].kind]}"}
        )
    in_use = set(competencies_in_use(actor).filter(pk__in=ids).values_list("pk", flat=True))
    unused = [found[i] for i in ids if i not in in_use]
    if unused:
        raise ValidationError(
            {
                field: f"{unused[0].code} is from a framework your organisation's roles do not use; an org admin chooses them."
            }
        )
    return [found[i] for i in ids]


@transaction.atomic
def role_requirements_set(
    *,
    actor: User,
    role_definition: RoleDefinition,
    competencies: Iterable[object],
    field: str = "competencies",
) -> RoleRequirementSet:
    """Set the competencies one version of a role requires (its team's managers, org admins).

    ``competencies``: instances or ids. Retired versions are history and are not changed. Later
    versions without their own set inherit this one. ``field`` names the input in errors (the
    role definition API calls it ``required_competencies``).
    """
    require(
        policies.can_manage_role_requirements(actor, role_definition.team_id),
        "Only this team's managers or an org admin can change what a role requires.",
    )
    if role_definition.status == "retired":
        raise ValidationError({"role_definition": "This version is retired; change the current version instead."})
    checked = _check_competencies(actor, competencies, field)
    requirement_set, _ = RoleRequirementSet.objects.select_for_update().get_or_create(
        role_definition=role_definition,
        defaults={
            "organisation_id": role_definition.organisation_id,
            "lineage": role_definition.lineage,
            "version": role_definition.version,
            "updated_by": actor,
        },
    )
    requirement_set.updated_by = actor
    requirement_set.save(update_fields=["updated_by", "updated_at"])
    requirement_set.competencies.set(checked)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=requirement_set,
        detail=f"{len(checked)} competencies",
    )
    return requirement_set


# --- assessments ----------------------------------------------------------------------------


def _check_evidence(actor: User, evidence: Iterable[object]) -> list[Reflection]:
    """Only the worker's own published reflections (instances or ids) may be cited."""
    cited = list(dict.fromkeys(evidence))
    if len(cited) > MAX_EVIDENCE:
        raise ValidationError({"evidence": f"Cite at most {MAX_EVIDENCE} reflections."})
    ids = [getattr(r, "pk", r) for r in cited]
    found: dict[object, Reflection] = {
        r.pk: r for r in Reflection.objects.filter(pk__in=ids, author_id=actor.pk, organisation_id=org_id(actor))
    }
    if len(found) != len(ids):
        raise ValidationError({"evidence": "You can only cite your own reflections."})
    if any(r.is_draft for r in found.values()):
        raise ValidationError({"evidence": "Finish (publish) a draft reflection before citing it."})
    return [found[i] for i in ids]


def _check_level(level: str) -> None:
    if level not in Assessment.Level.values:
        raise ValidationError({"level": f"Choose one of: {', '.join(Assessment.Level.values)}."})


@transaction.atomic
def assessment_create(
    *, actor: User, competency: Competency, level: str, evidence: Iterable[object] = ()
) -> Assessment:
    """A worker rates themselves on one competency, citing their own reflections.

    The new assessment becomes the current one; earlier ones stay as history.
    """
    _check_level(level)
    if not competencies_visible_to(actor).filter(pk=competency.pk).exists():
        raise ValidationError({"competency": "This competency does not exist."})
    if competency.kind == Competency.Kind.ORGANISATIONAL:
        raise ValidationError(
            {"competency": f"{competency.code} is {NOT_A_PRACTICE_ITEM[Competency.Kind.ORGANISATIONAL]}"}
        )
    evidence = _check_evidence(actor, evidence)
    # Serialise one worker's assessment writes: the "one current" swap below must not race.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    Assessment.objects.filter(worker_id=actor.pk, competency=competency, is_current=True).update(is_current=False)
    assessment = Assessment.objects.create(
        organisation_id=org_id(actor), worker=actor, competency=competency, level=level, is_current=True
    )
    assessment.evidence.set(evidence)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=assessment, subject=actor, detail=level)
    return assessment


class AssessmentLocked(ValidationError):
    """An edit of a signed-off (locked) assessment: the API answers 409, a page shows the message."""

    def __init__(self, message: str) -> None:
        super().__init__({"detail": message})
        self.message_text = message


def locked_message(assessment: Assessment) -> str:
    """Why a signed-off assessment cannot be changed, naming who locked it and when."""
    lock = assessment.lock
    if lock is None:
        return "This assessment is signed off and locked. Start a new assessment to change it."
    role = f" ({lock.reviewer_role})" if lock.reviewer_role else ""
    when = f" on {prose_date(lock.decided_on)}" if lock.decided_on else ""
    return (
        f"This assessment was signed off by {lock.reviewer_name}{role}{when} and is locked. "
        "Start a new assessment to change it; this one stays in your history."
    )


# The verifier's role, as the agreement under which they decided names it.
VERIFIER_ROLES = {
    "peer supervision": "peer supervisor",
    "clinical supervision": "clinical supervisor",
    "line management": "line manager",
}


def verifier_role(actor: User, worker_id: UUID, today: date) -> str:
    """What the reviewer is to the worker today ("peer supervisor", ...), from the agreements in
    force between them; several kinds are joined ("clinical supervisor and line manager")."""
    kinds = [
        VERIFIER_ROLES.get(row.kind_label.lower(), "supervisor")
        for row in answers.supervision().supervisors(worker_id, today)
        if row.supervisor_id == actor.pk
    ]
    return " and ".join(dict.fromkeys(kinds)) or "supervisor"


@transaction.atomic
def assessment_update(*, actor: User, assessment: Assessment, data: dict[str, Any]) -> Assessment:
    """The worker changes their level or evidence while no supervisor has decided on it yet.

    After a decision the assessment is history; a new assessment records the change.
    """
    require(policies.can_write(actor, assessment.worker_id), "Only the worker can change their self-assessment.")
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    refused = sorted(set(data) - {"level", "evidence"})
    if refused:
        raise ValidationError({field: "This cannot be changed; add a new assessment instead." for field in refused})
    if assessment.is_locked:
        raise AssessmentLocked(locked_message(assessment))
    if not assessment.is_current or assessment.sign_offs.exists():
        raise ValidationError(
            {"detail": "A supervisor has already decided on this assessment. Add a new assessment instead."}
        )
    if "level" in data:
        _check_level(data["level"])
        assessment.level = data["level"]
        assessment.save(update_fields=["level", "updated_at"])
    if "evidence" in data:
        assessment.evidence.set(_check_evidence(actor, data["evidence"]))
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=assessment,
        subject=actor,
        detail=",".join(sorted(data)),
    )
    return assessment


@transaction.atomic
def assessment_sign_off(*, actor: User, assessment: Assessment, decision: str, comment: str = "") -> SignOff:
    """The worker's assessor signs the current assessment off, or asks for more evidence.

    The assessor is the supervisor the worker chose (or, without a choice, their one peer
    supervisor who does not manage them): being a supervisor, or a manager, is not enough. An
    item about the worker's own wellbeing is never signed off by anyone.
    """
    if Competency.objects.filter(pk=assessment.competency_id, kind=Competency.Kind.WELLBEING).exists():
        raise ValidationError(
            {"competency": "This is about the worker's own wellbeing: it is theirs alone and is never signed off."}
        )
    require(policies.can_sign_off(actor, assessment.worker_id), "Only the worker's supervisor can sign this off.")
    # The worker's row serialises this decision with the worker's change of assessor
    # (assessor_choose): a sign-off never lands after the worker chose someone else.
    User.objects.select_for_update().filter(pk=assessment.worker_id).first()
    today = caps(actor).today
    assessor_id, _ = assessor_of(assessment.worker_id, today)
    require(
        assessor_id == actor.pk,
        "Only the assessor the worker chose signs off their competencies; the worker chooses them.",
    )
    assessment = Assessment.objects.select_for_update().select_related("competency").get(pk=assessment.pk)
    if decision not in SignOff.Decision.values:
        raise ValidationError({"decision": f"Choose one of: {', '.join(SignOff.Decision.values)}."})
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise ValidationError({"comment": f"Keep the comment under {MAX_COMMENT} characters."})
    if decision == SignOff.Decision.MORE_EVIDENCE and not comment:
        raise ValidationError({"comment": "Say what further evidence would help."})
    if not assessment.is_current:
        raise ValidationError(
            {"detail": "The worker has assessed this competency again since; decide on the newer one."}
        )
    if assessment.state == Assessment.State.SIGNED_OFF:
        raise ValidationError({"detail": "This assessment is already signed off."})
    sign_off = SignOff.objects.create(
        organisation_id=assessment.organisation_id,
        assessment=assessment,
        reviewer=actor,
        decision=decision,
        comment=comment,
        # The verifier as they are now: later changes to the account never rewrite the lock.
        reviewer_name=actor.display_name,
        reviewer_role=verifier_role(actor, assessment.worker_id, today),
        decided_on=today,
    )
    assessment.state = decision
    assessment.save(update_fields=["state", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=sign_off,
        subject=assessment.worker,
        detail=decision,
    )
    what = "signed off" if decision == SignOff.Decision.SIGNED_OFF else "asked for more evidence on"
    notify(
        recipient=assessment.worker,
        kind=f"competency_{decision}",
        message=f"{{actor}} {what} your self-assessment of {assessment.competency.code}.",
        actor=actor,
        link=reverse("competencies:my-progress") + f"#competency-{assessment.competency_id}",
    )
    return sign_off


# --- the assessor (issue 18) ----------------------------------------------------------------


@transaction.atomic
def assessor_choose(*, actor: User, assessor: User | UUID | str | None) -> AssessorChoice | None:
    """The worker chooses which of their supervisors signs off their competencies (None: back to
    the default, their one peer supervisor). Only ever the worker's own act: the chooser is the
    worker. The person must supervise them today under an agreement both accepted."""
    today = caps(actor).today
    User.objects.select_for_update().filter(pk=actor.pk).first()
    current = AssessorChoice.objects.filter(worker_id=actor.pk).first()
    if assessor is None or assessor == "":
        if current is not None:
            audit_record(actor=actor, action=AuditEvent.Action.DELETE, target=current, subject=actor)
            current.delete()
        return None
    try:
        assessor_id = assessor.pk if isinstance(assessor, User) else UUID(str(assessor))
    except ValueError:
        raise ValidationError({"assessor": "Choose one of your supervisors."}) from None
    if assessor_id == actor.pk:
        raise ValidationError({"assessor": "Nobody signs off their own competencies."})
    if assessor_id not in answers.supervision().supervisor_ids(actor.pk, today):
        raise ValidationError({"assessor": "Choose one of your supervisors (an agreement in force today)."})
    if current is not None and current.assessor_id == assessor_id:
        return current
    if current is None:
        current = AssessorChoice.objects.create(organisation_id=org_id(actor), worker=actor, assessor_id=assessor_id)
        action = AuditEvent.Action.CREATE
    else:
        current.assessor_id = assessor_id
        current.save(update_fields=["assessor", "updated_at"])
        action = AuditEvent.Action.UPDATE
    audit_record(actor=actor, action=action, target=current, subject=actor)
    notify(
        recipient=User.objects.get(pk=assessor_id),
        kind="competency_assessor_chosen",
        message="{actor} chose you to sign off their competencies.",
        actor=actor,
        link=reverse("competencies:sign-off-queue"),
    )
    return current


# --- organisational competences (issue 18) -----------------------------------------------------

MAX_NOTE = 2000


@transaction.atomic
def organisational_status_record(
    *, actor: User, competency: Competency | UUID | str, team: Team | None, status: str, note: str = ""
) -> OrganisationalStatus:
    """A team's manager (for their team) or an org admin (any team, or the organisation as a
    whole with ``team`` None) records where things stand on one organisational competence. The
    new record is current; earlier ones stay as history."""
    if team is not None and team.organisation_id != org_id(actor):
        raise ValidationError({"team": "This team does not exist."})
    require(
        policies.can_record_organisational(actor, team.pk if team is not None else None),
        "Only the team's managers (or an org admin, for the whole organisation) record this.",
    )
    try:
        competency_id = competency.pk if isinstance(competency, Competency) else UUID(str(competency))
    except ValueError:
        raise ValidationError({"competency": "Choose one of the organisational competences."}) from None
    found = organisational_competencies(actor).filter(pk=competency_id).first()
    if found is None:
        raise ValidationError({"competency": "Choose one of the organisational competences."})
    if status not in OrganisationalStatus.Status.values:
        raise ValidationError({"status": f"Choose one of: {', '.join(OrganisationalStatus.Status.values)}."})
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": f"Keep the note under {MAX_NOTE} characters."})
    # Serialise records for one team (or the organisation): "one current" must not race.
    if team is not None:
        Team.objects.select_for_update().filter(pk=team.pk).first()
    else:
        Organisation.objects.select_for_update().filter(pk=org_id(actor)).first()
    previous = OrganisationalStatus.objects.filter(
        organisation_id=org_id(actor), team=team, competency=found, is_current=True
    )
    previous.update(is_current=False)
    record = OrganisationalStatus.objects.create(
        organisation_id=org_id(actor),
        team=team,
        competency=found,
        status=status,
        note=note,
        recorded_by=actor,
        is_current=True,
    )
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=record, subject=None, detail=status)
    return record


# --- training records ----------------------------------------------------------------------

TRAINING_FIELDS = ("course", "provider", "completed_on", "expires_on", "hours", "certificate")
# Hours of one course (credential hours, issue 17): none below 0; a course of more than 500
# hours is a programme, better recorded as its parts.
MAX_TRAINING_HOURS = Decimal("500")


def _validate_training(record: TrainingRecord, today: date) -> None:
    errors = {}
    record.course = (record.course or "").strip()
    record.provider = (record.provider or "").strip()
    if not record.course:
        errors["course"] = "Name the course."
    elif len(record.course) > MAX_NAME:
        errors["course"] = f"Keep the course name under {MAX_NAME} characters."
    if len(record.provider) > MAX_NAME:
        errors["provider"] = f"Keep the provider under {MAX_NAME} characters."
    if record.completed_on is None:
        errors["completed_on"] = "Give the date you completed it."
    elif record.completed_on > today:
        errors["completed_on"] = "The completion date cannot be in the future."
    elif record.expires_on is not None and record.expires_on < record.completed_on:
        errors["expires_on"] = "The expiry date cannot be before the completion date."
    if record.hours is not None:
        try:
            hours = Decimal(str(record.hours))
        except InvalidOperation:
            hours = None
        if hours is None or not hours.is_finite():
            errors["hours"] = "Give the hours as a number, such as 6 or 7.5."
        elif hours < 0:
            errors["hours"] = "Hours cannot be below 0."
        elif hours > MAX_TRAINING_HOURS:
            errors["hours"] = f"Give at most {MAX_TRAINING_HOURS} hours for one course."
        elif hours != hours.quantize(Decimal("0.1")):
            errors["hours"] = "Give the hours to one decimal place at most (7.5)."
        else:
            record.hours = hours
    if errors:
        raise ValidationError(errors)


def _attach_certificate(record: TrainingRecord, upload: UploadedFile) -> str | None:
    """Check and attach a new certificate; returns the old file's name to delete after commit."""
    content_type, name = check_certificate(upload)
    old = record.certificate.name if record.certificate else None
    record.certificate_content_type = content_type
    record.certificate_name = name
    record.certificate.save(name, upload, save=False)  # upload_to gives it a random name
    return old


def _delete_file_after_commit(storage: Storage, name: str | None) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def training_record_create(
    *,
    actor: User,
    course: str,
    completed_on: date,
    provider: str = "",
    expires_on: date | None = None,
    hours: Decimal | None = None,
    certificate: UploadedFile | None = None,
) -> TrainingRecord:
    """A worker records a course they completed (its hours, and its certificate)."""
    record = TrainingRecord(
        organisation_id=org_id(actor),
        worker=actor,
        course=course,
        provider=provider or "",
        completed_on=completed_on,
        expires_on=expires_on,
        hours=hours,
    )
    _validate_training(record, caps(actor).today)
    if certificate:
        _attach_certificate(record, certificate)
    record.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=record, subject=actor)
    return record


@transaction.atomic
def training_record_update(*, actor: User, record: TrainingRecord, data: dict[str, Any]) -> TrainingRecord:
    """The worker corrects their record or replaces its certificate."""
    require(policies.can_write(actor, record.worker_id), "Only the worker can change their training record.")
    refused = sorted(set(data) - set(TRAINING_FIELDS))
    if refused:
        raise ValidationError({field: "This field cannot be changed." for field in refused})
    record = TrainingRecord.objects.select_for_update().get(pk=record.pk)
    for field in ("course", "provider"):
        if field in data:
            setattr(record, field, data[field] or "")
    for field in ("completed_on", "expires_on", "hours"):
        if field in data:
            setattr(record, field, data[field])
    _validate_training(record, caps(actor).today)
    old = None
    if data.get("certificate"):
        old = _attach_certificate(record, data["certificate"])
    record.save()
    _delete_file_after_commit(record.certificate.storage, old)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=record,
        subject=actor,
        detail=",".join(sorted(data)),
    )
    return record


@transaction.atomic
def training_record_import(
    *,
    actor: User,
    worker: User,
    course: str,
    completed_on: date,
    provider: str = "",
    expires_on: date | None = None,
    record: TrainingRecord | None = None,
) -> TrainingRecord:
    """An org admin records (or corrects) a course from the organisation's HR system for one of
    its workers (staff imports, issue 16): the same checks as the worker's own record; the
    certificate, if the worker attached one, stays theirs and untouched."""
    require(policies.can_import_training(actor), "Only an org admin can import training records.")
    if worker.organisation_id != org_id(actor):
        raise ValidationError({"worker": "This worker does not exist."})
    if record is None:
        record = TrainingRecord(organisation_id=org_id(actor), worker=worker)
        action = AuditEvent.Action.CREATE
    else:
        record = TrainingRecord.objects.select_for_update().get(pk=record.pk, worker=worker)
        action = AuditEvent.Action.UPDATE
    record.course, record.provider = course, provider or ""
    record.completed_on, record.expires_on = completed_on, expires_on
    _validate_training(record, caps(actor).today)
    record.save()
    audit_record(actor=actor, action=action, target=record, subject=worker, detail="import")
    return record


@transaction.atomic
def training_record_delete(*, actor: User, record: TrainingRecord) -> None:
    """The worker removes a record they entered by mistake (its certificate goes with it)."""
    require(policies.can_write(actor, record.worker_id), "Only the worker can remove their training record.")
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        target=record,
        subject=actor,
        detail=record.course[:100],
    )
    name = record.certificate.name if record.certificate else None
    storage = record.certificate.storage
    record.delete()
    _delete_file_after_commit(storage, name)
