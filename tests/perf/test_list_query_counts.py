"""Query counts of the list endpoints and pages that had no query-count test of their own (issue 10).

The other lists are pinned in their apps' tests: workers and memberships (tests/workers), role
definitions, assignments, overlaps and the team pages (tests/roles), reflections, comments and the
reflection pages (tests/reflections), boundary notes (tests/boundaries), agreements, sessions and
the review queue (tests/supervision), check-ins (tests/wellbeing), frameworks, assessments and
"my progress" (tests/competencies), the team voice (tests/voice), the team dashboards (tests/dashboard).

Each case here signs in as the persona who sees the list, measures the queries of one request
with one row of everything, adds three more of everything, and measures again: the count must be
the same (no query per row) and equal to the pinned number. Pages share a base of queries:
the session, the user with the organisation, the header's team roles (navigation) and unread
count, and "last seen" bookkeeping; APIs the session and user (``IsOrganisationMember``).
"""

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.audit.models import AuditEvent
from apps.boundaries.models import FollowUp
from apps.competencies.models import Competency
from apps.core.dates import org_today
from apps.notifications.models import Notification
from apps.reflections.models import Reflection
from apps.supervision import planning
from apps.supervision.models import Agreement
from apps.voice.models import Pulse
from tests.boundaries.factories import BoundaryNoteFactory
from tests.competencies.conftest import load_shipped
from tests.competencies.factories import AssessmentFactory, TrainingRecordFactory
from tests.factories import AgreementFactory, MembershipFactory, TeamFactory
from tests.reflections.factories import ReflectionFactory
from tests.roles.factories import RoleDefinitionFactory
from tests.wellbeing.factories import CheckInFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(everyone, riverside):
    """Adds ``n`` more of every listed thing, each visible to the persona of its case."""
    org = riverside.organisation
    today = org_today(org)
    peer, supervisor, manager = everyone["peer"], everyone["supervisor"], everyone["manager"]
    note = BoundaryNoteFactory(author=peer)
    counter = iter(range(10_000))
    competencies = list(Competency.objects.filter(framework=load_shipped()).order_by("code"))
    peers_agreement = Agreement.objects.get(supervisee=peer, supervisor=supervisor)

    def grow(n):
        for _ in range(n):
            i = next(counter)
            TeamFactory(organisation=org)
            member = MembershipFactory(team=riverside).worker
            AgreementFactory(supervisee=member, supervisor=everyone["clinician"], kind="clinical")
            for user in everyone.values():
                if user.organisation_id == org.pk:
                    # Names a person: rendered at read time, loaded in the same query.
                    Notification.objects.create(
                        organisation=org,
                        recipient=user,
                        kind="test",
                        message_template="{actor} said hello to {about}",
                        actor=peer,
                        about=user,
                        link="/",
                    )
            BoundaryNoteFactory(author=peer)
            planning.planned_session_create(
                actor=supervisor,
                agreements=[peers_agreement],
                date=today + timedelta(days=10 + i),
                time=time(10, 0),
                duration_minutes=60,
                location="Room 1",
            )
            FollowUp.objects.create(organisation=org, note=note, author=peer, body="Later, I realised more.")
            CheckInFactory(organisation=org, author=peer, mood=3, note="Tired", share_with_supervisor=True)
            TrainingRecordFactory(worker=peer)
            AssessmentFactory(worker=peer, competency=competencies[i])  # awaiting the supervisor's sign-off
            RoleDefinitionFactory(team=riverside)
            ReflectionFactory(
                author=peer, perspective="lived_experience", reception="welcomed", visibility="team", team=riverside
            )
            Pulse.objects.create(
                organisation=org,
                team=riverside,
                opened_by=manager,
                opened_on=today - timedelta(days=30 + 10 * i),
                closes_on=today - timedelta(days=25 + 10 * i),
            )
            for actor in (supervisor, manager):
                AuditEvent.objects.create(
                    organisation=org,
                    actor=actor,
                    action=AuditEvent.Action.READ,
                    target_type="reflections.reflection",
                    target_id=Reflection.objects.filter(author=peer).values_list("pk", flat=True).first(),
                    subject=peer,
                )

    grow(1)
    return grow, note


def count(client, url) -> int:
    client.get(url)  # the first request of a session records its start (a session write)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured.captured_queries)


# (persona, url or a function of the note, pinned query count). Pages: session, user + organisation,
# "last seen", the header's team roles and unread count, plus the page's own; APIs: session and
# user + organisation, the caps the read rule needs, then count + page (+ one per prefetch).
CASES = {
    # --- API lists -------------------------------------------------------------------------
    "teams API": ("admin", "/api/v1/teams/", 4),
    "notifications API": ("peer", "/api/v1/notifications/", 4),
    "follow-ups API": ("peer", lambda note: f"/api/v1/boundary-notes/{note.pk}/follow-ups/", 5),
    "role requirements API": ("manager", "/api/v1/competencies/role-requirements/", 7),
    "training records API": ("peer", "/api/v1/training-records/", 6),
    "voice pulses API": ("manager", "/api/v1/voice/pulses/", 6),
    "audit events API": ("admin", "/api/v1/audit-events/", 4),
    "planned supervision API": ("peer", "/api/v1/supervision/planned/", 6),
    # + the per-team count of assignments that blur peer and clinical work (issue 15, item 6)
    # + released host-team readiness periods (issue 19, item 4)
    "organisation dashboard API": ("admin", "/api/v1/dashboard/organisation/", 20),
    # --- pages -------------------------------------------------------------------------------
    "my day": ("peer", "/", 12),  # + supervision proposals waiting for an answer (issue 13)
    "teams page": ("admin", "/teams/", 7),
    "people page": ("manager", "/people/", 11),
    "notifications page": ("peer", "/notifications/", 7),
    "exchanges page": ("peer", "/reflections/exchanges/", 6),
    # + the page's named readers ("Read by")
    "my boundary notes page": ("peer", "/boundaries/", 8),
    # + proposals (issue 13), + planned sessions with their people (issue 16)
    "my supervision page": ("peer", "/supervision/mine/", 11),
    "agreements page": ("manager", "/supervision/agreements/", 11),
    # + the page's named readers, the share form's supervisors (with kinds) and its checkboxes,
    # + once per page (not per row) the supervisors for each check-in's "Who reads this" form
    # + whether the organisation has support contacts, to offer them (issue 15, item 5)
    # + once per page, the header's question whether the user supervises anyone (caps' supervisee ids)
    "wellbeing page": ("peer", "/wellbeing/", 15),
    "check-ins shared with me page": ("supervisor", "/wellbeing/shared/", 8),
    "competency people page": ("manager", "/competencies/people/", 10),
    # + the workers' assessor choices and their peer supervisors (issue 18: only the assessor's queue)
    "sign-off queue page": ("supervisor", "/competencies/sign-off/", 11),
    "training page": ("peer", "/competencies/training/", 7),
    "frameworks page": ("peer", "/competencies/frameworks/", 9),  # + the header's supervisee ids, as above
    "voice page": ("manager", "/voice/", 8),
    "reminders admin page": ("admin", "/reminders/", 8),
    # 9: the subject filter takes an id (it finds a person among a list read's subjects too), so
    # the form no longer loads every user for a second drop-down.
    "audit trail page": ("admin", "/audit/", 9),
    "who read my entries page": ("peer", "/audit/who-read-my-entries/", 7),
    # + the per-team count of assignments that blur peer and clinical work (issue 15, item 6)
    "dashboards overview page": ("admin", "/dashboard/", 23),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_list_takes_the_same_queries_for_one_row_and_for_four(case, everyone, world):
    grow, note = world
    persona, url, pinned = CASES[case]
    url = url(note) if callable(url) else url
    client = Client()
    client.force_login(everyone[persona])
    at_1 = count(client, url)
    grow(3)
    at_4 = count(client, url)
    assert at_1 == at_4, f"{case}: {at_1} queries with one row, {at_4} with four"
    assert at_1 == pinned, f"{case}: {at_1} queries, pinned at {pinned}"
