"""What other apps do when a worker leaves, registered by them at start-up.

``workers`` sits below the feature apps, so it cannot call them; an app whose records must
change when someone leaves (supervision: every live agreement naming them ends) registers a
hook from its ``AppConfig.ready()``. ``worker_mark_left`` runs every hook inside its own
transaction, so the leaving and all its consequences commit or roll back together.
"""

from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured

from apps.accounts.models import User


class LeavingHook(Protocol):
    """Called inside the leaving transaction, after the account is deactivated (its result is ignored)."""

    def __call__(self, *, actor: User, worker: User) -> object: ...


@dataclass(frozen=True)
class _Registered:
    name: str
    hook: LeavingHook


_HOOKS: list[_Registered] = []


def register_leaving_hook(name: str, hook: LeavingHook) -> None:
    """Run ``hook(actor=..., worker=leaver)`` whenever a worker leaves. ``name`` says what it does (for
    errors and tests); registering the same name twice is a start-up error, never a silent
    second run."""
    if any(registered.name == name for registered in _HOOKS):
        raise ImproperlyConfigured(f"A leaving hook named {name!r} is already registered.")
    _HOOKS.append(_Registered(name, hook))


def leaving_hook_names() -> list[str]:
    return [registered.name for registered in _HOOKS]


def run_leaving_hooks(*, actor: User, worker: User) -> None:
    """Called by ``worker_mark_left`` inside its transaction, in registration order."""
    for registered in _HOOKS:
        registered.hook(actor=actor, worker=worker)
