"""A certificate download is documented with the content types it comes back with (issue 21,
finding 7): the type its upload was checked to be, not octet-stream only."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.competencies import services
from apps.core.dates import org_today
from tests.competencies.conftest import PDF, PNG

pytestmark = pytest.mark.django_db

PATH = "/api/v1/training-records/{id}/certificate/"


@pytest.fixture
def documented(api, admin):
    schema = api.as_(admin).get("/api/schema/", {"format": "json"}).json()
    return set(schema["paths"][PATH]["get"]["responses"]["200"]["content"])


def test_the_certificate_download_documents_pdf_png_and_jpeg(documented):
    assert {"application/pdf", "image/png", "image/jpeg"} <= documented


@pytest.mark.parametrize(
    ("name", "content", "content_type"), [("c.pdf", PDF, "application/pdf"), ("c.png", PNG, "image/png")]
)
def test_a_downloaded_certificate_comes_back_with_a_documented_type(
    api, peer, org, documented, name, content, content_type
):
    record = services.training_record_create(
        actor=peer,
        course="First aid",
        provider="Northfield Learning",
        completed_on=org_today(org) - timedelta(days=10),
        expires_on=None,
        certificate=SimpleUploadedFile(name, content, content_type="application/octet-stream"),
    )
    response = api.as_(peer).get(PATH.format(id=record.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type and content_type in documented
