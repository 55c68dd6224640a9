"""Hours read for one worker: supervision from held sessions, training from training records,
practice from their own log, and progress against the credential profiles they track.

:func:`hours_summary` is the one read the pages, the API and the portfolio PDF use (its
signature is kept stable: ``apps/portfolio_documents`` calls it). It returns numbers, names and
dates only, never a note or any session text, so whatever shows it shows nothing private.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.competencies.models import TrainingRecord
from apps.credentials.loader import Profile, shipped_profiles
from apps.credentials.models import PracticeEntry, ProfileChoice
from apps.credentials.periods import window_start
from apps.supervision.models import SupervisionSession

ZERO = Decimal("0")
HOURS = Decimal("0.01")

SOURCE_LABELS = {
    "supervision": "Supervision received",
    "training": "Training",
    "practice": "Practice (logged by you)",
}
CATEGORY_LABELS = {
    "supervision": "Supervision received",
    "training": "Training",
    **{f"practice:{value}": str(label) for value, label in PracticeEntry.Category.choices},
}


@dataclass(frozen=True)
class CategoryHours:
    key: str  # "supervision", "training", or "practice:<category>"
    label: str
    source: str  # "supervision", "training" or "practice"
    hours: Decimal


@dataclass(frozen=True)
class TargetProgress:
    key: str
    label: str
    note: str
    counts: tuple[str, ...]
    counts_labels: tuple[str, ...]
    target_hours: Decimal
    hours: Decimal  # what counts, within the profile's window

    @property
    def percent(self) -> int:
        """0–100, for a progress bar (met targets are 100)."""
        if self.target_hours <= 0:
            return 100
        return min(100, int(self.hours * 100 / self.target_hours))

    @property
    def met(self) -> bool:
        return self.hours >= self.target_hours

    @property
    def remaining(self) -> Decimal:
        return max(ZERO, self.target_hours - self.hours)


@dataclass(frozen=True)
class ProfileProgress:
    slug: str
    name: str
    publisher: str
    url: str
    year: int
    check_note: str
    counted_from: date | None  # None: everything up to ``counted_to``
    counted_to: date
    targets: tuple[TargetProgress, ...]


@dataclass(frozen=True)
class HoursSummary:
    worker_id: Any
    start: date
    end: date  # both inclusive
    by_category: tuple[CategoryHours, ...]  # every category, in a fixed order, zeros included
    by_source: dict[str, Decimal]  # "supervision", "training", "practice"
    total: Decimal
    profiles: tuple[ProfileProgress, ...]  # the profiles the worker tracks


def _hours(value: Any) -> Decimal:
    return (Decimal(value) if value is not None else ZERO).quantize(HOURS)


def supervision_sessions_of(worker: User) -> QuerySet[SupervisionSession]:
    """Held sessions the worker was supervised in (one-to-one or a group), any agreement kind."""
    return SupervisionSession.objects.filter(
        organisation_id=org_id(worker), agreements__supervisee_id=worker.pk
    ).distinct()


def _category_hours(worker: User, start: date | None, end: date) -> dict[str, Decimal]:
    """Hours per category key, from ``start`` (None: the beginning) to ``end``, inclusive (3 queries)."""
    held = supervision_sessions_of(worker).filter(held_on__lte=end)
    training = TrainingRecord.objects.filter(worker_id=worker.pk, hours__isnull=False, completed_on__lte=end)
    practice = PracticeEntry.objects.filter(worker_id=worker.pk, worked_on__lte=end)
    if start is not None:
        held = held.filter(held_on__gte=start)
        training = training.filter(completed_on__gte=start)
        practice = practice.filter(worked_on__gte=start)
    # ``distinct()`` above: a group session under two of the worker's agreements counts once.
    minutes = sum(
        SupervisionSession.objects.filter(pk__in=held.values("pk")).values_list("duration_minutes", flat=True)
    )
    result = {key: ZERO for key in CATEGORY_LABELS}
    result["supervision"] = _hours(Decimal(minutes) / 60)
    result["training"] = _hours(training.aggregate(total=Sum("hours"))["total"])
    for category, total in practice.values_list("category").annotate(total=Sum("hours")).order_by():
        result[f"practice:{category}"] = _hours(total)
    return result


def _counted(hours: dict[str, Decimal], counts: Iterable[str]) -> Decimal:
    total = ZERO
    for item in counts:
        if item == "practice":
            total += sum((v for k, v in hours.items() if k.startswith("practice:")), ZERO)
        else:
            total += hours.get(item, ZERO)
    return total


def _count_label(item: str) -> str:
    return SOURCE_LABELS.get(item) or CATEGORY_LABELS.get(item, item)


def profile_progress(worker: User, profile: Profile, end: date) -> ProfileProgress:
    """Progress towards ``profile``: hours add up over time, so everything up to ``end`` counts
    (or, for a profile with ``window_months``, the months before ``end``)."""
    start = window_start(end, profile.window_months) if profile.window_months else None
    hours = _category_hours(worker, start, end)
    return ProfileProgress(
        slug=profile.slug,
        name=profile.name,
        publisher=profile.publisher,
        url=profile.url,
        year=profile.year,
        check_note=profile.check_note,
        counted_from=start,
        counted_to=end,
        targets=tuple(
            TargetProgress(
                key=target.key,
                label=target.label,
                note=target.note,
                counts=target.counts,
                counts_labels=tuple(_count_label(item) for item in target.counts),
                target_hours=target.hours,
                hours=_counted(hours, target.counts),
            )
            for target in profile.targets
        ),
    )


def chosen_profile_slugs(worker: User) -> list[str]:
    """The shipped profiles the worker tracks (a choice whose file was removed is skipped)."""
    available = shipped_profiles()
    return [
        slug
        for slug in ProfileChoice.objects.filter(worker_id=worker.pk).values_list("profile", flat=True)
        if slug in available
    ]


def hours_summary(worker: User, start: date, end: date) -> HoursSummary:
    """The worker's hours from ``start`` to ``end`` (inclusive): per category, per source and in
    total, and their progress on each profile they track (counted up to ``end``).

    Pure read, no audit: numbers only. The caller decides who may see it (the worker)."""
    if start > end:
        raise ValueError("start is after end")
    hours = _category_hours(worker, start, end)
    by_category = tuple(
        CategoryHours(key=key, label=label, source=key.split(":")[0], hours=hours[key])
        for key, label in CATEGORY_LABELS.items()
    )
    by_source = {source: sum((c.hours for c in by_category if c.source == source), ZERO) for source in SOURCE_LABELS}
    profiles = shipped_profiles()
    return HoursSummary(
        worker_id=worker.pk,
        start=start,
        end=end,
        by_category=by_category,
        by_source=by_source,
        total=sum(by_source.values(), ZERO),
        profiles=tuple(profile_progress(worker, profiles[slug], end) for slug in chosen_profile_slugs(worker)),
    )


def practice_entries_of(user: User) -> QuerySet[PracticeEntry]:
    """The practice log: its author's only. Anyone else's lookup finds nothing (404)."""
    return PracticeEntry.objects.filter(organisation_id=org_id(user), worker_id=user.pk)
