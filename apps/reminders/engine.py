"""The scan's building blocks: organisation-local dates as SQL expressions, and the one
``INSERT … SELECT … ON CONFLICT DO NOTHING`` that turns a rule's queryset into reminder rows.

Dates: each organisation has a time zone. The scan reads the database clock once, works out
"today" in every time zone in use (with ``zoneinfo``, so daylight-saving changes are right),
and hands the rules ``CASE organisation.time_zone WHEN … THEN …`` expressions. Instants (e.g.
"the start of the day five days ago, in London") are computed the same way and compared in
UTC with timestamp columns. Every comparison is on a bare column, so indexes apply; each rule
also gets a single global bound (:meth:`ScanContext.latest`) for an index range scan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Case, CharField, DateField, DateTimeField, F, Func, Q, QuerySet, UUIDField, Value, When
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, TruncDate
from django.db.models.sql.compiler import SQLCompiler

from apps.accounts.models import Organisation, User
from apps.reminders.models import Reminder
from apps.teams.models import in_force
from apps.teams.selectors import manager_path, managers_of_worker_teams

# A date or instant as SQL: the same value in every zone in use, or one CASE over the zones.
ZonedValue = Value | Case

ZONE = "organisation__time_zone"  # the default path from a rule's model to its organisation's zone


@dataclass
class ScanContext:
    """What every rule needs: the instant of the scan and each time zone's local date."""

    now: datetime
    today_by_zone: dict[str, date] = field(default_factory=dict)
    lead_days: int = 3
    escalation_days: int = 7
    boundary_review_days: int = 5
    acknowledge_days: int = 7

    @classmethod
    def build(cls, now: datetime) -> ScanContext:
        zones = Organisation.objects.order_by().values_list("time_zone", flat=True).distinct()
        return cls(
            now=now,
            today_by_zone={zone: now.astimezone(ZoneInfo(zone)).date() for zone in zones},
            lead_days=settings.REMINDER_LEAD_DAYS,
            escalation_days=settings.ESCALATION_DAYS,
            boundary_review_days=settings.BOUNDARY_REVIEW_DAYS,
            acknowledge_days=settings.ACKNOWLEDGE_DAYS,
        )

    # --- plain Python values ---------------------------------------------------------------

    def latest(self, offset_days: int = 0) -> date:
        """The latest of (today + offset) over all zones: a bound for an index range scan."""
        if not self.today_by_zone:
            return date.min
        return max(self.today_by_zone.values()) + timedelta(days=offset_days)

    def latest_day_start(self, offset_days: int = 0) -> datetime:
        """The latest over all zones of the instant (today + offset) begins there."""
        if not self.today_by_zone:
            return datetime.min.replace(tzinfo=ZoneInfo("UTC"))
        return max(self._day_starts(offset_days).values())

    def _day_starts(self, offset_days: int) -> dict[str, datetime]:
        return {
            zone: datetime.combine(today + timedelta(days=offset_days), time.min, tzinfo=ZoneInfo(zone))
            for zone, today in self.today_by_zone.items()
        }

    # --- SQL expressions (one CASE over the organisation's time zone) ------------------------

    def date(self, offset_days: int = 0, *, zone: str = ZONE) -> ZonedValue:
        """The organisation's local date today + ``offset_days``."""
        values = {z: today + timedelta(days=offset_days) for z, today in self.today_by_zone.items()}
        return _by_zone(zone, values, DateField())

    def month_start(self, *, zone: str = ZONE) -> ZonedValue:
        """The first day of the organisation's current local month."""
        values = {z: today.replace(day=1) for z, today in self.today_by_zone.items()}
        return _by_zone(zone, values, DateField())

    def week_start(self, *, zone: str = ZONE) -> ZonedValue:
        """The Monday of the organisation's current local week."""
        values = {z: today - timedelta(days=today.weekday()) for z, today in self.today_by_zone.items()}
        return _by_zone(zone, values, DateField())

    def week_start_instant(self, weeks: int = 0, *, zone: str = ZONE) -> ZonedValue:
        """The instant the organisation's local week (this one + ``weeks``) begins (Monday 00:00)."""
        values = {
            z: datetime.combine(today - timedelta(days=today.weekday(), weeks=-weeks), time.min, tzinfo=ZoneInfo(z))
            for z, today in self.today_by_zone.items()
        }
        return _by_zone(zone, values, DateTimeField())

    def day_start(self, offset_days: int = 0, *, zone: str = ZONE) -> ZonedValue:
        """The instant the organisation's local day (today + ``offset_days``) begins."""
        return _by_zone(zone, self._day_starts(offset_days), DateTimeField())

    def local_date(self, timestamp_field: str, plus_days: int = 0, *, zone: str = ZONE) -> TruncDate | Case | AddDays:
        """The organisation-local date of a timestamp column, plus ``plus_days``."""
        expression: TruncDate | Case
        if len(self.today_by_zone) == 1:  # one zone in use: no CASE, no join (see _by_zone)
            expression = TruncDate(timestamp_field, tzinfo=ZoneInfo(next(iter(self.today_by_zone))))
        else:
            cases = [When(**{zone: z}, then=TruncDate(timestamp_field, tzinfo=ZoneInfo(z))) for z in self.today_by_zone]
            expression = Case(*cases, default=Value(None, DateField()), output_field=DateField())
        return AddDays(expression, plus_days) if plus_days else expression

    def active_on_today(
        self, prefix: str = "", *, start: str = "starts_on", end: str = "ends_on", zone: str = ZONE
    ) -> Q:
        """``prefix + start <= today`` and (``prefix + end`` is null or ``>= today``)."""
        today = self.date(0, zone=zone)
        return Q(**{f"{prefix}{start}__lte": today}) & (
            Q(**{f"{prefix}{end}__isnull": True}) | Q(**{f"{prefix}{end}__gte": today})
        )

    def membership_active(self, prefix: str, *, zone: str = ZONE) -> Q:
        """A membership (``prefix`` = path to it, ending in ``__``) in force today."""
        return in_force(self.date(0, zone=zone), prefix)

    def managers_of(self, worker: str = "") -> Q:
        """For one ``filter()`` call: the team memberships (in force) of the worker at path
        ``worker`` (``"supervisee__"``, ``"author__"``, or ``""`` for a queryset of workers) and, in
        those teams, the managers' memberships in force, managers receiving reminders. The
        recipient is then :func:`manager_id` of the same path."""
        # The rule itself is the teams app's (apps.teams.selectors.managers_of_worker_teams).
        return managers_of_worker_teams(worker, on=self.date(0)) & receiving(f"{manager_path(worker)}worker__")


def manager_id(worker: str = "") -> str:
    """The recipient column of a rule filtered by :meth:`ScanContext.managers_of` of the same path."""
    return f"{manager_path(worker)}worker_id"


def _by_zone(zone_path: str, values: dict[str, date] | dict[str, datetime], output_field: DateField) -> ZonedValue:
    """``CASE <zone_path> WHEN zone THEN value … END``, or just the value when it is the same in
    every zone in use (the usual case: one time zone, or zones sharing today's date), which
    spares each rule a join and the planner some work. (An organisation created in another zone
    during this very scan is seen by the next one.)"""
    if len(set(values.values())) == 1:
        return Value(next(iter(values.values())), output_field=output_field)
    cases = [When(**{zone_path: z}, then=Value(v, output_field=output_field)) for z, v in values.items()]
    return Case(*cases, default=Value(None, output_field=output_field), output_field=output_field)


class AddDays(Func):
    """``date + n days`` on PostgreSQL and SQLite (``n`` is an int baked into the SQL)."""

    output_field = DateField()

    def __init__(self, expression: Combinable, days: int, **extra: Any) -> None:
        self.days = int(days)
        super().__init__(expression, **extra)

    def as_sql(self, compiler: SQLCompiler, connection: Any, **extra_context: Any) -> tuple[str, Any]:  # type: ignore[override]  # no function/template: the SQL is fixed
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} + {self.days:d})", params

    def as_sqlite(self, compiler: SQLCompiler, connection: Any, **extra_context: Any) -> tuple[str, Any]:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"date({sql}, '{self.days:+d} days')", params


def receiving(prefix: str = "") -> Q:
    """The worker at ``prefix`` gets reminders: not stepped away, not left, account active.

    Use it both for recipients and for the worker a reminder is about (nothing about a
    stepped-away or left worker escalates).
    """
    return Q(**{f"{prefix}status": User.Status.ACTIVE, f"{prefix}is_active": True})


def not_left(prefix: str = "") -> Q:
    """The worker at ``prefix`` is still with the organisation (active or stepped away), account
    active: for the worker a ``despite_step_away`` kind is about (a manager's escalation)."""
    return Q(**{f"{prefix}status__in": (User.Status.ACTIVE, User.Status.STEPPED_AWAY), f"{prefix}is_active": True})


def _expression(value: str | Combinable | None) -> Combinable:
    if value is None:  # a typed NULL: a bare NULL in the SELECT list would be text to the INSERT
        return Cast(Value(None), output_field=UUIDField())
    return F(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class ReminderRows:
    """A rule's output: a queryset of reminder columns, inserted by one statement."""

    queryset: QuerySet[Any]
    kind: str
    to_about: bool  # True when the recipient is the worker the reminder is about (e.g. the supervisee)


def reminder_rows(
    queryset: QuerySet[Any],
    *,
    kind: str,
    subject_type: str,
    subject: str = "id",
    recipient: str,
    about: str | None,
    due_on: str | Combinable,
    other: str | None = None,
    organisation: str = "organisation_id",
    to_about: bool = False,
) -> ReminderRows:
    """Shape ``queryset`` into reminder columns. ``subject``/``recipient``/``about``/``organisation``
    are field paths (or expressions); ``due_on`` a path or a date expression (``ctx.date(...)``);
    ``other`` the path to a second person the message names (``ReminderView.other_name``), if any.

    Unless ``to_about``, a row whose recipient is the worker it is about is dropped (a manager
    is not told about their own lapsed supervision).
    """
    columns = {
        "r_kind": Value(kind, output_field=CharField()),
        "r_subject_type": Value(subject_type, output_field=CharField()),
        "r_subject_id": _expression(subject),
        "r_recipient_id": _expression(recipient),
        "r_about_id": _expression(about),
        "r_other_id": _expression(other),
        "r_organisation_id": _expression(organisation),
        "r_due_on": _expression(due_on),
    }
    return ReminderRows(queryset.order_by().values(**columns).distinct(), kind, to_about)


INSERT_COLUMNS = (
    "kind",
    "subject_type",
    "subject_id",
    "recipient_id",
    "about_id",
    "other_id",
    "organisation_id",
    "due_on",
)


def insert_reminders(rows: ReminderRows, *, now: datetime) -> int:
    """``INSERT INTO reminders_reminder … SELECT … ON CONFLICT DO NOTHING``: one statement, however
    many rows; returns how many were new. The unique key (kind, subject, recipient, due_on) skips
    every row an earlier (or concurrent) scan already inserted."""
    inner_sql, inner_params = rows.queryset.query.sql_with_params()
    if connection.vendor == "postgresql":
        new_id = "gen_random_uuid()"
    elif connection.vendor == "sqlite":
        new_id = "lower(hex(randomblob(16)))"  # Django keeps UUIDs as 32 hex digits on SQLite
    else:  # pragma: no cover - PostgreSQL in production, SQLite embedded
        raise NotImplementedError(f"reminder scan on {connection.vendor}")
    qn = connection.ops.quote_name
    target = ", ".join(qn(c) for c in ("id", *INSERT_COLUMNS, "created_at"))
    selected = ", ".join(f"s.r_{c}" for c in INSERT_COLUMNS)
    where = "s.r_recipient_id IS NOT NULL AND s.r_due_on IS NOT NULL"
    if not rows.to_about:
        where += " AND (s.r_about_id IS NULL OR s.r_recipient_id <> s.r_about_id)"
    # Only identifiers and Django-compiled SQL are interpolated; every value is a parameter.
    table = qn(Reminder._meta.db_table)
    sql = f"INSERT INTO {table} ({target}) SELECT {new_id}, {selected}, %s FROM ({inner_sql}) s WHERE {where} "  # noqa: S608
    sql += "ON CONFLICT DO NOTHING"
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(now), *inner_params])
        return max(cursor.rowcount, 0)
