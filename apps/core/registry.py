"""Extension points other apps register into from their ``AppConfig.ready()``.

* navigation links (shown only to users a predicate admits),
* "my day" panels (a template plus a function building its context), and
* team page panels (the same, given the team).

This keeps ``base.html`` and the "my day" view free of knowledge of every app.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NavLink:
    label: str
    url_name: str
    order: int
    visible: Callable  # (user) -> bool
    group: str = "mine"  # a key of NAV_GROUPS


# The header groups its links so that ~15 of them stay usable: on a phone they fold into one
# menu, with a heading per group; on a wide screen they sit in one row, in group order.
NAV_GROUPS = {"mine": "My work", "team": "Team", "organisation": "Organisation"}

# Groups of the links registered before ``group=`` existed; new links pass ``group=`` instead.
DEFAULT_NAV_GROUPS = {
    "teams:team-list": "team",
    "roles:role-list": "team",
    "supervision:queue": "team",
    "supervision:agreement-list": "team",
    "voice:voice-index": "team",
    "workers:people": "organisation",
    "reminders:admin": "organisation",
    "audit:audit-trail": "organisation",
}


@dataclass(frozen=True)
class MyDayPanel:
    template: str
    order: int
    context: Callable  # (user) -> dict


@dataclass(frozen=True)
class TeamPanel:
    template: str
    order: int
    context: Callable  # (user, team) -> dict, or None to show nothing


NAV_LINKS: list[NavLink] = []
MY_DAY_PANELS: list[MyDayPanel] = []
TEAM_PANELS: list[TeamPanel] = []


def register_nav(
    label: str, url_name: str, *, order: int, visible: Callable = lambda user: True, group: str | None = None
) -> None:
    """A header link shown to users ``visible(user)`` admits, in ``group`` (see ``NAV_GROUPS``)."""
    if any(link.url_name == url_name for link in NAV_LINKS):
        return
    group = group or DEFAULT_NAV_GROUPS.get(url_name, "mine")
    if group not in NAV_GROUPS:
        raise ValueError(f"Unknown navigation group {group!r} for {url_name}")
    NAV_LINKS.append(NavLink(label, url_name, order, visible, group))
    NAV_LINKS.sort(key=lambda link: (list(NAV_GROUPS).index(link.group), link.order))


def register_my_day_panel(template: str, *, order: int, context: Callable) -> None:
    if any(panel.template == template for panel in MY_DAY_PANELS):
        return
    MY_DAY_PANELS.append(MyDayPanel(template, order, context))
    MY_DAY_PANELS.sort(key=lambda panel: panel.order)


def register_team_panel(template: str, *, order: int, context: Callable) -> None:
    """A section of the team page (e.g. roles and hours, supervision, voice).

    ``context(user, team)`` returns the panel's context, or ``None`` to hide it from this user.
    """
    if any(panel.template == template for panel in TEAM_PANELS):
        return
    TEAM_PANELS.append(TeamPanel(template, order, context))
    TEAM_PANELS.sort(key=lambda panel: panel.order)


# Retention: (name, fn() -> number deleted), run daily by apps.audit.tasks.enforce_retention.
RETENTION_RULES: list[tuple[str, Callable]] = []


def register_retention_rule(name: str, rule: Callable) -> None:
    if all(existing != name for existing, _ in RETENTION_RULES):
        RETENTION_RULES.append((name, rule))


# Data rights: each app contributes the worker's data to the export, and knows how to erase it.
@dataclass(frozen=True)
class DataSection:
    name: str
    order: int
    export: Callable  # (user) -> JSON-serialisable data
    erase: Callable | None  # (worker) -> None: delete what they authored, anonymise what others need


DATA_SECTIONS: list[DataSection] = []


def register_data_section(name: str, *, order: int, export: Callable, erase: Callable | None = None) -> None:
    if any(section.name == name for section in DATA_SECTIONS):
        return
    DATA_SECTIONS.append(DataSection(name, order, export, erase))
    DATA_SECTIONS.sort(key=lambda section: section.order)
