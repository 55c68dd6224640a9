"""Fields of a role definition that another app keeps (the hook; roles imports none of those apps).

SPEC §4 lists ``required_competencies`` among the fields a client sends for a role definition,
but what a role requires is kept by the competencies app, which sits above roles in the layers
(``pyproject.toml``) and may import roles, never the other way round. So roles defines this hook
and competencies registers its field here from its ``AppConfig.ready`` (see
``apps/competencies/role_fields.py``). The roles services, API and pages then treat a registered
field like one of their own:

* **write** — ``services.role_definition_create`` / ``role_definition_update`` accept it and call
  ``save`` inside the definition's transaction, after the definition is saved (on a published
  version: on the new draft). ``save`` validates and raises a ValidationError naming the field;
  the transaction then rolls back, so a refused write changes nothing. A name nobody registered
  is refused like any unknown field.
* **read** — ``annotate`` sets the attribute ``name`` (a list of ids) on every definition of a
  queryset inside the same SQL query; the API returns it under ``name``.
* **pages** — the editor offers ``choices(user)`` as checkboxes; the team role overview shows
  ``describe(definitions)[pk]`` with ``template`` (given ``value``).

A field is a set of things chosen from a queryset (ids in the API). Registering the same name
twice is an error at start-up, not a silent first-wins.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet

from apps.accounts.models import User
from apps.roles.models import RoleDefinition


@dataclass(frozen=True)
class DefinitionField:
    name: str
    label: str
    help_text: str
    # What ``user`` may choose from (the editor's checkboxes).
    choices: Callable[[User], QuerySet[Any]]
    # Validate ``value`` (ids or instances) and save it for ``definition``; ValidationError naming ``name``.
    save: Callable[[User, RoleDefinition, Iterable[object]], None]
    # The queryset with attribute ``name`` (list of ids) on each definition, in the same query.
    annotate: Callable[[QuerySet[RoleDefinition]], QuerySet[RoleDefinition]]
    # ``{definition id: [instances to show]}`` for pages, in a fixed number of queries.
    describe: Callable[[Sequence[RoleDefinition]], Mapping[UUID, Sequence[Model]]]
    # A fragment showing one definition's ``value`` (the list ``describe`` gave).
    template: str


_fields: dict[str, DefinitionField] = {}


def register_definition_field(field: DefinitionField) -> None:
    if field.name in _fields:
        raise ImproperlyConfigured(f"The role definition field {field.name!r} is registered twice.")
    _fields[field.name] = field


def definition_fields() -> tuple[DefinitionField, ...]:
    return tuple(_fields.values())


def definition_field_names() -> frozenset[str]:
    return frozenset(_fields)


def with_definition_fields(queryset: QuerySet[RoleDefinition]) -> QuerySet[RoleDefinition]:
    """``queryset`` with every registered field's value on each definition (no extra query)."""
    for field in _fields.values():
        queryset = field.annotate(queryset)
    return queryset


def save_definition_fields(actor: User, definition: RoleDefinition, values: Mapping[str, Iterable[object]]) -> None:
    """Save the registered fields given in ``values`` (call inside the definition's transaction)."""
    for name, value in values.items():
        _fields[name].save(actor, definition, value)


def describe_definition_fields(definitions: Sequence[RoleDefinition]) -> dict[UUID, list[dict[str, Any]]]:
    """``{definition id: [{"field", "template", "value"}]}`` for pages (each field's ``describe``)."""
    described: dict[UUID, list[dict[str, Any]]] = {d.pk: [] for d in definitions}
    for field in _fields.values():
        values = field.describe(definitions)
        for definition in definitions:
            described[definition.pk].append(
                {"field": field.name, "template": field.template, "value": values.get(definition.pk, [])}
            )
    return described
