"""The fields an HR export carries, per kind of import, with the headings they go by.

The export writes each field under its ``heading``, so an exported file maps itself; an HR
export (e.g. the NHS Electronic Staff Record) is matched by the ``aliases`` and then remembered
per organisation (``ImportMapping``)."""

from dataclasses import dataclass

from apps.imports.models import Kind


@dataclass(frozen=True)
class Field:
    name: str
    heading: str
    aliases: tuple[str, ...] = ()
    help: str = ""


PEOPLE = (
    Field("employee_number", "Employee number", ("employee no", "employee id", "staff number", "payroll number")),
    Field("display_name", "Name", ("display name", "full name", "known as", "preferred name")),
    Field("first_name", "First name", ("forename", "first forename", "given name")),
    Field("last_name", "Last name", ("surname", "family name")),
    Field("email", "E-mail", ("email", "email address", "e-mail address", "work email", "work email address")),
    Field("job_title", "Job title", ("position title", "job role", "position")),
    Field("worker_kind", "Worker kind", ("kind of worker", "worker type"), "peer, clinical or other"),
    Field(
        "contracted_hours",
        "Contracted hours",
        ("contracted hours per week", "hours per week", "weekly hours", "contracted wte hours"),
    ),
    Field("team", "Team", ("team name", "department")),
    Field("team_role", "Team role", ("role in team",), "member, supervisor or manager"),
    Field("start_date", "Start date", ("assignment start date", "date started", "hire date", "joined on")),
    Field("end_date", "End date", ("assignment end date", "termination date", "leaving date", "left on")),
)

TRAINING = (
    Field("employee_number", "Employee number", PEOPLE[0].aliases),
    Field("email", "E-mail", PEOPLE[4].aliases),
    Field("course", "Course", ("competence name", "course name", "training", "course title")),
    Field("provider", "Provider", ("training provider", "delivered by")),
    Field("completed_on", "Completed on", ("achievement date", "date completed", "completion date", "completed")),
    Field("expires_on", "Expires on", ("expiry date", "expires", "renewal date", "valid until")),
)

FIELDS: dict[str, tuple[Field, ...]] = {Kind.PEOPLE: PEOPLE, Kind.TRAINING: TRAINING}

# What the export writes (names as one column: a name cannot be split back into first and last).
EXPORT: dict[str, tuple[str, ...]] = {
    Kind.PEOPLE: (
        "employee_number",
        "display_name",
        "email",
        "job_title",
        "worker_kind",
        "contracted_hours",
        "team",
        "team_role",
        "start_date",
        "end_date",
    ),
    Kind.TRAINING: ("employee_number", "email", "course", "provider", "completed_on", "expires_on"),
}


def field(kind: str, name: str) -> Field:
    return next(f for f in FIELDS[kind] if f.name == name)


def _fold(heading: str) -> str:
    return " ".join(heading.replace("_", " ").replace("-", " ").casefold().split())


def guess_columns(kind: str, headers: list[str], remembered: dict[str, str] | None = None) -> dict[str, str]:
    """Field -> heading: the organisation's remembered choice where the file has that heading,
    else the field's own heading or one of its aliases."""
    remembered = remembered or {}
    by_fold = {_fold(h): h for h in headers if h}
    chosen: dict[str, str] = {}
    for f in FIELDS[kind]:
        if remembered.get(f.name) in headers:
            chosen[f.name] = remembered[f.name]
            continue
        for candidate in (f.heading, f.name, *f.aliases):
            heading = by_fold.get(_fold(candidate))
            if heading is not None and heading not in chosen.values():
                chosen[f.name] = heading
                break
    return chosen
