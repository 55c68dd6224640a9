"""Uploading a file through the pages, as an org admin would."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.imports.models import ImportRun
from apps.imports.services import import_check, import_map, import_upload

PEOPLE_HEADINGS = [
    "Employee Number",
    "First Name",
    "Last Name",
    "Email Address",
    "Position Title",
    "Worker kind",
    "Contracted Hours",
    "Team",
    "Assignment Start Date",
    "Assignment End Date",
]


def csv_bytes(headings, rows, *, encoding="utf-8", bom=False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headings)
    writer.writerows(rows)
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def upload(client, data: bytes, *, kind="people", name="staff.csv"):
    return client.post(
        reverse("imports:home"),
        {"kind": kind, "file": SimpleUploadedFile(name, data, content_type="text/csv")},
    )


def upload_and_check(client, data: bytes, *, kind="people", name="staff.csv", columns=None) -> ImportRun:
    """Upload, accept the suggested columns (or ``columns``), run the dry run; the run re-read."""
    response = upload(client, data, kind=kind, name=name)
    assert response.status_code == 302, response.content.decode()[:3000]
    run = ImportRun.objects.latest("created_at")
    page = client.get(reverse("imports:run-columns", args=[run.pk]))
    assert page.status_code == 200
    chosen = columns if columns is not None else dict(page.context["form"].initial)
    response = client.post(reverse("imports:run-columns", args=[run.pk]), chosen)
    assert response.status_code == 302, response.content.decode()[:3000]
    run.refresh_from_db()
    return run


def apply(client, run: ImportRun) -> ImportRun:
    response = client.post(reverse("imports:run-apply", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    return run


def actions(run: ImportRun) -> list[str]:
    return [r["action"] for r in run.results]


def problems(run: ImportRun) -> list[tuple[int, str, str]]:
    return [(r["row"], e["column"], e["message"]) for r in run.results for e in r["errors"]]


def checked_import(admin) -> ImportRun:
    """A small people file uploaded and checked by ``admin`` (for the page walks)."""
    data = csv_bytes(["Employee number", "Name", "E-mail"], [["90001", "Nia Newstarter", "nia@example.invalid"]])
    run = import_upload(actor=admin, kind="people", file_name="staff.csv", data=data)
    import_map(
        actor=admin, run=run, chosen={"employee_number": "Employee number", "display_name": "Name", "email": "E-mail"}
    )
    return import_check(run_id=run.pk)
