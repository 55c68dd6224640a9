"""Leaving (issue 13, case 10): the worker is told by e-mail and can download their own data for
30 days through a signed, single-purpose link — not a sign-in — audited at each use, dead after
erasure, after 30 days, for anyone else's id and when tampered with."""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core import mail, signing
from django.test import Client
from django.utils import timezone

from apps.accounts.models import User
from apps.audit.models import AuditEvent
from apps.boundaries.models import BoundaryNote
from apps.wellbeing.models import CheckIn
from apps.workers import leaving
from tests.boundaries.factories import BoundaryNoteFactory
from tests.reflections.factories import CommentFactory, ReflectionFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/people/left/[^\s\"<]+/)")


@pytest.fixture
def leave(api, everyone, django_capture_on_commit_callbacks):
    """Record that ``person`` left (as the org admin, through the API); returns the link path
    e-mailed to them."""

    def leave_(person):
        mail.outbox = []
        with django_capture_on_commit_callbacks(execute=True):
            response = api.as_(everyone["admin"]).post(f"/api/v1/workers/{person.pk}/leave/")
        assert response.status_code == 200, response.json()
        sent = [m for m in mail.outbox if m.to == [person.email]]
        assert len(sent) == 1
        return LINK.search(sent[0].body).group(1)

    return leave_


def id_and_token(path):
    """``/people/left/<id>/<token>/`` → (id, token)."""
    worker_id, token = path.strip("/").split("/")[2:]
    return worker_id, token


def exports(detail="leaver link"):
    return AuditEvent.objects.filter(action="export", detail=detail).count()


# --- what the worker is told ----------------------------------------------------------------------


def test_the_worker_who_leaves_is_emailed_a_link_and_nothing_private(api, everyone, leave):
    peer = everyone["peer"]
    ReflectionFactory(author=peer, title="QXmytitle", sections={"description": "QXmybody"})
    BoundaryNoteFactory(author=peer, situation="QXmysituation")

    path = leave(peer)

    message = mail.outbox[0]
    assert message.subject == "You have left Northfield: download your pspteam data"
    text = message.body + message.alternatives[0][0]
    assert path in text and "until" in text and "does not sign you in" in text
    for marker in ("QXmytitle", "QXmybody", "QXmysituation"):
        assert marker not in text
    peer.refresh_from_db()
    assert (peer.status, peer.is_active) == (User.Status.LEFT, False)


def test_recording_a_leaver_twice_is_refused_and_sends_nothing_more(api, everyone, leave):
    leave(everyone["peer"])
    mail.outbox = []
    response = api.as_(everyone["admin"]).post(f"/api/v1/workers/{everyone['peer'].pk}/leave/")
    assert response.status_code == 400 and "status" in response.json()
    assert mail.outbox == []


def test_a_leaver_without_an_email_address_is_recorded_and_nobody_is_mailed(
    api, everyone, django_capture_on_commit_callbacks
):
    peer2 = everyone["peer2"]
    User.objects.filter(pk=peer2.pk).update(email="")
    with django_capture_on_commit_callbacks(execute=True):
        assert api.as_(everyone["admin"]).post(f"/api/v1/workers/{peer2.pk}/leave/").status_code == 200
    assert mail.outbox == []
    peer2.refresh_from_db()
    assert peer2.status == User.Status.LEFT


def test_a_failing_mail_server_does_not_undo_the_leaving_or_show_an_error(
    api, everyone, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.workers.test_leaving.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_(everyone["admin"]).post(f"/api/v1/workers/{everyone['peer'].pk}/leave/")
    assert response.status_code == 200
    everyone["peer"].refresh_from_db()
    assert everyone["peer"].status == User.Status.LEFT


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP down")


# --- the link ---------------------------------------------------------------------------------------


def test_the_link_serves_the_readable_export_and_the_json_without_signing_in(everyone, leave):
    peer = everyone["peer"]
    ReflectionFactory(author=peer, title="QXmytitle")
    path = leave(peer)
    client = Client()

    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Your data from Northfield" in html and "QXmytitle" in html and "Download as JSON" in html
    assert page["Cache-Control"] == "no-store, private" and page["Referrer-Policy"] == "no-referrer"

    download = client.get(path + "?format=json")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    document = json.loads(download.content)
    assert document["account"]["username"] == "pat"
    assert [r["title"] for r in document["reflections"]["reflections"]] == ["QXmytitle"]

    # Not a sign-in: no session, and nothing else opens.
    assert not client.cookies
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(peer.pk)]
    assert client.get("/people/me/data/").status_code == 302
    assert client.get("/api/v1/workers/me/export/").status_code in (401, 403)


def test_each_use_of_the_link_is_audited_as_an_export_by_the_worker(everyone, leave):
    peer = everyone["peer"]
    path = leave(peer)
    client = Client()
    client.get(path)
    client.get(path + "?format=json")
    events = AuditEvent.objects.filter(action="export", detail="leaver link")
    assert events.count() == 2
    assert set(events.values_list("actor", "subject")) == {(peer.pk, peer.pk)}


def test_the_link_works_on_day_29_and_not_on_day_31(everyone, leave):
    path = leave(everyone["peer"])
    now = timezone.now()
    with time_machine.travel(now + timedelta(days=29), tick=False):
        assert Client().get(path).status_code == 200
    with time_machine.travel(now + timedelta(days=31), tick=False):
        expired = Client().get(path)
    assert expired.status_code == 404
    assert "does not work any more" in expired.content.decode()
    assert exports() == 1  # only the day-29 use


def test_the_link_dies_with_erasure(api, everyone, leave):
    peer = everyone["peer"]
    path = leave(peer)
    assert Client().get(path).status_code == 200
    assert api.as_(everyone["admin"]).post(f"/api/v1/workers/{peer.pk}/erase/").status_code == 200
    assert Client().get(path).status_code == 404
    assert exports() == 1


def test_a_link_serves_only_the_person_it_was_made_for(everyone, leave):
    peer, peer2 = everyone["peer"], everyone["peer2"]
    mine = leave(peer)
    theirs = leave(peer2)
    pat_id, pat_token = id_and_token(mine)
    robin_id, robin_token = id_and_token(theirs)
    assert Client().get(f"/people/left/{robin_id}/{pat_token}/").status_code == 404
    assert Client().get(f"/people/left/{pat_id}/{robin_token}/").status_code == 404
    # An id of someone who has not left, with a token of someone who has.
    assert Client().get(f"/people/left/{everyone['supervisor'].pk}/{pat_token}/").status_code == 404
    assert exports() == 0
    # Each still serves its own person.
    assert json.loads(Client().get(mine + "?format=json").content)["account"]["username"] == "pat"
    assert json.loads(Client().get(theirs + "?format=json").content)["account"]["username"] == "robin"


def test_a_tampered_or_foreign_token_is_refused(everyone, leave):
    peer = everyone["peer"]
    path = leave(peer)
    worker_id, token = id_and_token(path)
    payload, stamp, signature = token.rsplit(":", 2)
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    forged_payload = signing.dumps({"w": str(peer.pk), "s": "0" * 24}, salt=leaving.SALT)
    other_salt = signing.dumps({"w": str(peer.pk), "s": leaving._state(peer)}, salt="pspteam.something-else")
    for bad in (f"{payload}:{stamp}:{flipped}", f"{payload}x:{stamp}:{signature}", forged_payload, other_salt, "x"):
        assert Client().get(f"/people/left/{worker_id}/{bad}/").status_code == 404, bad
    assert exports() == 0


def test_a_worker_made_active_again_no_longer_has_a_leaver_link(everyone, leave):
    peer = everyone["peer"]
    path = leave(peer)
    User.objects.filter(pk=peer.pk).update(status=User.Status.ACTIVE, is_active=True)
    assert Client().get(path).status_code == 404


# --- what the export holds ----------------------------------------------------------------------


def test_the_export_holds_the_leavers_own_entries_and_nothing_of_anyone_elses_private_text(everyone, leave):
    """Sam (a supervisor) leaves. Sam read Pat's shared entries; Sam's export has Sam's own
    writing (their entries, their review and comment) and none of Pat's or Robin's text."""
    sam, pat, robin = everyone["supervisor"], everyone["peer"], everyone["peer2"]
    ReflectionFactory(author=sam, title="QXsamtitle", sections={"description": "QXsambody"})
    shared = ReflectionFactory(
        author=pat, title="QXpattitle", sections={"description": "QXpatbody"}, visibility="supervisor"
    )
    CommentFactory(reflection=shared, author=sam, body="QXsamcomment")
    CommentFactory(reflection=shared, author=pat, body="QXpatcomment")
    BoundaryNoteFactory(
        author=pat,
        situation="QXpatsituation",
        what_i_shared="QXpatshared",
        reasoning="QXpatreasoning",
        status=BoundaryNote.Status.REVIEWED,
        reviewer=sam,
        reviewed_at=timezone.now(),
        response="QXsamresponse",
    )
    CheckIn.objects.create(
        organisation=pat.organisation, author=pat, mood=2, note="QXpatcheckin", share_with_supervisor=True
    )
    CheckIn.objects.create(organisation=sam.organisation, author=sam, mood=4, note="QXsamcheckin")
    ReflectionFactory(author=robin, title="QXrobintitle", sections={"description": "QXrobinbody"})

    path = leave(sam)
    text = Client().get(path + "?format=json").content.decode()
    page = Client().get(path).content.decode()

    for own in ("QXsamtitle", "QXsambody", "QXsamcomment", "QXsamresponse", "QXsamcheckin"):
        assert own in text and own in page, own
    for other in (
        "QXpattitle",
        "QXpatbody",
        "QXpatcomment",
        "QXpatsituation",
        "QXpatshared",
        "QXpatreasoning",
        "QXpatcheckin",
        "QXrobintitle",
        "QXrobinbody",
    ):
        assert other not in text and other not in page, other


@pytest.mark.django_db(transaction=True)
def test_two_admins_recording_the_same_leaver_at_once_send_one_email(everyone):
    """The worker's row is locked: one request records the leaving, the other is a 400."""
    import threading

    from django.db import connection
    from rest_framework.test import APIClient

    ada = everyone["admin"]
    second = User.objects.create(
        organisation=ada.organisation, username="second-admin", display_name="Second Admin", is_org_admin=True
    )
    clients = []
    for admin in (ada, second):
        client = APIClient()
        client.force_login(admin)
        clients.append(client)
    barrier, statuses = threading.Barrier(2), []

    def run(client):
        try:
            barrier.wait(timeout=10)
            statuses.append(client.post(f"/api/v1/workers/{everyone['peer'].pk}/leave/").status_code)
        finally:
            connection.close()

    mail.outbox = []
    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [200, 400]
    assert [m.to for m in mail.outbox] == [[everyone["peer"].email]]
    assert AuditEvent.objects.filter(detail="left", subject=everyone["peer"]).count() == 1


def test_the_account_page_says_what_happens_to_your_data_when_you_leave(client, everyone):
    client.force_login(everyone["peer"])
    html = client.get("/people/me/").content.decode()
    assert "a link to download this data is e-mailed to you; it works for 30 days" in html
