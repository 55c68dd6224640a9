"""What a role requires, as a field of the role definition (SPEC §4: a client sends
``required_competencies`` with a role definition).

The roles app cannot import this app (competencies sits above it), so it offers a hook
(``apps.roles.extensions``) and this module fills it in; ``CompetenciesConfig.ready`` calls
:func:`register`. Writes go through :func:`services.role_requirements_set` (the same rule, audit
row and errors as the role-requirements page and endpoint, with errors named
``required_competencies``); reads use the same inheritance rule as everywhere else (a version
without its own set requires what the nearest earlier version required).
"""

from collections.abc import Iterable

from django.db.models import QuerySet

from apps.accounts.models import User
from apps.competencies import services
from apps.competencies.models import Competency
from apps.competencies.selectors import (
    competencies_in_use,
    effective_requirement_sets,
    with_required_competency_ids,
)
from apps.roles.extensions import DefinitionField, register_definition_field
from apps.roles.models import RoleDefinition

NAME = "required_competencies"


def _choices(user: User) -> QuerySet[Competency]:
    return competencies_in_use(user).select_related("domain", "framework").order_by("framework__name", "position")


def _save(actor: User, definition: RoleDefinition, competencies: Iterable[object]) -> None:
    services.role_requirements_set(actor=actor, role_definition=definition, competencies=competencies, field=NAME)


REQUIRED_COMPETENCIES = DefinitionField(
    name=NAME,
    label="Required competencies",
    help_text="What this version requires; the whole list replaces the previous one. "
    "A new version starts with its predecessor's.",
    choices=_choices,
    save=_save,
    annotate=with_required_competency_ids,
    describe=effective_requirement_sets,
    template="competencies/_required_competencies.html",
)


def register() -> None:
    register_definition_field(REQUIRED_COMPETENCIES)
