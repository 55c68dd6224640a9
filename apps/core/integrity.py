"""Uniqueness rules as the database enforces them, turned into a 400 naming the field.

A service checks a rule before writing ("that username is taken") so the common case reads
well, but two requests that both pass the check race to the INSERT, and only the database
constraint decides. The loser's ``IntegrityError`` reaches the API exception handler, the
pages' ``run_service`` or ``IntegrityErrorMiddleware``, which ask :func:`unique_violation`
for the field and message to show instead of a 500. Every unique constraint of the project
is known here by name (``tests/core/test_unique_rules.py`` fails when one is not).
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from functools import lru_cache
from typing import cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Field

# constraint name -> (field named in the 400, message). Field-level ``unique=True`` constraints
# get PostgreSQL's generated names (<table>_<column>_key or Django's _uniq); they are matched
# by table and column in ``_field_unique`` below.
UNIQUE_RULES: dict[str, tuple[str, str]] = {
    # accounts
    "user_username_key_unique": (
        "username",
        "That username is already taken, or looks too much like one that is. Choose another.",
    ),
    "user_display_name_key_unique_per_org": (
        "display_name",
        "Someone in your organisation already has this name, or one that looks like it. "
        "Add something that tells you apart (a middle initial, a team).",
    ),
    "user_employee_number_unique_per_org": (
        "employee_number",
        "Someone in your organisation already has this employee number.",
    ),
    # imports
    "import_mapping_one_per_org_kind": (
        "kind",
        "Someone else has just saved the columns for this kind of file; try again.",
    ),
    # teams
    "team_unique_name_ci_per_org": ("name", "A team with this name already exists in your organisation."),
    "membership_one_current_per_team": ("worker", "This person is already a member of this team."),
    # roles
    "roledef_lineage_version_unique": ("status", "Someone else has just started the next version of this role."),
    "roledef_one_draft_per_lineage": ("status", "Someone else has just started the next version of this role."),
    "roledef_one_published_per_lineage": ("status", "Someone else has just published a version of this role."),
    "duty_position_unique": ("duties", "Two duties were saved at the same position; save again."),
    "consultation_once_per_version": ("detail", "This peer worker has already been asked about this version."),
    # competencies
    "framework_unique_slug_per_org": ("slug", "A framework with this short name already exists."),
    "framework_unique_slug_shipped": ("slug", "A framework with this short name already exists."),
    "domain_unique_code": ("code", "A domain with this code already exists in the framework."),
    "competency_unique_code": ("code", "A competency with this code already exists in the framework."),
    "assessment_one_current": ("competency", "You have just assessed this competency; reload to see it."),
    "orgstatus_one_current_team": (
        "competency",
        "Someone else has just recorded this competency's status for the team; reload to see it.",
    ),
    "orgstatus_one_current_org": (
        "competency",
        "Someone else has just recorded this competency's status for the organisation; reload to see it.",
    ),
    # raters
    "rater_answer_one_per_competency": ("detail", "This competency was answered twice; send the form once."),
    "framework_choice_unique": ("detail", "Someone else has just chosen the same frameworks; reload to see them."),
    # portfolio
    "evidence_link_unique": ("object_id", "This is already linked as evidence for that competency."),
    # supervision (agreements: the service names the people; this is the fallback)
    "agreement_one_live_per_pair_kind": (
        "supervisor",
        "These two people already have a proposed or active agreement of this kind.",
    ),
    # voice, wellbeing, reminders
    "feedback_sender_once_per_pool": ("detail", "You are already counted in this team's waiting feedback."),
    "pulse_participation_once": ("pulse", "You have already answered this pulse."),
    "group_pulse_invitee_once": ("detail", "This person is already invited to this pulse."),
    "group_pulse_result_once": ("detail", "This pulse's results were just recorded; reload to see them."),
    # reflections, drift
    "reflection_helped_once": ("detail", "You have already marked this reflection as helpful."),
    "drift_snapshot_worker_day_unique": ("detail", "Today's picture of this person's role was just taken."),
    # fidelity
    "fidelity_answer_once": ("answers", "Each principle is answered once in a check."),
    "step_away_one_open": ("detail", "You have already stepped away; your open period is unchanged."),
    # wellness plans
    "wellness_plan_one_per_worker": ("detail", "Your wellness plan was saved at the same moment; open it again."),
    "wellness_plan_reader_once": ("reader", "This person is already named; change their parts instead."),
    "wellness_plan_version_once": ("detail", "Your wellness plan was saved at the same moment; open it again."),
    "erasure_request_one_per_worker": ("detail", "You have already asked for your data to be erased."),
    "reminder_once_per_key": ("detail", "This reminder has already been recorded."),
    # sso
    "sso_domain_unique": ("domain", "Another organisation signs in people of this e-mail domain."),
    "sso_identity_issuer_sub_unique": ("detail", "This sign-in is already linked to an account."),
    "sso_identity_user_issuer_unique": (
        "detail",
        "This account is already linked to a different sign-in at your organisation.",
    ),
    # credentials
    "credential_profile_choice_unique": ("detail", "You already track this profile."),
    # core: taken by apps.core.idempotency itself, which answers a replay or a 409; never a 400 here.
    "idempotency_key_once_per_user": ("detail", "This Idempotency-Key is already in use."),
}

# (table, column) of field-level unique constraints -> (field, message)
FIELD_UNIQUE_RULES: dict[tuple[str, str], tuple[str, str]] = {
    ("accounts_user", "username"): ("username", "That username is already taken."),
    ("accounts_organisation", "name"): ("name", "An organisation with this name already exists."),
    ("accounts_signinsession", "session_key"): ("detail", "This session is already recorded."),
    ("core_schedulerheartbeat", "name"): ("name", "This name is already taken."),
    ("workers_emailchange", "token_digest"): ("email", "Please ask again."),
    ("supervision_plannedsession", "held_session_id"): (
        "detail",
        "This planned session has already been recorded as held.",
    ),
    ("sso_providersettings", "organisation_id"): (
        "detail",
        "Someone else has just saved your single sign-on settings; reload to see them.",
    ),
    ("calendar_calendarfeed", "user_id"): ("detail", "Your calendar link was just made; reload to see it."),
    ("calendar_calendarfeed", "secret_hash"): ("detail", "Please make a new calendar link."),
    ("raters_invitation", "token_digest"): ("detail", "Please send the invitation again."),
    ("competencies_assessorchoice", "worker_id"): (
        "assessor",
        "You have just chosen who signs off your competencies; reload to see it.",
    ),
    ("fidelity_fidelitysettings", "organisation_id"): (
        "detail",
        "Someone else has just saved the fidelity settings; reload to see them.",
    ),
    ("community_moderator", "worker_id"): ("worker", "This person is already a moderator."),
    ("community_preference", "worker_id"): ("detail", "Your digest choice was just saved; reload to see it."),
    ("competencies_rolerequirementset", "role_definition_id"): (
        "role_definition",
        "This role already has its competency requirements; change those instead.",
    ),
}

_SQLITE_FAILED = re.compile(r"UNIQUE constraint failed: (?P<what>.+)$")
_PG_KEY = re.compile(r"Key \((?P<columns>[^)]*)\)")


@lru_cache(maxsize=1)
def _rules_by_columns() -> dict[tuple[str, tuple[str, ...]], tuple[str, str]]:
    """``{(table, columns): rule}`` for the named constraints over plain columns (SQLite reports
    columns, not names)."""
    from django.apps import apps
    from django.db.models import UniqueConstraint

    found: dict[tuple[str, tuple[str, ...]], tuple[str, str]] = {}
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if isinstance(constraint, UniqueConstraint) and constraint.fields and constraint.name in UNIQUE_RULES:
                columns = tuple(cast(Field, model._meta.get_field(name)).column for name in constraint.fields)
                found[(model._meta.db_table, columns)] = UNIQUE_RULES[constraint.name]
    for (table, column), rule in FIELD_UNIQUE_RULES.items():
        found[(table, (column,))] = rule
    return found


def rule_for(exc: IntegrityError) -> tuple[str, str] | None:
    """The (field, message) of the unique rule ``exc`` broke, or None if it is not one we know."""
    cause = exc.__cause__
    diag = getattr(cause, "diag", None)
    if diag is not None:  # PostgreSQL (psycopg)
        if getattr(cause, "sqlstate", None) != "23505":  # unique_violation only
            return None
        if diag.constraint_name in UNIQUE_RULES:
            return UNIQUE_RULES[diag.constraint_name]
        match = _PG_KEY.search(diag.message_detail or "")
        columns = tuple(c.strip() for c in match.group("columns").split(",")) if match else ()
        return _rules_by_columns().get((diag.table_name, columns))
    match = _SQLITE_FAILED.search(str(exc))  # SQLite, the embedded default of `make run`
    if not match:
        return None
    what = match.group("what").strip()
    if what.startswith("index "):
        return UNIQUE_RULES.get(what.removeprefix("index ").strip("'\""))
    pairs = [part.strip().split(".", 1) for part in what.split(",")]
    if not pairs or any(len(p) != 2 for p in pairs):
        return None
    return _rules_by_columns().get((pairs[0][0], tuple(column for _, column in pairs)))


def unique_violation(exc: IntegrityError) -> ValidationError | None:
    """A ``ValidationError`` naming the field for a known unique rule, else None (a real bug)."""
    rule = rule_for(exc)
    if rule is None:
        return None
    field, message = rule
    return ValidationError({field: [message]})


@contextmanager
def unique_rules():
    """Run a write in a savepoint; a broken known unique rule becomes a ``ValidationError``
    naming the field (the enclosing transaction stays usable)."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        error = unique_violation(exc)
        if error is None:
            raise
        raise error from None
