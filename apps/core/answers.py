"""The questions the access rules (``capabilities``, ``sharing``) ask of data that apps above
core own, and the start-up registry of who answers them.

core is the bottom layer (``docs/architecture.md``): it cannot import ``teams`` or
``supervision``. So it states each question here, typed, and the app that owns the data
registers its answers from its ``AppConfig.ready()`` — teams the memberships, supervision the
agreements. Each answer is one query, as the rules need it; ``caps`` caches them per user.

Registering a second answerer is a start-up error (never "the first one wins"), and asking
before anyone answered is an error too: a missing registration must fail loudly, never read
as "nobody is in any team".
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, Protocol, TypeVar
from uuid import UUID

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet


class TeamQuestions(Protocol):
    """Answered by ``apps.teams`` (memberships: who is in which team, with which team role)."""

    @property
    def manager_role(self) -> str:
        """The team role whose holders administer the team (its people, roles, agreements)."""

    @property
    def lead_roles(self) -> frozenset[str]:
        """Team roles that oversee other members' work (manager, supervisor)."""

    def roles_of(self, user_id: UUID, today: date) -> dict[UUID, str]:
        """``{team_id: team_role}`` of the user's memberships in force ``today`` (one query)."""

    def members_query(self, team_ids: Collection[UUID], today: date) -> QuerySet[Any, Any]:
        """A subquery of the ``worker_id`` of every membership of these teams in force ``today``."""

    def names(self, team_ids: Collection[UUID]) -> list[tuple[UUID, str]]:
        """``(team_id, name)`` of these teams, by name (one query)."""


@dataclass(frozen=True)
class Supervisor:
    """Someone supervising a person today, under one agreement (several rows for several kinds)."""

    supervisor_id: UUID
    display_name: str
    is_peer: bool  # peer supervision: the default readers of what the supervisee shares
    kind_label: str  # e.g. "peer supervision", "line management"
    agreement_id: UUID | None = None  # the agreement (e.g. for "request supervision now")


class SupervisionQuestions(Protocol):
    """Answered by ``apps.supervision`` (agreements in force: agreed to by both, started, not ended)."""

    def supervisee_ids(self, user_id: UUID, today: date) -> set[UUID]:
        """Workers the user supervises today, any kind (one query)."""

    def supervisor_ids(self, user_id: UUID, today: date) -> set[UUID]:
        """Workers who supervise the user today, any kind (one query)."""

    def peer_supervisor_ids(self, user_id: UUID, today: date) -> set[UUID]:
        """Workers who supervise the user today under a *peer* agreement (one query)."""

    def supervisors(self, user_id: UUID, today: date) -> list[Supervisor]:
        """Everyone supervising the user today, one row per agreement, by name then kind (one query)."""

    def peer_supervisors_of(self, user_ids: set[UUID], today: date) -> dict[UUID, set[UUID]]:
        """``{supervisee: {peer supervisor, ...}}`` for the given supervisees today (one query)."""


Answers = TypeVar("Answers")


class Answerer(Generic[Answers]):
    """One registration slot: the app owning the data registers once, the rules ask."""

    def __init__(self, questions: str) -> None:
        self.questions = questions
        self._answers: Answers | None = None

    def register(self, answers: Answers) -> None:
        if self._answers is not None:
            raise ImproperlyConfigured(
                f"The {self.questions} are already answered by {type(self._answers).__qualname__}."
            )
        self._answers = answers

    def __call__(self) -> Answers:
        if self._answers is None:
            raise ImproperlyConfigured(f"Nothing answers the {self.questions}: is its app installed?")
        return self._answers

    @contextmanager
    def emptied(self) -> Iterator[None]:
        """Start unanswered and restore the answers afterwards: for tests that run ``ready()`` again."""
        saved, self._answers = self._answers, None
        try:
            yield
        finally:
            self._answers = saved


teams: Answerer[TeamQuestions] = Answerer("team questions (apps.teams)")
supervision: Answerer[SupervisionQuestions] = Answerer("supervision questions (apps.supervision)")
