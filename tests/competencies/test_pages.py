"""Competency pages: my progress, self-assessment, the supervisor's sign-off, managers' states."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.competencies import services
from apps.competencies.models import Assessment, Competency, SignOff
from apps.core.dates import org_today
from tests.competencies.factories import TrainingRecordFactory
from tests.reflections.factories import ReflectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(everyone):
    return ReflectionFactory(author=everyone["peer"], title="Group session on hope", visibility="supervisor")


def test_a_worker_assesses_themselves_on_the_page_and_edits_until_a_decision(client, everyone, le1, shared):
    client.force_login(everyone["peer"])
    url = reverse("competencies:assess", args=[le1.pk])
    assert "Group session on hope" in client.get(url).content.decode()
    response = client.post(url, {"level": "developing", "evidence": [str(shared.pk)]})
    assert response.status_code == 302
    client.post(url, {"level": "competent", "evidence": [str(shared.pk)]})
    assessment = Assessment.objects.get()  # edited in place while nobody has decided
    assert assessment.level == "competent" and list(assessment.evidence.all()) == [shared]
    services.assessment_sign_off(
        actor=everyone["supervisor"], assessment=assessment, decision="more_evidence", comment="Add one more"
    )
    page = client.get(url).content.decode()
    assert "Add one more" in page and "kept as history" in page
    client.post(url, {"level": "competent"})
    assert (
        Assessment.objects.count() == 2
        and Assessment.objects.filter(is_current=True).get().state == "awaiting_sign_off"
    )


def test_a_rejected_self_assessment_keeps_what_was_ticked(client, everyone, le1, shared):
    client.force_login(everyone["peer"])
    response = client.post(reverse("competencies:assess", args=[le1.pk]), {"evidence": [str(shared.pk)]})
    assert response.status_code == 400
    assert "level" in response.context["form"].errors
    assert response.context["form"]["evidence"].value() == [str(shared.pk)]


def test_my_progress_page_takes_the_same_queries_for_one_or_many_assessments(client, everyone, shipped, shared):
    peer = everyone["peer"]
    competencies = list(Competency.objects.filter(framework=shipped).order_by("position"))
    services.assessment_create(actor=peer, competency=competencies[0], level="developing", evidence=[shared])
    client.force_login(peer)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("competencies:my-progress")).status_code == 200
        return len(ctx)

    one = count()
    for competency in competencies[1:15]:
        services.assessment_create(actor=peer, competency=competency, level="competent", evidence=[shared])
    # session, user; caps (team roles, supervisees, supervisors); assignments; requirement sets;
    # current assessments, their sign-offs and the evidence the reader may read; frameworks,
    # domains, competencies; unread notifications (header); the assessor line (issue 18): the
    # supervisors in force, the worker's choice, whether the default peer supervisor manages
    # them — none per assessment or competency.
    assert count() == one == 15


def test_the_supervisor_signs_off_from_the_workers_page(client, everyone, le1, shared):
    assessment = services.assessment_create(
        actor=everyone["peer"], competency=le1, level="competent", evidence=[shared]
    )
    client.force_login(everyone["supervisor"])
    url = reverse("competencies:worker-progress", args=[everyone["peer"].pk])
    page = client.get(url).content.decode()
    assert "Group session on hope" in page and "Record decision" in page
    sign_off = reverse("competencies:sign-off", args=[assessment.pk])
    rejected = client.post(sign_off, {f"{assessment.pk}-decision": "more_evidence", f"{assessment.pk}-comment": ""})
    assert rejected.status_code == 400 and "Say what further evidence" in rejected.content.decode()
    assert not SignOff.objects.exists()
    done = client.post(sign_off, {f"{assessment.pk}-decision": "signed_off", f"{assessment.pk}-comment": "Well done"})
    assert done.status_code == 302
    assessment.refresh_from_db()
    assert assessment.state == "signed_off"


def test_the_sign_off_queue_lists_supervisees_waiting_assessments(client, everyone, le1, bs2, shared):
    services.assessment_create(actor=everyone["peer"], competency=le1, level="competent", evidence=[shared])
    services.assessment_create(actor=everyone["peer2"], competency=bs2, level="competent")  # not Sam's supervisee
    client.force_login(everyone["supervisor"])
    response = client.get(reverse("competencies:sign-off-queue"))
    assert [row["assessment"].worker for row in response.context["rows"]] == [everyone["peer"]]
    assert "1 self-assessment awaiting your sign-off" in client.get(reverse("core:my-day")).content.decode()


@pytest.mark.parametrize("persona", ["peer", "peer2", "clinician"])
def test_the_sign_off_queue_and_people_pages_are_for_supervisors_and_managers(client, everyone, persona):
    client.force_login(everyone[persona])
    assert client.get(reverse("competencies:sign-off-queue")).status_code == 403
    assert client.get(reverse("competencies:people")).status_code == 403


def test_a_manager_sees_their_peoples_states_but_no_evidence(client, everyone, le1, shared):
    assessment = services.assessment_create(
        actor=everyone["peer"], competency=le1, level="competent", evidence=[shared]
    )
    services.assessment_sign_off(
        actor=everyone["supervisor"], assessment=assessment, decision="signed_off", comment="Clear"
    )
    TrainingRecordFactory(
        worker=everyone["peer"], expires_on=org_today(everyone["peer"].organisation) + timedelta(days=5)
    )
    client.force_login(everyone["manager"])
    people = client.get(reverse("competencies:people"))
    row = next(r for r in people.context["rows"] if r["worker"] == everyone["peer"])
    assert row["assessments"]["signed_off"] == 1 and row["training"]["expiring"] == 1
    page = client.get(reverse("competencies:worker-progress", args=[everyone["peer"].pk])).content.decode()
    assert "Signed off" in page and "Group session on hope" not in page and "Clear" not in page
    assert "Record decision" not in page


@pytest.mark.parametrize("persona", ["peer2", "clinician", "other_manager", "harbour_peer", "outsider"])
def test_a_workers_progress_does_not_exist_for_anyone_else(client, everyone, persona):
    client.force_login(everyone[persona])
    assert client.get(reverse("competencies:worker-progress", args=[everyone["peer"].pk])).status_code == 404


def test_my_day_shows_training_expiring_soon(client, everyone):
    TrainingRecordFactory(
        worker=everyone["peer"],
        course="Suicide prevention",
        expires_on=org_today(everyone["peer"].organisation) + timedelta(days=12),
    )
    client.force_login(everyone["peer"])
    page = client.get(reverse("core:my-day")).content.decode()
    assert "Suicide prevention" in page and "expires" in page


def test_the_export_holds_my_assessments_and_training_and_says_voice_answers_are_anonymous(api, everyone, le1, shared):
    services.assessment_create(actor=everyone["peer"], competency=le1, level="competent", evidence=[shared])
    TrainingRecordFactory(worker=everyone["peer"], course="Safeguarding")
    body = api.as_(everyone["peer"]).get("/api/v1/workers/me/export/").json()
    assert body["competencies"]["assessments"][0]["evidence"][0]["title"] == "Group session on hope"
    assert body["competencies"]["training_records"][0]["course"] == "Safeguarding"
    assert "without your name" in body["team_voice"]["note"]


@pytest.mark.parametrize(
    "url",
    [
        "competencies:my-progress",
        "competencies:training-list",
        "competencies:framework-list",
    ],
)
def test_every_worker_can_open_their_own_competency_pages(client, everyone, shipped, url):
    for persona in ("peer", "manager", "admin", "clinician"):
        client.force_login(everyone[persona])
        assert client.get(reverse(url)).status_code == 200
