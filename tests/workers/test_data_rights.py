import json

import pytest

from apps.accounts.models import User
from apps.audit.models import AuditEvent
from apps.notifications.models import Notification
from apps.notifications.services import notify

pytestmark = pytest.mark.django_db


def test_worker_exports_their_own_data_as_json(api, everyone):
    notify(recipient=everyone["peer"], kind="test", message="Your note was reviewed")
    response = api.as_(everyone["peer"]).get("/api/v1/workers/me/export/")
    assert response.status_code == 200
    document = response.json()
    assert document["account"]["username"] == "pat"
    assert [m["team"] for m in document["memberships"]] == ["Riverside"]
    assert document["notifications"][0]["message"] == "Your note was reviewed"
    assert AuditEvent.objects.filter(action="export", subject=everyone["peer"]).exists()


def test_export_page_shows_the_same_data_readably_and_as_a_download(client, everyone):
    client.force_login(everyone["peer"])
    html = client.get("/people/me/data/").content.decode()
    assert "Riverside" in html and "Pat Peer" in html
    download = client.get("/people/me/data/?format=json")
    assert download["Content-Disposition"].startswith("attachment")
    assert json.loads(download.content)["account"]["display_name"] == "Pat Peer"


def test_only_org_admin_erases_and_only_a_worker_who_has_left(api, everyone):
    peer2 = everyone["peer2"]
    assert api.as_(everyone["manager"]).post(f"/api/v1/workers/{peer2.pk}/erase/").status_code == 403
    response = api.as_(everyone["admin"]).post(f"/api/v1/workers/{peer2.pk}/erase/")
    assert response.status_code == 400 and "status" in response.json()


def test_erasure_deletes_authored_content_and_anonymises_the_account(api, everyone):
    peer2 = everyone["peer2"]
    notify(recipient=peer2, kind="test", message="hello")
    admin = api.as_(everyone["admin"])
    assert admin.post(f"/api/v1/workers/{peer2.pk}/leave/").status_code == 200
    response = admin.post(f"/api/v1/workers/{peer2.pk}/erase/")
    assert response.status_code == 200, response.json()
    peer2.refresh_from_db()
    assert peer2.username.startswith("erased-") and peer2.display_name == "Erased worker" and peer2.email == ""
    assert not peer2.has_usable_password() and not peer2.is_active
    assert not Notification.objects.filter(recipient=peer2).exists()
    assert AuditEvent.objects.filter(action="erase", subject=peer2, actor=everyone["admin"]).exists()
    assert User.objects.filter(display_name="Robin Peer").count() == 0
