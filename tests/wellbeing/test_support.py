"""After a low check-in, what might help (issue 15, item 5), and the organisation's support
contacts: an org setting kept by org admins, read by everyone in the organisation."""

from datetime import timedelta

import pytest

from apps.audit.models import AuditEvent
from apps.core.dates import org_today
from apps.notifications.models import Notification
from apps.supervision.models import Agreement
from apps.wellbeing.models import CheckIn, SupportContact

pytestmark = pytest.mark.django_db


def contact(org, **kwargs):
    data = {"kind": "crisis_line", "name": "Samaritans", "how_to_reach": "Call 116 123", "when_available": "Any time"}
    return SupportContact.objects.create(organisation=org, **{**data, **kwargs})


def test_a_very_low_check_in_is_answered_with_what_might_help(client, everyone, org, other_org):
    contact(org)
    contact(other_org, name="Southbank EAP", how_to_reach="Call 0800 999")
    client.force_login(everyone["peer"])
    response = client.post("/wellbeing/", {"mood": "1", "note": ""})
    check_in = CheckIn.objects.get(author=everyone["peer"])
    assert response.status_code == 302
    assert response["Location"] == f"/wellbeing/{check_in.pk}/support/"
    page = client.get(response["Location"]).content.decode()
    assert "Check-in saved" in page
    assert "Share with my supervisor" in page
    assert "Request supervision now" in page
    assert "Step away for a while" in page
    # The organisation's own contacts, never another organisation's.
    assert "Samaritans" in page and "Call 116 123" in page and "Any time" in page
    assert "Southbank EAP" not in page
    # Offered, not done: nothing is shared and nobody is told.
    check_in.refresh_from_db()
    assert check_in.share_with_supervisor is False
    assert not Notification.objects.filter(recipient=everyone["supervisor"]).exists()


def test_a_good_check_in_is_not_answered_with_support(client, everyone):
    client.force_login(everyone["peer"])
    response = client.post("/wellbeing/", {"mood": "4"})
    assert response["Location"] == "/wellbeing/"


def test_someone_elses_low_check_in_support_page_is_not_there(client, everyone):
    client.force_login(everyone["peer"])
    client.post("/wellbeing/", {"mood": "1"})
    check_in = CheckIn.objects.get(author=everyone["peer"])
    client.force_login(everyone["supervisor"])
    assert client.get(f"/wellbeing/{check_in.pk}/support/").status_code == 404


def test_sharing_from_the_support_page_comes_back_to_it(client, everyone):
    client.force_login(everyone["peer"])
    client.post("/wellbeing/", {"mood": "1"})
    check_in = CheckIn.objects.get(author=everyone["peer"])
    response = client.post(
        f"/wellbeing/{check_in.pk}/share/",
        {"share_with_supervisor": "on", "readers": [str(everyone["supervisor"].pk)], "next": "support"},
    )
    assert response["Location"] == f"/wellbeing/{check_in.pk}/support/"
    check_in.refresh_from_db()
    assert check_in.share_with_supervisor is True
    assert list(check_in.readers.all()) == [everyone["supervisor"]]
    assert "You shared it with" in client.get(response["Location"]).content.decode()


def test_a_worker_who_stepped_away_can_still_request_supervision_after_a_low_check_in(client, everyone, org):
    peer = everyone["peer"]
    client.force_login(peer)
    client.post("/wellbeing/step-away/", {"until": (org_today(org) + timedelta(days=7)).isoformat()})
    peer.refresh_from_db()
    assert peer.status == "stepped_away"
    client.post("/wellbeing/", {"mood": "1"})
    check_in = CheckIn.objects.get(author=peer)
    page = client.get(f"/wellbeing/{check_in.pk}/support/").content.decode()
    assert "Request supervision now" in page
    assert "You have stepped away until" in page
    agreement = Agreement.objects.get(supervisee=peer, supervisor=everyone["supervisor"])
    assert f"/supervision/agreements/{agreement.pk}/request/" in page
    client.post(f"/supervision/agreements/{agreement.pk}/request/")
    assert Notification.objects.filter(recipient=everyone["supervisor"], kind="supervision_requested").exists()


def test_an_org_admin_adds_edits_and_removes_a_contact_in_the_browser_pages(client, everyone, org):
    client.force_login(everyone["admin"])
    response = client.post(
        "/wellbeing/support/contacts/",
        {"kind": "employee_assistance", "name": " EAP ", "how_to_reach": "Call 0800 123", "when_available": ""},
    )
    assert response.status_code == 302
    saved = SupportContact.objects.get(organisation=org)
    assert (saved.name, saved.kind, saved.how_to_reach) == ("EAP", "employee_assistance", "Call 0800 123")
    assert AuditEvent.objects.filter(action="create", target_id=saved.pk, actor=everyone["admin"]).exists()
    client.post(
        f"/wellbeing/support/contacts/{saved.pk}/",
        {"kind": "employee_assistance", "name": "EAP", "how_to_reach": "Call 0800 123", "when_available": "Any time"},
    )
    saved.refresh_from_db()
    assert saved.when_available == "Any time"
    client.post(f"/wellbeing/support/contacts/{saved.pk}/delete/")
    assert not SupportContact.objects.filter(pk=saved.pk).exists()
    assert AuditEvent.objects.filter(action="delete", target_id=saved.pk).exists()


def test_a_contact_without_a_way_to_reach_it_is_refused_naming_the_field(client, everyone, org):
    client.force_login(everyone["admin"])
    response = client.post("/wellbeing/support/contacts/", {"kind": "other", "name": "EAP", "how_to_reach": "  "})
    assert response.status_code == 400
    assert "how to reach them" in response.content.decode().lower()
    assert not SupportContact.objects.exists()


@pytest.mark.parametrize("who", ["peer", "manager", "supervisor"])
def test_only_org_admins_change_contacts_but_everyone_reads_them(client, everyone, org, who):
    existing = contact(org)
    client.force_login(everyone[who])
    assert client.get("/wellbeing/support/contacts/").status_code == 403
    assert (
        client.post("/wellbeing/support/contacts/", {"kind": "other", "name": "X", "how_to_reach": "Y"}).status_code
        == 403
    )
    assert client.post(f"/wellbeing/support/contacts/{existing.pk}/delete/").status_code == 403
    assert SupportContact.objects.filter(organisation=org).count() == 1
    assert "Samaritans" in client.get("/wellbeing/support/").content.decode()


def test_another_organisations_contact_is_not_there_for_an_org_admin(client, everyone, other_org):
    theirs = contact(other_org)
    client.force_login(everyone["admin"])
    assert client.get(f"/wellbeing/support/contacts/{theirs.pk}/").status_code == 404
    assert client.post(f"/wellbeing/support/contacts/{theirs.pk}/delete/").status_code == 404
    assert SupportContact.objects.filter(pk=theirs.pk).exists()


def test_api_org_admin_writes_contacts_and_a_peer_reads_them(api, everyone, org):
    created = api.as_(everyone["admin"]).post(
        "/api/v1/wellbeing/support-contacts/",
        {"kind": "occupational_health", "name": "OH", "how_to_reach": "oh@example.org"},
        format="json",
    )
    assert created.status_code == 201, created.content
    refused = api.as_(everyone["peer"]).post(
        "/api/v1/wellbeing/support-contacts/", {"name": "X", "how_to_reach": "Y"}, format="json"
    )
    assert refused.status_code == 403
    assert SupportContact.objects.filter(organisation=org).count() == 1
    listed = api.as_(everyone["peer"]).get("/api/v1/wellbeing/support-contacts/").json()
    assert [c["name"] for c in listed["results"]] == ["OH"]
    bad = api.as_(everyone["admin"]).patch(
        f"/api/v1/wellbeing/support-contacts/{created.json()['id']}/", {"name": ""}, format="json"
    )
    assert bad.status_code == 400 and "name" in bad.json()
    assert SupportContact.objects.get().name == "OH"
