"""The evidence map and hours sections of a portfolio PDF (issue 17, parts 1, 3 and 6), and the
signed-off section printing the verifier as locked at sign-off (part 4). Text is read back out
of the PDF: exactly the chosen sections, none of the unchosen private text."""

from decimal import Decimal

import pytest

from apps.competencies.models import SignOff
from apps.portfolio import services as portfolio_services
from apps.raters import services as rater_services
from tests.portfolio_documents.helpers import PRIVATE_MARKERS, download, pdf_text
from tests.portfolio_documents.test_documents import client_for, make

pytestmark = pytest.mark.django_db

FEEDBACK = "PDFXfeedbackcomment"
RATER = "PDFXRatername"


@pytest.fixture
def linked(peer, portfolio):
    """The unchosen private reflection, the training and accepted feedback linked as evidence."""
    competency = portfolio.competency
    portfolio.training.hours = Decimal("6.5")
    portfolio.training.save()
    portfolio_services.evidence_link(
        actor=peer, competency=competency, kind="reflection", object_id=portfolio.unchosen.pk
    )
    portfolio_services.evidence_link(
        actor=peer, competency=competency, kind="training_record", object_id=portfolio.training.pk
    )
    invitation, _ = rater_services.invitation_create(
        actor=peer, rater_name=RATER, rater_email="rater@example.org", relationship="trainer",
        competencies=[competency],
    )  # fmt: skip
    rater_services.feedback_submit(
        invitation=invitation, answers={str(competency.pk): {"observed": "often", "comment": FEEDBACK}}
    )
    rater_services.feedback_accept(actor=peer, invitation=invitation)
    return portfolio


def test_the_evidence_map_and_hours_sections_render_and_nothing_else(peer, linked):
    document = make(peer, sections=["evidence_map", "hours"])
    assert document.sections == ["evidence_map", "hours"]
    text = pdf_text(download(client_for(peer), document))
    for present in ("Evidence map", "Hours", linked.competency.title, "Evidenced", "Gap"):
        assert present in text, present
    # The evidence, by kind and date; a private record by its kind only.
    assert "Training: Intentional Peer Support core (Recovery College)" in text
    assert "Reflection," in text and "External feedback," in text
    # Hours: supervision (60 + 90 minutes) and the course's 6.5 hours, 9 in all.
    assert "9 hours in all" in text and "Supervision received 2.5" in text and "Training 6.5" in text
    for absent in (
        "Not for sharing",  # the linked reflection's title: it was not picked
        FEEDBACK,
        RATER,
        "Feedback from a trainer",
        "About me",
        "Signed-off competencies",
        "Supervision summary",
        "Reflections I chose",
        *PRIVATE_MARKERS,
    ):
        assert absent not in text, absent
    facts = document.facts
    assert facts["hours"]["total"] == "9 hours"
    assert facts["evidence_map"][0]["framework"] and facts["evidence_map"][0]["total"] >= 1
    for absent in ("Not for sharing", FEEDBACK, RATER, "Intentional Peer Support core"):
        assert absent not in str({k: facts[k] for k in ("hours", "evidence_map")}), absent


def test_unchosen_map_and_hours_are_absent(peer, linked):
    text = pdf_text(download(client_for(peer), make(peer, sections=["training"])))
    for absent in ("Evidence map", "hours in all", "Supervision received", "External feedback", "Evidenced"):
        assert absent not in text, absent


def test_the_signed_off_section_prints_the_verifier_as_locked_at_sign_off(peer, supervisor, portfolio):
    sign_off = SignOff.objects.get(assessment__worker=peer)
    assert sign_off.reviewer_name == "Sam Supervisor" and sign_off.decided_on is not None
    SignOff.objects.filter(pk=sign_off.pk).update(reviewer_role="Peer support lead (as signed)")
    supervisor.display_name = "Samira Renamed"
    supervisor.job_title = "Director now"
    supervisor.save()
    document = make(peer, sections=["signed_off"])
    text = pdf_text(download(client_for(peer), document))
    assert "Sam Supervisor" in text and "Peer support lead (as signed)" in text
    assert "Samira Renamed" not in text and "Director now" not in text
    assert document.facts["sign_offs"][0]["verifier"] == "Sam Supervisor"
    assert document.facts["sign_offs"][0]["signed_off_on"] == sign_off.decided_on.isoformat()
