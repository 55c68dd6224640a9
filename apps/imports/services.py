"""Staff imports: every write goes through the same services as the People, Teams and Training
pages (``worker_create``/``worker_update``/``worker_mark_left``, ``membership_add``/``_update``,
``training_record_import``), so an import follows the same rules: only org admins, e-mail
changes tell the old address, names that look alike are refused, leaving closes the account.

**All or nothing.** The dry run executes the whole file inside one transaction, each row in its
own savepoint, and then rolls everything back (audit rows and e-mails included: e-mails are sent
on commit). Applying runs the very same code and commits only when no row has a problem;
otherwise it rolls back and shows the problems, and nothing is changed.
"""

import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.competencies.models import TrainingRecord
from apps.competencies.services import training_record_import
from apps.core import progress
from apps.core.api.exceptions import DomainError
from apps.core.capabilities import caps, require
from apps.core.integrity import unique_violation
from apps.imports import columns as cols
from apps.imports.models import ImportMapping, ImportRun, Kind
from apps.imports.reading import FORMULA_STARTS, FileProblem, Table, file_row, read_table
from apps.teams.models import Membership, Team
from apps.teams.services import membership_add, membership_update
from apps.workers.services import worker_create, worker_mark_left, worker_update

logger = logging.getLogger(__name__)

ACTIONS = ("create", "update", "unchanged", "leave", "error")
ONLY_ADMINS = "Only an org admin can import staff."
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%b-%Y", "%d %b %Y", "%d %B %Y", "%d.%m.%Y", "%d-%m-%Y")
# A service's field -> the import field whose column the problem is shown in.
SERVICE_FIELDS = {
    "username": "email",
    "contracted_hours_per_week": "contracted_hours",
    "joined_on": "start_date",
    "left_on": "end_date",
    "status": "end_date",
    "worker": "team",
}
PROGRESS_EVERY = 25


class RowProblem(Exception):
    def __init__(self, problems: list[tuple[str | None, str]]) -> None:
        super().__init__(problems)
        self.problems = problems


@dataclass
class Row:
    """One data row: its cells by field name, and what happened to it."""

    number: int
    cells: dict[str, str]
    key: str = ""
    action: str = ""
    changes: list[str] = field(default_factory=list)
    problems: list[tuple[str | None, str]] = field(default_factory=list)


# --- the mapping --------------------------------------------------------------------------


def remembered_columns(*, organisation_id: Any, kind: str) -> dict[str, str]:
    mapping = ImportMapping.objects.filter(organisation_id=organisation_id, kind=kind).first()
    return dict(mapping.columns) if mapping else {}


def check_columns(kind: str, headers: list[str], chosen: dict[str, str]) -> dict[str, str]:
    """Field -> heading as chosen on the mapping page; a ValidationError naming the field when a
    required one is missing or one heading is used twice."""
    chosen = {name: heading for name, heading in chosen.items() if heading}
    errors: dict[str, str] = {}
    for name, heading in chosen.items():
        if heading not in headers:
            errors[name] = "This file has no such column."
    used: dict[str, str] = {}
    for name, heading in chosen.items():
        if heading in used:
            errors[name] = f"“{heading}” is already chosen for {cols.field(kind, used[heading]).heading}."
        used.setdefault(heading, name)
    if "employee_number" not in chosen and "email" not in chosen:
        errors["employee_number"] = (
            "Choose the employee number column, the e-mail column, or both: people are matched on them."
        )
    if kind == Kind.PEOPLE and "display_name" not in chosen and not {"first_name", "last_name"} <= set(chosen):
        errors["display_name"] = "Choose the name column, or both the first and last name columns."
    if kind == Kind.TRAINING:
        for name in ("course", "completed_on"):
            if name not in chosen:
                errors[name] = "Choose the column that holds this."
    if errors:
        raise ValidationError(errors)
    return chosen


@transaction.atomic
def import_upload(*, actor: User, kind: str, file_name: str, data: bytes) -> ImportRun:
    """Keep an uploaded file for its dry run. A file that cannot be read raises
    ``ValidationError({"file": ...})`` and nothing is stored."""
    require(caps(actor).is_org_admin, ONLY_ADMINS)
    if kind not in Kind.values:
        raise ValidationError({"kind": "Choose what the file holds."})
    try:
        table = read_table(data, file_name)
    except FileProblem as problem:
        raise ValidationError({"file": problem.message}) from None
    return ImportRun.objects.create(
        organisation_id=org_id(actor),
        created_by=actor,
        kind=kind,
        file_name=file_name[:200],
        content=data,
        headers=table.headers,
        row_count=sum(1 for row in table.rows if any(row)),
    )


@transaction.atomic
def import_map(*, actor: User, run: ImportRun, chosen: dict[str, str]) -> ImportRun:
    """Save the column mapping (for this file and remembered for the organisation's next one)
    and mark the file for checking."""
    require(caps(actor).is_org_admin, ONLY_ADMINS)
    run = ImportRun.objects.select_for_update().get(pk=run.pk, organisation_id=org_id(actor))
    if run.status not in (ImportRun.Status.UPLOADED, ImportRun.Status.CHECKED):
        raise ValidationError({"status": "This file is being checked or applied already."})
    run.columns = check_columns(run.kind, run.headers, chosen)
    run.status = ImportRun.Status.CHECKING
    run.counts, run.results, run.apply_refused = {}, [], False
    run.save(update_fields=["columns", "status", "counts", "results", "apply_refused", "updated_at"])
    ImportMapping.objects.update_or_create(
        organisation_id=run.organisation_id, kind=run.kind, defaults={"columns": run.columns}
    )
    set_progress(run, 0)
    return run


def import_claim_apply(*, actor: User, run: ImportRun) -> bool:
    """Claim a checked file for applying (a conditional UPDATE: two clicks or two admins apply
    it once)."""
    require(caps(actor).is_org_admin, ONLY_ADMINS)
    if not run.can_apply:
        raise ValidationError({"status": "Only a file that was checked without problems can be applied."})
    claimed = ImportRun.objects.filter(
        pk=run.pk, organisation_id=org_id(actor), status=ImportRun.Status.CHECKED, counts__error=0
    ).update(status=ImportRun.Status.APPLYING, applied_by=actor, updated_at=timezone.now())
    if claimed:
        set_progress(run, 0)
    return bool(claimed)


# --- progress (in the cache: the rows themselves are inside a transaction nobody else sees) ----


def set_progress(run: ImportRun, done: int) -> None:
    progress.set_progress(f"imports:{run.pk}", done)


def progress_of(run: ImportRun) -> int:
    """Rows done so far in the check or apply under way (0 when unknown)."""
    return progress.progress_of(f"imports:{run.pk}")


# --- running --------------------------------------------------------------------------------


def import_check(*, run_id: Any) -> ImportRun:
    """The dry run: every row's action and problems; nothing is kept."""
    return _run(run_id, ImportRun.Status.CHECKING, commit=False)


def import_apply(*, run_id: Any) -> ImportRun:
    """Apply a checked file, all or nothing."""
    return _run(run_id, ImportRun.Status.APPLYING, commit=True)


def _run(run_id: Any, expected: str, *, commit: bool) -> ImportRun:
    run = ImportRun.objects.select_related("organisation").get(pk=run_id)
    if run.status != expected:
        return run  # a repeated message, or already done
    actor = run.applied_by if commit else run.created_by
    try:
        rows = _execute(run, actor, commit=commit)
    except Exception:
        # Back to where it can be checked again; the transaction rolled back.
        ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.UPLOADED, apply_refused=commit)
        raise
    counts = {action: sum(1 for row in rows if row.action == action) for action in ACTIONS}
    run.counts = counts
    run.results = [_result(row) for row in rows]
    if commit and not counts["error"]:
        run.status = ImportRun.Status.APPLIED
        run.applied_at = timezone.now()
        run.content = b""  # the people and records now hold the data
    else:
        run.status = ImportRun.Status.CHECKED
        run.apply_refused = commit
    run.save(update_fields=["counts", "results", "status", "applied_at", "content", "apply_refused", "updated_at"])
    set_progress(run, len(rows))
    logger.info("import %s %s: %s", run.pk, "apply" if commit else "check", counts)  # counts only
    return run


def _result(row: Row) -> dict[str, Any]:
    return {
        "row": row.number,
        "key": row.key,
        "action": row.action,
        "changes": row.changes,
        "errors": [{"column": column or "", "message": message} for column, message in row.problems],
    }


def _execute(run: ImportRun, actor: User | None, *, commit: bool) -> list[Row]:
    if actor is None or not caps(actor).is_org_admin or actor.organisation_id != run.organisation_id:
        raise PermissionDenied(ONLY_ADMINS)
    table = read_table(bytes(run.content), run.file_name)
    context = _Context(run=run, actor=actor, table=table)
    rows: list[Row] = []
    with transaction.atomic():
        for index, cells in enumerate(table.rows):
            if not any(cells):
                continue
            row = context.row(index, cells)
            rows.append(row)
            if len(rows) % PROGRESS_EVERY == 0:
                set_progress(run, len(rows))
        failed = any(row.action == "error" for row in rows)
        if commit and not failed:
            audit_record(
                actor=actor,
                action=AuditEvent.Action.CREATE,
                target=run,
                detail=f"{run.kind} import: "
                + ", ".join(f"{a} {sum(r.action == a for r in rows)}" for a in ACTIONS[:4]),
            )
        else:
            transaction.set_rollback(True)  # the dry run, or an apply with problems: nothing stays
    return rows


class _Context:
    """What one run needs for every row: the mapping, the organisation's teams, the keys seen."""

    def __init__(self, *, run: ImportRun, actor: User, table: Table) -> None:
        self.run, self.actor, self.kind = run, actor, run.kind
        self.today = caps(actor).today
        index = {heading: i for i, heading in enumerate(table.headers)}
        self.positions = {name: index[heading] for name, heading in run.columns.items() if heading in index}
        self.seen: dict[tuple[str, str], int] = {}
        self.teams = {team.name.casefold(): team for team in Team.objects.filter(organisation_id=run.organisation_id)}
        # Everyone, their memberships and training records, read once: a row then costs only its
        # own writes (an unchanged row none), not lookups.
        people = User.objects.filter(organisation_id=run.organisation_id).exclude(username__startswith="erased-")
        self.by_number: dict[str, User] = {}
        self.by_email: dict[str, list[User]] = {}
        for person in people:
            self._remember(person)
        self.memberships: dict[Any, list[Membership]] = {}
        self.records: dict[tuple[Any, date, str], TrainingRecord] = {}
        if self.kind == Kind.PEOPLE:
            teams_memberships = Membership.objects.filter(team__organisation_id=run.organisation_id)
            for membership in teams_memberships.select_related("team"):
                self.memberships.setdefault(membership.worker_id, []).append(membership)
        else:
            for record in TrainingRecord.objects.filter(organisation_id=run.organisation_id):
                self.records[(record.worker_id, record.completed_on, record.course.casefold())] = record

    def _remember(self, person: User) -> None:
        if person.employee_number:
            self.by_number[person.employee_number] = person
        if person.email:
            self.by_email.setdefault(person.email.casefold(), []).append(person)

    def heading(self, name: str | None) -> str | None:
        return self.run.columns.get(name) if name else None

    def row(self, index: int, cells: list[str]) -> Row:
        row = Row(
            number=file_row(index),
            cells={name: (cells[i] if i < len(cells) else "").strip() for name, i in self.positions.items()},
        )
        row.key = row.cells.get("employee_number") or row.cells.get("email", "")
        try:
            values = self._parse(row)
            with transaction.atomic():  # a savepoint: a row that fails leaves nothing behind
                if self.kind == Kind.PEOPLE:
                    self._person(row, values)
                else:
                    self._training(row, values)
        except RowProblem as problem:
            row.problems = problem.problems
        except ValidationError as exc:
            row.problems = self._service_problems(exc)
        except DomainError as exc:
            row.problems = [(self.heading(SERVICE_FIELDS.get(exc.field or "", exc.field)), exc.message)]
        except IntegrityError as exc:  # a unique rule the service's check did not catch
            error = unique_violation(exc)
            if error is None:
                raise
            row.problems = self._service_problems(error)
        if row.problems:
            row.action, row.changes = "error", []
        return row

    def _service_problems(self, exc: ValidationError) -> list[tuple[str | None, str]]:
        if not hasattr(exc, "error_dict"):
            return [(None, message) for message in exc.messages]
        problems: list[tuple[str | None, str]] = []
        for name, errors in exc.error_dict.items():
            column = self.heading(SERVICE_FIELDS.get(name, name))
            if column is None and name == "display_name":
                column = self.heading("first_name")
            for error in errors:
                problems.extend((column, message) for message in error.messages)
        return problems

    # -- reading one row's cells into values, every problem named by its column --

    def _parse(self, row: Row) -> dict[str, Any]:
        problems: list[tuple[str | None, str]] = []
        values: dict[str, Any] = {}
        for name, raw in row.cells.items():
            if raw.startswith("'") and raw[1:2] and raw[1] in FORMULA_STARTS:
                raw = raw[1:]  # our own export's neutralised cell, read back as the text it was
            elif raw.startswith(FORMULA_STARTS):
                problems.append(
                    (
                        self.heading(name),
                        f"“{raw[:30]}” begins with “{raw[0]}”, which a spreadsheet runs as a formula. "
                        "Formulas are not imported: remove the first character or type the value itself.",
                    )
                )
                continue
            try:
                values[name] = _convert(name, raw)
            except ValueError as exc:
                problems.append((self.heading(name), str(exc)))
        row.cells = {}  # only what is needed stays in memory
        for key_name in ("employee_number", "email"):
            key = (values.get(key_name) or "").casefold()
            if not key:
                continue
            if self.kind == Kind.TRAINING:
                key = f"{key}\n{(values.get('course') or '').casefold()}\n{values.get('completed_on')}"
            first = self.seen.setdefault((key_name, key), row.number)
            if first != row.number:
                what = "employee number" if key_name == "employee_number" else "e-mail address"
                if self.kind == Kind.TRAINING:
                    what += ", course and completion date"
                problems.append((self.heading(key_name), f"Row {first} has the same {what}: each may appear once."))
        if not values.get("employee_number") and not values.get("email") and not problems:
            problems.append(
                (
                    self.heading("employee_number") or self.heading("email"),
                    "Give an employee number or an e-mail address.",
                )
            )
        team_name = values.get("team")
        if team_name:
            team = self.teams.get(team_name.casefold())
            if team is None:
                problems.append(
                    (
                        self.heading("team"),
                        f"There is no team called “{team_name}” in your organisation. "
                        "Create it on the Teams page first, or correct the name.",
                    )
                )
            values["team"] = team
        if problems:
            raise RowProblem(problems)
        return values

    def _find(self, values: dict[str, Any]) -> User | None:
        number, email = values.get("employee_number"), values.get("email")
        if number:
            found = self.by_number.get(number)
            if found is not None:
                return found
        if email:
            matches = self.by_email.get(email.casefold(), [])
            if len(matches) > 1:
                raise RowProblem([(self.heading("email"), "Two people in your organisation have this e-mail address.")])
            if matches:
                match = matches[0]
                if number and match.employee_number and match.employee_number != number:
                    raise RowProblem(
                        [
                            (
                                self.heading("email"),
                                "This e-mail address belongs to someone with another employee number.",
                            )
                        ]
                    )
                return match
        return None

    # -- people and their team --

    def _person(self, row: Row, values: dict[str, Any]) -> None:
        worker = self._find(values)
        end = values.get("end_date")
        leaving = end is not None and end <= self.today
        if worker is None:
            if leaving:
                row.action, row.changes = "unchanged", ["not added: left before today"]
                return
            self._create(row, values)
            return
        if worker.status == User.Status.LEFT:
            # Imports never bring someone back: an org admin does that on the People page.
            row.action = "unchanged"
            return
        data: dict[str, Any] = {}
        if values.get("employee_number") and values["employee_number"] != worker.employee_number:
            data["employee_number"] = values["employee_number"]
        if values.get("email") and values["email"].casefold() != worker.email.casefold():
            data["email"] = values["email"]
        for name, attribute in (
            ("job_title", "job_title"),
            ("worker_kind", "worker_kind"),
            ("contracted_hours", "contracted_hours_per_week"),
        ):
            if values.get(name) not in (None, "") and values[name] != getattr(worker, attribute):
                data[attribute] = values[name]
        if data:
            worker_update(actor=self.actor, worker=worker, data=data)
            row.changes += [self.heading(SERVICE_FIELDS.get(name, name)) or name for name in sorted(data)]
        row.changes += self._membership(worker, values)
        if leaving:
            try:
                worker_mark_left(actor=self.actor, worker=worker)
            except ValidationError as exc:  # e.g. your own row: you cannot record your own leaving
                raise RowProblem([(self.heading("end_date"), message) for message in exc.messages]) from None
            row.action = "leave"
        else:
            row.action = "update" if row.changes else "unchanged"

    def _create(self, row: Row, values: dict[str, Any]) -> None:
        name = values.get("display_name") or " ".join(
            part for part in (values.get("first_name"), values.get("last_name")) if part
        )
        if not name:
            raise RowProblem([(self.heading("display_name") or self.heading("first_name"), "Give the person's name.")])
        worker = worker_create(
            actor=self.actor,
            username=self._username(values),
            display_name=name,
            email=values.get("email") or "",
            worker_kind=values.get("worker_kind") or User.WorkerKind.PEER,
            contracted_hours_per_week=values.get("contracted_hours") or 0,
            employee_number=values.get("employee_number") or "",
            job_title=values.get("job_title") or "",
            invite=False,
        )
        self._remember(worker)
        self._membership(worker, values)
        row.action = "create"

    def _username(self, values: dict[str, Any]) -> str:
        if values.get("email"):
            return values["email"]
        number = re.sub(r"[^\w.@+-]", "", values["employee_number"])
        return f"staff-{number}-{self.run.organisation_id.hex[:6]}"

    def _membership(self, worker: User, values: dict[str, Any]) -> list[str]:
        team: Team | None = values.get("team")
        if team is None:
            return []
        role, start, end = values.get("team_role"), values.get("start_date"), values.get("end_date")
        memberships = [m for m in self.memberships.get(worker.pk, []) if m.team_id == team.pk]
        # The membership this row describes: the open one, else the one that started on the
        # row's start date, else one that has not ended yet (an end date ahead).
        current = next((m for m in memberships if m.left_on is None), None)
        if current is None and start is not None:
            current = next((m for m in memberships if m.joined_on == start), None)
        if current is None:
            ahead = [m for m in memberships if m.left_on is not None and m.left_on > self.today]
            current = max(ahead, key=lambda m: m.joined_on, default=None)
        if current is None:
            membership_add(
                actor=self.actor,
                team=team,
                worker=worker,
                team_role=role or Membership.TeamRole.MEMBER,
                joined_on=start,
                left_on=end,
            )
            return [self.heading("team") or "team"]
        data: dict[str, Any] = {}
        if role and role != current.team_role:
            data["team_role"] = role
        if start is not None and start != current.joined_on:
            data["joined_on"] = start
        if end is not None and end != current.left_on:
            data["left_on"] = end
        if data:
            membership_update(actor=self.actor, membership=current, data=data)
        return [self.heading(SERVICE_FIELDS.get(name, name)) or name for name in sorted(data)]

    # -- training records --

    def _training(self, row: Row, values: dict[str, Any]) -> None:
        worker = self._find(values)
        if worker is None:
            column = self.heading("employee_number") if values.get("employee_number") else self.heading("email")
            raise RowProblem([(column, "Nobody in your organisation has this employee number or e-mail address.")])
        if worker.status == User.Status.LEFT:
            row.action, row.changes = "unchanged", ["not imported: this person has left"]
            return
        course, completed = values.get("course") or "", values.get("completed_on")
        if not course:
            raise RowProblem([(self.heading("course"), "Name the course.")])
        if completed is None:
            raise RowProblem([(self.heading("completed_on"), "Give the date it was completed.")])
        record = self.records.get((worker.pk, completed, course.casefold()))
        provider, expires = values.get("provider") or "", values.get("expires_on")
        if record is not None and (record.course, record.provider, record.expires_on) == (course, provider, expires):
            row.action = "unchanged"
            return
        training_record_import(
            actor=self.actor,
            worker=worker,
            course=course,
            provider=provider,
            completed_on=completed,
            expires_on=expires,
            record=record,
        )
        if record is None:
            row.action = "create"
        else:
            row.action = "update"
            row.changes = [
                self.heading(name) or name
                for name, old, new in (
                    ("course", record.course, course),
                    ("provider", record.provider, provider),
                    ("expires_on", record.expires_on, expires),
                )
                if old != new
            ]


# --- cell conversion ------------------------------------------------------------------------

KINDS = {**{v: v for v in User.WorkerKind.values}, **{label.casefold(): v for v, label in User.WorkerKind.choices}}
ROLES = {
    **{v: v for v in Membership.TeamRole.values},
    **{label.casefold(): v for v, label in Membership.TeamRole.choices},
}


def _convert(name: str, raw: str) -> Any:
    if not raw:
        return None
    if name in ("start_date", "end_date", "completed_on", "expires_on"):
        return parse_date(raw)
    if name == "contracted_hours":
        try:
            hours = Decimal(raw.replace(",", "."))
            tenths = hours.quantize(Decimal("0.1"))
        except InvalidOperation:
            raise ValueError(f"“{raw[:30]}” is not a number of hours (e.g. 37.5).") from None
        if tenths != hours:
            raise ValueError(f"“{raw[:30]}”: give the hours to one decimal place (e.g. 22.5).")
        return tenths
    if name == "worker_kind":
        if raw.casefold() not in KINDS:
            raise ValueError(f"“{raw[:30]}” is not a kind of worker. Use peer, clinical or other.")
        return KINDS[raw.casefold()]
    if name == "team_role":
        if raw.casefold() not in ROLES:
            raise ValueError(f"“{raw[:30]}” is not a team role. Use member, supervisor or manager.")
        return ROLES[raw.casefold()]
    if name == "email":
        return User.objects.normalize_email(raw)
    return raw


def parse_date(raw: str) -> date:
    text = raw.strip()
    if len(text) > 10 and text[10] in " T" and text[:4].isdigit():
        text = text[:10]  # a spreadsheet's date with a midnight time
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    if re.fullmatch(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}", text):
        raise ValueError(f"“{raw[:30]}” is not a real date (check the day and the month).")
    raise ValueError(f"“{raw[:30]}” is not a date we can read. Use YYYY-MM-DD or DD/MM/YYYY.")
