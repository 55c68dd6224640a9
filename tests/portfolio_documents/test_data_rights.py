"""Portfolio documents in the worker's export; erasure deletes the files and revokes every link."""

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from apps.portfolio_documents.models import PortfolioDocument
from apps.workers.data_rights import export_worker_data, worker_erase
from apps.workers.services import worker_mark_left
from tests.portfolio_documents.helpers import code_in, download, pdf_text
from tests.portfolio_documents.test_documents import client_for, make

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch):
    # Rendered in the test (``make``): nothing for a worker to pick up later.
    monkeypatch.setattr("apps.portfolio_documents.services.publish", lambda task, *args: True)


def test_the_export_lists_documents_and_their_verification(peer, portfolio):
    document = make(peer, sections=["profile", "signed_off"])
    exported = export_worker_data(actor=peer)["portfolio_documents"]["documents"]
    assert [d["id"] for d in exported] == [str(document.pk)]
    assert exported[0]["verification_code_ends"] == document.code_hint
    assert exported[0]["verifiable_facts"]["sign_offs"][0]["verifier"] == "Sam Supervisor"
    assert exported[0]["confirms"] == "1 sign-offs"


def test_erasure_revokes_verification_and_deletes_files(peer, portfolio, admin):
    document = make(peer, sections=["signed_off"])
    code = code_in(pdf_text(download(client_for(peer), document)))
    name = document.file.name
    assert default_storage.exists(name)
    peer = worker_mark_left(actor=admin, worker=peer)
    worker_erase(actor=admin, worker=peer)
    document = PortfolioDocument.objects.get(pk=document.pk)
    assert document.revoked_at is not None and not document.file and document.facts == {}
    assert not default_storage.exists(name)
    page = Client().get(reverse("portfolio_documents:verify", args=[code]))
    assert page.status_code == 410 and "Pat Peer" not in page.content.decode()
