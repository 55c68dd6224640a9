"""Export → import changes nothing; formula-looking values leave neutralised and come back intact."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.core.dates import org_today
from apps.teams.models import Membership
from tests.factories import UserFactory
from tests.imports.helpers import PEOPLE_HEADINGS, actions, apply, csv_bytes, upload_and_check

pytestmark = pytest.mark.django_db


def export(client, kind="people", fmt="csv") -> bytes:
    response = client.get(reverse("imports:export") + f"?kind={kind}&format={fmt}")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    return response.content


def test_exporting_and_importing_back_changes_nothing(client, everyone, riverside, harbour):
    admin = everyone["admin"]
    client.force_login(admin)
    today = org_today(admin.organisation)
    rows = [
        ["1", "Jo", "Bloggs", "jo@nhs.example", "PSW", "peer", "37.5", "Riverside", "01/04/2024", ""],
        [
            "2",
            "Al",
            "Lee",
            "al@nhs.example",
            "",
            "clinical",
            "0",
            "Harbour",
            "",
            (today + timedelta(days=30)).isoformat(),
        ],
        ["3", "Cy", "Gone", "cy@nhs.example", "", "", "", "Riverside", "2020-01-01", ""],
    ]
    apply(client, upload_and_check(client, csv_bytes(PEOPLE_HEADINGS, rows)))
    rows[2][-1] = (today - timedelta(days=1)).isoformat()
    leaving = upload_and_check(client, csv_bytes(PEOPLE_HEADINGS, rows))
    assert actions(leaving) == ["unchanged", "unchanged", "leave"]
    apply(client, leaving)
    UserFactory(organisation=admin.organisation, display_name="=cmd|' /C calc'!A0", email="tricky@example.invalid")
    exported = export(client)
    lines = list(csv.reader(io.StringIO(exported.decode("utf-8"))))
    assert lines[0] == [
        "Employee number",
        "Name",
        "E-mail",
        "Job title",
        "Worker kind",
        "Contracted hours",
        "Team",
        "Team role",
        "Start date",
        "End date",
    ]
    tricky = next(line for line in lines if line[2] == "tricky@example.invalid")
    assert tricky[1] == "'=cmd|' /C calc'!A0"  # never a live formula in our export
    assert not any(cell.startswith(("=", "+", "-", "@")) for line in lines for cell in line)

    memberships = list(Membership.objects.values_list("pk", "team_role", "joined_on", "left_on").order_by("pk"))
    run = upload_and_check(client, exported, name="pspteam-people.csv")
    assert set(actions(run)) == {"unchanged"} and len(actions(run)) == len(lines) - 1
    apply(client, run)
    assert list(Membership.objects.values_list("pk", "team_role", "joined_on", "left_on").order_by("pk")) == memberships
    assert AuditEvent.objects.filter(action="export", actor=admin, detail__startswith="people export").count() == 1
