"""Reminder kinds and rules: the extension point for anything that should remind someone.

A **kind** says how a reminder reads (in-app message and link; e-mail templates under
``templates/emails/<kind>/``). A **rule** is a function of the scan context returning one or
more :func:`apps.reminders.engine.reminder_rows` — each one set-based query, inserted by one
``INSERT … SELECT … ON CONFLICT DO NOTHING`` — so the scan's query count never depends on how
many rows there are.

Adding a rule from another app (e.g. training records expiring, in ``apps/competencies``)::

    # apps/competencies/reminders.py
    from apps.reminders.engine import receiving, reminder_rows
    from apps.reminders.registry import register_kind, register_rule

    register_kind("training_expiring", label="Training expiring",
                  message=lambda r: f"Your training “…” expires on {r.due:%-d %B}.", link=lambda r: "/competencies/")

    @register_rule("training_expiring", kinds=["training_expiring"])
    def training_expiring(ctx):
        records = TrainingRecord.objects.filter(receiving("worker__"), expires_on__lte=ctx.latest(30)).filter(
            expires_on__lte=ctx.date(30), expires_on__gt=ctx.date(0))
        return [reminder_rows(records, kind="training_expiring", subject_type="training_record",
                              recipient="worker_id", about="worker_id", due_on="expires_on", to_about=True)]

    # apps/competencies/apps.py, in ready():  import apps.competencies.reminders  # noqa: F401

Nothing else: no migration in this app, no change to the scan. Tests: see tests/reminders/.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ReminderView:
    """What a kind's ``message`` and ``link`` functions get for one reminder."""

    kind: str
    subject_type: str
    subject_id: object
    recipient_id: object
    about_id: object
    about_name: str
    due: date

    @property
    def to_about(self) -> bool:
        return self.about_id is not None and self.about_id == self.recipient_id


@dataclass(frozen=True)
class ReminderKind:
    code: str
    label: str
    message: Callable[[ReminderView], str]
    link: Callable[[ReminderView], str]


@dataclass(frozen=True)
class Rule:
    name: str
    kinds: tuple[str, ...]
    queries: Callable  # (ScanContext) -> Iterable[ReminderRows]
    description: str


KINDS: dict[str, ReminderKind] = {}
RULES: list[Rule] = []


def register_kind(code: str, *, label: str, message: Callable, link: Callable = lambda r: "") -> None:
    """Declare a reminder kind; it is e-mailed as well as shown in-app."""
    from apps.notifications.services import register_emailed_kind

    KINDS[code] = ReminderKind(code, label, message, link)
    register_emailed_kind(code)


def register_rule(name: str, *, kinds: Iterable[str]):
    """Decorator: add a rule to every scan (idempotent by ``name``)."""

    def decorator(fn):
        if not any(rule.name == name for rule in RULES):
            RULES.append(Rule(name, tuple(kinds), fn, (fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else ""))
        return fn

    return decorator
