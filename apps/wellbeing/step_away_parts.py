"""Parts of the step-away form that another app keeps (the hook; wellbeing imports none of them).

Stepping away is this app's; what else the worker settles in the same moment belongs to apps
above it (e.g. which parts of their wellness plan the people they chose read while they are
away: ``apps/wellness_plans/step_away.py``). Such an app registers a part from its
``AppConfig.ready``:

* ``template`` / ``context(user)`` — a fragment shown inside the step-away form on the
  wellbeing page (``context`` returns ``None`` to show nothing);
* ``apply(user, data)`` — called with the posted form data inside the step-away transaction,
  before the period opens; a ``ValidationError`` rolls the whole step away back and is shown
  on the form;
* ``opened(worker)`` / ``returned(worker)`` — called inside the step-away (first opening) and
  return transactions, e.g. to tell the people chosen (content-free).

Registering the same name twice is an error at start-up, not a silent first-wins.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from apps.accounts.models import User


def _nothing(worker: User) -> None:
    return None


@dataclass(frozen=True)
class StepAwayPart:
    name: str
    template: str
    context: Callable[[User], dict[str, Any] | None]
    apply: Callable[[User, Mapping[str, Any]], None]
    opened: Callable[[User], None] = _nothing
    returned: Callable[[User], None] = _nothing


_parts: dict[str, StepAwayPart] = {}


def register_step_away_part(part: StepAwayPart) -> None:
    if part.name in _parts:
        raise ImproperlyConfigured(f"The step-away part {part.name!r} is registered twice.")
    _parts[part.name] = part


def step_away_parts() -> list[StepAwayPart]:
    return list(_parts.values())
