"""The export in the import's own columns: importing it back changes nothing (a round trip).

Every cell that a spreadsheet would run as a formula gets a leading apostrophe (the import reads
it back as the text it was), in CSV and in XLSX."""

from datetime import date
from decimal import Decimal
from uuid import UUID

import tablib

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.competencies.models import TrainingRecord
from apps.core.capabilities import caps, require
from apps.imports import columns as cols
from apps.imports.models import Kind
from apps.imports.reading import FORMULA_STARTS
from apps.teams.models import Membership


def neutralise(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def _people(organisation_id: UUID, today: date) -> list[list[object]]:
    people = list(
        User.objects.filter(organisation_id=organisation_id)
        .exclude(username__startswith="erased-")
        .exclude(employee_number="", email="")  # nothing to match them on when imported back
        .order_by("employee_number", "email", "display_name")
    )
    memberships: dict[object, list[Membership]] = {}
    for membership in Membership.objects.filter(team__organisation_id=organisation_id).select_related("team"):
        memberships.setdefault(membership.worker_id, []).append(membership)
    rows: list[list[object]] = []
    for person in people:
        chosen = _membership_shown(memberships.get(person.pk, []), today, left=person.status == User.Status.LEFT)
        end = None
        if (
            chosen is not None
            and chosen.left_on is not None
            and (person.status == User.Status.LEFT or chosen.left_on > today)
        ):
            end = chosen.left_on
        rows.append(
            [
                person.employee_number,
                person.display_name,
                person.email,
                person.job_title,
                person.worker_kind,
                person.contracted_hours_per_week,
                chosen.team.name if chosen else "",
                chosen.team_role if chosen else "",
                chosen.joined_on if chosen else None,
                end,
            ]
        )
    return rows


def _membership_shown(memberships: list[Membership], today: date, *, left: bool) -> Membership | None:
    """One team per person (a file keyed on the person holds one row each): the first team, by
    name, they are in today or will join; for someone who left, the last one they were in.
    Ended memberships of current staff are history and not exported (an end date means leaving)."""
    ahead = sorted(
        (m for m in memberships if m.left_on is None or m.left_on > today),
        key=lambda m: (m.joined_on > today, m.team.name.casefold(), m.joined_on),
    )
    if ahead:
        return ahead[0]
    if left and memberships:
        return max(memberships, key=lambda m: (m.left_on or date.max, m.joined_on))
    return None


def _training(organisation_id: UUID) -> list[list[object]]:
    records = (
        TrainingRecord.objects.filter(organisation_id=organisation_id)
        .exclude(worker__username__startswith="erased-")
        .select_related("worker")
        .order_by("worker__employee_number", "worker__email", "course", "completed_on")
    )
    return [
        [r.worker.employee_number, r.worker.email, r.course, r.provider, r.completed_on, r.expires_on] for r in records
    ]


def export_dataset(*, actor: User, kind: str) -> tablib.Dataset:
    """The organisation's people with their team, or its training records (org admins only;
    audited as an export with the count, no content)."""
    require(caps(actor).is_org_admin, "Only an org admin can export staff.")
    names = cols.EXPORT[kind]
    headers = [cols.field(kind, name).heading for name in names]
    rows = _people(org_id(actor), caps(actor).today) if kind == Kind.PEOPLE else _training(org_id(actor))
    dataset = tablib.Dataset(headers=headers)
    for row in rows:
        dataset.append([neutralise(_text(cell)) for cell in row])
    organisation = actor.organisation
    assert organisation is not None  # an org admin always has one
    audit_record(
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        target=organisation,
        detail=f"{kind} export: {len(rows)} rows",
    )
    return dataset
