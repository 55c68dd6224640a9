"""The verification page: a third party without an account confirms what a PDF shows."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from apps.audit.models import AuditEvent
from tests.portfolio_documents.helpers import clear_throttle, code_in, download, pdf_text
from tests.portfolio_documents.test_documents import ALL_TICKED, client_for, make

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(peer, portfolio):
    document = make(peer, sections=ALL_TICKED, reflections=[portfolio.chosen])
    pdf = download(client_for(peer), document)
    return document, pdf, code_in(pdf_text(pdf))


def verify_url(code: str) -> str:
    return f"/portfolio-documents/verify/{quote(code, safe='')}/"


def test_the_code_confirms_the_signed_off_competency_without_an_account(issued, portfolio):
    document, _, code = issued
    response = Client().get(verify_url(code))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Genuine: portfolio document of Pat Peer" in page
    assert portfolio.competency.title in page and "Sam Supervisor" in page
    assert "2 sessions, 2.5 hours in all" in page and "Intentional Peer Support core" in page
    for private in ("PDFXsignoffcomment", "PDFXsessiontopics", "PDFXchosenreflection", "Learning to pause"):
        assert private not in page
    event = AuditEvent.objects.get(target_id=document.pk, detail="verification looked up")
    assert event.actor is None and event.subject_id == document.worker_id


def test_the_code_is_read_forgivingly(issued):
    _, _, code = issued
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert Client().get(reverse("portfolio_documents:verify-start"), {"code": typed}, follow=True).status_code == 200


@pytest.mark.parametrize("typed", ["../../etc", "a/b", "<script>", "x" * 500, "AAAA-BBBB-CCCC"])
def test_a_typed_code_that_is_no_code_is_a_404_from_the_start_page(typed):
    response = Client().get(reverse("portfolio_documents:verify-start"), {"code": typed}, follow=True)
    assert response.status_code == 404


def test_the_printed_link_is_the_verification_page(issued, settings):
    _, pdf, code = issued
    assert f"{settings.SITE_URL}/portfolio-documents/verify/{code}/" in pdf_text(pdf)


def test_a_revoked_link_says_revoked_and_nothing_else(issued, peer, portfolio):
    document, _, code = issued
    response = client_for(peer).post(reverse("portfolio_documents:document-revoke", args=[document.pk]))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.revoked_at is not None
    page = Client().get(verify_url(code))
    text = page.content.decode()
    assert page.status_code == 410 and "revoked" in text
    assert portfolio.competency.title not in text and "Sam Supervisor" not in text
    # revoking again changes nothing
    revoked_at = document.revoked_at
    client_for(peer).post(reverse("portfolio_documents:document-revoke", args=[document.pk]))
    document.refresh_from_db()
    assert document.revoked_at == revoked_at
    assert AuditEvent.objects.filter(target_id=document.pk, detail="verification revoked").count() == 1


def test_the_exact_file_is_recognised_and_a_changed_one_is_not(issued):
    _, pdf, code = issued
    same = Client().post(verify_url(code), {"file": SimpleUploadedFile("p.pdf", pdf, "application/pdf")})
    assert same.status_code == 200 and same.context["matches"] is True
    changed = Client().post(verify_url(code), {"file": SimpleUploadedFile("p.pdf", pdf + b"\n", "application/pdf")})
    assert changed.status_code == 200 and changed.context["matches"] is False
    assert "is not the PDF that was issued" in changed.content.decode()
    nothing = Client().post(verify_url(code), {})
    assert nothing.status_code == 400 and "Choose the PDF" in nothing.content.decode()


@pytest.mark.parametrize(
    "code",
    ["AAAA-BBBB-CCCC", "x", "0" * 40, "💥", "../../etc/passwd", "<script>alert(1)</script>", "%00", "-" * 41],
)
def test_an_unknown_or_malformed_code_is_a_404(issued, code):
    response = Client().get(verify_url(code))
    assert response.status_code == 404
    if "/" not in code:  # a slash leaves the page's address altogether: the site's own 404
        assert "No document with this code" in response.content.decode()


def test_lookups_are_rate_limited_per_address(issued, settings):
    _, _, code = issued
    settings.PORTFOLIO_VERIFY_RATE = "3/hour"
    client = Client()
    assert [client.get(verify_url("AAAA-BBBB-CCCC")).status_code for _ in range(3)] == [404, 404, 404]
    blocked = client.get(verify_url(code))  # even the right code, once over the limit
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) > 0
    assert "Sam Supervisor" not in blocked.content.decode()
    other = Client(REMOTE_ADDR="192.0.2.9")
    assert other.get(verify_url(code)).status_code == 200  # another address is not affected
    clear_throttle("192.0.2.9")


def test_a_document_past_its_verification_retention_is_gone(issued, time_machine, settings):
    from apps.portfolio_documents.retention import enforce

    document, _, code = issued
    time_machine.move_to(document.created_at + timedelta(days=settings.PORTFOLIO_DOCUMENT_FILE_DAYS + 1))
    assert enforce() == 1
    document.refresh_from_db()
    assert document.file_deleted_at is not None and not document.file and not document.downloadable
    assert Client().get(verify_url(code)).status_code == 200  # the copy handed over can still be checked
    time_machine.move_to(document.created_at + timedelta(days=settings.PORTFOLIO_VERIFICATION_DAYS + 1))
    clear_throttle()
    assert enforce() == 1
    assert not type(document).objects.filter(pk=document.pk).exists()
    assert Client().get(verify_url(code)).status_code == 404


def test_the_start_page_answers_without_an_account():
    response = Client().get(reverse("portfolio_documents:verify-start"))
    assert response.status_code == 200 and "Code from the document" in response.content.decode()
