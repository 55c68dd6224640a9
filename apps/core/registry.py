"""Extension points other apps register into from their ``AppConfig.ready()``.

* navigation links (a label, a URL name, a header group, and who sees it),
* "my day" panels (a template plus a function building its context),
* team page panels (the same, given the team),
* record panels (a section on one kind of record's page, e.g. "link as evidence" on a reflection),
* set-up steps (the org admin's checklist on "my day": each app's step and when it is done),
* retention rules (run daily by ``apps.audit.tasks.enforce_retention``), and
* data-rights sections (the worker's export, and erasure; collected by ``apps.workers.data_rights``).

This keeps ``base.html``, the "my day" view and the data-rights services free of knowledge of
every app, and this module knows none of them: each app declares everything about its own
entries (nothing is defaulted from a table of other apps' URLs). An entry is registered once:
a second registration under the same key is a start-up error (``ImproperlyConfigured``),
never a silent "first one wins".

How to register, in ``apps/<app>/apps.py``::

    def ready(self) -> None:
        # label, URL name, header group, order in the group, who sees it: (user) -> bool
        registry.register_nav("Boundary notes", "boundaries:note-list", registry.NavGroup.MINE, 35, _writes_notes)
        registry.register_data_section("boundary_notes", order=30, export=data_rights.export, erase=data_rights.erase)
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, NamedTuple, TypeVar

from django.core.exceptions import ImproperlyConfigured

# The user model lives in ``apps.accounts``, a layer above core, so callbacks take ``Any`` here;
# each app annotates its own callbacks with ``apps.accounts.models.User``.
UserPredicate = Callable[[Any], bool]
PanelContext = Callable[..., dict[str, Any] | None]

Entry = TypeVar("Entry")


class Registry(Generic[Entry]):
    """Entries keyed by name, iterated in ``order``; registering a key twice is an error."""

    def __init__(self, what: str, *, key: Callable[[Entry], str], order: Callable[[Entry], Any]) -> None:
        self.what = what
        self._key = key
        self._order = order
        self._entries: dict[str, Entry] = {}
        self._sorted: list[Entry] = []

    def register(self, entry: Entry) -> Entry:
        key = self._key(entry)
        if key in self._entries:
            raise ImproperlyConfigured(f"{self.what} {key!r} is registered twice: each key is registered once.")
        self._entries[key] = entry
        # Sorted once here (start-up), not on every request; ``sorted`` is stable, so equal
        # orders keep INSTALLED_APPS order.
        self._sorted = sorted(self._entries.values(), key=self._order)
        return entry

    def get(self, key: str) -> Entry | None:
        return self._entries.get(key)

    def keys(self) -> list[str]:
        return [self._key(entry) for entry in self._sorted]

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._sorted)

    def __len__(self) -> int:
        return len(self._sorted)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    @contextmanager
    def emptied(self) -> Iterator[None]:
        """Start empty and restore the entries afterwards: for tests that run ``ready()`` again."""
        saved = dict(self._entries)
        self._entries.clear()
        self._sorted = []
        try:
            yield
        finally:
            self._entries = saved
            self._sorted = sorted(saved.values(), key=self._order)


# --- navigation -----------------------------------------------------------------------------


class NavGroup(StrEnum):
    """The header's groups, in header order: on a phone they fold into one menu with a heading
    per group; on a wide screen they sit in one row. (A layout of the header, not of any app.)"""

    MINE = "mine"
    TEAM = "team"
    ORGANISATION = "organisation"

    @property
    def label(self) -> str:
        return NAV_GROUP_LABELS[self]


NAV_GROUP_LABELS = {NavGroup.MINE: "My work", NavGroup.TEAM: "Team", NavGroup.ORGANISATION: "Organisation"}


@dataclass(frozen=True)
class NavLink:
    label: str
    url_name: str
    group: NavGroup
    order: int  # within the group
    visible: UserPredicate


NAV_LINKS: Registry[NavLink] = Registry(
    "Navigation link",
    key=lambda link: link.url_name,
    order=lambda link: (list(NavGroup).index(link.group), link.order),
)


def everyone(user: Any) -> bool:
    """A link for every signed-in member of an organisation (the header shows nobody else any link)."""
    return True


def register_nav(label: str, url_name: str, group: NavGroup, order: int, visible: UserPredicate) -> None:
    """A header link to ``url_name`` in ``group`` (at ``order`` within it), shown to signed-in
    users ``visible(user)`` admits. Every argument is required: nothing is defaulted."""
    NAV_LINKS.register(NavLink(label, url_name, NavGroup(group), order, visible))


# --- panels ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MyDayPanel:
    template: str
    order: int
    context: PanelContext  # (user) -> dict


@dataclass(frozen=True)
class TeamPanel:
    template: str
    order: int
    context: PanelContext  # (user, team) -> dict, or None to show nothing


MY_DAY_PANELS: Registry[MyDayPanel] = Registry(
    "My day panel", key=lambda panel: panel.template, order=lambda panel: panel.order
)
TEAM_PANELS: Registry[TeamPanel] = Registry(
    "Team panel", key=lambda panel: panel.template, order=lambda panel: panel.order
)


def register_my_day_panel(template: str, *, order: int, context: PanelContext) -> None:
    MY_DAY_PANELS.register(MyDayPanel(template, order, context))


def register_team_panel(template: str, *, order: int, context: PanelContext) -> None:
    """A section of the team page (e.g. roles and hours, supervision, voice).

    ``context(user, team)`` returns the panel's context, or ``None`` to hide it from this user.
    """
    TEAM_PANELS.register(TeamPanel(template, order, context))


# --- record panels ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordPanel:
    model: str  # the record's ``app_label.modelname`` (``Model._meta.label_lower``)
    template: str
    order: int
    context: PanelContext  # (user, record) -> dict, or None to show nothing


RECORD_PANELS: Registry[RecordPanel] = Registry(
    "Record panel", key=lambda panel: f"{panel.model} {panel.template}", order=lambda panel: panel.order
)


def register_record_panel(model: str, template: str, *, order: int, context: PanelContext) -> None:
    """A section shown on the page of one kind of record (``model`` is its ``label_lower``), by an
    app above the record's own: the record's template renders ``{% record_panels record %}``
    (``pspteam_tags``) without knowing who adds what. ``context(user, record)`` returns the
    panel's context, or ``None`` to show nothing to this user."""
    RECORD_PANELS.register(RecordPanel(model, template, order, context))


# --- set-up checklist -----------------------------------------------------------------------


@dataclass(frozen=True)
class SetupStep:
    key: str
    label: str  # what to do, as a link text: "Create your first team"
    why: str  # one plain sentence on why it matters
    url_name: str  # the page that does it
    order: int
    # (organisation) -> a queryset with a row once the step is done. Never evaluated on its
    # own: ``apps.core.setup.setup_checklist`` asks every step in one query.
    done: Callable[[Any], Any]


SETUP_STEPS: Registry[SetupStep] = Registry("Set-up step", key=lambda step: step.key, order=lambda step: step.order)


def register_setup_step(
    key: str, *, label: str, why: str, url_name: str, order: int, done: Callable[[Any], Any]
) -> None:
    """A step of a new organisation's set-up, shown to org admins on "my day" until every step
    is done. ``done(organisation)`` returns a queryset that has a row once it is done (built
    without a query of its own: the checklist asks every step in one)."""
    SETUP_STEPS.register(SetupStep(key, label, why, url_name, order, done))


# --- retention ------------------------------------------------------------------------------


class RetentionRule(NamedTuple):
    name: str
    run: Callable[[], int]  # deletes what is past its retention; returns how many rows


# Registration order (INSTALLED_APPS): the daily task reports them by name.
RETENTION_RULES: Registry[RetentionRule] = Registry("Retention rule", key=lambda rule: rule.name, order=lambda _: 0)


def register_retention_rule(name: str, rule: Callable[[], int]) -> None:
    RETENTION_RULES.register(RetentionRule(name, rule))


# --- data rights ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DataSection:
    name: str
    order: int
    export: Callable[[Any], Any]  # (user) -> JSON-serialisable data
    erase: Callable[[Any], None] | None  # (worker) -> None: delete what they authored, anonymise what others need
    readable: Any = None  # an apps.core.readable.Readable: how the section reads on the My data page


DATA_SECTIONS: Registry[DataSection] = Registry(
    "Data-rights section", key=lambda section: section.name, order=lambda section: section.order
)


def register_data_section(
    name: str,
    *,
    order: int,
    export: Callable[[Any], Any],
    erase: Callable[[Any], None] | None = None,
    readable: Any = None,
) -> None:
    """The worker's data held by one app: ``export(user)`` for their export (under ``name``),
    ``erase(worker)`` for erasure (``None``: nothing of theirs to erase, e.g. only others' records),
    and ``readable``: the export's words on the My data page."""
    DATA_SECTIONS.register(DataSection(name, order, export, erase, readable))
