"""The core registries: every app's entries are there, a key registered twice stops start-up,
and ``AppConfig.ready()`` declares entries without touching the database."""

import ast
import os
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from apps.core import answers, registry
from apps.core.registry import (
    DATA_SECTIONS,
    MY_DAY_PANELS,
    NAV_LINKS,
    RECORD_PANELS,
    RETENTION_RULES,
    SETUP_STEPS,
    TEAM_PANELS,
    NavGroup,
    everyone,
    register_data_section,
    register_my_day_panel,
    register_nav,
    register_retention_rule,
    register_team_panel,
)
from apps.portfolio.evidence import EVIDENCE_KINDS
from apps.roles import extensions as role_extensions
from apps.wellbeing import step_away_parts
from apps.workers import leaving_hooks
from apps.workers.data_rights import export_worker_data

CORE_REGISTRIES = [NAV_LINKS, MY_DAY_PANELS, TEAM_PANELS, RECORD_PANELS, RETENTION_RULES, DATA_SECTIONS, SETUP_STEPS]


def _snapshot() -> dict[str, list]:
    return {r.what: list(r) for r in CORE_REGISTRIES}


def test_every_app_registers_its_navigation_links_each_in_an_explicit_group():
    assert {(link.url_name, link.group) for link in NAV_LINKS} == {
        ("core:my-day", NavGroup.MINE),
        ("reflections:reflection-list", NavGroup.MINE),
        ("boundaries:note-list", NavGroup.MINE),
        ("supervision:my-supervision", NavGroup.MINE),
        ("wellbeing:home", NavGroup.MINE),
        ("wellness_plans:mine", NavGroup.MINE),
        ("fidelity:home", NavGroup.MINE),
        ("community:home", NavGroup.MINE),
        ("drift:mine", NavGroup.MINE),
        ("competencies:my-progress", NavGroup.MINE),
        ("credentials:my-hours", NavGroup.MINE),
        ("raters:invitation-list", NavGroup.MINE),
        ("portfolio:map", NavGroup.MINE),
        ("teams:team-list", NavGroup.TEAM),
        ("dashboard:overview", NavGroup.TEAM),
        ("roles:role-list", NavGroup.TEAM),
        ("supervision:queue", NavGroup.TEAM),
        ("supervision:agreement-list", NavGroup.TEAM),
        ("voice:voice-index", NavGroup.TEAM),
        ("workers:people", NavGroup.ORGANISATION),
        ("reminders:admin", NavGroup.ORGANISATION),
        ("wellbeing:support-contacts", NavGroup.ORGANISATION),
        ("workers:erasure-requests", NavGroup.ORGANISATION),
        ("audit:audit-trail", NavGroup.ORGANISATION),
        ("sso:settings", NavGroup.ORGANISATION),
        ("imports:home", NavGroup.ORGANISATION),
        ("fidelity:organisation", NavGroup.ORGANISATION),
        ("community:moderators", NavGroup.ORGANISATION),
    }
    for link in NAV_LINKS:
        assert reverse(link.url_name)  # a misspelt URL name would fail here, not on some page


def test_links_are_iterated_in_header_group_order_then_by_their_order():
    keys = [(list(NavGroup).index(link.group), link.order) for link in NAV_LINKS]

    assert keys == sorted(keys)


def test_every_app_holding_a_workers_data_registers_its_data_rights_section_in_export_order():
    people = "account memberships role_assignments role_co_production role_drift"
    work = "reflections boundary_notes supervision wellbeing wellness_plan competencies credential_hours rater_feedback portfolio team_voice notifications"
    work += " portfolio_documents"
    work = work.replace("wellness_plan competencies", "wellness_plan fidelity community competencies")
    assert DATA_SECTIONS.keys() == f"{people} {work} erasure_request".split()
    # The account is anonymised by worker_erase itself; memberships, assignments and sessions are
    # their teams' history: nothing to erase in those sections.
    # Role assignments erase the questions and answers about them (roles.data_rights.erase).
    erased_elsewhere_or_kept = {"account", "memberships", "supervision"}
    assert {s.name for s in DATA_SECTIONS if s.erase is None} == erased_elsewhere_or_kept


@pytest.mark.django_db
def test_the_export_document_keeps_its_sections_in_the_same_order_the_account_first(everyone):
    document = export_worker_data(actor=everyone["peer"])

    assert list(document)[:4] == ["format", "exported_at", "account", "memberships"]
    assert list(document)[4:] == DATA_SECTIONS.keys()[2:]
    assert document["account"]["organisation"] == "Northfield" and document["memberships"][0]["team"] == "Riverside"


def test_every_app_registers_its_panels_and_retention_rules():
    assert RETENTION_RULES.keys() == [
        "audit_events",
        "closed_boundary_notes",
        "import_files",
        "portfolio_documents",
        "rater_invitations",
        "portfolio_orphan_evidence_links",
    ]
    assert [p.template.split("/")[0] for p in MY_DAY_PANELS] == [
        "notifications",
        "roles",
        "supervision",
        "supervision",
        "supervision",
        "reflections",
        "competencies",
        "voice",
    ]
    assert [p.template.split("/")[0] for p in TEAM_PANELS] == [
        "dashboard",
        "roles",
        "supervision",
        "competencies",
        "reflections",
        "voice",
        "fidelity",  # issue 18: peer practice, aggregates only
        "supervision",  # issue 18: peer values getting in the way, counts only
    ]


@pytest.mark.parametrize(
    ("register", "what"),
    [
        (
            lambda: register_nav(
                label="Teams", url_name="teams:team-list", group=NavGroup.TEAM, order=1, visible=everyone
            ),
            "Navigation link 'teams:team-list'",
        ),
        (lambda: register_my_day_panel("roles/_my_day_panel.html", order=1, context=lambda user: {}), "My day panel"),
        (lambda: register_team_panel("voice/_team_panel.html", order=1, context=lambda user, team: None), "Team panel"),
        (lambda: register_retention_rule("audit_events", lambda: 0), "Retention rule 'audit_events'"),
        (
            lambda: register_data_section("reflections", order=1, export=lambda user: []),
            "Data-rights section 'reflections'",
        ),
    ],
)
def test_registering_a_key_a_second_time_stops_start_up_and_keeps_the_first(register, what):
    before = _snapshot()

    with pytest.raises(ImproperlyConfigured, match=what):
        register()

    assert _snapshot() == before


def test_a_navigation_link_in_no_known_group_is_refused():
    with NAV_LINKS.emptied(), pytest.raises(ValueError):
        register_nav(label="X", url_name="x:y", group="elsewhere", order=1, visible=everyone)  # type: ignore[arg-type]


STARTS_DJANGO_AND_COUNTS_SQL = """
from django.conf import settings
from django.apps import apps
from django.db import connection

statements = []
with connection.execute_wrapper(lambda execute, sql, *args: statements.append(sql) or execute(sql, *args)):
    apps.populate(settings.INSTALLED_APPS)
print(len(statements), connection.connection is None)
"""


def test_starting_django_opens_no_database_connection_and_runs_no_sql():
    """In a fresh interpreter, so that module-level code of every app (imported by ready()) counts."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pspteam.settings"}
    root = Path(__file__).resolve().parents[2]

    result = subprocess.run(
        [sys.executable, "-c", STARTS_DJANGO_AND_COUNTS_SQL],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["0", "True"]


@pytest.mark.django_db
def test_ready_of_every_app_makes_no_query_and_registers_the_same_entries_again(django_assert_num_queries, monkeypatch):
    before = _snapshot()
    hooks = leaving_hooks.leaving_hook_names()
    monkeypatch.setattr(leaving_hooks, "_HOOKS", [])  # the workers app's registry, emptied likewise
    role_fields = role_extensions.definition_fields()
    monkeypatch.setattr(role_extensions, "_fields", {})  # the roles app's definition fields, likewise
    parts = step_away_parts.step_away_parts()
    monkeypatch.setattr(step_away_parts, "_parts", {})  # wellbeing's step-away form parts, likewise
    kinds = EVIDENCE_KINDS.snapshot()  # the portfolio's evidence kinds, likewise (emptied below)

    with ExitStack() as stack:
        for each in CORE_REGISTRIES:
            stack.enter_context(each.emptied())
        for answerer in (answers.teams, answers.supervision):  # the access rules' answers, likewise
            stack.enter_context(answerer.emptied())
        stack.enter_context(EVIDENCE_KINDS.emptied())
        with django_assert_num_queries(0):
            for config in apps.get_app_configs():
                config.ready()
        again = _snapshot()

    assert again == before
    assert leaving_hooks.leaving_hook_names() == hooks
    assert role_extensions.definition_fields() == role_fields
    assert step_away_parts.step_away_parts() == parts
    assert EVIDENCE_KINDS.snapshot() == kinds
    assert _snapshot() == before  # and the registries are back as they were


def test_the_registry_module_imports_no_app_and_names_no_url_of_one():
    tree = ast.parse(Path(registry.__file__).read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    code_strings = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node is not tree.body[0].value  # type: ignore[attr-defined]
    ]
    labels = {config.label for config in apps.get_app_configs() if config.name.startswith("apps.")}

    assert not {name for name in imported if name and name.startswith("apps.")}
    assert not [s for s in code_strings for label in labels if f"{label}:" in s]
