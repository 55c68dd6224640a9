"""The dashboard's other figures: hours, roles, drift, notes, reflections, competencies, voice."""

import csv
import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client

from apps.boundaries.models import BoundaryNote
from apps.competencies import services as competency_services
from apps.competencies.models import Assessment, Competency
from apps.core.dates import org_today
from apps.dashboard.selectors import team_dashboard
from apps.reflections.models import Reflection
from apps.roles.models import Duty, RoleDefinition
from apps.roles.overlaps import overlap_report
from apps.voice.models import Pulse, PulseAnswer
from tests.boundaries.factories import BoundaryNoteFactory
from tests.competencies.factories import AssessmentFactory, TrainingRecordFactory
from tests.dashboard.helpers import stepped_away
from tests.factories import AgreementFactory
from tests.reflections.factories import ReflectionFactory
from tests.roles.factories import AssignmentFactory, RoleDefinitionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(org):
    return org_today(org)


def names(rows):
    return [row["worker"]["name"] if "worker" in row else row["name"] for row in rows]


def test_hours_flag_under_and_over_allocation_against_the_contract(everyone, riverside, today):
    peer, peer2, clinician = everyone["peer"], everyone["peer2"], everyone["clinician"]
    role = RoleDefinitionFactory(team=riverside, hours_per_week=Decimal("40"))
    AssignmentFactory(role_definition=role, worker=peer, hours_per_week=Decimal("35"))  # contracted 30
    AssignmentFactory(role_definition=role, worker=peer2, hours_per_week=Decimal("10"))
    AssignmentFactory(role_definition=role, worker=clinician, hours_per_week=Decimal("30"))
    # A future assignment that overlaps the current one counts at its peak (the roles app's rule).
    AssignmentFactory(role_definition=role, worker=peer2, hours_per_week=Decimal("25"), starts_on=today + timedelta(10))

    hours = team_dashboard(everyone["manager"], riverside)["hours"]

    rows = {row["worker"]["name"]: row for row in hours["workers"]}
    assert (rows["Pat Peer"]["assigned"], rows["Pat Peer"]["flag"]) == (Decimal("35"), "over")
    assert (rows["Robin Peer"]["assigned"], rows["Robin Peer"]["flag"]) == (Decimal("35"), "over")
    assert (rows["Casey Clinician"]["flag"], rows["Casey Clinician"]["difference"]) == ("ok", Decimal("0"))
    assert rows["Sam Supervisor"]["flag"] == "under" and rows["Sam Supervisor"]["difference"] == Decimal("-30")
    assert (hours["over_count"], hours["under_count"]) == (2, 2)  # Sam and Morgan have no role here


def test_the_role_overlap_count_is_the_overlap_reports_and_links_to_it(everyone, riverside):
    RoleDefinitionFactory(
        team=riverside,
        kind=RoleDefinition.Kind.PEER,
        duties=[
            ("Administer prescribed medication", Duty.Category.CLINICAL_ONLY),
            ("Develop recovery plans with service users", Duty.Category.PEER_DISTINCT),
        ],
    )
    RoleDefinitionFactory(
        team=riverside,
        kind=RoleDefinition.Kind.CLINICAL,
        duties=[("Develop recovery plans with service users", Duty.Category.SHARED)],
    )
    RoleDefinitionFactory(
        team=riverside, status=RoleDefinition.Status.DRAFT, duties=[("Administer medication", "clinical_only")]
    )

    roles = team_dashboard(everyone["manager"], riverside)["roles"]

    assert roles["overlap_count"] == overlap_report(riverside)["count"] == 2
    assert roles["roles_compared"] == 2
    assert roles["report_url"] == f"/roles/teams/{riverside.pk}/overlaps/"


def test_role_drift_is_counted_for_the_whole_team_never_per_person(everyone, riverside, today, settings):
    settings.VOICE_MIN_GROUP = 3  # Riverside has three people who write notes: the peer workers
    peer, clinician = everyone["peer"], everyone["clinician"]
    drift = BoundaryNote.Category.ROLE_DRIFT
    BoundaryNoteFactory(author=peer, category=drift, occurred_on=today - timedelta(days=3))
    BoundaryNoteFactory(author=everyone["peer2"], category=drift, occurred_on=today - timedelta(days=89))
    BoundaryNoteFactory(author=peer, category=drift, occurred_on=today - timedelta(days=90))  # outside
    BoundaryNoteFactory(author=peer, category=BoundaryNote.Category.GIFTS, occurred_on=today)
    BoundaryNoteFactory(author=clinician, category=drift, occurred_on=today)  # writes no notes: not counted

    drift_figures = team_dashboard(everyone["manager"], riverside)["role_drift"]

    assert drift_figures == {
        "days": 90,
        "category_label": BoundaryNote.Category.ROLE_DRIFT.label,
        "shown": True,
        "total": 2,
    }


def test_open_boundary_notes_are_counted_by_state_for_the_teams_members_only(everyone, riverside, settings):
    settings.VOICE_MIN_GROUP = 3
    peer, peer2 = everyone["peer"], everyone["peer2"]
    BoundaryNoteFactory(author=peer)
    BoundaryNoteFactory(author=peer2)
    reviewed = BoundaryNoteFactory(author=peer, status=BoundaryNote.Status.REVIEWED, reviewed_at=peer.date_joined)
    BoundaryNoteFactory(
        author=peer, status=BoundaryNote.Status.CLOSED, reviewed_at=reviewed.reviewed_at, closed_at=reviewed.reviewed_at
    )
    BoundaryNoteFactory(author=everyone["harbour_peer"])

    notes = team_dashboard(everyone["manager"], riverside)["boundary_notes"]

    assert notes == {
        "shown": True,
        "min_group": 3,
        "people_counted": 3,
        "withheld_reason": "",
        "submitted": 2,
        "reviewed": 1,
        "open": 3,
    }


def test_under_the_minimum_group_every_boundary_note_count_is_withheld_with_a_plain_reason(
    everyone, riverside, today, settings
):
    settings.VOICE_MIN_GROUP = 4  # one more than the three people in Riverside who write notes
    BoundaryNoteFactory(author=everyone["peer"], category=BoundaryNote.Category.ROLE_DRIFT, occurred_on=today)
    BoundaryNoteFactory(author=everyone["peer2"])
    client = Client()
    client.force_login(everyone["manager"])
    reason = "3 people write boundary notes here, fewer than 4. With so few, a count could point to one person"

    api = client.get(f"/api/v1/teams/{riverside.pk}/dashboard/").json()
    html = client.get(f"/dashboard/teams/{riverside.pk}/").content.decode()
    printed = client.get(f"/dashboard/teams/{riverside.pk}/print/").content.decode()
    team_csv = client.get(f"/dashboard/teams/{riverside.pk}/export.csv").content.decode()
    overview_csv = client.get("/dashboard/export.csv").content.decode()

    notes = api["boundary_notes"]
    assert (notes["shown"], notes["submitted"], notes["reviewed"], notes["open"]) == (False, None, None, None)
    assert (api["role_drift"]["shown"], api["role_drift"]["total"]) == (False, None)
    assert reason in notes["withheld_reason"]
    for body in (html, printed, team_csv):
        assert reason in body
    assert "not shown (small group)" in html and "not shown (small group)" in overview_csv
    # At the minimum, the same figures are shown.
    settings.VOICE_MIN_GROUP = 3
    shown = client.get(f"/api/v1/teams/{riverside.pk}/dashboard/").json()
    assert (shown["boundary_notes"]["submitted"], shown["role_drift"]["total"]) == (2, 1)


def test_no_worker_name_appears_next_to_any_boundary_note_figure(everyone, riverside, today, settings):
    settings.VOICE_MIN_GROUP = 3
    members = ["Pat Peer", "Robin Peer", "Sam Supervisor", "Casey Clinician", "Morgan Manager"]
    for author in (everyone["peer"], everyone["peer2"]):
        BoundaryNoteFactory(author=author, category=BoundaryNote.Category.ROLE_DRIFT, occurred_on=today)
    client = Client()
    client.force_login(everyone["manager"])

    api = client.get(f"/api/v1/teams/{riverside.pk}/dashboard/").json()
    html = client.get(f"/dashboard/teams/{riverside.pk}/").content.decode()
    rows = list(csv.reader(io.StringIO(client.get(f"/dashboard/teams/{riverside.pk}/export.csv").content.decode())))

    assert api["role_drift"]["total"] == 2 and api["boundary_notes"]["submitted"] == 2  # counted ...
    note_figures = json.dumps([api["role_drift"], api["boundary_notes"]])
    assert [name for name in members if name in note_figures] == []  # ... and nobody named
    section = html[html.index('aria-labelledby="notes-heading"') :]
    section = section[: section.index("</section>")]
    assert "<dd>2</dd>" in section and [name for name in members if name in section] == []
    start = rows.index(["Boundary notes, whole team (counts only)"])
    table = rows[start : rows.index([], start)]
    assert table[-1] == ["2", "0", "2", "2"]
    assert [name for name in members if name in json.dumps(table)] == []
    assert not any("drift" in json.dumps(row).lower() and "Pat Peer" in json.dumps(row) for row in rows)


def test_reflections_shared_with_the_team_are_counted_by_month_and_reception(everyone, riverside, harbour, today):
    peer, peer2 = everyone["peer"], everyone["peer2"]
    team = Reflection.Visibility.TEAM
    ReflectionFactory(author=peer, visibility=team, team=riverside, reception="welcomed", occurred_on=today)
    ReflectionFactory(author=peer2, visibility=team, team=riverside, reception="dismissed", occurred_on=today)
    ReflectionFactory(author=peer2, visibility=team, team=riverside, reception="", occurred_on=today)
    # Not counted: private, shared with supervisors only, another team's, a draft, older than six months.
    ReflectionFactory(author=peer, visibility=Reflection.Visibility.PRIVATE, reception="dismissed", occurred_on=today)
    ReflectionFactory(
        author=peer, visibility=Reflection.Visibility.SUPERVISOR, reception="dismissed", occurred_on=today
    )
    ReflectionFactory(
        author=everyone["harbour_peer"], visibility=team, team=harbour, reception="welcomed", occurred_on=today
    )
    ReflectionFactory(
        author=peer, visibility=team, team=riverside, reception="welcomed", is_draft=True, occurred_on=today
    )
    ReflectionFactory(
        author=peer, visibility=team, team=riverside, reception="welcomed", occurred_on=today - timedelta(days=200)
    )

    reflections = team_dashboard(everyone["manager"], riverside)["reflections"]

    this_month = reflections["months"][-1]
    assert this_month["month"] == today.replace(day=1) and len(reflections["months"]) == 6
    assert (this_month["welcomed"], this_month["dismissed"], this_month["not_recorded"], this_month["total"]) == (
        1,
        1,
        1,
        3,
    )
    assert reflections["totals"]["total"] == 3


def test_peer_workers_without_active_peer_supervision_are_listed(everyone, riverside, today):
    peer2 = everyone["peer2"]
    AgreementFactory(supervisee=peer2, supervisor=everyone["clinician"], kind="clinical")  # clinical is not peer
    AgreementFactory(
        supervisee=everyone["supervisor"],
        supervisor=everyone["manager"],
        kind="peer",
        starts_on=today - timedelta(days=100),
        ends_on=today - timedelta(days=1),
    )  # ended

    s = team_dashboard(everyone["manager"], riverside)["supervision"]

    assert names(s["peers_without_peer_supervision"]) == ["Robin Peer", "Sam Supervisor"]
    stepped_away(peer2, started_on=today)
    s = team_dashboard(everyone["manager"], riverside)["supervision"]
    # The manager is not told Robin stepped away (issue 15): the list reads as before (the
    # reminders are what pause: see tests/reminders).
    assert names(s["peers_without_peer_supervision"]) == ["Robin Peer", "Sam Supervisor"]


def test_competency_progress_counts_what_the_roles_held_require_and_expiring_training(everyone, riverside, today):
    peer, peer2 = everyone["peer"], everyone["peer2"]
    role = RoleDefinitionFactory(team=riverside)
    required = list(Competency.objects.filter(is_active=True, kind="practice").order_by("code")[:3])
    competency_services.role_requirements_set(actor=everyone["manager"], role_definition=role, competencies=required)
    AssignmentFactory(role_definition=role, worker=peer)
    AssessmentFactory(worker=peer, competency=required[0], state=Assessment.State.SIGNED_OFF)
    AssessmentFactory(worker=peer, competency=required[1], state=Assessment.State.MORE_EVIDENCE)
    AssessmentFactory(worker=peer2, competency=required[2])  # not required of peer2: beyond their roles
    TrainingRecordFactory(worker=peer, course="Safeguarding", expires_on=today + timedelta(days=30))
    TrainingRecordFactory(worker=peer2, course="First aid", expires_on=today)
    TrainingRecordFactory(worker=peer2, course="Later", expires_on=today + timedelta(days=31))
    TrainingRecordFactory(worker=peer2, course="Lapsed", expires_on=today - timedelta(days=1))

    c = team_dashboard(everyone["manager"], riverside)["competencies"]

    rows = {row["worker"]["name"]: row for row in c["workers"]}
    assert {
        k: rows["Pat Peer"][k] for k in ("required", "signed_off", "awaiting", "more_evidence", "not_assessed")
    } == {
        "required": 3,
        "signed_off": 1,
        "awaiting": 0,
        "more_evidence": 1,
        "not_assessed": 1,
    }
    assert rows["Robin Peer"]["required"] == 0 and rows["Robin Peer"]["assessed_beyond_roles"] == 1
    assert (c["required_total"], c["signed_off_total"]) == (3, 1)
    assert [(t["worker"]["name"], t["course"], t["days_left"]) for t in c["training_expiring"]] == [
        ("Robin Peer", "First aid", 0),
        ("Pat Peer", "Safeguarding", 30),
    ]
    assert c["training_expired_count"] == 1


def _pulse(team, manager, *, answers, closes_in_days):
    today = org_today(team.organisation)
    pulse = Pulse.objects.create(
        organisation=team.organisation,
        team=team,
        opened_by=manager,
        opened_on=today - timedelta(days=20),
        closes_on=today + timedelta(days=closes_in_days),
    )
    PulseAnswer.objects.bulk_create(PulseAnswer(pulse=pulse, q1=a, q2=a, q3=a, q4=a, q5=a) for a in answers)
    return pulse


def test_the_voice_trend_shows_only_what_the_voice_app_allows(everyone, riverside, settings):
    settings.VOICE_MIN_GROUP = 5
    manager = everyone["manager"]
    _pulse(riverside, manager, answers=[4, 4, 4, 4], closes_in_days=-10)  # too few answers
    _pulse(riverside, manager, answers=[3, 3, 3, 4, 4], closes_in_days=-3)
    _pulse(riverside, manager, answers=[5, 5, 5, 5, 5, 5], closes_in_days=5)  # still open

    voice = team_dashboard(manager, riverside)["voice"]

    assert voice["pulses_with_results"] == 1 and len(voice["trend"]["labels"]) == 1
    assert voice["latest"]["mean"] == 3.4 and voice["latest"]["responses"] == 5
    assert voice["trend"]["series"][0]["data"] == [3.4]


def test_the_page_shows_the_figures_with_tables_beside_the_charts(everyone, riverside):
    BoundaryNoteFactory(author=everyone["peer"])
    client = Client()
    client.force_login(everyone["manager"])

    html = client.get(f"/dashboard/teams/{riverside.pk}/").content.decode()

    assert "Riverside: team dashboard" in html
    assert "<caption>Supervision per week, last 12 weeks</caption>" in html
    assert f'href="/roles/teams/{riverside.pk}/overlaps/"' in html
    assert 'data-label="Share on time"' in html
    assert "<dt>Open boundary notes, whole team</dt>" in html and "not shown (small group)" in html
