"""Aggregates only: no reflection, boundary note, check-in (or session, comment, feedback) text
ever reaches a dashboard — page, printable page, CSV or JSON — for a manager or an org admin.

Every sensitive text below carries one unique marker; the test searches every dashboard
output for it, after checking the records were counted (so they were in scope).
"""

from datetime import timedelta

import pytest
from django.test import Client

from apps.boundaries.models import BoundaryNote, FollowUp
from apps.competencies.models import Assessment, Competency, SignOff
from apps.core.dates import org_today
from apps.reflections.models import Reflection
from apps.voice.models import Feedback
from tests.boundaries.factories import BoundaryNoteFactory
from tests.competencies.factories import AssessmentFactory
from tests.dashboard.helpers import hold, stepped_away
from tests.reflections.factories import CommentFactory, ReflectionFactory
from tests.wellbeing.factories import CheckInFactory

pytestmark = pytest.mark.django_db

MARKER = "zq-marker-7f3c91"


@pytest.fixture
def sensitive(everyone, riverside):
    peer, peer2, supervisor = everyone["peer"], everyone["peer2"], everyone["supervisor"]
    today = org_today(riverside.organisation)
    text = f"Something private {MARKER} happened"
    reflections = [
        ReflectionFactory(
            author=peer,
            title=f"Title {MARKER}",
            sections={"description": text, "feelings": text},
            search_text=text,
            visibility=Reflection.Visibility.TEAM,
            team=riverside,
            perspective="lived_experience",
            shared_with_team=True,
            reception="dismissed",
            occurred_on=today,
        ),
        ReflectionFactory(author=peer, title=f"Private {MARKER}", sections={"body": text}, framework="free"),
        ReflectionFactory(author=peer2, title=f"Sup {MARKER}", visibility=Reflection.Visibility.SUPERVISOR),
    ]
    CommentFactory(reflection=reflections[0], author=supervisor, body=text)
    note = BoundaryNoteFactory(
        author=peer,
        category=BoundaryNote.Category.ROLE_DRIFT,
        situation=text,
        what_i_shared=text,
        reasoning=text,
        status=BoundaryNote.Status.REVIEWED,
        reviewer=supervisor,
        reviewed_at=peer.date_joined,
        response=text,
        occurred_on=today,
    )
    FollowUp.objects.create(organisation=peer.organisation, note=note, author=peer, body=text)
    CheckInFactory(organisation=peer.organisation, author=peer, mood=2, note=text, share_with_supervisor=True)
    from apps.supervision.models import Agreement

    session = hold(Agreement.objects.get(supervisee=peer, kind="peer"), on=today - timedelta(days=2), topics=text)
    session.agreed_actions = text
    session.values_check = {
        "answers": {"respect": "in_the_way"},
        "organisation_could_change": text,
        "agreed_together": True,
    }
    session.legacy_values_check = {"hope": {"status": "concern", "note": text}}
    session.save()
    stepped_away(peer2, started_on=today, message=text)
    competency = Competency.objects.filter(is_active=True, kind="practice").first()
    assessment = AssessmentFactory(worker=peer, competency=competency, state=Assessment.State.MORE_EVIDENCE)
    assessment.evidence.add(reflections[0])
    SignOff.objects.create(
        organisation=peer.organisation,
        assessment=assessment,
        reviewer=supervisor,
        decision="more_evidence",
        comment=text,
    )
    Feedback.objects.create(organisation=peer.organisation, team=riverside, body=text)
    return MARKER


def outputs(client, team):
    urls = [
        f"/dashboard/teams/{team.pk}/",
        f"/dashboard/teams/{team.pk}/print/",
        f"/dashboard/teams/{team.pk}/export.csv",
        f"/api/v1/teams/{team.pk}/dashboard/",
        "/dashboard/export.csv",
        "/api/v1/dashboard/organisation/",
    ]
    result = {}
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        result[url] = response.content.decode()
    return result


@pytest.mark.parametrize("persona", ["manager", "admin"])
def test_no_sensitive_text_reaches_any_dashboard_output(everyone, riverside, sensitive, persona, settings):
    settings.VOICE_MIN_GROUP = 3  # so that Riverside's boundary notes are counted (three people write them)
    client = Client()
    client.force_login(everyone[persona])

    found = outputs(client, riverside)

    # The records were in scope: they are counted ...
    api = client.get(f"/api/v1/teams/{riverside.pk}/dashboard/").json()
    assert api["boundary_notes"]["reviewed"] == 1
    assert api["role_drift"]["total"] == 1
    assert api["reflections"]["totals"]["dismissed"] == 1
    assert api["supervision"]["total"]["on_time"] + api["supervision"]["total"]["late"] == 1
    assert any(
        r["assessed_beyond_roles"] == 1 and r["worker"]["name"] == "Pat Peer" for r in api["competencies"]["workers"]
    )
    # ... and their text is nowhere.
    leaks = [url for url, body in found.items() if sensitive in body]
    assert leaks == []


def test_the_overview_page_carries_no_sensitive_text_either(everyone, riverside, sensitive):
    client = Client()
    client.force_login(everyone["admin"])

    html = client.get("/dashboard/").content.decode()

    assert "Riverside" in html and sensitive not in html
