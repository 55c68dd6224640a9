"""Credential profiles are data, not code: one YAML file each under ``data/`` (issue 17, part 3).

A profile names its public source (publisher, address, year) and its targets: so many hours,
counted from which sources (``training``, ``supervision``, ``practice`` for every practice
category, or ``practice:<category>`` for one). :func:`parse_profile` validates one file and says
where it is wrong (as the competency framework loader does); :func:`shipped_profiles` reads every
file once per process. A file without a named source is refused: a profile is shipped only
where its source is public.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from apps.credentials.models import PracticeEntry

DATA_DIR = Path(__file__).resolve().parent / "data"
SOURCES = ("training", "supervision", "practice")
PRACTICE_SOURCES = tuple(f"practice:{category}" for category in PracticeEntry.Category.values)
COUNTABLE = (*SOURCES, *PRACTICE_SOURCES)
MAX_TARGET_HOURS = Decimal("100000")
LIMITS = {"slug": 80, "name": 200, "publisher": 200, "url": 500, "key": 40, "label": 200}


class ProfileFileError(ValueError):
    """The file is not a valid credential profile; the message says where."""


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    hours: Decimal
    counts: tuple[str, ...]  # what counts towards it: items of COUNTABLE
    note: str = ""


@dataclass(frozen=True)
class Profile:
    slug: str
    name: str
    publisher: str
    url: str
    year: int
    accessed: str  # when pspteam's figures were read from the source
    check_note: str  # what the worker should check against the source
    description: str
    window_months: int | None  # hours count only within this many months before the period's end
    targets: tuple[Target, ...]

    @property
    def source_line(self) -> str:
        return f"{self.publisher}, {self.year}: {self.url}"


def _text(value: Any, where: str, field: str, *, required: bool = True) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str | int | float):
        raise ProfileFileError(f"{where}: “{field}” must be text.")
    value = " ".join(str(value).split())
    if required and not value:
        raise ProfileFileError(f"{where}: “{field}” is required.")
    limit = LIMITS.get(field)
    if limit and len(value) > limit:
        raise ProfileFileError(f"{where}: “{field}” is longer than {limit} characters.")
    return value


def _hours(value: Any, where: str) -> Decimal:
    try:
        hours = Decimal(str(value))
    except InvalidOperation:
        raise ProfileFileError(f"{where}: “hours” must be a number.") from None
    if not hours.is_finite() or hours <= 0 or hours > MAX_TARGET_HOURS:
        raise ProfileFileError(f"{where}: “hours” must be above 0 and at most {MAX_TARGET_HOURS}.")
    return hours


def _counts(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise ProfileFileError(f"{where}: “counts” must list what counts, e.g. [training, supervision].")
    counts = []
    for item in value:
        if item not in COUNTABLE:
            raise ProfileFileError(f"{where}: “{item}” cannot be counted; use one of: {', '.join(COUNTABLE)}.")
        counts.append(item)
    if "practice" in counts and any(item.startswith("practice:") for item in counts):
        raise ProfileFileError(f"{where}: “practice” already counts every practice category.")
    return tuple(dict.fromkeys(counts))


def parse_profile(raw: Any) -> Profile:
    """One profile from a file's parsed YAML, validated (``ProfileFileError`` says where)."""
    if not isinstance(raw, dict) or not isinstance(raw.get("profile"), dict):
        raise ProfileFileError("The file must start with a “profile” section.")
    head = raw["profile"]
    slug = _text(head.get("slug"), "profile", "slug").lower()
    if not all(c.isalnum() or c in "-_" for c in slug):
        raise ProfileFileError("profile: “slug” may hold only letters, digits, hyphens and underscores.")
    source = head.get("source")
    if not isinstance(source, dict):
        raise ProfileFileError("profile: a “source” with publisher, url and year is required.")
    url = _text(source.get("url"), "profile source", "url")
    if not url.startswith("https://"):
        raise ProfileFileError("profile source: “url” must be a public https:// address.")
    year = source.get("year")
    if not isinstance(year, int) or not 1990 <= year <= 2100:
        raise ProfileFileError("profile source: “year” must be a year, such as 2024.")
    window = head.get("window_months")
    if window is not None and (not isinstance(window, int) or not 1 <= window <= 240):
        raise ProfileFileError("profile: “window_months” must be a whole number of months from 1 to 240.")
    targets_raw = raw.get("targets")
    if not isinstance(targets_raw, list) or not targets_raw:
        raise ProfileFileError("The file must list at least one target under “targets”.")
    targets, keys = [], set()
    for index, item in enumerate(targets_raw, start=1):
        where = f"target {index}"
        if not isinstance(item, dict):
            raise ProfileFileError(f"{where}: must be a mapping with key, label, hours and counts.")
        key = _text(item.get("key"), where, "key")
        if key in keys:
            raise ProfileFileError(f"{where}: the key “{key}” is used twice.")
        keys.add(key)
        targets.append(
            Target(
                key=key,
                label=_text(item.get("label"), where, "label"),
                hours=_hours(item.get("hours"), where),
                counts=_counts(item.get("counts"), where),
                note=_text(item.get("note"), where, "note", required=False),
            )
        )
    return Profile(
        slug=slug,
        name=_text(head.get("name"), "profile", "name"),
        publisher=_text(source.get("publisher"), "profile source", "publisher"),
        url=url,
        year=year,
        accessed=_text(source.get("accessed"), "profile source", "accessed"),
        check_note=_text(head.get("check_note"), "profile", "check_note"),
        description=_text(head.get("description"), "profile", "description", required=False),
        window_months=window,
        targets=tuple(targets),
    )


def parse_profile_text(text: str | bytes) -> Profile:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ProfileFileError(f"This is not valid YAML: {exc}") from None
    return parse_profile(raw)


@cache
def shipped_profiles() -> dict[str, Profile]:
    """Every profile under ``data/``, by slug (read once per process; a bad file fails loudly)."""
    profiles: dict[str, Profile] = {}
    for path in sorted(DATA_DIR.glob("*.yaml")):
        try:
            profile = parse_profile_text(path.read_bytes())
        except ProfileFileError as exc:
            raise ProfileFileError(f"{path.name}: {exc}") from None
        if profile.slug in profiles:
            raise ProfileFileError(f"{path.name}: the slug “{profile.slug}” is used by another profile.")
        profiles[profile.slug] = profile
    return profiles
