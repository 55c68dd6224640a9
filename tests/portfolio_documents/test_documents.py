"""Portfolio PDFs: what goes in (exactly the chosen sections, none of the unchosen private
text), how the PDF is made (title, language, tagged structure), who may reach it, and bad input."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.core.dates import org_today
from apps.portfolio_documents.models import PortfolioDocument
from apps.portfolio_documents.services import document_render, document_request
from tests.portfolio_documents.helpers import PRIVATE_MARKERS, code_in, download, pdf_reader, pdf_text

pytestmark = pytest.mark.django_db

ALL_TICKED = ["profile", "signed_off", "training", "supervision"]


def make(peer, *, sections, reflections=(), days=365):
    today = org_today(peer.organisation)
    document = document_request(
        actor=peer,
        starts_on=today - timedelta(days=days),
        ends_on=today,
        sections=sections,
        reflection_ids=[r.pk for r in reflections],
    )
    document_render(document_id=document.pk)
    document.refresh_from_db()
    return document


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_pdf_holds_every_chosen_section_and_only_the_picked_reflection(peer, portfolio):
    document = make(peer, sections=ALL_TICKED, reflections=[portfolio.chosen])
    assert document.status == PortfolioDocument.Status.READY and document.sha256 and document.page_count >= 3
    text = pdf_text(download(client_for(peer), document))
    for heading in ("Contents", "About me", "Signed-off competencies", "Training", "Supervision summary"):
        assert heading in text
    assert "Reflections I chose" in text and "PDFXchosenreflection" in text and "Learning to pause" in text
    assert portfolio.competency.title in text and "Sam Supervisor" in text
    assert "Intentional Peer Support core" in text and "Valid until" in text
    assert "2 supervision sessions, 2.5 hours in all" in text
    for marker in PRIVATE_MARKERS:
        assert marker not in text, marker
    assert "Not for sharing" not in text
    assert "Page 2 of" in text and code_in(text)  # the cover has no number


def test_unchosen_sections_are_absent(peer, portfolio):
    document = make(peer, sections=["training"])
    text = pdf_text(download(client_for(peer), document))
    assert "Intentional Peer Support core" in text
    for absent in ("Signed-off competencies", "Supervision summary", "Reflections I chose", "Sam Supervisor"):
        assert absent not in text, absent
    assert portfolio.competency.title not in text
    for marker in (*PRIVATE_MARKERS, "PDFXchosenreflection"):
        assert marker not in text
    assert document.sections == ["training"] and document.facts["training"] and "sign_offs" not in document.facts


def test_the_pdf_has_a_title_a_language_and_tagged_structure(peer, portfolio):
    reader = pdf_reader(download(client_for(peer), make(peer, sections=["profile", "signed_off"])))
    root = reader.trailer["/Root"]
    assert reader.metadata.title == "Portfolio of Pat Peer"
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"])
    structure = root["/StructTreeRoot"].get_object()
    assert structure["/K"]  # a tree with content, not an empty root
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])


def test_the_snapshot_holds_names_dates_and_totals_never_text(peer, portfolio):
    document = make(peer, sections=ALL_TICKED, reflections=[portfolio.chosen])
    facts = str(document.facts)
    for marker in (*PRIVATE_MARKERS, "PDFXchosenreflection", "Learning to pause"):
        assert marker not in facts
    assert document.facts["sign_offs"][0]["verifier"] == "Sam Supervisor"
    assert document.facts["supervision"] == {
        "sessions": 2,
        "hours": "2.5 hours",
        "supervisors": [{"name": "Sam Supervisor", "sessions": 2, "hours": "2.5 hours"}],
    }
    assert document.facts["reflections"] == 1


def test_asking_for_a_document_through_the_page_queues_it_and_is_audited(peer, portfolio, monkeypatch):
    queued = []
    monkeypatch.setattr("apps.portfolio_documents.services.publish", lambda task, *args: queued.append(args) or True)
    today = org_today(peer.organisation)
    response = client_for(peer).post(
        reverse("portfolio_documents:document-new"),
        {
            "starts_on": (today - timedelta(days=90)).isoformat(),
            "ends_on": today.isoformat(),
            "sections": ["profile", "supervision"],
            "reflections": [str(portfolio.chosen.pk)],
        },
    )
    assert response.status_code == 302
    document = PortfolioDocument.objects.get(worker=peer)
    assert document.sections == ["profile", "supervision", "reflections"]
    assert list(document.reflections.all()) == [portfolio.chosen]
    assert document.status == PortfolioDocument.Status.QUEUED
    assert AuditEvent.objects.filter(target_id=document.pk, action="create", actor=peer).count() == 1


def test_a_download_is_audited(peer, portfolio):
    document = make(peer, sections=["profile"])
    download(client_for(peer), document)
    assert AuditEvent.objects.filter(target_id=document.pk, action="read", detail="PDF downloaded").count() == 1


# --- who may reach a document: its owner only; everyone else 404 -------------------------------

OWNER_PAGES = ["document-detail", "document-download", "document-progress"]


@pytest.mark.parametrize("name", OWNER_PAGES)
@pytest.mark.parametrize("who", ["peer2", "supervisor", "manager", "admin", "outsider", "clinician"])
def test_nobody_but_the_owner_reaches_a_document(peer, portfolio, everyone, name, who):
    document = make(peer, sections=["profile"])
    response = client_for(everyone[who]).get(reverse(f"portfolio_documents:{name}", args=[document.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["peer2", "supervisor", "manager", "admin", "outsider"])
def test_nobody_but_the_owner_revokes(peer, portfolio, everyone, who):
    document = make(peer, sections=["profile"])
    response = client_for(everyone[who]).post(reverse("portfolio_documents:document-revoke", args=[document.pk]))
    assert response.status_code == 404
    document.refresh_from_db()
    assert document.revoked_at is None


@pytest.mark.parametrize("name", [*OWNER_PAGES, "document-revoke"])
def test_signed_out_people_are_sent_to_sign_in(peer, portfolio, name):
    document = make(peer, sections=["profile"])
    response = Client().get(reverse(f"portfolio_documents:{name}", args=[document.pk]))
    assert response.status_code in (302, 405) and (response.status_code == 405 or "/login/" in response["Location"])


def test_the_list_shows_only_the_users_own_documents(peer, peer2, portfolio):
    make(peer, sections=["profile"])
    assert client_for(peer).get(reverse("portfolio_documents:document-list")).context["documents"].count() == 1
    assert client_for(peer2).get(reverse("portfolio_documents:document-list")).context["documents"].count() == 0


def test_the_owner_sees_the_pages(peer, portfolio):
    document = make(peer, sections=["profile"])
    client = client_for(peer)
    for url in (
        reverse("portfolio_documents:document-list"),
        reverse("portfolio_documents:document-new"),
        reverse("portfolio_documents:document-detail", args=[document.pk]),
        reverse("workers:account"),
    ):
        assert client.get(url).status_code == 200, url
    account = client.get(reverse("workers:account")).content.decode()
    assert reverse("portfolio_documents:document-download", args=[document.pk]) in account
    # the progress fragment opened outside htmx goes to its page
    progress = client.get(reverse("portfolio_documents:document-progress", args=[document.pk]))
    assert progress.status_code == 302


def test_a_malformed_or_unknown_id_is_a_404(peer):
    client = client_for(peer)
    assert client.get("/portfolio-documents/not-a-uuid/").status_code == 404
    assert client.get("/portfolio-documents/00000000-0000-0000-0000-000000000000/download/").status_code == 404


# --- bad input: a 400 naming the field, and nothing made ----------------------------------------


def _post(client, **data):
    return client.post(reverse("portfolio_documents:document-new"), data)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"starts_on": "2026-05-01", "ends_on": "2026-04-01", "sections": ["profile"]}, "ends_on"),
        ({"starts_on": "yesterday", "ends_on": "2026-04-01", "sections": ["profile"]}, "starts_on"),
        ({"starts_on": "2026-01-01", "ends_on": "2026-13-45", "sections": ["profile"]}, "ends_on"),
        ({"starts_on": "1850-01-01", "ends_on": "2026-01-01", "sections": ["profile"]}, "starts_on"),
        ({"starts_on": "2026-01-01", "ends_on": "9999-12-31", "sections": ["profile"]}, "ends_on"),
        ({"starts_on": "2000-01-01", "ends_on": "2026-01-01", "sections": ["profile"]}, "ends_on"),
        ({"starts_on": "2026-01-01", "ends_on": "2026-02-01", "sections": ["hobbies"]}, "sections"),
        ({"starts_on": "2026-01-01", "ends_on": "2026-02-01"}, "sections"),
        ({"starts_on": "", "ends_on": "2026-02-01", "sections": ["profile"]}, "starts_on"),
        (
            {"starts_on": "2026-01-01", "ends_on": "2026-02-01", "sections": ["profile"], "reflections": ["nope"]},
            "reflections",
        ),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_makes_nothing(peer, portfolio, data, field, time_machine):
    time_machine.move_to("2026-06-01 12:00")
    response = _post(client_for(peer), **data)
    assert response.status_code == 400
    assert field in response.context["form"].errors, response.context["form"].errors
    assert not PortfolioDocument.objects.exists()


@pytest.mark.parametrize("owner", ["peer2", "supervisor"])
def test_someone_elses_or_a_draft_reflection_cannot_be_picked(peer, portfolio, everyone, owner, time_machine):
    from tests.reflections.factories import ReflectionFactory

    time_machine.move_to("2026-06-01 12:00")
    others = ReflectionFactory(author=everyone[owner], visibility="supervisor")
    for reflection in (others, peer.reflections.get(is_draft=True)):
        response = _post(
            client_for(peer),
            starts_on="2026-01-01",
            ends_on="2026-05-01",
            sections=["profile"],
            reflections=[str(reflection.pk)],
        )
        assert response.status_code == 400 and "reflections" in response.context["form"].errors
    assert not PortfolioDocument.objects.exists()


def test_the_service_refuses_another_workers_reflection_naming_the_field(peer, peer2, portfolio):
    from django.core.exceptions import ValidationError

    from tests.reflections.factories import ReflectionFactory

    today = org_today(peer.organisation)
    with pytest.raises(ValidationError) as refused:
        document_request(
            actor=peer2, starts_on=today, ends_on=today, sections=["profile"], reflection_ids=[portfolio.chosen.pk]
        )
    assert "reflections" in refused.value.error_dict
    ReflectionFactory(author=peer2)
    assert not PortfolioDocument.objects.exists()
