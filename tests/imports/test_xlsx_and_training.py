"""XLSX files (dates as date cells, numbers as numbers, formulas refused) and training records."""

import io
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from django.urls import reverse

from apps.accounts.models import User
from apps.audit.models import AuditEvent
from apps.competencies.models import TrainingRecord
from apps.core.dates import org_today
from tests.factories import UserFactory
from tests.imports.helpers import actions, apply, csv_bytes, problems, upload_and_check

pytestmark = pytest.mark.django_db

TRAINING_HEADINGS = ["Employee Number", "Competence Name", "Training Provider", "Achievement Date", "Expiry Date"]


def xlsx_bytes(headings, rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def signed_in(client, admin, riverside):
    client.force_login(admin)
    return client


def test_an_xlsx_file_with_date_and_number_cells_imports(signed_in, riverside):
    headings = [
        "Employee Number",
        "First Name",
        "Last Name",
        "Email Address",
        "Contracted Hours",
        "Team",
        "Assignment Start Date",
    ]
    rows = [
        [10001, "Jo", "Bloggs", "jo@nhs.example", 37.5, "Riverside", datetime(2024, 4, 1)],
        [10002, "Ren", "Lee", "ren@nhs.example", 30, "Riverside", date(2023, 1, 9)],
    ]
    run = apply(signed_in, upload_and_check(signed_in, xlsx_bytes(headings, rows), name="esr.xlsx"))
    assert actions(run) == ["create", "create"]
    jo = User.objects.get(employee_number="10001")
    assert jo.contracted_hours_per_week == 37.5 and jo.memberships.get().joined_on == date(2024, 4, 1)
    again = upload_and_check(signed_in, xlsx_bytes(headings, rows), name="esr.xlsx")
    assert actions(again) == ["unchanged", "unchanged"]


def test_a_formula_in_an_xlsx_cell_is_refused_not_evaluated(signed_in):
    headings = ["Employee Number", "First Name", "Last Name", "Email Address"]
    run = upload_and_check(
        signed_in, xlsx_bytes(headings, [[1, '=CONCAT("A","B")', "X", "a@nhs.example"]]), name="f.xlsx"
    )
    [(number, column, message)] = problems(run)
    assert (number, column) == (2, "First Name") and "formula" in message
    assert not User.objects.filter(email="a@nhs.example").exists()


def test_training_records_import_for_people_by_employee_number_and_twice_changes_nothing(signed_in, admin, peer):
    peer.employee_number = "42"
    peer.save()
    today = org_today(admin.organisation)
    rows = [
        ["42", "Safeguarding Adults Level 2", "NHS Trust", "01/03/2025", "01/03/2028"],
        ["42", "Basic Life Support", "", (today - timedelta(days=10)).isoformat(), ""],
    ]
    run = upload_and_check(signed_in, csv_bytes(TRAINING_HEADINGS, rows), kind="training")
    assert actions(run) == ["create", "create"] and not TrainingRecord.objects.exists()
    apply(signed_in, run)
    record = TrainingRecord.objects.get(worker=peer, course="Safeguarding Adults Level 2")
    assert (record.provider, record.completed_on, record.expires_on, record.organisation_id) == (
        "NHS Trust",
        date(2025, 3, 1),
        date(2028, 3, 1),
        admin.organisation_id,
    )
    assert AuditEvent.objects.filter(target_type="competencies.trainingrecord", actor=admin, subject=peer).count() == 2
    assert (
        actions(upload_and_check(signed_in, csv_bytes(TRAINING_HEADINGS, rows), kind="training")) == ["unchanged"] * 2
    )
    rows[0][4] = "01/03/2029"
    changed = apply(signed_in, upload_and_check(signed_in, csv_bytes(TRAINING_HEADINGS, rows), kind="training"))
    assert actions(changed) == ["update", "unchanged"] and changed.results[0]["changes"] == ["Expiry Date"]
    record.refresh_from_db()
    assert record.expires_on == date(2029, 3, 1) and TrainingRecord.objects.count() == 2


def test_training_problems_name_row_and_column(signed_in, admin, peer, outsider):
    peer.employee_number = "42"
    peer.save()
    outsider.employee_number = "99"  # another organisation's number is nobody here
    outsider.save()
    future = (org_today(admin.organisation) + timedelta(days=5)).isoformat()
    rows = [
        ["99", "BLS", "", "2025-01-01", ""],
        ["42", "BLS", "", future, ""],
        ["42", "BLS", "", "2025-02-01", "2024-01-01"],
        ["42", "", "", "2025-02-01", ""],
    ]
    run = upload_and_check(signed_in, csv_bytes(TRAINING_HEADINGS, rows), kind="training")
    assert problems(run) == [
        (2, "Employee Number", "Nobody in your organisation has this employee number or e-mail address."),
        (3, "Achievement Date", "The completion date cannot be in the future."),
        (4, "Expiry Date", "The expiry date cannot be before the completion date."),
        (5, "Competence Name", "Name the course."),
    ]
    assert not TrainingRecord.objects.exists()


def test_training_round_trip_through_the_xlsx_export(signed_in, admin, peer):
    peer.employee_number = "42"
    peer.save()
    other = UserFactory(organisation=admin.organisation, employee_number="", email="nonum@example.invalid")
    TrainingRecord.objects.create(
        organisation=admin.organisation,
        worker=peer,
        course="=BLS",
        provider="@Trust",
        completed_on=date(2025, 1, 1),
        expires_on=date(2026, 1, 1),
    )
    TrainingRecord.objects.create(
        organisation=admin.organisation, worker=other, course="Induction", completed_on=date(2024, 6, 1)
    )
    response = signed_in.get(reverse("imports:export") + "?kind=training&format=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["Employee number", "E-mail", "Course", "Provider", "Completed on", "Expires on"]
    assert ["42", peer.email, "'=BLS", "'@Trust", "2025-01-01", "2026-01-01"] in values
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)  # no live formula
    run = upload_and_check(signed_in, response.content, kind="training", name="pspteam-training.xlsx")
    assert actions(run) == ["unchanged", "unchanged"]
