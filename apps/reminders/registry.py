"""Reminder kinds and rules: the extension point for anything that should remind someone.

A **kind** says how a reminder reads (in-app message and link; e-mail templates under
``templates/emails/<kind>/``). A **rule** is a function of the scan context returning one or
more :func:`apps.reminders.engine.reminder_rows` — each one set-based query, inserted by one
``INSERT … SELECT … ON CONFLICT DO NOTHING`` — so the scan's query count never depends on how
many rows there are.

Each app writes the rules about its own records in ``apps/<app>/reminders.py`` (this app keeps
the engine only) and imports that module from its ``AppConfig.ready()``. For example, training
records expiring, in ``apps/competencies``::

    # apps/competencies/reminders.py
    from apps.reminders.engine import receiving, reminder_rows
    from apps.reminders.registry import day, link_to, register_kind, register_rule

    register_kind("training_expiring", label="Training expiring",
                  message=lambda r: f"One of your training records expires on {day(r.due)}.",
                  link=lambda r: link_to("competencies:training-list", fallback="/competencies/"))

    @register_rule("training_expiring", kinds=["training_expiring"])
    def training_expiring(ctx):
        records = TrainingRecord.objects.filter(receiving("worker__"), expires_on__lte=ctx.latest(30)).filter(
            expires_on__lte=ctx.date(30), expires_on__gt=ctx.date(0))
        return [reminder_rows(records, kind="training_expiring", subject_type="training_record",
                              recipient="worker_id", about="worker_id", due_on="expires_on", to_about=True)]

    # apps/competencies/apps.py, in ready():  import apps.competencies.reminders  # noqa: F401

Nothing else: no migration in this app, no change to the scan. A kind or rule registered twice
(same code or name) raises ``ImproperlyConfigured`` at start-up. Rules of thumb:

* filter with :func:`~apps.reminders.engine.receiving` on both the recipient and the worker the
  reminder is about (stepped-away and left workers get nothing; nothing about them escalates);
* "the managers of the worker's teams" is ``ctx.managers_of("<path to the worker>__")`` with
  ``recipient=manager_id("<path>__")`` (:mod:`apps.reminders.engine`);
* compare dates with ``ctx.date(n)`` / ``ctx.day_start(n)`` (organisation-local, DST-correct), and
  add one bound on a bare indexed column with ``ctx.latest(n)`` / ``ctx.latest_day_start(n)``;
* ``due_on`` is the date the thing became (or becomes) due — never the scan's date — so a scan
  after downtime sends it once; ``to_about=True`` when the recipient is that worker;
* a rule whose granularity is coarse may pass ``every=timedelta(hours=1)`` to run at most hourly;
* test it like ``tests/reminders/test_rules.py`` (time_machine around ``reminders_scan()``) and
  keep ``test_the_scan_runs_the_same_number_of_queries_for_10_and_1000_agreements`` green.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from django.urls import NoReverseMatch, reverse

from apps.core.dates import prose_date
from apps.core.registry import Registry
from apps.notifications.services import register_emailed_kind

if TYPE_CHECKING:  # the engine's types only; the engine needs nothing from here
    from apps.reminders.engine import ReminderRows, ScanContext


@dataclass(frozen=True)
class ReminderView:
    """What a kind's ``message`` and ``link`` functions get for one reminder."""

    kind: str
    subject_type: str
    subject_id: UUID | str
    recipient_id: UUID | str
    about_id: UUID | str | None
    due: date
    # Where the message puts the name of the worker it is about: a placeholder, rendered with
    # their current name whenever the notification is read (so an erased name is shown nowhere).
    about_name: str = "{about}"
    # A second person the message may name (``reminder_rows(other=...)``), e.g. the supervisor of
    # an overdue agreement; rendered at read time the same way (the notification's ``actor``).
    other_id: UUID | str | None = None
    other_name: str = "{actor}"

    @property
    def to_about(self) -> bool:
        return self.about_id is not None and self.about_id == self.recipient_id


@dataclass(frozen=True)
class ReminderKind:
    code: str
    label: str
    message: Callable[[ReminderView], str]
    link: Callable[[ReminderView], str]
    # Sent although the worker it is about has stepped away: a manager's escalation, which would
    # otherwise be missing exactly while someone is away and so tell the manager of the step-away
    # (only the worker and the supervisors they chose are told). The recipient must still receive.
    despite_step_away: bool = False


RuleQueries = Callable[["ScanContext"], Iterable["ReminderRows"]]


@dataclass(frozen=True)
class Rule:
    name: str
    kinds: tuple[str, ...]
    queries: RuleQueries
    description: str
    # Run at most this often (None: every scan). For rules whose granularity is coarse — e.g.
    # "once per worker per month" — so that a five-minute scan need not re-check them each time.
    every: timedelta | None = None

    @property
    def heartbeat(self) -> str:
        return f"reminders.rule.{self.name}"


# In registration order (INSTALLED_APPS): the admin page lists them so.
KINDS: Registry[ReminderKind] = Registry("Reminder kind", key=lambda kind: kind.code, order=lambda _: 0)
RULES: Registry[Rule] = Registry("Reminder rule", key=lambda rule: rule.name, order=lambda _: 0)


def register_kind(
    code: str,
    *,
    label: str,
    message: Callable[[ReminderView], str],
    link: Callable[[ReminderView], str],
    despite_step_away: bool = False,
) -> None:
    """Declare a reminder kind; it is e-mailed as well as shown in-app. ``despite_step_away``: see
    ``ReminderKind`` (its rule then filters the worker it is about with ``engine.not_left``)."""
    KINDS.register(ReminderKind(code, label, message, link, despite_step_away))
    register_emailed_kind(code)


Queries = TypeVar("Queries", bound=Callable[..., Any])


def register_rule(name: str, *, kinds: Iterable[str], every: timedelta | None = None) -> Callable[[Queries], Queries]:
    """Decorator: add a rule to every scan; ``every``: at most this often. Its description (the
    admin page) is the first line of the function's docstring."""

    def decorator(fn: Queries) -> Queries:
        doc = (fn.__doc__ or "").strip().splitlines()
        RULES.register(Rule(name, tuple(kinds), fn, doc[0] if doc else "", every))
        return fn

    return decorator


# --- for the messages and links of kinds ----------------------------------------------------


def day(d: date) -> str:
    """A due date as messages write it: "7 Dec 2026", the one date format of prose (``prose_date``)."""
    if isinstance(d, datetime):  # a moment: its date depends on the zone in force, so not memoised
        return prose_date(d)
    return _prose_day(d)


@lru_cache(maxsize=1024)  # a delivery batch formats the same few due dates thousands of times
def _prose_day(d: date) -> str:
    return prose_date(d)  # a plain date, in the one language (en-gb): the same text every time


@lru_cache(maxsize=256)
def link_to(name: str, *args: object, fallback: str) -> str:
    """``reverse()``, memoised (a scan may build thousands of links to the same few pages)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback
