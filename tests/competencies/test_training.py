"""Training records: own write, certificates checked by content and kept through the storage API."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.competencies import services
from apps.competencies.models import TrainingRecord
from apps.core.dates import org_today
from tests.competencies.conftest import PDF, PNG
from tests.competencies.factories import TrainingRecordFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/training-records/"


@pytest.fixture
def today(org):
    return org_today(org)


@pytest.fixture
def record(everyone, today):
    """Pat's safeguarding course, with a PDF certificate, expiring in 20 days."""
    return services.training_record_create(
        actor=everyone["peer"],
        course="Safeguarding adults",
        provider="Northfield Learning",
        completed_on=today - timedelta(days=345),
        expires_on=today + timedelta(days=20),
        certificate=SimpleUploadedFile("safeguarding.pdf", PDF, content_type="application/pdf"),
    )


def test_a_worker_records_a_course_with_its_certificate(api, everyone, today):
    response = api.as_(everyone["peer"]).post(
        URL,
        {
            "course": "Peer support foundations",
            "provider": "Recovery College",
            "completed_on": str(today - timedelta(days=10)),
            "expires_on": str(today + timedelta(days=700)),
            "certificate": SimpleUploadedFile("my cert.pdf", PDF, content_type="application/pdf"),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "current" and body["certificate_name"] == "my cert.pdf"
    record = TrainingRecord.objects.get(pk=body["id"])
    assert record.worker == everyone["peer"]
    # Stored through the storage API under a random name, never the uploaded one.
    assert default_storage.exists(record.certificate.name)
    assert "my cert" not in record.certificate.name and record.certificate.name.endswith(".pdf")
    assert AuditEvent.objects.filter(target_id=record.pk, action="create").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.pdf", b"#!/bin/sh\necho hello\n", "PDF, PNG or JPEG"),
        ("page.html", b"<html><script>alert(1)</script></html>", "PDF, PNG or JPEG"),
        ("photo.pdf", PNG, "extension does not match"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_a_certificate_is_checked_by_its_content_not_its_name(api, everyone, today, name, content, message):
    response = api.as_(everyone["peer"]).post(
        URL,
        {
            "course": "Course",
            "completed_on": str(today),
            "certificate": SimpleUploadedFile(name, content, content_type="application/pdf"),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert "certificate" in response.json()
    assert not TrainingRecord.objects.exists()


def test_a_certificate_over_the_size_limit_is_refused(api, everyone, today, settings):
    settings.TRAINING_CERTIFICATE_MAX_BYTES = 1024
    big = PDF + b"0" * 2048
    response = api.as_(everyone["peer"]).post(
        URL,
        {"course": "Course", "completed_on": str(today), "certificate": SimpleUploadedFile("big.pdf", big)},
        format="multipart",
    )
    assert response.status_code == 400 and "larger than" in response.json()["certificate"][0]


def test_the_default_size_limit_is_five_megabytes(api, everyone, today):
    big = PDF + b"0" * (5 * 1024 * 1024)
    response = api.as_(everyone["peer"]).post(
        URL,
        {"course": "Course", "completed_on": str(today), "certificate": SimpleUploadedFile("big.pdf", big)},
        format="multipart",
    )
    assert response.status_code == 400 and "5 MB" in response.json()["certificate"][0]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"course": ""}, "course"),
        ({"completed_on": "2020-13-40"}, "completed_on"),
        ({"completed_on": "2999-01-01"}, "completed_on"),
        ({"expires_on": "2000-01-01"}, "expires_on"),
    ],
)
def test_bad_training_input_is_a_400_naming_the_field(api, everyone, today, payload, field):
    body = {"course": "Course", "completed_on": str(today - timedelta(days=5)), **payload}
    response = api.as_(everyone["peer"]).post(URL, body, format="multipart")
    assert response.status_code == 400 and field in response.json()


READ = {
    "peer": "certificate",
    "supervisor": "certificate",
    "manager": "state",
    "admin": "state",
    "peer2": None,
    "clinician": None,
    "other_manager": None,
    "harbour_peer": None,
    "outsider": None,
}


@pytest.mark.parametrize(("persona", "sees"), READ.items())
def test_who_reads_a_training_record_and_its_certificate(api, everyone, record, persona, sees):
    client = api.as_(everyone[persona])
    listed = client.get(URL).json()["results"]
    detail = client.get(f"{URL}{record.pk}/")
    download = client.get(f"{URL}{record.pk}/certificate/")
    if sees is None:
        assert str(record.pk) not in [r["id"] for r in listed]
        assert detail.status_code == 404 and download.status_code == 404
        return
    body = detail.json()
    assert body["state"] == "expiring" and body["course"] == "Safeguarding adults"
    if sees == "certificate":
        assert body["certificate"].endswith("/certificate/")
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF
        assert download["Content-Disposition"].startswith("attachment")
        assert download["Content-Type"] == "application/pdf"
    else:  # managers and org admins: courses and states, no certificate
        assert "certificate" not in body and "certificate_name" not in body
        assert download.status_code == 403


def _download_urls(record):
    return {
        "api": f"{URL}{record.pk}/certificate/",
        "page": reverse("competencies:training-certificate", args=[record.pk]),
    }


@pytest.mark.parametrize("channel", ["api", "page"])
def test_a_supervisors_download_of_a_certificate_is_audited_once_on_page_and_api(api, everyone, record, channel):
    response = api.as_(everyone["supervisor"]).get(_download_urls(record)[channel])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    events = AuditEvent.objects.filter(action="read", target_id=record.pk)
    assert list(events.values_list("actor", "subject")) == [(everyone["supervisor"].pk, everyone["peer"].pk)]


@pytest.mark.parametrize("channel", ["api", "page"])
def test_the_workers_own_download_and_a_refused_download_record_no_read(api, everyone, record, channel):
    url = _download_urls(record)[channel]
    assert api.as_(everyone["peer"]).get(url).status_code == 200
    assert api.as_(everyone["manager"]).get(url).status_code == 403
    assert api.as_(everyone["outsider"]).get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="read", target_id=record.pk).exists()


def test_a_record_without_a_certificate_has_no_download(api, everyone, today):
    record = services.training_record_create(
        actor=everyone["peer"], course="First aid", completed_on=today - timedelta(days=3)
    )
    for url in _download_urls(record).values():
        assert api.as_(everyone["supervisor"]).get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="read", target_id=record.pk).exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("peer", 200), ("supervisor", 403), ("manager", 403), ("admin", 403), ("peer2", 404), ("outsider", 404)],
)
def test_only_the_worker_changes_their_training_record(api, everyone, record, persona, status):
    response = api.as_(everyone[persona]).patch(f"{URL}{record.pk}/", {"provider": "Changed"}, format="multipart")
    assert response.status_code == status
    record.refresh_from_db()
    assert (record.provider == "Changed") is (status == 200)


def test_replacing_a_certificate_removes_the_old_file_from_storage(
    api, everyone, record, django_capture_on_commit_callbacks
):
    old = record.certificate.name
    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_(everyone["peer"]).patch(
            f"{URL}{record.pk}/",
            {"certificate": SimpleUploadedFile("renewed.png", PNG, content_type="image/png")},
            format="multipart",
        )
    assert response.status_code == 200
    record.refresh_from_db()
    assert record.certificate_content_type == "image/png" and record.certificate.name != old
    assert default_storage.exists(record.certificate.name) and not default_storage.exists(old)


def test_the_worker_adds_edits_and_removes_records_on_the_page(
    client, everyone, today, django_capture_on_commit_callbacks
):
    client.force_login(everyone["peer"])
    url = reverse("competencies:training-list")
    rejected = client.post(
        url,
        {
            "course": "First aid for mental health",
            "completed_on": str(today),
            "certificate": SimpleUploadedFile("cert.pdf", b"not a pdf"),
        },
    )
    assert rejected.status_code == 400
    assert rejected.context["form"]["course"].value() == "First aid for mental health"  # nothing typed is lost
    assert "PDF, PNG or JPEG" in rejected.content.decode()
    client.post(url, {"course": "First aid for mental health", "completed_on": str(today), "provider": "MHFA"})
    record = TrainingRecord.objects.get(course="First aid for mental health")
    client.post(
        reverse("competencies:training-edit", args=[record.pk]),
        {"course": record.course, "completed_on": str(today), "expires_on": str(today + timedelta(days=10))},
    )
    record.refresh_from_db()
    assert record.expires_on == today + timedelta(days=10)
    page = client.get(url).content.decode()
    assert "Expiring soon" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("competencies:training-delete", args=[record.pk]))
    assert not TrainingRecord.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("persona", ["supervisor", "manager", "peer2", "outsider"])
def test_nobody_else_edits_or_removes_a_record_on_the_page(client, everyone, record, persona):
    client.force_login(everyone[persona])
    edit = client.get(reverse("competencies:training-edit", args=[record.pk]))
    delete = client.post(reverse("competencies:training-delete", args=[record.pk]))
    expected = 403 if persona in ("supervisor", "manager") else 404
    assert edit.status_code == delete.status_code == expected
    assert TrainingRecord.objects.filter(pk=record.pk).exists()


def test_states_follow_the_expiry_date(everyone, today):
    peer = everyone["peer"]
    assert TrainingRecordFactory(worker=peer, expires_on=None).state_on(today) == "no_expiry"
    assert TrainingRecordFactory(worker=peer, expires_on=today + timedelta(days=31)).state_on(today) == "current"
    assert TrainingRecordFactory(worker=peer, expires_on=today + timedelta(days=30)).state_on(today) == "expiring"
    assert TrainingRecordFactory(worker=peer, expires_on=today).state_on(today) == "expiring"
    assert TrainingRecordFactory(worker=peer, expires_on=today - timedelta(days=1)).state_on(today) == "expired"


# --- hours (issue 17, part 3) ----------------------------------------------------------------


def test_a_course_records_its_hours_and_they_are_read_back(api, everyone, today):
    client = api.as_(everyone["peer"])
    response = client.post(
        URL, {"course": "Peer ethics", "completed_on": str(today), "hours": "7.5"}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    record = TrainingRecord.objects.get(pk=response.json()["id"])
    assert record.hours == Decimal("7.5") and response.json()["hours"] == "7.5"
    changed = client.patch(f"{URL}{record.pk}/", {"hours": ""}, format="multipart")
    assert changed.status_code == 200
    record.refresh_from_db()
    assert record.hours is None


@pytest.mark.parametrize("hours", ["-1", "500.5", "1e9", "abc", "7.25", "NaN"])
def test_bad_hours_are_a_400_naming_the_field_and_nothing_is_stored(api, everyone, today, hours):
    before = TrainingRecord.objects.count()
    response = api.as_(everyone["peer"]).post(
        URL, {"course": "Course", "completed_on": str(today), "hours": hours}, format="multipart"
    )
    assert response.status_code == 400 and "hours" in response.json()
    assert TrainingRecord.objects.count() == before


def test_the_service_checks_hours_whoever_calls_it(everyone, today):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.training_record_create(actor=everyone["peer"], course="C", completed_on=today, hours=Decimal("-2"))
    assert "hours" in refused.value.message_dict
    assert not TrainingRecord.objects.filter(course="C").exists()


def test_the_page_form_takes_hours_and_refuses_too_many(client, everyone, today):
    client.force_login(everyone["peer"])
    url = reverse("competencies:training-list")
    refused = client.post(url, {"course": "Long course", "completed_on": str(today), "hours": "9999"})
    assert refused.status_code == 400 and not TrainingRecord.objects.filter(course="Long course").exists()
    client.post(url, {"course": "Long course", "completed_on": str(today), "hours": "12"})
    assert TrainingRecord.objects.get(course="Long course").hours == Decimal("12")
    assert "12" in client.get(url).content.decode()
