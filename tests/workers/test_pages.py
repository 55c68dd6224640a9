import pytest
from django.core import mail

from apps.accounts.models import User
from apps.teams.models import Membership

pytestmark = pytest.mark.django_db


def test_org_admin_adds_a_person_on_the_people_page(client, everyone, django_capture_on_commit_callbacks):
    client.force_login(everyone["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/people/",
            {
                "worker-username": "jo",
                "worker-display_name": "Jo Newcomer",
                "worker-email": "jo@example.invalid",
                "worker-worker_kind": "peer",
                "worker-contracted_hours_per_week": "20",
                "worker-password": "",
            },
        )
    assert response.status_code == 302
    assert User.objects.get(username="jo").organisation == everyone["admin"].organisation
    assert len(mail.outbox) == 1 and "Set your password" not in mail.outbox[0].subject


def test_rejected_person_form_keeps_what_was_typed_and_names_the_field(client, everyone):
    client.force_login(everyone["admin"])
    response = client.post(
        "/people/",
        {
            "worker-username": "pat",
            "worker-display_name": "Typed Name Kept",
            "worker-email": "",
            "worker-worker_kind": "peer",
            "worker-contracted_hours_per_week": "20",
            "worker-password": "",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Typed Name Kept" in html
    assert "already taken" in html


def test_org_admin_adds_someone_to_a_team_on_the_people_page(client, everyone, harbour):
    client.force_login(everyone["admin"])
    response = client.post(
        "/people/",
        {
            "membership-team": str(harbour.pk),
            "membership-worker": str(everyone["peer2"].pk),
            "membership-team_role": "member",
            "membership-joined_on": "",
        },
    )
    assert response.status_code == 302
    assert Membership.objects.filter(team=harbour, worker=everyone["peer2"]).exists()


def test_peer_cannot_open_the_people_page(client, everyone):
    client.force_login(everyone["peer"])
    assert client.get("/people/").status_code == 403


def test_header_shows_people_link_only_to_those_who_may_manage_people(client, everyone):
    client.force_login(everyone["peer"])
    assert b'href="/people/"' not in client.get("/").content
    client.force_login(everyone["manager"])
    assert b'href="/people/"' in client.get("/").content


def test_team_page_of_another_team_is_404(client, everyone, harbour):
    client.force_login(everyone["peer"])
    assert client.get(f"/teams/{harbour.pk}/").status_code == 404


def test_member_sees_team_page_without_management_controls(client, everyone, riverside):
    client.force_login(everyone["peer"])
    response = client.get(f"/teams/{riverside.pk}/")
    assert response.status_code == 200
    assert b"Pat Peer" in response.content and b"Add a member" not in response.content


def test_member_cannot_remove_a_colleague(client, everyone, riverside):
    client.force_login(everyone["peer"])
    membership = Membership.objects.get(team=riverside, worker=everyone["peer2"])
    assert client.post(f"/teams/memberships/{membership.pk}/remove/").status_code == 403
