"""Bad files and bad cells: each a clear message naming the row and the column; nothing stored."""

import pytest
from django.urls import reverse

from apps.accounts.models import User
from apps.imports.models import ImportMapping, ImportRun
from tests.imports.helpers import PEOPLE_HEADINGS, actions, csv_bytes, problems, upload, upload_and_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, admin, riverside):
    client.force_login(admin)
    return client


def row(number="1", first="Al", last="One", email="al@nhs.example", hours="", team="", start="", end=""):
    return [number, first, last, email, "", "", hours, team, start, end]


def refused_upload(client, data, name="staff.csv"):
    runs, people = ImportRun.objects.count(), User.objects.count()
    response = upload(client, data, name=name)
    assert response.status_code == 400
    assert (ImportRun.objects.count(), User.objects.count()) == (runs, people)  # nothing stored
    return response.context["form"].errors["file"][0]


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_a_formula_cell_is_refused_naming_its_row_and_column(signed_in, cell):
    run = upload_and_check(signed_in, csv_bytes(PEOPLE_HEADINGS, [row(), row("2", first=cell, email="b@nhs.example")]))
    assert actions(run) == ["create", "error"]
    [(number, column, message)] = problems(run)
    assert (number, column) == (3, "First Name") and "formula" in message
    assert not User.objects.filter(email__endswith="nhs.example").exists()


def test_duplicate_keys_in_one_file_are_refused(signed_in):
    rows = [row(), row("2", email="AL@nhs.example", first="Bo"), row("1", email="c@nhs.example", first="Cy")]
    run = upload_and_check(signed_in, csv_bytes(PEOPLE_HEADINGS, rows))
    assert actions(run) == ["create", "error", "error"]
    assert problems(run) == [
        (3, "Email Address", "Row 2 has the same e-mail address: each may appear once."),
        (4, "Employee Number", "Row 2 has the same employee number: each may appear once."),
    ]


@pytest.mark.parametrize(
    "value,message",
    [
        ("31/02/2024", "“31/02/2024” is not a real date (check the day and the month)."),
        ("2024-13-01", "“2024-13-01” is not a real date (check the day and the month)."),
        ("next week", "“next week” is not a date we can read. Use YYYY-MM-DD or DD/MM/YYYY."),
    ],
)
def test_an_impossible_date_is_refused(signed_in, value, message):
    run = upload_and_check(signed_in, csv_bytes(PEOPLE_HEADINGS, [row(team="Riverside", start=value)]))
    assert problems(run) == [(2, "Assignment Start Date", message)]


def test_impossible_hours_are_refused_by_the_same_rule_as_the_people_page(signed_in):
    run = upload_and_check(
        signed_in, csv_bytes(PEOPLE_HEADINGS, [row(hours="95"), row("2", email="b@x.example", first="B", hours="lots")])
    )
    assert problems(run) == [
        (
            2,
            "Contracted Hours",
            "Give the hours in their contract, from 0.5 to 80 a week, or 0 for no contracted hours.",
        ),
        (3, "Contracted Hours", "“lots” is not a number of hours (e.g. 37.5)."),
    ]


def test_a_look_alike_name_is_refused_as_on_the_people_page(signed_in, peer):
    run = upload_and_check(signed_in, csv_bytes(PEOPLE_HEADINGS, [row(first="PAT", last="Peer")]))
    [(number, column, message)] = problems(run)
    assert (number, column) == (2, "First Name") and "already has this name" in message


def test_a_file_mixing_encodings_is_refused_naming_the_row(signed_in):
    data = csv_bytes(PEOPLE_HEADINGS, [row(first="Zoë")]) + "2,Ségolène,X,s@x.example,,,,,,\r\n".encode("cp1252")
    assert refused_upload(signed_in, data) == (
        "Row 3, column 2: this file mixes encodings (row 2 is UTF-8, row 3 is not). "
        "Save it again as “CSV UTF-8” and upload it again."
    )


def test_a_file_over_the_limit_is_refused_before_it_is_read(signed_in, settings):
    settings.IMPORT_MAX_BYTES = 1000
    message = refused_upload(signed_in, csv_bytes(PEOPLE_HEADINGS, [row()] * 30))
    assert message.startswith("This file is 0.0 MB; the most we take is 0 MB.") or "the most we take" in message


def test_the_default_limit_is_50_mb():
    from django.conf import settings

    assert settings.IMPORT_MAX_BYTES == 50_000_000


def test_a_ragged_csv_names_the_row(signed_in):
    data = b"Employee Number,Email Address\r\n1,a@x.example\r\n2,b@x.example,extra\r\n"
    assert refused_upload(signed_in, data).startswith("Row 3 has 3 cells but row 1 has 2 headings.")


def test_a_file_that_is_not_a_table_is_refused(signed_in):
    assert "could not be opened" in refused_upload(signed_in, b"PK\x03\x04not really a zip", name="staff.xlsx")
    assert refused_upload(signed_in, b" \r\n", name="staff.csv") == "This file is empty."


def test_columns_that_cannot_identify_anyone_are_refused(signed_in, admin):
    upload(signed_in, csv_bytes(PEOPLE_HEADINGS, [row()]))
    run = ImportRun.objects.get()
    response = signed_in.post(reverse("imports:run-columns", args=[run.pk]), {"first_name": "First Name"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "employee_number" in errors and "display_name" in errors
    run.refresh_from_db()
    assert run.status == ImportRun.Status.UPLOADED and not ImportMapping.objects.exists()


@pytest.mark.parametrize("persona", ["manager", "peer", "supervisor"])
def test_only_org_admins_import(client, everyone, persona):
    client.force_login(everyone[persona])
    assert client.get(reverse("imports:home")).status_code == 403
    assert upload(client, csv_bytes(PEOPLE_HEADINGS, [row()])).status_code == 403
    assert client.get(reverse("imports:export") + "?kind=people").status_code == 403
    assert not ImportRun.objects.exists() and not User.objects.filter(email="al@nhs.example").exists()


def test_another_organisations_import_does_not_exist(client, everyone):
    client.force_login(everyone["admin"])
    run = upload_and_check(client, csv_bytes(PEOPLE_HEADINGS, [row()]))
    client.force_login(everyone["outsider"])
    for name in ("imports:run-detail", "imports:run-columns", "imports:run-progress"):
        assert client.get(reverse(name, args=[run.pk])).status_code == 404
    assert client.post(reverse("imports:run-apply", args=[run.pk])).status_code == 404
    run.refresh_from_db()
    assert run.status == ImportRun.Status.CHECKED and not User.objects.filter(email="al@nhs.example").exists()
    client.force_login(everyone["manager"])
    assert client.post(reverse("imports:run-apply", args=[run.pk])).status_code == 403
    run.refresh_from_db()
    assert run.status == ImportRun.Status.CHECKED
