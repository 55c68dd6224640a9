"""A peer's portfolio with a unique marker in every private text, and ways to read a PDF."""

import io
import re
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from pypdf import PdfReader

from apps.competencies import services as competency_services
from apps.competencies.models import Competency, SignOff
from apps.core.dates import org_today
from apps.supervision import services as supervision_services
from apps.supervision.models import Agreement
from tests.boundaries.factories import BoundaryNoteFactory
from tests.competencies.conftest import load_shipped
from tests.competencies.factories import AssessmentFactory, TrainingRecordFactory
from tests.reflections.factories import ReflectionFactory

CODE = re.compile(r"\b([0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4})\b")


@dataclass
class Portfolio:
    chosen: object  # a reflection the worker picks
    unchosen: object  # a private one they do not
    competency: Competency
    training: object


def build_portfolio(peer, supervisor) -> Portfolio:
    today = org_today(peer.organisation)
    framework = load_shipped()
    competency = Competency.objects.filter(framework=framework).order_by("code").first()
    assessment = AssessmentFactory(worker=peer, competency=competency, level="competent")
    competency_services.assessment_sign_off(
        actor=supervisor, assessment=assessment, decision=SignOff.Decision.SIGNED_OFF, comment="PDFXsignoffcomment"
    )
    training = TrainingRecordFactory(
        worker=peer,
        course="Intentional Peer Support core",
        provider="Recovery College",
        completed_on=today - timedelta(days=100),
        expires_on=today + timedelta(days=600),
    )
    agreement = Agreement.objects.get(supervisee=peer, supervisor=supervisor)
    for days_ago, minutes in ((30, 60), (10, 90)):
        supervision_services.session_record(
            actor=supervisor,
            agreements=[agreement],
            held_on=today - timedelta(days=days_ago),
            duration_minutes=minutes,
            functions=["formative"],
            topics="PDFXsessiontopics",
            agreed_actions="PDFXsessionactions",
        )
    BoundaryNoteFactory(author=peer, situation="PDFXboundarynote", what_i_shared="PDFXnoteshared", reasoning="r")
    chosen = ReflectionFactory(
        author=peer, title="Learning to pause", framework="free", sections={"body": "PDFXchosenreflection here."}
    )
    unchosen = ReflectionFactory(
        author=peer, title="Not for sharing", framework="free", sections={"body": "PDFXunchosenreflection here."}
    )
    ReflectionFactory(author=peer, framework="free", sections={"body": "PDFXdraftreflection"}, is_draft=True)
    return Portfolio(chosen=chosen, unchosen=unchosen, competency=competency, training=training)


PRIVATE_MARKERS = (
    "PDFXsignoffcomment",
    "PDFXsessiontopics",
    "PDFXsessionactions",
    "PDFXboundarynote",
    "PDFXnoteshared",
    "PDFXunchosenreflection",
    "PDFXdraftreflection",
)


def pdf_reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def pdf_text(data: bytes) -> str:
    """Every page's text, with runs of white space (line breaks in table cells) as one space."""
    return " ".join(" ".join(page.extract_text() or "" for page in pdf_reader(data).pages).split())


def code_in(text: str) -> str:
    found = CODE.search(text)
    assert found, "no verification code printed in the PDF"
    return found.group(1)


def download(client, document) -> bytes:
    from django.urls import reverse

    response = client.get(reverse("portfolio_documents:document-download", args=[document.pk]))
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def clear_throttle(address: str = "127.0.0.1") -> None:
    # Only this limit's key: clearing the whole cache would also empty the broker's queue.
    cache.delete(f"throttle_portfolio_verification_{address}")
