"""Shared plumbing for ``seed_demo``: each app contributes a ``demo.seed(ctx)`` function.

Seeders must be idempotent: look records up by a natural key and create only what is
missing, so a second run changes nothing.
"""

from dataclasses import dataclass, field
from datetime import date

DEMO_PASSWORD = "peer-support-demo"
DEMO_ORGANISATION = "Demo Mental Health Trust"

# In order: later seeders use what earlier ones made (ctx.people, ctx.teams).
SEEDERS = [
    "apps.teams.demo",
    "apps.roles.demo",
    # Supervision before the private entries: sharing names the supervisors of the day.
    "apps.supervision.demo",
    "apps.reflections.demo",
    "apps.boundaries.demo",
    # The sessions that discussed those notes link them (supervision's records).
    "apps.supervision.demo_notes",
    "apps.wellbeing.demo",
    "apps.wellness_plans.demo",
    "apps.competencies.demo",
    # Hours count the sessions and training records above.
    "apps.credentials.demo",
    "apps.raters.demo",
    "apps.portfolio.demo",
    "apps.voice.demo",
    # After the pulses and feedback it answers.
    "apps.voice.demo_loop",
    # Pooled peer voice and readiness (issue 19): adds invented colleagues after the team voice.
    "apps.voice.group_demo",
    "apps.fidelity.demo",
    "apps.community.demo",
    # Role-drift history before the scan below takes today's snapshot.
    "apps.drift.demo",
    # After every record a portfolio PDF draws on.
    "apps.portfolio_documents.demo",
    # Last: one scan after the demo data, so `make run` shows reminders at once.
    "apps.reminders.demo",
]


@dataclass
class DemoContext:
    organisation: object = None
    today: date | None = None
    people: dict = field(default_factory=dict)  # key -> User
    teams: dict = field(default_factory=dict)  # key -> Team
    created: list = field(default_factory=list)  # human-readable lines of what was created

    def note(self, line: str) -> None:
        self.created.append(line)
