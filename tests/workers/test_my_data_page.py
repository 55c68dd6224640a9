"""My data (issue 15, item 9): the export in words — a heading per kind, human labels and
dates — beside the JSON download; and "request erasure", which reaches the org admins (audited)
once, however often it is asked."""

import re
from html import unescape

import pytest
from django.core.management import call_command

from apps.accounts.models import User
from apps.audit.models import AuditEvent
from apps.core.readable import unlabelled_keys
from apps.core.registry import DATA_SECTIONS
from apps.notifications.models import Notification
from apps.wellbeing.models import CheckIn
from apps.workers.data_rights import export_worker_data, worker_erase
from apps.workers.models import ErasureRequest
from apps.workers.services import worker_mark_left

pytestmark = pytest.mark.django_db


def visible_text(html: str) -> str:
    """The page's words, without tags, attributes, scripts or styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_my_data_reads_as_labels_and_dates_not_field_names_or_iso_timestamps(client, everyone):
    peer = everyone["peer"]
    CheckIn.objects.create(organisation=peer.organisation, author=peer, mood=2, note="QXnote")
    client.force_login(peer)
    html = client.get("/people/me/data/").content.decode()
    text = visible_text(html)
    for heading in ("Your account", "Teams", "Wellbeing", "Check-ins"):
        assert re.search(rf"<h[23][^>]*>{re.escape(heading)}</h[23]>", html), heading
    assert "Organisation admin" in text and "Kind of worker" in text and "2 — Low" in text
    for raw in ("Display_name", "Is_org_admin", "display_name", "is_org_admin", "worker_kind", "created_at"):
        assert raw not in text, raw
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text), re.search(r".{40}\d{4}-\d{2}-\d{2}.{20}", text)
    # The download keeps the data as data, beside the page.
    assert 'href="?format=json"' in html
    document = client.get("/people/me/data/?format=json").json()
    assert document["account"]["display_name"] == peer.display_name
    assert re.match(r"\d{4}-\d{2}-\d{2}T", document["wellbeing"]["check_ins"][0]["created_at"])


def test_every_field_of_every_persona_export_has_words():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    missing = {}
    for user in User.objects.filter(username__startswith="demo-"):
        document = export_worker_data(actor=user)
        for section in DATA_SECTIONS:
            assert section.readable is not None, section.name
            gaps = unlabelled_keys(section.readable, document[section.name])
            if gaps:
                missing.setdefault(section.name, set()).update(gaps)
    assert missing == {}


def test_requesting_erasure_tells_the_org_admins_once_and_is_audited(client, everyone):
    peer, admin, outsider = everyone["peer"], everyone["admin"], everyone["outsider"]
    client.force_login(peer)
    response = client.post("/people/me/data/erase/", follow=True)
    assert "Your request has been sent" in response.content.decode()
    request = ErasureRequest.objects.get()
    assert request.worker == peer and request.organisation_id == peer.organisation_id
    told = Notification.objects.filter(kind="erasure_requested")
    assert [n.recipient for n in told] == [admin]  # never another organisation's admin
    assert outsider not in [n.recipient for n in told]
    assert AuditEvent.objects.filter(action="create", actor=peer, target_id=request.pk, subject=peer).count() == 1
    # Asking again: the same request, nobody told again, nothing more audited.
    again = client.post("/people/me/data/erase/", follow=True).content.decode()
    assert "You have already asked" in again and "You asked on" in again
    assert ErasureRequest.objects.count() == 1
    assert Notification.objects.filter(kind="erasure_requested").count() == 1
    assert AuditEvent.objects.filter(target_id=request.pk).count() == 1


def test_the_org_admin_sees_the_waiting_requests_and_erasure_clears_them(client, everyone):
    peer2, admin = everyone["peer2"], everyone["admin"]
    client.force_login(peer2)
    client.post("/people/me/data/erase/")
    client.force_login(everyone["manager"])
    assert client.get("/people/erasure-requests/").status_code == 403
    client.force_login(admin)
    page = client.get("/people/erasure-requests/").content.decode()
    assert peer2.display_name in page
    assert "Erasure requests" in client.get("/").content.decode()  # in the org admin's header
    worker_mark_left(actor=admin, worker=peer2)
    peer2.refresh_from_db()
    worker_erase(actor=admin, worker=peer2)
    assert not ErasureRequest.objects.exists()
    assert "Nobody is waiting for erasure." in client.get("/people/erasure-requests/").content.decode()


def test_the_erasure_request_form_is_a_post_and_a_get_changes_nothing(client, everyone):
    client.force_login(everyone["peer"])
    assert client.get("/people/me/data/erase/").status_code == 405
    assert not ErasureRequest.objects.exists()
