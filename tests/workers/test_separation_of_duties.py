"""Separation of duties (issue 13, cases 2 and 9): only org admins create accounts and change a
colleague's name or e-mail address; team managers keep membership and work details."""

import pytest
from django.core import mail

from apps.accounts.models import User
from apps.audit.models import AuditEvent
from apps.teams.models import Membership

pytestmark = pytest.mark.django_db

NEW_PERSON = {"username": "puppet", "display_name": "Sock Puppet", "password": "a long enough passphrase"}


def test_manager_cannot_create_an_account_through_the_api(api, everyone):
    before = User.objects.count()
    response = api.as_(everyone["manager"]).post("/api/v1/workers/", NEW_PERSON, format="json")
    assert response.status_code == 403
    assert User.objects.count() == before
    assert not User.objects.filter(username="puppet").exists()


def test_manager_sees_no_add_person_form_and_cannot_post_one(client, everyone):
    client.force_login(everyone["manager"])
    page = client.get("/people/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="worker-username"' not in html
    assert "Only an org admin creates accounts" in html
    assert 'name="membership-worker"' in html  # managers keep team membership
    response = client.post(
        "/people/",
        {f"worker-{k}": v for k, v in NEW_PERSON.items()}
        | {"worker-worker_kind": "peer", "worker-contracted_hours_per_week": "10", "worker-email": ""},
    )
    assert response.status_code == 403
    assert not User.objects.filter(username="puppet").exists()


def test_org_admin_sees_the_add_person_form(client, everyone):
    client.force_login(everyone["admin"])
    assert 'name="worker-username"' in client.get("/people/").content.decode()


def test_manager_still_adds_an_existing_person_to_their_team(client, everyone, riverside):
    client.force_login(everyone["manager"])
    response = client.post(
        "/people/",
        {
            "membership-team": str(riverside.pk),
            "membership-worker": str(everyone["harbour_peer"].pk),
            "membership-team_role": "member",
            "membership-joined_on": "",
        },
    )
    assert response.status_code == 302
    assert Membership.objects.filter(team=riverside, worker=everyone["harbour_peer"], left_on__isnull=True).exists()


@pytest.mark.parametrize("field,value", [("email", "elsewhere@example.invalid"), ("display_name", "Someone Else")])
def test_manager_cannot_change_a_members_name_or_email(api, everyone, field, value, django_capture_on_commit_callbacks):
    peer = everyone["peer"]
    before = (peer.email, peer.display_name)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_(everyone["manager"]).patch(f"/api/v1/workers/{peer.pk}/", {field: value}, format="json")
    assert response.status_code == 400
    assert field in response.json() and "org admin" in response.json()[field][0]
    peer.refresh_from_db()
    assert (peer.email, peer.display_name) == before
    assert mail.outbox == []


def test_manager_keeps_changing_work_details(api, everyone):
    peer = everyone["peer"]
    response = api.as_(everyone["manager"]).patch(
        f"/api/v1/workers/{peer.pk}/", {"worker_kind": "other", "contracted_hours_per_week": "12.5"}, format="json"
    )
    assert response.status_code == 200, response.json()
    peer.refresh_from_db()
    assert peer.worker_kind == "other" and str(peer.contracted_hours_per_week) == "12.5"


def test_org_admin_changes_an_address_at_once_and_the_old_address_is_told(
    api, everyone, django_capture_on_commit_callbacks
):
    peer = everyone["peer"]
    old = peer.email
    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_(everyone["admin"]).patch(
            f"/api/v1/workers/{peer.pk}/", {"email": "pat.new@example.invalid"}, format="json"
        )
    assert response.status_code == 200, response.json()
    peer.refresh_from_db()
    assert peer.email == "pat.new@example.invalid"
    assert [m.to for m in mail.outbox] == [[old]]
    assert "pat.new@example.invalid" not in mail.outbox[0].body  # the new address is not disclosed
    assert AuditEvent.objects.filter(target_id=peer.pk, action="update", detail="email").exists()


def test_org_admin_renames_a_colleague(api, everyone):
    peer = everyone["peer"]
    response = api.as_(everyone["admin"]).patch(
        f"/api/v1/workers/{peer.pk}/", {"display_name": "Pat P."}, format="json"
    )
    assert response.status_code == 200
    peer.refresh_from_db()
    assert peer.display_name == "Pat P."


def test_worker_cannot_change_own_email_directly(api, everyone):
    peer = everyone["peer"]
    response = api.as_(peer).patch(f"/api/v1/workers/{peer.pk}/", {"email": "mine@example.invalid"}, format="json")
    assert response.status_code == 400 and "confirm" in response.json()["email"][0]
    peer.refresh_from_db()
    assert peer.email == "pat@example.invalid"


def test_org_admin_cannot_change_own_email_without_confirming(api, everyone):
    admin = everyone["admin"]
    response = api.as_(admin).patch(f"/api/v1/workers/{admin.pk}/", {"email": "ada2@example.invalid"}, format="json")
    assert response.status_code == 400 and "email" in response.json()
    admin.refresh_from_db()
    assert admin.email == "ada@example.invalid"


def test_edit_page_shows_name_and_email_read_only_to_a_manager(client, everyone):
    peer = everyone["peer"]
    client.force_login(everyone["manager"])
    page = client.get(f"/people/{peer.pk}/edit/")
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        'name="email"' in html
        and "disabled" in html.split('name="email"')[1].split(">")[0] + html.split('name="email"')[0].rsplit("<", 1)[1]
    )
    response = client.post(
        f"/people/{peer.pk}/edit/",
        {
            "display_name": "Hijacked",
            "email": "hijack@example.invalid",
            "worker_kind": "peer",
            "contracted_hours_per_week": "20",
        },
    )
    assert response.status_code == 302
    peer.refresh_from_db()
    assert peer.display_name == "Pat Peer" and peer.email == "pat@example.invalid"
    assert str(peer.contracted_hours_per_week) == "20.0"


def test_org_admin_changes_a_name_and_address_on_the_edit_page(client, everyone, django_capture_on_commit_callbacks):
    peer = everyone["peer"]
    client.force_login(everyone["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/people/{peer.pk}/edit/",
            {
                "display_name": "Pat Q. Peer",
                "email": "pat.q@example.invalid",
                "worker_kind": "peer",
                "contracted_hours_per_week": "30",
            },
        )
    assert response.status_code == 302
    peer.refresh_from_db()
    assert (peer.display_name, peer.email) == ("Pat Q. Peer", "pat.q@example.invalid")
    assert [m.to for m in mail.outbox] == [["pat@example.invalid"]]


def test_edit_page_refuses_a_colleagues_name_with_a_400(client, everyone):
    peer = everyone["peer"]
    client.force_login(everyone["admin"])
    response = client.post(
        f"/people/{peer.pk}/edit/",
        {"display_name": "Robin Peer", "email": peer.email, "worker_kind": "peer", "contracted_hours_per_week": "30"},
    )
    assert response.status_code == 400
    assert "already has this name" in response.content.decode()
    peer.refresh_from_db()
    assert peer.display_name == "Pat Peer"


def test_peer_cannot_open_a_colleagues_edit_page(client, everyone):
    client.force_login(everyone["peer"])
    assert client.get(f"/people/{everyone['peer2'].pk}/edit/").status_code == 403
    assert client.get(f"/people/{everyone['harbour_peer'].pk}/edit/").status_code == 404


def test_worker_changes_own_name_on_my_account_but_not_to_a_colleagues(client, everyone):
    peer = everyone["peer"]
    client.force_login(peer)
    refused = client.post("/people/me/", {"name-display_name": "Robin Peer"})
    assert refused.status_code == 400 and "already has this name" in refused.content.decode()
    peer.refresh_from_db()
    assert peer.display_name == "Pat Peer"
    assert client.post("/people/me/", {"name-display_name": "Pat \u202eP."}).status_code == 302
    peer.refresh_from_db()
    assert peer.display_name == "Pat P."


def test_manager_is_refused_before_the_body_is_validated(api, everyone):
    response = api.as_(everyone["manager"]).post("/api/v1/workers/", {"username": ""}, format="json")
    assert response.status_code == 403
