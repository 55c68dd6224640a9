"""The portfolio documents API: ask for a PDF, follow it, download it, revoke its verification
link; a cursor-paginated list of the worker's own; anyone else's is a 404 and changes nothing."""

from datetime import timedelta

import pytest
from django.test import Client

from apps.audit.models import AuditEvent
from apps.core.dates import org_today
from apps.portfolio_documents.models import PortfolioDocument
from apps.portfolio_documents.services import document_render
from tests.portfolio_documents.helpers import PRIVATE_MARKERS, code_in, pdf_text

pytestmark = pytest.mark.django_db

URL = "/api/v1/portfolio-documents/"


def _body(peer, **extra):
    today = org_today(peer.organisation)
    return {"starts_on": (today - timedelta(days=365)).isoformat(), "ends_on": today.isoformat(), **extra}


def _snapshot():
    return list(PortfolioDocument.objects.order_by("pk").values()), AuditEvent.objects.count()


def test_a_worker_asks_follows_downloads_and_revokes_through_the_api(api, peer, portfolio):
    client = api.as_(peer)
    asked = client.post(
        URL, _body(peer, sections=["evidence_map", "hours"], reflections=[str(portfolio.chosen.pk)]), format="json"
    )
    assert asked.status_code == 202, asked.content
    document = PortfolioDocument.objects.get(pk=asked.json()["id"])  # re-read
    assert document.worker == peer and document.sections == ["evidence_map", "hours", "reflections"]
    assert asked.json()["status"] == "queued" and "code_hash" not in asked.json()

    document_render(document_id=document.pk)  # what the Celery worker does
    detail = client.get(f"{URL}{document.pk}/").json()
    assert detail["status"] == "ready" and detail["downloadable"] and detail["page_count"] >= 3

    response = client.get(f"{URL}{document.pk}/download/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(response.streaming_content))
    assert "Evidence map" in text and "PDFXchosenreflection" in text
    assert all(marker not in text for marker in PRIVATE_MARKERS)
    assert AuditEvent.objects.filter(actor=peer, action="read", target_id=document.pk, detail="PDF downloaded").exists()

    page = f"/portfolio-documents/verify/{code_in(text)}/"
    assert Client().get(page).status_code == 200
    revoked = client.post(f"{URL}{document.pk}/revoke/")
    assert revoked.status_code == 200 and revoked.json()["verification_revoked"] is True
    document.refresh_from_db()
    assert document.revoked_at is not None
    assert Client().get(page).status_code == 410
    assert client.post(f"{URL}{document.pk}/revoke/").json()["revoked_at"] == revoked.json()["revoked_at"]


@pytest.mark.parametrize("who", ["peer2", "supervisor", "manager", "admin", "outsider"])
def test_nobody_else_reaches_or_revokes_a_document(api, everyone, portfolio, who):
    peer = everyone["peer"]
    document = PortfolioDocument.objects.create(
        organisation=peer.organisation, worker=peer, starts_on=org_today(peer.organisation), ends_on=org_today(
            peer.organisation), sections=["profile"], status="ready", facts={"worker": "Pat Peer"},
    )  # fmt: skip
    client = api.as_(everyone[who])
    before = _snapshot()
    for path in (f"{URL}{document.pk}/", f"{URL}{document.pk}/download/"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"{URL}{document.pk}/revoke/").status_code == 404
    assert client.get(URL).json()["results"] == []
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_on": "2999-01-01"}, "ends_on"),
        ({"sections": []}, "sections"),
        ({"sections": ["diagnosis"]}, "sections"),
        ({"starts_on": "next week"}, "starts_on"),
        ({"reflections": ["not-a-uuid"]}, "reflections"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_makes_nothing(api, peer, portfolio, change, field):
    client = api.as_(peer)
    before = _snapshot()
    response = client.post(URL, {**_body(peer, sections=["profile"]), **change}, format="json")
    assert response.status_code == 400 and field in response.json(), response.content
    assert _snapshot() == before


def test_another_workers_reflection_cannot_be_picked(api, peer, peer2, portfolio):
    from tests.reflections.factories import ReflectionFactory

    theirs = ReflectionFactory(author=peer2)
    before = _snapshot()
    response = api.as_(peer).post(URL, _body(peer, reflections=[str(theirs.pk)]), format="json")
    assert response.status_code == 400 and "reflections" in response.json()
    assert _snapshot() == before


def test_the_list_is_the_workers_own_newest_first_by_cursor_in_a_fixed_number_of_queries(
    api, peer, peer2, django_assert_num_queries
):
    today = org_today(peer.organisation)

    def make(worker, n):
        for _ in range(n):
            PortfolioDocument.objects.create(
                organisation=worker.organisation, worker=worker, starts_on=today, ends_on=today, sections=["profile"]
            )

    make(peer2, 2)
    make(peer, 1)
    client = api.as_(peer)
    client.get(URL)  # warm the session
    # the session, the user, the page (no COUNT: keyset)
    with django_assert_num_queries(QUERIES):
        one = client.get(URL)
    make(peer, 4)
    with django_assert_num_queries(QUERIES):
        first = client.get(URL, {"page_size": 2})
    assert len(one.json()["results"]) == 1
    page = first.json()
    assert [d["id"] for d in page["results"]] == [
        str(pk)
        for pk in PortfolioDocument.objects.filter(worker=peer).order_by("-created_at").values_list("pk", flat=True)[:2]
    ]
    seen = [d["id"] for d in page["results"]]
    while page["next"]:
        page = client.get(page["next"]).json()
        seen += [d["id"] for d in page["results"]]
    assert len(seen) == len(set(seen)) == 5  # every one once, none of peer2's
    assert client.get(URL, {"cursor": "not-a-cursor"}).status_code == 400
    assert "cursor" in client.get(URL, {"cursor": "not-a-cursor"}).json()
    assert "page_size" in client.get(URL, {"page_size": "0"}).json()


QUERIES = 3
