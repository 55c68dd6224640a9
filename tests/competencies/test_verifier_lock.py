"""A signed-off assessment is locked with the verifier's name, role and date as they were at
sign-off (issue 17, part 4): an edit is refused (409 on the API, no edit control on the page),
a change is a new assessment, and the history keeps and shows every one."""

import pytest
from django.urls import reverse

from apps.competencies import services
from apps.competencies.models import Assessment, SignOff
from apps.core.dates import org_today

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(org):
    return org_today(org)


URL = "/api/v1/competencies/assessments/"


@pytest.fixture
def signed_off(everyone, le1):
    assessment = services.assessment_create(actor=everyone["peer"], competency=le1, level="competent")
    services.assessment_sign_off(actor=everyone["supervisor"], assessment=assessment, decision="signed_off")
    return Assessment.objects.get(pk=assessment.pk)


def test_a_sign_off_stores_the_verifiers_name_role_and_date(everyone, signed_off, today):
    sign_off = SignOff.objects.get(assessment=signed_off)
    assert sign_off.reviewer_name == everyone["supervisor"].display_name
    assert sign_off.reviewer_role == "peer supervisor"  # the agreement's kind between them
    assert sign_off.decided_on == today
    assert signed_off.is_locked and signed_off.lock == sign_off


def test_a_later_rename_of_the_verifier_does_not_change_the_lock(api, everyone, signed_off):
    supervisor = everyone["supervisor"]
    name = supervisor.display_name
    supervisor.display_name = "Samira Renamed"
    supervisor.save()
    body = api.as_(everyone["peer"]).get(f"{URL}{signed_off.pk}/").json()
    assert body["locked"] is True
    assert body["lock"]["verifier_name"] == name and body["lock"]["verifier_role"] == "peer supervisor"
    assert body["sign_offs"][0]["reviewer_name"] == name
    page = api.as_(everyone["peer"]).get(reverse("competencies:assess", args=[signed_off.competency_id]))
    assert name in page.content.decode() and "Samira Renamed" not in page.content.decode()


def test_an_api_edit_of_a_locked_assessment_is_a_409_naming_why_and_changes_nothing(api, everyone, signed_off):
    before = (signed_off.level, signed_off.updated_at, list(signed_off.evidence.all()))
    response = api.as_(everyone["peer"]).patch(f"{URL}{signed_off.pk}/", {"level": "developing"}, format="json")
    assert response.status_code == 409, response.json()
    detail = response.json()["detail"]
    assert "signed off by" in detail and everyone["supervisor"].display_name in detail
    assert "peer supervisor" in detail and "new assessment" in detail
    signed_off.refresh_from_db()
    assert (signed_off.level, signed_off.updated_at, list(signed_off.evidence.all())) == before


def test_the_service_refuses_an_edit_of_a_locked_assessment_too(everyone, signed_off):
    with pytest.raises(services.AssessmentLocked):
        services.assessment_update(actor=everyone["peer"], assessment=signed_off, data={"level": "not_yet"})
    signed_off.refresh_from_db()
    assert signed_off.level == "competent"


def test_an_unlocked_assessment_is_still_edited_while_undecided(api, everyone, le1):
    open_one = services.assessment_create(actor=everyone["peer"], competency=le1, level="developing")
    response = api.as_(everyone["peer"]).patch(f"{URL}{open_one.pk}/", {"level": "competent"}, format="json")
    assert response.status_code == 200 and response.json()["locked"] is False and response.json()["lock"] is None
    open_one.refresh_from_db()
    assert open_one.level == "competent"


def test_a_change_is_a_new_assessment_and_the_locked_one_stays_in_the_history(api, everyone, signed_off):
    client = api.as_(everyone["peer"])
    created = client.post(URL, {"competency": str(signed_off.competency_id), "level": "developing"}, format="json")
    assert created.status_code == 201
    rows = list(Assessment.objects.filter(worker=everyone["peer"], competency=signed_off.competency))
    assert len(rows) == 2
    signed_off.refresh_from_db()
    assert signed_off.is_locked and not signed_off.is_current and signed_off.level == "competent"
    history = client.get(URL, {"competency": str(signed_off.competency_id)}).json()["results"]
    assert {row["id"] for row in history} == {str(signed_off.pk), created.json()["id"]}


def test_the_page_shows_the_lock_and_no_edit_control_only_start_a_new_assessment(client, everyone, signed_off):
    client.force_login(everyone["peer"])
    url = reverse("competencies:assess", args=[signed_off.competency_id])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and page.context["form"] is None
    assert "Signed off and locked" in html and "peer supervisor" in html
    assert "Start a new assessment" in html and "Save my self-assessment" not in html
    started = client.get(url + "?new=1")
    assert started.context["form"] is not None and "Save my self-assessment" in started.content.decode()
    client.post(url, {"level": "developing"})
    assert Assessment.objects.filter(worker=everyone["peer"], competency=signed_off.competency).count() == 2
    signed_off.refresh_from_db()
    assert signed_off.level == "competent" and signed_off.is_locked
    history = client.get(url).content.decode()
    assert "locked" in history and "Awaiting sign-off" in history


def test_more_evidence_is_not_a_lock(everyone, le1):
    assessment = services.assessment_create(actor=everyone["peer"], competency=le1, level="developing")
    services.assessment_sign_off(
        actor=everyone["supervisor"], assessment=assessment, decision="more_evidence", comment="One more example?"
    )
    assessment.refresh_from_db()
    assert not assessment.is_locked and assessment.lock is None
