"""Importing people and their team from a CSV (an ESR-like export): dry run, apply, re-import."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from apps.accounts.models import User
from apps.audit.models import AuditEvent
from apps.core.dates import org_today
from apps.imports.models import ImportMapping, ImportRun
from apps.teams.models import Membership
from tests.factories import UserFactory
from tests.imports.helpers import PEOPLE_HEADINGS, actions, apply, csv_bytes, problems, upload, upload_and_check

pytestmark = pytest.mark.django_db


def esr_rows():
    return [
        [
            "10001",
            "Jo",
            "Bloggs",
            "jo.bloggs@nhs.example",
            "Peer Support Worker",
            "peer",
            "37.5",
            "Riverside",
            "01/04/2024",
            "",
        ],
        [
            "10002",
            "Ren",
            "Ó Súilleabháin",
            "ren@nhs.example",
            "Peer Support Worker",
            "Peer support worker",
            "22.5",
            "harbour",
            "2024-05-01",
            "",
        ],
        ["10003", "Sam", "Smith", "sam@nhs.example", "Clinical Lead", "clinical", "", "", "", ""],
    ]


@pytest.fixture
def signed_in(client, admin, riverside, harbour):
    client.force_login(admin)
    return client


def test_the_dry_run_shows_every_row_and_changes_nothing(signed_in, admin):
    before = User.objects.count()
    run = upload_and_check(signed_in, csv_bytes(PEOPLE_HEADINGS, esr_rows()))
    assert run.status == ImportRun.Status.CHECKED
    assert actions(run) == ["create", "create", "create"]
    assert run.counts == {"create": 3, "update": 0, "unchanged": 0, "leave": 0, "error": 0}
    assert User.objects.count() == before and not Membership.objects.filter(worker__email__endswith="nhs.example")
    assert not AuditEvent.objects.filter(target_type="accounts.user").exists()  # rolled back, audit included
    page = signed_in.get(reverse("imports:run-detail", args=[run.pk]))
    assert page.status_code == 200 and b"Apply these changes" in page.content and b"Row 4" in page.content


def test_applying_creates_people_with_their_team_and_a_second_import_changes_nothing(
    signed_in, admin, riverside, harbour
):
    data = csv_bytes(PEOPLE_HEADINGS, esr_rows())
    run = apply(signed_in, upload_and_check(signed_in, data))
    assert run.status == ImportRun.Status.APPLIED and run.content == b""
    jo = User.objects.get(employee_number="10001")
    assert (jo.display_name, jo.email, jo.job_title, jo.worker_kind, jo.contracted_hours_per_week) == (
        "Jo Bloggs",
        "jo.bloggs@nhs.example",
        "Peer Support Worker",
        "peer",
        Decimal("37.5"),
    )
    assert jo.organisation_id == admin.organisation_id and not jo.has_usable_password()
    membership = Membership.objects.get(worker=jo)
    assert (membership.team, membership.joined_on, membership.left_on, membership.team_role) == (
        riverside,
        date(2024, 4, 1),
        None,
        "member",
    )
    ren = User.objects.get(employee_number="10002")
    assert ren.display_name == "Ren Ó Súilleabháin" and Membership.objects.get(worker=ren).team == harbour
    sam = User.objects.get(employee_number="10003")
    assert sam.worker_kind == "clinical" and sam.contracted_hours_per_week == 0 and not sam.memberships.exists()
    assert mail.outbox == []  # imports do not mail thousands of invitations
    summary = AuditEvent.objects.get(target_type="imports.importrun")
    assert summary.actor == admin and summary.detail == "people import: create 3, update 0, unchanged 0, leave 0"
    assert AuditEvent.objects.filter(target_type="accounts.user", action="create", actor=admin).count() == 3

    again = upload_and_check(signed_in, data)
    assert actions(again) == ["unchanged"] * 3
    users, memberships = User.objects.count(), Membership.objects.count()
    apply(signed_in, again)
    assert (User.objects.count(), Membership.objects.count()) == (users, memberships)


def test_the_mapping_is_remembered_for_the_next_file(signed_in, admin):
    headings = ["Staff No", "Forename", "Surname", "Work e-mail", "Dept"]
    rows = [["1", "Al", "One", "al@nhs.example", "Riverside"]]
    columns = {
        "employee_number": "Staff No",
        "first_name": "Forename",
        "last_name": "Surname",
        "email": "Work e-mail",
        "team": "Dept",
    }
    run = upload_and_check(signed_in, csv_bytes(headings, rows), columns=columns)
    assert actions(run) == ["create"]
    assert ImportMapping.objects.get(organisation=admin.organisation, kind="people").columns == columns
    upload(signed_in, csv_bytes(headings, rows))
    second = ImportRun.objects.latest("created_at")
    page = signed_in.get(reverse("imports:run-columns", args=[second.pk]))
    assert {k: v for k, v in page.context["form"].initial.items() if v} == columns


def test_an_update_changes_only_what_differs_and_the_old_address_is_told(
    signed_in, admin, peer, django_capture_on_commit_callbacks
):
    peer.employee_number = "555"
    peer.save()
    rows = [["555", "x", "y", "new.pat@nhs.example", "Senior PSW", "peer", "20", "Riverside", "", ""]]
    run = upload_and_check(signed_in, csv_bytes(PEOPLE_HEADINGS, rows))
    assert actions(run) == ["update"]
    assert run.results[0]["changes"] == ["Contracted Hours", "Email Address", "Position Title"]
    old_email = peer.email
    with django_capture_on_commit_callbacks(execute=True):
        apply(signed_in, run)
    peer.refresh_from_db()
    assert (peer.email, peer.job_title, peer.contracted_hours_per_week) == ("new.pat@nhs.example", "Senior PSW", 20)
    assert peer.display_name == "Pat Peer"  # a person's name is theirs once they have an account
    assert [m.to for m in mail.outbox] == [[old_email]]  # the same rule as the People page


def test_an_end_date_that_has_passed_records_the_leaving(
    signed_in, admin, peer, riverside, django_capture_on_commit_callbacks
):
    peer.employee_number = "777"
    peer.save()
    ended = (org_today(admin.organisation) - timedelta(days=3)).isoformat()
    rows = [["777", "", "", peer.email, "", "", "", "Riverside", "", ended]]
    run = upload_and_check(signed_in, csv_bytes(PEOPLE_HEADINGS, rows))
    assert actions(run) == ["leave"]
    peer.refresh_from_db()
    assert peer.status == User.Status.ACTIVE  # only a check
    with django_capture_on_commit_callbacks(execute=True):
        apply(signed_in, run)
    peer.refresh_from_db()
    assert peer.status == User.Status.LEFT and not peer.is_active
    assert Membership.objects.get(worker=peer, team=riverside).left_on.isoformat() == ended
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [peer.email]  # the leaving e-mail, as on the People page
    again = upload_and_check(signed_in, csv_bytes(PEOPLE_HEADINGS, rows))
    assert actions(again) == ["unchanged"]


def test_your_own_address_is_never_changed_by_an_import(signed_in, admin):
    admin.employee_number = "1"
    admin.save()
    rows = [["1", "", "", "elsewhere@nhs.example", "", "", "", "", "", ""]]
    run = upload_and_check(signed_in, csv_bytes(PEOPLE_HEADINGS, rows))
    assert actions(run) == ["error"]
    assert problems(run)[0][1] == "Email Address" and "My account" in problems(run)[0][2]


@pytest.mark.parametrize("encoding,bom", [("utf-8", False), ("utf-8", True), ("cp1252", False)])
def test_utf8_with_or_without_bom_and_windows_1252_read_the_same(signed_in, encoding, bom):
    rows = [["1", "Zoë", "Ó Brien", "zoe@nhs.example", "", "", "", "", "", ""]]
    run = upload_and_check(signed_in, csv_bytes(PEOPLE_HEADINGS, rows, encoding=encoding, bom=bom))
    apply(signed_in, run)
    assert User.objects.get(employee_number="1").display_name == "Zoë Ó Brien"


def test_a_row_with_a_problem_means_nothing_can_be_applied(signed_in):
    rows = esr_rows()
    rows[1][7] = "Nowhere"
    run = upload_and_check(signed_in, csv_bytes(PEOPLE_HEADINGS, rows))
    assert actions(run) == ["create", "error", "create"]
    assert problems(run) == [
        (
            3,
            "Team",
            "There is no team called “Nowhere” in your organisation. "
            "Create it on the Teams page first, or correct the name.",
        )
    ]
    response = signed_in.post(reverse("imports:run-apply", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportRun.Status.CHECKED
    assert not User.objects.filter(email__endswith="nhs.example").exists()


def test_an_apply_that_meets_a_change_since_the_check_changes_nothing(signed_in, admin):
    run = upload_and_check(signed_in, csv_bytes(PEOPLE_HEADINGS, esr_rows()))
    assert run.can_apply
    # Meanwhile someone takes Sam Smith's name on the People page.
    UserFactory(organisation=admin.organisation, display_name="Sam Smith", email="other.sam@example.invalid")
    run = apply(signed_in, run)
    assert run.status == ImportRun.Status.CHECKED and run.apply_refused
    assert actions(run) == ["create", "create", "error"] and problems(run)[0][:2] == (4, "First Name")
    assert not User.objects.filter(email__endswith="nhs.example").exists()  # the first two rolled back too
    assert not AuditEvent.objects.filter(target_type="imports.importrun").exists()
    page = signed_in.get(reverse("imports:run-detail", args=[run.pk]))
    assert "Nothing was changed" in page.content.decode()


def test_the_progress_fragment_opened_directly_leads_to_its_page(signed_in):
    run = upload_and_check(signed_in, csv_bytes(PEOPLE_HEADINGS, esr_rows()))
    url = reverse("imports:run-progress", args=[run.pk])
    assert signed_in.get(url).url == reverse("imports:run-detail", args=[run.pk])
    fragment = signed_in.get(url, headers={"HX-Request": "true"})
    assert fragment["HX-Refresh"] == "true" and b"<progress" in fragment.content  # done: the page reloads
