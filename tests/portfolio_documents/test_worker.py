"""The PDF is made by the real Celery worker (Redis broker): ask on the page, poll the progress
fragment as the page does, download, and read it back."""

import time
from datetime import timedelta

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.test import Client
from django.urls import reverse

from apps.core.dates import org_today
from apps.portfolio_documents.models import PortfolioDocument
from pspteam.celery import app
from tests.portfolio_documents.helpers import PRIVATE_MARKERS, download, pdf_text

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def empty_queue():
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete("celery")


def test_the_worker_makes_the_pdf_while_the_page_shows_progress(peer, portfolio, empty_queue):
    client = Client()
    client.force_login(peer)
    today = org_today(peer.organisation)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=60):
        response = client.post(
            reverse("portfolio_documents:document-new"),
            {
                "starts_on": (today - timedelta(days=200)).isoformat(),
                "ends_on": today.isoformat(),
                "sections": ["signed_off", "supervision"],
                "reflections": [str(portfolio.chosen.pk)],
            },
        )
        assert response.status_code == 302
        document = PortfolioDocument.objects.get(worker=peer)
        seen = []
        deadline = time.monotonic() + 120
        while True:
            fragment = client.get(
                reverse("portfolio_documents:document-progress", args=[document.pk]), headers={"HX-Request": "true"}
            )
            assert fragment.status_code == 200 and b"<progress" in fragment.content
            seen.append(fragment.context["done"])
            if fragment.get("HX-Refresh") == "true":
                break
            assert time.monotonic() < deadline, "the worker did not finish"
            time.sleep(0.2)
    document.refresh_from_db()
    assert document.status == PortfolioDocument.Status.READY
    assert seen[-1] == len(document.sections) + 2 == 5  # every step done
    text = pdf_text(download(client, document))
    assert "PDFXchosenreflection" in text and "Signed-off competencies" in text and "Supervision summary" in text
    for marker in PRIVATE_MARKERS:
        assert marker not in text
    assert "About me" not in text and "Intentional Peer Support core" not in text  # not chosen
