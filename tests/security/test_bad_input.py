"""Bad input against every write endpoint of the API, table-driven (world: world.py).

For each write endpoint, one actor who may use it and a valid body; for each of its fields a
kind (text, enum, date, hours, a reference to another record, ...), and for each kind the bad
values below. Each bad value replaces the field in the otherwise valid body and must get a
400 naming that field — never a 500 — with nothing previously saved changed (the endpoint's
table and the audit trail are compared before and after). Text that only *looks* dangerous
(HTML, script, SQL) is stored as it was sent and rendered escaped on the pages.

Then the body as a whole (too large, nested too deep, not UTF-8, not JSON, not an object),
every query parameter of every list in the schema, and bad ids in every path.
"""

import json
import re
import uuid
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from apps.accounts.models import User
from apps.audit.models import AuditEvent
from apps.boundaries.models import BoundaryNote, FollowUp
from apps.community.models import Moderator, Post, Preference, Thread
from apps.competencies.models import (
    Assessment,
    AssessorChoice,
    FrameworkChoice,
    OrganisationalStatus,
    RoleRequirementSet,
    SignOff,
    TrainingRecord,
)
from apps.credentials.models import PracticeEntry, ProfileChoice
from apps.fidelity.models import FidelityAnswer, FidelityCheck, FidelitySettings
from apps.fidelity.principles import PRINCIPLE_KEYS
from apps.portfolio.models import EvidenceLink
from apps.portfolio_documents.models import PortfolioDocument
from apps.raters.models import Answer as RaterAnswer
from apps.raters.models import Invitation
from apps.reflections.models import Reflection, ReflectionComment
from apps.roles.models import Assignment, AssignmentComment, Consultation, DefinitionComment, RoleDefinition
from apps.supervision.models import Agreement, SupervisionSession
from apps.teams.models import Membership, Team
from apps.voice.group_models import GroupPulse, GroupPulseInvitee, SealedGroupAnswer
from apps.voice.models import (
    Feedback,
    FeedbackSender,
    Pulse,
    PulseAnswer,
    PulseParticipation,
    SealedAnswer,
    SealedFeedback,
    VoiceAction,
)
from apps.wellbeing.models import CheckIn, StepAway
from apps.wellness_plans.models import PlanReader, PlanVersion, WellnessPlan
from apps.workers.models import EmailChange
from tests.security.matrix import _close_riverside_pulse, days

pytestmark = pytest.mark.django_db

LONG = "x" * 100_001  # longer than any text field allows
SCRIPT = '<script>alert("pwned")</script><img src=x onerror=alert(1)>'
SQL = "Robert'); DROP TABLE accounts_user; -- \" OR 1=1"

# kind -> [(label, value or fn(world) -> value)]: each must be a 400 naming the field.
BAD = {
    "text": [
        ("too long", LONG),
        ("NUL character", "a\x00b"),
        ("an object", {"a": 1}),
        ("a list", ["a"]),
        ("null", None),
    ],
    "enum": [("unknown value", "not-a-choice"), ("a number", 7), ("a list", ["x"]), ("null", None)],
    "date": [
        ("year 0", "0000-01-01"),
        ("year 10000", "10000-01-01"),
        ("30 February", "2026-02-30"),
        ("month 13", "2026-13-01"),
        ("words", "next tuesday"),
        ("a number", 20260101),
    ],
    "hours": [
        ("negative", "-1"),
        ("zero", "0"),
        ("too many", "1000"),
        ("NaN", "NaN"),
        ("Infinity", "Infinity"),
        ("huge exponent", "1e999"),
        ("words", "ten"),
    ],
    # A course's hours: 0 is allowed (unknown is empty), up to 500 with one decimal place.
    "course_hours": [
        ("negative", "-1"),
        ("too many", "1000"),
        ("NaN", "NaN"),
        ("Infinity", "Infinity"),
        ("huge exponent", "1e999"),
        ("words", "ten"),
        ("two decimal places", "7.25"),
    ],
    "slugs": [
        ("not a list", "icrc-peer-recovery"),
        ("an unknown profile", ["no-such-profile"]),
        ("not a slug", ["a b"]),
        ("null", None),
        ("a number in the list", [7]),
    ],
    "contracted_hours": [("negative", "-1"), ("too many", "1000"), ("NaN", "NaN"), ("huge exponent", "1e999")],
    "team": [
        ("another organisation's team", lambda w: w.ids["outsider_team"]),
        ("not a uuid", "not-a-uuid"),
        ("unknown id", lambda w: str(uuid.uuid4())),
        ("a number", 42),
    ],
    "worker": [
        ("another organisation's worker", lambda w: w.ids["outsider"]),
        ("not a uuid", "not-a-uuid"),
        ("unknown id", lambda w: str(uuid.uuid4())),
    ],
    "ref": [("not a uuid", "not-a-uuid"), ("unknown id", lambda w: str(uuid.uuid4())), ("an object", {"id": 1})],
    "refs": [
        ("not a list", "x"),
        ("a bad id in the list", ["not-a-uuid"]),
        ("an unknown id in the list", lambda w: [str(uuid.uuid4())]),
    ],
    "bool": [("a word", "maybe"), ("a list", [True])],
    # A portfolio PDF's sections (issue 17): the tick-box ones, as a list.
    "document_sections": [
        ("not a list", "profile"),
        ("an unknown section", ["diagnosis"]),
        ("a picked-only section", ["reflections"]),
        ("a number", [7]),
        ("null", None),
    ],
    # A wellness plan's parts and adjustments (issue 18, item 7).
    "plan_sections": [("not a list", "keeps_well"), ("an unknown part", ["diagnosis"]), ("a number", [7])],
    "adjustments": [
        ("not a list", "x"),
        ("an item that is not an object", ["x"]),
        ("without who agreed it", [{"what": "Later starts", "agreed_on": "2026-01-01"}]),
        ("agreed in the future", [{"what": "Later starts", "agreed_with": "Morgan", "agreed_on": "2999-01-01"}]),
        ("30 February", [{"what": "Later starts", "agreed_with": "Morgan", "agreed_on": "2026-02-30"}]),
    ],
    # Named readers (issue 13): only the author's current supervisors.
    "readers": [
        ("not a list", "x"),
        ("null", None),
        ("a bad id in the list", ["not-a-uuid"]),
        ("an unknown id in the list", lambda w: [str(uuid.uuid4())]),
        ("a colleague who does not supervise the author", lambda w: [w.ids["peer2"]]),
        ("a supervisor of nobody here", lambda w: [w.ids["lone_supervisor"]]),
        ("another organisation's worker", lambda w: [w.ids["outsider"]]),
    ],
    "email": [("not an address", "not an address"), ("two @", "a@b@example.org"), ("too long", "x" * 300 + "@a.org")],
    "mood": [("zero", 0), ("six", 6), ("negative", -1), ("huge", 10**20), ("words", "three"), ("a fraction", 2.5)],
    "frequency": [("zero", 0), ("negative", -7), ("over a year", 366), ("huge", 10**20), ("words", "weekly")],
    "duration": [("zero", 0), ("negative", -30), ("over eight hours", 481), ("huge", 10**20), ("words", "long")],
    "sections": [
        ("not an object", "text"),
        ("a prompt of another framework", {"feelings": "x"}),
        ("a non-text answer", {"body": {"a": 1}}),
        ("NUL character", {"body": "a\x00b"}),
        ("too long", {"body": LONG}),
    ],
    "functions": [("unknown function", ["healing"]), ("not a list", "formative"), ("empty", [])],
    "values_check": [
        ("not an object", "x"),
        ("an unknown value", {"answers": {"nope": "lived_well"}, "agreed_together": True}),
        ("an unknown answer", {"answers": {"respect": "maybe"}, "agreed_together": True}),
        ("the earlier shape", {"hope": {"status": "upheld"}}),
        ("not agreed together", {"answers": {"respect": "in_the_way"}}),
        ("a NUL in the change", {"answers": {"respect": "in_the_way"}, "organisation_could_change": "a\x00"}),
        ("too long", {"answers": {}, "organisation_could_change": LONG, "agreed_together": True}),
    ],
    "answers": [
        ("four answers", [3, 3, 3, 3]),
        ("out of range", [0, 3, 3, 3, 6]),
        ("not numbers", ["a"] * 5),
        ("not a list", 3),
    ],
    # An external rater's answers (issue 17): one for each competency asked about, nothing else.
    "rater_answers": [
        ("not an object", "often"),
        ("empty", {}),
        ("one competency left out", lambda w: {w.ids["competency"]: {"observed": "often"}}),
        (
            "a competency not asked about",
            lambda w: {
                k: {"observed": "often"} for k in (w.ids["competency"], w.ids["competency2"], str(uuid.uuid4()))
            },
        ),
        ("an unknown frequency", lambda w: _rater_answers(w, observed="always")),
        ("a frequency left out", lambda w: _rater_answers(w, observed=None)),
        ("an answer that is not an object", lambda w: {w.ids["competency"]: "often", w.ids["competency2"]: "often"}),
        ("a comment too long", lambda w: _rater_answers(w, comment="x" * 501)),
        ("a NUL in a comment", lambda w: _rater_answers(w, comment="a\x00b")),
        ("a comment that is not text", lambda w: _rater_answers(w, comment={"a": 1})),
    ],
    # A fidelity check (issue 18): every principle answered once, "1".."4" or a skip.
    "fidelity_answers": [
        ("not an object", "x"),
        ("a list", ["3"]),
        ("a principle missing", {"mutuality": {"answer": "3"}}),
        ("an unknown principle", lambda w: {**_fidelity_all("3"), "obedience": {"answer": "3"}}),
        ("out of range", lambda w: _fidelity_all("5")),
        ("not a choice", lambda w: _fidelity_all("sometimes")),
        ("a NUL in a note", lambda w: {**_fidelity_all("3"), "mutuality": {"answer": "3", "note": "a\x00"}}),
        ("a note too long", lambda w: {**_fidelity_all("3"), "mutuality": {"answer": "3", "note": LONG}}),
    ],
    "interval": [("too short", 7), ("over a year", 366), ("huge", 10**20), ("words", "quarterly"), ("null", None)],
    # The lived-experience expertise a role calls on (issue 18, item 3): short phrases.
    "lived_experience": [
        ("not a list", "x"),
        ("null", None),
        ("an object in the list", [{"a": 1}]),
        ("an item too long", ["x" * 301]),
        ("too many", [f"experience {n}" for n in range(21)]),
        ("a NUL in an item", ["a\x00b"]),
    ],
    "workers": [
        ("not a list", "x"),
        ("empty", []),
        ("a bad id in the list", ["not-a-uuid"]),
        ("an unknown id in the list", lambda w: [str(uuid.uuid4())]),
        ("another organisation's worker", lambda w: [w.ids["outsider"]]),
        ("another team's worker", lambda w: [w.ids["leaver"]]),
    ],
    "duties": [
        ("not a list", "x"),
        ("an unknown category", [{"description": "x", "category": "nope"}]),
        ("no description", [{"category": "shared"}]),
        ("too many", [{"description": "x", "category": "shared"}] * 51),
    ],
}


def _rater_answers(world, *, observed="often", comment="Kind."):
    answer = {"comment": comment} if observed is None else {"observed": observed, "comment": comment}
    return {world.ids[key]: dict(answer) for key in ("competency", "competency2")}


def _fidelity_all(answer):
    return {key: {"answer": answer} for key in PRINCIPLE_KEYS}


# Text that must be stored as sent (stripped), or refused with a 400 naming the field.
LOOKS_DANGEROUS = [("HTML and script", SCRIPT), ("SQL", SQL)]


@dataclass
class Write:
    method: str
    path: str
    actor: str
    body: object  # fn(world) -> dict: a valid body
    tables: tuple  # models whose rows must not change on a refusal
    fields: dict  # field -> kind
    before: object = None
    echo: bool = True  # the answer shows the written text fields

    @property
    def name(self):
        return f"{self.method} {self.path} as {self.actor}"


WRITES = [
    Write(
        "POST",
        "/api/v1/workers/",
        "admin",
        lambda w: {
            "username": f"new{(n := w.next())}",
            "display_name": f"New Person {n}",
            "password": "a long enough passphrase",
        },
        (User,),
        {
            "username": "text",
            "display_name": "text",
            "email": "email",
            "worker_kind": "enum",
            "contracted_hours_per_week": "contracted_hours",
            "password": "text",
        },
    ),
    Write(
        "PATCH",
        "/api/v1/workers/{author}/",
        "admin",  # only an org admin changes a colleague's name and e-mail address
        lambda w: {"display_name": "Pat P."},
        (User,),
        {
            "display_name": "text",
            "email": "email",
            "worker_kind": "enum",
            "contracted_hours_per_week": "contracted_hours",
        },
    ),
    Write(
        "POST",
        "/api/v1/workers/me/email/",
        "author",
        lambda w: {"email": f"pat{w.next()}@example.invalid"},
        (EmailChange, User),
        {"email": "email"},
        echo=False,
    ),
    Write(
        "POST",
        "/api/v1/workers/me/email/confirm/",
        "author",
        lambda w: {"token": "not-a-token"},
        (EmailChange, User),
        {"token": "text"},
        echo=False,
    ),
    Write(
        "POST",
        "/api/v1/workers/me/step-away/",
        "author",
        lambda w: {"until": days(w, 14)},
        (StepAway, User),
        {"until": "date", "message": "text"},
        echo=False,
    ),
    Write(
        "POST",
        "/api/v1/teams/",
        "admin",
        lambda w: {"name": f"New team {w.next()}", "setting": "community"},
        (Team,),
        {"name": "text", "description": "text", "setting": "enum"},
    ),
    Write(
        "PATCH",
        "/api/v1/teams/{team}/",
        "manager",
        lambda w: {"description": "Updated"},
        (Team,),
        {"name": "text", "description": "text", "setting": "enum"},
    ),
    Write(
        "POST",
        "/api/v1/memberships/",
        "manager",
        lambda w: {"team": w.ids["team"], "worker": w.ids["spare"], "team_role": "member"},
        (Membership,),
        {"team": "team", "worker": "worker", "team_role": "enum", "joined_on": "date", "left_on": "date"},
    ),
    Write(
        "PATCH",
        "/api/v1/memberships/{membership}/",
        "manager",
        lambda w: {"team_role": "member"},
        (Membership,),
        {"team_role": "enum", "joined_on": "date", "left_on": "date"},
    ),
    Write(
        "POST",
        "/api/v1/role-definitions/",
        "manager",
        lambda w: {"team": w.ids["team"], "title": "New role", "kind": "peer", "hours_per_week": "10.0"},
        (RoleDefinition,),
        {
            "team": "team",
            "title": "text",
            "kind": "enum",
            "purpose": "text",
            "boundaries": "text",
            "hours_per_week": "hours",
            "duties": "duties",
            "lived_experience": "lived_experience",
        },
    ),
    Write(
        "PATCH",
        "/api/v1/role-definitions/{rd_draft}/",
        "manager",
        lambda w: {"title": "Renamed"},
        (RoleDefinition,),
        {
            "title": "text",
            "kind": "enum",
            "purpose": "text",
            "boundaries": "text",
            "hours_per_week": "hours",
            "duties": "duties",
            "lived_experience": "lived_experience",
        },
    ),
    # Co-production (issue 18, item 3): asking peer workers, their comments, decisions, their view.
    Write(
        "POST",
        "/api/v1/role-definitions/{rd_consult}/consult/",
        "manager",
        lambda w: {"workers": [w.ids["author"]]},
        (Consultation,),
        {"workers": "workers"},
        echo=False,
    ),
    Write(
        "POST",
        "/api/v1/role-definitions/{rd_consult}/comments/",
        "author",
        lambda w: {"body": "Name peer supervision in the duties.", "proposes": "duties"},
        (DefinitionComment,),
        {"body": "text", "proposes": "enum"},
    ),
    Write(
        "POST",
        "/api/v1/role-definitions/{rd_consult}/comments/{rd_comment}/decide/",
        "manager",
        lambda w: {"decision": "accepted", "reason": "Added to the duties."},
        (DefinitionComment,),
        {"decision": "enum", "reason": "text"},
        echo=False,
    ),
    Write(
        "POST",
        "/api/v1/role-definitions/{rd_consult}/respond/",
        "author",
        lambda w: {"response": "agreed"},
        (Consultation,),
        {"response": "enum"},
    ),
    Write(
        "POST",
        "/api/v1/assignments/{assignment}/comments/",
        "author",
        lambda w: {"body": "Who covers when I am away?", "kind": "change_request"},
        (AssignmentComment,),
        {"body": "text", "kind": "enum"},
    ),
    Write(
        "POST",
        "/api/v1/assignments/",
        "manager",
        lambda w: {"worker": w.ids["peer2"], "role_definition": w.ids["rd"]},
        (Assignment,),
        {
            "worker": "worker",
            "role_definition": "ref",
            "starts_on": "date",
            "ends_on": "date",
            "hours_per_week": "hours",
        },
    ),
    Write(
        "PATCH",
        "/api/v1/assignments/{assignment}/",
        "manager",
        lambda w: {"hours_per_week": "12.0"},
        (Assignment,),
        {"ends_on": "date", "hours_per_week": "hours"},
    ),
    Write(
        "POST",
        "/api/v1/reflections/",
        "author",
        lambda w: {"framework": "free", "title": "New", "occurred_on": days(w, -1), "sections": {"body": "Text."}},
        (Reflection,),
        {
            "title": "text",
            "occurred_on": "date",
            "framework": "enum",
            "sections": "sections",
            "perspective": "enum",
            "reception": "enum",
            "visibility": "enum",
            "team": "team",
            "shared_with_team": "bool",
            "is_draft": "bool",
            "readers": "readers",
            "replies_open": "bool",
        },
    ),
    Write(
        "PATCH",
        "/api/v1/reflections/{r_sup}/",
        "author",
        lambda w: {"title": "Changed"},
        (Reflection,),
        {
            "title": "text",
            "occurred_on": "date",
            "sections": "sections",
            "perspective": "enum",
            "reception": "enum",
            "visibility": "enum",
            "team": "team",
            "shared_with_team": "bool",
            "readers": "readers",
            "replies_open": "bool",
        },
    ),
    Write(
        "POST",
        "/api/v1/reflections/{r_sup}/comments/",
        "supervisor",
        lambda w: {"body": "Thank you."},
        (ReflectionComment,),
        {"body": "text"},
    ),
    # A team colleague's reply (issue 19, item 2).
    Write(
        "POST",
        "/api/v1/reflections/{r_team}/replies/",
        "peer2",
        lambda w: {"body": "Thank you."},
        (ReflectionComment,),
        {"body": "text"},
    ),
    Write(
        "POST",
        "/api/v1/boundary-notes/",
        "author",
        lambda w: {"occurred_on": days(w, -1), "category": "gifts", "situation": "A card.", "risk": "low"},
        (BoundaryNote,),
        {
            "occurred_on": "date",
            "category": "enum",
            "situation": "text",
            "what_i_shared": "text",
            "reasoning": "text",
            "risk": "enum",
            "readers": "readers",
        },
    ),
    Write(
        "PATCH",
        "/api/v1/boundary-notes/{n_sub}/",
        "author",
        lambda w: {"situation": "Changed"},
        (BoundaryNote,),
        {
            "occurred_on": "date",
            "category": "enum",
            "situation": "text",
            "what_i_shared": "text",
            "reasoning": "text",
            "risk": "enum",
            "readers": "readers",
        },
    ),
    Write(
        "POST",
        "/api/v1/boundary-notes/{n_sub}/review/",
        "supervisor",
        lambda w: {"response": "Thank you."},
        (BoundaryNote,),
        {"response": "text", "follow_up_needed": "bool"},
    ),
    Write(
        "POST",
        "/api/v1/boundary-notes/{n_rev}/follow-ups/",
        "author",
        lambda w: {"body": "Later."},
        (FollowUp,),
        {"body": "text"},
    ),
    Write(
        "POST",
        "/api/v1/supervision/agreements/",
        "manager",
        lambda w: {
            "supervisee": w.ids["peer2"],
            "supervisor": w.ids["lone_supervisor"],
            "kind": "peer",
            "frequency_days": 28,
        },
        (Agreement,),
        {
            "supervisee": "worker",
            "supervisor": "worker",
            "kind": "enum",
            "frequency_days": "frequency",
            "starts_on": "date",
            "ends_on": "date",
        },
    ),
    Write(
        "PATCH",
        "/api/v1/supervision/agreements/{agreement}/",
        "manager",
        lambda w: {"frequency_days": 21},
        (Agreement,),
        {"frequency_days": "frequency", "starts_on": "date", "ends_on": "date"},
    ),
    Write(
        "POST",
        "/api/v1/supervision/sessions/",
        "supervisor",
        lambda w: {
            "agreements": [w.ids["agreement"]],
            "held_on": days(w, -1),
            "duration_minutes": 45,
            "functions": ["restorative"],
        },
        (SupervisionSession, Agreement),
        {
            "agreements": "refs",
            "held_on": "date",
            "duration_minutes": "duration",
            "topics": "text",
            "functions": "functions",
            "values_check": "values_check",
            "boundary_notes": "refs",
            "agreed_actions": "text",
        },
    ),
    Write(
        "PATCH",
        "/api/v1/supervision/sessions/{session}/",
        "supervisor",
        lambda w: {"topics": "Corrected"},
        (SupervisionSession, Agreement),
        {
            "held_on": "date",
            "duration_minutes": "duration",
            "topics": "text",
            "functions": "functions",
            "values_check": "values_check",
            "boundary_notes": "refs",
            "agreed_actions": "text",
        },
    ),
    Write(
        "POST",
        "/api/v1/wellbeing/check-ins/",
        "author",
        lambda w: {"mood": 3},
        (CheckIn,),
        {"mood": "mood", "note": "text", "share_with_supervisor": "bool", "readers": "readers"},
    ),
    Write(
        "PATCH",
        "/api/v1/wellbeing/check-ins/{ci_shared}/",
        "author",
        lambda w: {"readers": [w.ids["supervisor"]]},
        (CheckIn,),
        {"share_with_supervisor": "bool", "readers": "readers"},
    ),
    Write(
        "PATCH",
        "/api/v1/wellness-plans/mine/",
        "author",
        lambda w: {"what_helps": "A walk"},
        (WellnessPlan, PlanVersion),
        {
            "keeps_well": "text",
            "early_signs": "text",
            "what_helps": "text",
            "at_work": "text",
            "contact": "text",
            "do_not_contact": "text",
            "stepping_away": "text",
            "adjustments": "adjustments",
        },
        echo=False,
    ),
    Write(
        "POST",
        "/api/v1/wellness-plans/mine/readers/",
        "author",
        lambda w: {"reader": w.ids["lone_supervisor"], "sections": ["keeps_well"]},
        (PlanReader,),
        {"reader": "worker", "sections": "plan_sections", "away_sections": "plan_sections"},
    ),
    Write(
        "POST",
        "/api/v1/fidelity/checks/",
        "author",
        lambda w: {"answers": _fidelity_all("3")},
        (FidelityCheck, FidelityAnswer),
        {"answers": "fidelity_answers", "share_with_supervisor": "bool", "readers": "readers"},
    ),
    Write(
        "PATCH",
        "/api/v1/fidelity/checks/{fc_shared}/",
        "author",
        lambda w: {"readers": [w.ids["supervisor"]]},
        (FidelityCheck,),
        {"share_with_supervisor": "bool", "readers": "readers"},
    ),
    Write(
        "PATCH",
        "/api/v1/fidelity/settings/",
        "admin",
        lambda w: {"interval_days": 120},
        (FidelitySettings, FidelityCheck),
        {"interval_days": "interval"},
    ),
    # The peer community (issue 19, item 1).
    Write(
        "POST",
        "/api/v1/community/threads/",
        "author",
        lambda w: {"title": "A thread", "body": "Hello"},
        (Thread, Post),
        {"title": "text", "body": "text"},
        echo=False,
    ),
    Write(
        "POST",
        "/api/v1/community/threads/",
        "author",
        lambda w: {"title": "A thread", "reflection": str(w.ids["r_sup"])},
        (Thread, Post),
        {"title": "text", "reflection": "ref"},
        echo=False,
    ),
    Write(
        "POST",
        "/api/v1/community/threads/{cm_thread}/posts/",
        "peer2",
        lambda w: {"body": "A reply"},
        (Post,),
        {"body": "text"},
        echo=False,
    ),
    Write(
        "POST",
        "/api/v1/community/posts/{cm_reply}/hide/",
        "supervisor",
        lambda w: {"reason": "Off topic"},
        (Post,),
        {"reason": "text"},
        echo=False,
    ),
    Write(
        "PATCH",
        "/api/v1/community/preferences/",
        "author",
        lambda w: {"digest": False},
        (Preference,),
        {"digest": "bool"},
    ),
    Write(
        "POST",
        "/api/v1/community/moderators/",
        "admin",
        lambda w: {"worker": w.ids["peer2"]},
        (Moderator,),
        {"worker": "worker"},
        echo=False,
    ),
    Write(
        "POST",
        "/api/v1/competencies/assessments/",
        "author",
        lambda w: {"competency": w.ids["competency2"], "level": "developing"},
        (Assessment,),
        {"competency": "ref", "level": "enum", "evidence": "refs"},
    ),
    Write(
        "PATCH",
        "/api/v1/competencies/assessments/{open_assessment}/",
        "author",
        lambda w: {"level": "competent"},
        (Assessment,),
        {"level": "enum", "evidence": "refs"},
    ),
    Write(
        "POST",
        "/api/v1/competencies/assessments/{assessment}/sign-off/",
        "supervisor",
        lambda w: {"decision": "signed_off"},
        (SignOff, Assessment),
        {"decision": "enum", "comment": "text"},
        echo=False,
    ),
    Write(
        "PUT",
        "/api/v1/competencies/assessor/",
        "author",
        lambda w: {"assessor": w.ids["supervisor"]},
        (AssessorChoice,),
        {"assessor": "ref"},
        echo=False,
    ),
    Write(
        "POST",
        "/api/v1/competencies/organisational-status/",
        "manager",
        lambda w: {"team": w.ids["team"], "competency": w.ids["org_competency"], "status": "in_place", "note": "Ok"},
        (OrganisationalStatus,),
        {"competency": "ref", "team": "team", "status": "enum", "note": "text"},
    ),
    Write(
        "PUT",
        "/api/v1/competencies/role-requirements/{rd}/",
        "manager",
        lambda w: {"competencies": [w.ids["competency"]]},
        (RoleRequirementSet,),
        {"competencies": "refs"},
    ),
    Write(
        "POST",
        "/api/v1/training-records/",
        "author",
        lambda w: {"course": "A course", "completed_on": days(w, -10)},
        (TrainingRecord,),
        {"course": "text", "provider": "text", "completed_on": "date", "expires_on": "date", "hours": "course_hours"},
    ),
    Write(
        "PATCH",
        "/api/v1/training-records/{training}/",
        "author",
        lambda w: {"course": "Renamed"},
        (TrainingRecord,),
        {"course": "text", "provider": "text", "completed_on": "date", "expires_on": "date", "hours": "course_hours"},
    ),
    Write(
        "POST",
        "/api/v1/credentials/practice-log/",
        "author",
        lambda w: {"worked_on": days(w, -1), "hours": "1.5", "category": "group_work"},
        (PracticeEntry,),
        {"worked_on": "date", "hours": "hours", "category": "enum", "note": "text"},
    ),
    Write(
        "PATCH",
        "/api/v1/credentials/practice-log/{practice_entry}/",
        "author",
        lambda w: {"hours": "2.5"},
        (PracticeEntry,),
        {"worked_on": "date", "hours": "hours", "category": "enum", "note": "text"},
    ),
    Write(
        "PUT",
        "/api/v1/credentials/profiles/",
        "author",
        lambda w: {"profiles": ["icrc-peer-recovery"]},
        (ProfileChoice,),
        {"profiles": "slugs"},
        echo=False,
    ),
    Write(
        "PUT",
        "/api/v1/competencies/framework-choice/",
        "admin",
        lambda w: {"frameworks": [w.ids["framework"]]},
        (FrameworkChoice,),
        {"frameworks": "refs"},
    ),
    Write(
        "POST",
        "/api/v1/portfolio/evidence-links/",
        "author",
        lambda w: {"competency": w.ids["competency2"], "kind": "reflection", "object_id": w.ids["r_sup"]},
        (EvidenceLink,),
        {"competency": "ref", "kind": "enum", "object_id": "ref"},
    ),
    Write(
        "POST",
        "/api/v1/voice/feedback/",
        "author",
        lambda w: {"team": w.ids["team"], "body": "More peer view."},
        (Feedback, SealedFeedback, FeedbackSender),
        {"team": "team", "body": "text"},
        echo=False,
    ),
    Write(
        "POST",
        "/api/v1/voice/pulses/",
        "manager",
        lambda w: {"team": w.ids["team"], "closes_on": days(w, 10)},
        (Pulse,),
        {"team": "team", "closes_on": "date"},
        before=_close_riverside_pulse,
    ),
    Write(
        "POST",
        "/api/v1/voice/actions/",
        "manager",
        lambda w: {
            "team": w.ids["team"],
            "pulse": w.ids["released_pulse"],
            "heard": "More say in handover.",
            "planned": "A peer slot in each handover.",
            "owner_role": "Team manager",
            "follow_up_on": days(w, 14),
        },
        (VoiceAction,),
        {
            "team": "team",
            "pulse": "ref",
            "heard": "text",
            "planned": "text",
            "owner_role": "text",
            "follow_up_on": "date",
        },
    ),
    Write(
        "PATCH",
        "/api/v1/voice/actions/{voice_action}/",
        "manager",
        lambda w: {"status": "done", "done_note": "A peer slot is in every handover now."},
        (VoiceAction,),
        {"status": "enum", "heard": "text", "owner_role": "text", "follow_up_on": "date"},
    ),
    Write(
        "POST",
        "/api/v1/voice/pulses/{pulse}/answer/",
        "author",
        lambda w: {"answers": [3, 4, 2, 5, 3]},
        (PulseAnswer, SealedAnswer, PulseParticipation),
        {"answers": "answers"},
    ),
    Write(
        "POST",
        "/api/v1/voice/group-pulses/",
        "admin",
        lambda w: {"kind": "pooled", "teams": [w.ids["team"]], "audience": "peers", "closes_on": days(w, 10)},
        (GroupPulse, GroupPulseInvitee),
        {"kind": "enum", "teams": "refs", "audience": "enum", "closes_on": "date", "whole_organisation": "bool"},
    ),
    Write(
        "POST",
        "/api/v1/voice/group-pulses/{group_pulse}/answer/",
        "author",
        lambda w: {"answers": [3, 4, 2, 5, 3]},
        (GroupPulseInvitee, SealedGroupAnswer),
        {"answers": "answers"},
    ),
    Write(
        "POST",
        "/api/v1/privacy-check/",
        "author",
        lambda w: {"text": "I sat with Mr Jonah Pike today."},
        (AuditEvent,),  # stores nothing: the audit trail (and every table, tests/privacy_check) stays as it was
        {"text": "text"},
        echo=False,
    ),
    Write(
        "POST",
        "/api/v1/raters/invitations/",
        "author",
        lambda w: {
            "rater_name": "Jo Rater",
            "rater_email": f"rater{w.next()}@example.org",
            "relationship": "trainer",
            "competencies": [w.ids["competency"]],
        },
        (Invitation, RaterAnswer),
        {"rater_name": "text", "rater_email": "email", "relationship": "enum", "competencies": "refs"},
    ),
    Write(
        "POST",
        "/api/v1/raters/invitations/{rater_done}/decline/",
        "author",
        lambda w: {"keep": True},
        (Invitation, RaterAnswer),
        {"keep": "bool"},
        echo=False,
    ),
    Write(
        "POST",
        "/api/v1/raters/feedback/{rater_token}/",
        "anonymous",
        lambda w: {"answers": _rater_answers(w)},
        (Invitation, RaterAnswer),
        {"answers": "rater_answers"},
        echo=False,
    ),
    Write(
        "POST",
        "/api/v1/portfolio-documents/",
        "author",
        lambda w: {"starts_on": days(w, -30), "ends_on": days(w, 0), "sections": ["profile"]},
        (PortfolioDocument,),
        {"starts_on": "date", "ends_on": "date", "sections": "document_sections", "reflections": "refs"},
        echo=False,
    ),
    Write(
        "POST",
        "/api/v1/auth/token/",
        "anonymous",
        lambda w: {"username": "pat", "password": "wrong password"},
        (),
        {"username": "text", "password": "text"},
        echo=False,
    ),
]

FIELDS = [(write, field) for write in WRITES for field in write.fields]
TEXT_FIELDS = [(write, field) for write, field in FIELDS if write.fields[field] == "text"]
FIELD_VALUES = sum(len(BAD[write.fields[field]]) for write, field in FIELDS)
TEXT_VALUES = len(TEXT_FIELDS) * len(LOOKS_DANGEROUS)


def _client(world, actor):
    client = APIClient()
    if world.actors[actor] is not None:
        client.force_login(world.actors[actor])
    return client


def _snapshot(write):
    """Every row of the endpoint's tables, and how long the audit trail is."""
    return [list(model.objects.order_by("pk").values()) for model in write.tables], AuditEvent.objects.count()


def _prepare(world, write):
    if write.before:
        write.before(world)


# Writes that upload a file take multipart, and only multipart (docs/api.md); the others JSON.
UPLOAD_PATHS = ("/api/v1/training-records/",)


def _is_upload(path) -> bool:
    return path.startswith(UPLOAD_PATHS)


def _form_value(value) -> bool:
    """Whether a form field can carry ``value``: only text (a JSON number, object, list or null is
    a JSON type error that has no form spelling)."""
    return isinstance(value, str)


def _send_body(client, method, path, body):
    if _is_upload(path):
        return client.generic(method, path, data=encode_multipart(BOUNDARY, body), content_type=MULTIPART_CONTENT)
    return client.generic(method, path, data=json.dumps(body), content_type="application/json")


def _send(world, client, write, body):
    return _send_body(client, write.method, write.path.format(**world.ids), body)


def _names(error, field) -> bool:
    """Whether a 400 body names ``field`` (top-level key, as DRF and our handler write it)."""
    return isinstance(error, dict) and field in error


def _each_value(values):
    """Yield each value inside a savepoint that is rolled back after it (one world per value)."""
    for label, value in values:
        with transaction.atomic():
            yield label, value
            transaction.set_rollback(True)


@pytest.mark.parametrize(("write", "field"), FIELDS, ids=[f"{w.name}: {field}" for w, field in FIELDS])
def test_a_bad_value_is_a_400_naming_the_field_and_changes_nothing(world, write, field):
    client = _client(world, write.actor)
    failures = []
    for label, value in _each_value(BAD[write.fields[field]]):
        body = write.body(world)
        body[field] = value(world) if callable(value) else value
        if _is_upload(write.path) and not _form_value(body[field]):
            continue
        _prepare(world, write)
        before = _snapshot(write)
        response = _send(world, client, write, body)
        if response.status_code != 400 or response["Content-Type"] != "application/json":
            failures.append(f"{label}: {response.status_code} {response.content[:200]!r}")
        elif not _names(response.json(), field):
            failures.append(f"{label}: the 400 does not name {field}: {response.content[:200]!r}")
        elif _snapshot(write) != before:
            failures.append(f"{label}: a refused write changed saved data")
    assert not failures, failures


@pytest.mark.parametrize(("write", "field"), TEXT_FIELDS, ids=[f"{w.name}: {field}" for w, field in TEXT_FIELDS])
def test_text_that_looks_dangerous_is_stored_as_text(world, write, field):
    client = _client(world, write.actor)
    for label, value in _each_value(LOOKS_DANGEROUS):
        body = write.body(world)
        body[field] = value
        _prepare(world, write)
        response = _send(world, client, write, body)
        if write.path == "/api/v1/auth/token/":
            # A wrong sign-in, whatever the characters: the same answer as any other.
            assert response.status_code == 400, label
            assert response.json() == {"detail": "Unable to sign in with the given username and password."}
            continue
        if response.status_code == 400:
            # Allowed only when a field's own rule refuses the characters (a username, say): named.
            assert _names(response.json(), field), (label, response.content[:300])
            continue
        assert response.status_code in {200, 201}, (label, response.status_code, response.content[:300])
        data = response.json()
        if write.echo and field in data and field != "password":
            assert data[field] == value.strip(), label


# --- pages render what was typed as text --------------------------------------------------------

PAGES = [
    # (who, API write, the page that shows it)
    (
        "author",
        "PATCH",
        "/api/v1/reflections/{r_sup}/",
        {"title": SCRIPT, "sections": {"body": SCRIPT}},
        "/reflections/{r_sup}/",
    ),
    (
        "author",
        "PATCH",
        "/api/v1/boundary-notes/{n_sub}/",
        {"situation": SCRIPT, "reasoning": SQL},
        "/boundaries/{n_sub}/",
    ),
    ("manager", "PATCH", "/api/v1/teams/{team}/", {"name": SCRIPT, "description": SCRIPT}, "/teams/{team}/"),
    ("admin", "PATCH", "/api/v1/workers/{author}/", {"display_name": SCRIPT}, "/teams/{team}/"),
    (
        "manager",
        "PATCH",
        "/api/v1/role-definitions/{rd_draft}/",
        {"title": SCRIPT, "purpose": SCRIPT},
        "/roles/{rd_draft}/",
    ),
    (
        "author",
        "POST",
        "/api/v1/role-definitions/{rd_consult}/comments/",
        {"body": SCRIPT, "proposes": "duties"},
        "/roles/{rd_consult}/",
    ),
    (
        "supervisor",
        "PATCH",
        "/api/v1/supervision/sessions/{session}/",
        {"topics": SCRIPT, "agreed_actions": SCRIPT},
        "/supervision/sessions/{session}/",
    ),
    ("author", "POST", "/api/v1/wellbeing/check-ins/", {"mood": 3, "note": SCRIPT}, "/wellbeing/"),
    (
        "manager",
        "PATCH",
        "/api/v1/voice/actions/{voice_action}/",
        {"heard": SCRIPT, "planned": SQL, "owner_role": SCRIPT},
        "/voice/actions/{voice_action}/",
    ),
    ("author", "PATCH", "/api/v1/wellness-plans/mine/", {"keeps_well": SCRIPT, "what_helps": SQL}, "/wellness-plan/"),
    (
        "author",
        "POST",
        "/api/v1/training-records/",
        {"course": SCRIPT, "completed_on": "2025-01-01"},
        "/competencies/training/",
    ),
    (
        "author",
        "POST",
        "/api/v1/credentials/practice-log/",
        {"worked_on": "2025-01-01", "hours": "1", "category": "other", "note": SCRIPT},
        "/credentials/hours/",
    ),
    (
        "peer2",
        "POST",
        "/api/v1/community/threads/{cm_thread}/posts/",
        {"body": SCRIPT},
        "/community/threads/{cm_thread}/",
    ),
]


@pytest.mark.parametrize(("actor", "method", "api", "body", "page"), PAGES, ids=[p[4] for p in PAGES])
def test_pages_show_typed_markup_as_escaped_text(world, actor, method, api, body, page):
    client = _client(world, actor)
    response = _send_body(client, method, api.format(**world.ids), body)
    assert response.status_code in {200, 201}, response.content[:300]
    html = client.get(page.format(**world.ids)).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in html


# --- the body as a whole -------------------------------------------------------------------------

WHOLE_BODIES = [
    ("a list", b"[]"),
    ("a string", b'"x"'),
    ("a number", b"123"),
    ("null", b"null"),
    ("malformed JSON", b'{"a":'),
    ("invalid UTF-8", b'{"title": "\xff\xfe"}'),
    ("deeply nested arrays", b"[" * 100_000 + b"]" * 100_000),
    ("deeply nested objects", b'{"a":' * 5_000 + b"1" + b"}" * 5_000),
    ("NaN", b'{"mood": NaN}'),
]


@pytest.mark.parametrize("write", WRITES, ids=[w.name for w in WRITES])
def test_a_body_that_is_not_a_json_object_is_a_400_and_changes_nothing(world, write):
    client = _client(world, write.actor)
    _prepare(world, write)
    before = _snapshot(write)
    # An upload takes multipart only: any JSON body is the wrong media type there.
    expected = 415 if _is_upload(write.path) else 400
    for label, raw in WHOLE_BODIES:
        response = client.generic(
            write.method, write.path.format(**world.ids), data=raw, content_type="application/json"
        )
        assert response.status_code == expected, (label, response.status_code, response.content[:200])
        assert response["Content-Type"] == "application/json", label
    response = client.generic(write.method, write.path.format(**world.ids), data=b"hello", content_type="text/plain")
    assert response.status_code == 415
    assert _snapshot(write) == before


@pytest.mark.parametrize("write", WRITES, ids=[w.name for w in WRITES])
def test_an_oversized_body_is_a_413_in_json(world, write, settings):
    client = _client(world, write.actor)
    _prepare(world, write)
    before = _snapshot(write)
    body = {**write.body(world), "padding": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    response = _send_body(client, write.method, write.path.format(**world.ids), body)
    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large."}
    assert _snapshot(write) == before


# Every signed-in POST honours an Idempotency-Key (apps.core.idempotency), except anonymous voice.
KEYED_WRITES = [
    w
    for w in WRITES
    if w.method == "POST"
    and w.actor != "anonymous"
    and not re.search(r"/voice/(feedback|pulses/[^/]+/answer|group-pulses/[^/]+/answer)/", w.path)
    # The privacy check ignores the header: it does nothing to replay and its answer is never stored.
    and w.path != "/api/v1/privacy-check/"
]
BAD_KEYS = [("blank", ""), ("only spaces", "   "), ("256 characters", "k" * 256)]


@pytest.mark.parametrize("write", KEYED_WRITES, ids=[w.name for w in KEYED_WRITES])
def test_a_blank_or_overlong_idempotency_key_is_a_400_naming_the_header_and_changes_nothing(world, write):
    client = _client(world, write.actor)
    _prepare(world, write)
    before = _snapshot(write)
    for label, key in BAD_KEYS:
        response = client.generic(
            write.method,
            write.path.format(**world.ids),
            data=json.dumps(write.body(world)),
            content_type="application/json",
            headers={"Idempotency-Key": key},
        )
        assert response.status_code == 400, (label, response.status_code, response.content[:200])
        assert _names(response.json(), "Idempotency-Key"), label
    assert _snapshot(write) == before


# --- query parameters and path ids, from the schema -------------------------------------------------

_SCHEMA = SchemaGenerator().get_schema(request=None, public=True)
QUERY_VALUES = [
    ("not a uuid", "not-a-uuid"),
    ("year 10000", "10000-01-01"),
    ("30 February", "2026-02-30"),
    ("an offset PostgreSQL cannot hold", "2026-11-11T15:58:31-23:03"),
    ("NUL character", "a\x00b"),
    ("very long", "x" * 5_000),
    ("negative", "-1"),
    ("SQL", SQL),
    ("markup", SCRIPT),
]
QUERY_CASES = [
    (path, parameter["name"])
    for path, methods in _SCHEMA["paths"].items()
    if "get" in methods and "{" not in path
    for parameter in methods["get"].get("parameters", [])
    if parameter["in"] == "query"
]


@pytest.mark.parametrize(("path", "parameter"), QUERY_CASES, ids=[f"{p}?{q}" for p, q in QUERY_CASES])
def test_bad_query_parameters_are_answered_never_a_500(world, path, parameter):
    client = _client(world, "admin")
    for label, value in QUERY_VALUES:
        response = client.get(path, {parameter: value})
        assert response.status_code in {200, 400, 403, 404}, (label, response.status_code, response.content[:200])
        assert response["Content-Type"].startswith("application/json"), label


DETAIL_PATHS = sorted(
    (method.upper(), path)
    for path, methods in _SCHEMA["paths"].items()
    if re.search(r"\{(id|team_id)\}", path)
    for method in methods
    if method in {"get", "post", "put", "patch", "delete"}
)


@pytest.mark.parametrize(("method", "path"), DETAIL_PATHS, ids=[f"{m} {p}" for m, p in DETAIL_PATHS])
def test_a_bad_or_foreign_id_in_the_path_is_a_404(world, method, path):
    client = _client(world, "admin")
    # Southbank's team: exists, but not in this organisation.
    for bad in ("not-a-uuid", str(uuid.uuid4()), world.ids["outsider_team"], "1 OR 1=1", "%00"):
        response = client.generic(method, re.sub(r"\{[^}]+\}", bad, path), data="{}", content_type="application/json")
        assert response.status_code == 404, (bad, response.status_code, response.content[:200])


def test_the_number_of_bad_inputs_tried_is_reported():
    whole = len(WRITES) * (len(WHOLE_BODIES) + 2) + len(KEYED_WRITES) * len(BAD_KEYS)
    query = len(QUERY_CASES) * len(QUERY_VALUES)
    paths = len(DETAIL_PATHS) * 5
    total = FIELD_VALUES + TEXT_VALUES + len(PAGES) + whole + query + paths
    print(
        f"bad inputs: {FIELD_VALUES} field values, {TEXT_VALUES} dangerous-looking texts, "
        f"{len(PAGES)} pages, {whole} whole bodies, {query} query values, {paths} path ids = {total}"
    )
    assert total > 1000


# --- unknown fields (docs/api.md, "Unknown fields") ------------------------------------------


@pytest.mark.parametrize("write", WRITES, ids=[w.name for w in WRITES])
def test_an_unknown_field_in_a_write_is_a_400_naming_it_and_changes_nothing(world, write):
    client = _client(world, write.actor)
    _prepare(world, write)
    before = _snapshot(write)
    body = {**write.body(world), "not_a_field": "x"}
    response = _send(world, client, write, body)
    assert response.status_code == 400, (response.status_code, response.content[:300])
    # Named: "Unknown field." (apps/core/api/serializers.py), or a resource's own "cannot be changed".
    assert response.json()["not_a_field"], response.content[:300]
    assert isinstance(response.json()["detail"], str)
    assert _snapshot(write) == before
