import pytest
from django.core import mail

from apps.accounts.models import User

pytestmark = pytest.mark.django_db


def test_peer_sees_colleagues_but_not_other_teams(api, everyone):
    usernames = {w["username"] for w in api.as_(everyone["peer"]).get("/api/v1/workers/").json()["results"]}
    assert {"pat", "robin", "sam", "morgan", "casey"} <= usernames
    assert "hana" not in usernames and "otto" not in usernames and "ada" not in usernames


def test_worker_of_another_organisation_is_404(api, everyone):
    assert api.as_(everyone["admin"]).get(f"/api/v1/workers/{everyone['outsider'].pk}/").status_code == 404


def test_malformed_id_is_404_not_500(api, everyone):
    assert api.as_(everyone["admin"]).get("/api/v1/workers/not-a-uuid/").status_code == 404


def test_org_admin_creates_a_worker_with_a_password(api, everyone):
    body = {
        "username": "newbie",
        "display_name": "New Bie",
        "email": "newbie@example.invalid",
        "worker_kind": "peer",
        "contracted_hours_per_week": "22.5",
        "password": "a long enough passphrase",
    }
    response = api.as_(everyone["admin"]).post("/api/v1/workers/", body, format="json")
    assert response.status_code == 201, response.json()
    user = User.objects.get(username="newbie")
    assert user.check_password("a long enough passphrase")
    assert user.organisation == everyone["admin"].organisation
    assert "password" not in response.json()
    assert mail.outbox == []


def test_creating_a_worker_without_password_emails_a_set_password_link(
    api, everyone, django_capture_on_commit_callbacks
):
    body = {"username": "invitee", "display_name": "In Vitee", "email": "invitee@example.invalid"}
    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_(everyone["admin"]).post("/api/v1/workers/", body, format="json")
    assert response.status_code == 201, response.json()
    assert not User.objects.get(username="invitee").has_usable_password()
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_set_password_link_lets_the_worker_sign_in_once(api, client, everyone, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        api.as_(everyone["admin"]).post(
            "/api/v1/workers/",
            {"username": "linky", "display_name": "Lin Ky", "email": "linky@example.invalid"},
            format="json",
        )
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link.split("127.0.0.1:8000", 1)[1] if "127.0.0.1:8000" in link else link
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(form_url, {"new_password1": "river stones at dawn", "new_password2": "river stones at dawn"})
    assert response.status_code == 302
    assert User.objects.get(username="linky").check_password("river stones at dawn")
    # The link is single-use.
    assert b"expired" in client.get(path, follow=True).content


def test_mass_assignment_of_organisation_and_org_admin_is_refused_naming_them(api, everyone, other_org):
    body = {
        "username": "sneaky",
        "display_name": "Snea Ky",
        "password": "a long enough passphrase",
        "organisation": str(other_org.pk),
        "is_org_admin": True,
    }
    refused = api.as_(everyone["admin"]).post("/api/v1/workers/", body, format="json")
    assert refused.status_code == 400 and {"organisation", "is_org_admin"} <= set(refused.json())
    assert not User.objects.filter(username="sneaky").exists()
    del body["organisation"], body["is_org_admin"]
    response = api.as_(everyone["admin"]).post("/api/v1/workers/", body, format="json")
    assert response.status_code == 201
    user = User.objects.get(username="sneaky")
    assert user.organisation == everyone["admin"].organisation and not user.is_org_admin


def test_peer_cannot_create_workers(api, everyone):
    body = {"username": "nope", "display_name": "No Pe", "password": "a long enough passphrase"}
    assert api.as_(everyone["peer"]).post("/api/v1/workers/", body, format="json").status_code == 403


def test_weak_password_is_a_400_on_password(api, everyone):
    body = {"username": "weak", "display_name": "We Ak", "password": "password"}
    response = api.as_(everyone["admin"]).post("/api/v1/workers/", body, format="json")
    assert response.status_code == 400 and "password" in response.json()
    assert not User.objects.filter(username="weak").exists()


def test_duplicate_username_is_a_400_on_username(api, everyone):
    body = {"username": "PAT", "display_name": "Pat Again", "password": "a long enough passphrase"}
    response = api.as_(everyone["admin"]).post("/api/v1/workers/", body, format="json")
    assert response.status_code == 400 and "username" in response.json()


def test_manager_updates_member_hours_but_not_org_admin_flag(api, everyone):
    peer = everyone["peer"]
    response = api.as_(everyone["manager"]).patch(
        f"/api/v1/workers/{peer.pk}/", {"contracted_hours_per_week": "15", "is_org_admin": True}, format="json"
    )
    assert response.status_code == 400 and "is_org_admin" in response.json()
    peer.refresh_from_db()
    assert peer.contracted_hours_per_week != 15 and not peer.is_org_admin
    response = api.as_(everyone["manager"]).patch(
        f"/api/v1/workers/{peer.pk}/", {"contracted_hours_per_week": "15"}, format="json"
    )
    assert response.status_code == 200, response.json()
    peer.refresh_from_db()
    assert peer.contracted_hours_per_week == 15 and not peer.is_org_admin


def test_worker_may_change_own_name_but_not_own_hours(api, everyone):
    peer = everyone["peer"]
    client = api.as_(peer)
    assert client.patch(f"/api/v1/workers/{peer.pk}/", {"display_name": "Pat P."}, format="json").status_code == 200
    response = client.patch(f"/api/v1/workers/{peer.pk}/", {"contracted_hours_per_week": "40"}, format="json")
    assert response.status_code == 400 and "contracted_hours_per_week" in response.json()


def test_peer_cannot_edit_a_colleague(api, everyone):
    response = api.as_(everyone["peer"]).patch(
        f"/api/v1/workers/{everyone['peer2'].pk}/", {"display_name": "x"}, format="json"
    )
    assert response.status_code == 403


def test_me_lists_teams_with_team_role_and_supervisees(api, everyone, riverside):
    body = api.as_(everyone["supervisor"]).get("/api/v1/me/").json()
    assert body["teams"] == [{"id": str(riverside.pk), "name": "Riverside", "team_role": "supervisor"}]
    assert [s["display_name"] for s in body["supervisees"]] == ["Pat Peer"]
    assert body["organisation"]["time_zone"] == "Europe/London"
