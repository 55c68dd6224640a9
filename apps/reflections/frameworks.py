"""Reflective frameworks, loaded once from ``frameworks.yaml`` (data, not code).

A framework is a fixed, ordered list of prompts; a reflection stores its text per prompt key
in ``Reflection.sections``. Adding a framework or a prompt is an edit of the YAML file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

FRAMEWORKS_FILE = Path(__file__).with_name("frameworks.yaml")


@dataclass(frozen=True)
class Prompt:
    key: str
    label: str
    hint: str


@dataclass(frozen=True)
class Framework:
    key: str
    label: str
    description: str
    prompts: tuple[Prompt, ...]

    @property
    def prompt_keys(self) -> tuple[str, ...]:
        return tuple(p.key for p in self.prompts)


class FrameworkFileError(ValueError):
    """The frameworks file is malformed: fail loudly at start-up, not on a user's submit."""


def load_frameworks(path: Path | str) -> dict[str, Framework]:
    """Parse and check a frameworks file; returns ``{key: Framework}`` in file order."""
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    result: dict[str, Framework] = {}
    for entry in data.get("frameworks") or []:
        try:
            key = str(entry["key"])
            prompts = tuple(
                Prompt(key=str(p["key"]), label=str(p["label"]), hint=str(p.get("hint", ""))) for p in entry["prompts"]
            )
            framework = Framework(
                key=key, label=str(entry["label"]), description=str(entry.get("description", "")), prompts=prompts
            )
        except (KeyError, TypeError) as exc:
            raise FrameworkFileError(f"{path}: malformed framework entry {entry!r}") from exc
        if key in result:
            raise FrameworkFileError(f"{path}: framework {key!r} is listed twice")
        if not prompts or len(set(framework.prompt_keys)) != len(prompts):
            raise FrameworkFileError(f"{path}: framework {key!r} needs prompts with unique keys")
        if len(key) > 32:
            raise FrameworkFileError(f"{path}: framework key {key!r} is longer than 32 characters")
        result[key] = framework
    if not result:
        raise FrameworkFileError(f"{path}: no frameworks defined")
    return result


@cache
def frameworks() -> dict[str, Framework]:
    """The shipped frameworks, read once per process."""
    return load_frameworks(FRAMEWORKS_FILE)


def get_framework(key: str) -> Framework | None:
    return frameworks().get(key)


def framework_choices() -> list[tuple[str, str]]:
    return [(f.key, f.label) for f in frameworks().values()]


DEFAULT_FRAMEWORK = "gibbs"
