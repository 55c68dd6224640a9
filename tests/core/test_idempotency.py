"""Idempotent creates (issue 22, case 6): an ``Idempotency-Key`` on API POSTs, a one-time token in
the pages' forms. A retried or doubled request creates one record and gets the first answer."""

import contextlib
import importlib
import json
import re
import socket
import threading
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings as django_settings
from django.db import connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from knox.models import AuthToken

from apps.boundaries.models import BoundaryNote
from apps.core import idempotency
from apps.core.idempotency import EXEMPT_VIEWS, FORM_FIELD, HEADER
from apps.core.models import IdempotencyKey
from apps.core.services import housekeeping_run
from apps.reflections.models import Reflection
from apps.wellbeing.models import CheckIn
from tests.boundaries.factories import BoundaryNoteFactory

URL = "/api/v1/reflections/"


def gibbs(**overrides):
    body = {
        "title": "Speaking up in handover",
        "occurred_on": "2024-03-01",
        "framework": "gibbs",
        "sections": {"description": "I offered my view in handover.", "feelings": "Nervous."},
    }
    body.update(overrides)
    return body


def token_client(user) -> Client:
    """A client that signs in as API clients do: a knox token, no session."""
    _, token = AuthToken.objects.create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


def post(client, key, body=None, url=URL):
    headers = {} if key is None else {HEADER: key}
    return client.post(url, json.dumps(body or gibbs()), content_type="application/json", headers=headers)


# --- the API ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_retry_after_a_lost_answer_creates_nothing_and_gets_the_first_answer(everyone):
    client = token_client(everyone["peer"])
    first = post(client, "5b7f1c1e-retry")  # committed; pretend the client never saw it
    again = post(client, "5b7f1c1e-retry")
    assert first.status_code == 201, first.content
    assert again.status_code == 201
    assert again.content == first.content and again["Content-Type"] == first["Content-Type"]
    assert again[idempotency.REPLAYED_HEADER] == "true" and not first.has_header(idempotency.REPLAYED_HEADER)
    assert Reflection.objects.filter(author=everyone["peer"]).count() == 1
    assert str(Reflection.objects.get().pk) == first.json()["id"]


@pytest.mark.django_db
def test_session_signed_in_clients_get_the_same_protection(api, everyone):
    client = api.as_(everyone["peer"])
    first = client.post(URL, gibbs(), format="json", headers={HEADER: "k1"})
    again = client.post(URL, gibbs(), format="json", headers={HEADER: "k1"})
    assert (first.status_code, again.status_code) == (201, 201) and again.content == first.content
    assert Reflection.objects.count() == 1


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_a_409_and_creates_nothing(everyone):
    client = token_client(everyone["peer"])
    assert post(client, "same-key").status_code == 201
    response = post(client, "same-key", gibbs(title="Something else"))
    assert response.status_code == 409
    assert HEADER in response.json()["detail"] and "different request" in response.json()["detail"]
    assert list(Reflection.objects.values_list("title", flat=True)) == ["Speaking up in handover"]


@pytest.mark.django_db
def test_the_same_key_on_another_path_is_a_409(everyone):
    client = token_client(everyone["peer"])
    assert post(client, "path-key").status_code == 201
    response = client.post(
        "/api/v1/wellbeing/check-ins/",
        json.dumps({"mood": 3}),
        content_type="application/json",
        headers={HEADER: "path-key"},
    )
    assert response.status_code == 409
    assert not CheckIn.objects.exists()


@pytest.mark.django_db
def test_keys_belong_to_their_user(everyone):
    peer, peer2 = everyone["peer"], everyone["peer2"]
    mine = post(token_client(peer), "shared-key")
    theirs = post(token_client(peer2), "shared-key", gibbs(title="Robin's own"))
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert mine.json()["id"] != theirs.json()["id"]
    assert Reflection.objects.get(author=peer).title == "Speaking up in handover"
    assert Reflection.objects.get(author=peer2).title == "Robin's own"


@pytest.mark.django_db
def test_a_key_older_than_24_hours_is_free_again(everyone):
    client = token_client(everyone["peer"])
    with time_machine.travel(timezone.now() - timedelta(hours=24, minutes=1)):
        first = post(client, "old-key")
    assert first.status_code == 201
    again = post(client, "old-key")
    assert again.status_code == 201 and not again.has_header(idempotency.REPLAYED_HEADER)
    assert again.json()["id"] != first.json()["id"]
    assert Reflection.objects.count() == 2


@pytest.mark.django_db
def test_within_24_hours_the_key_still_replays(everyone):
    first = post(token_client(everyone["peer"]), "day-key")
    with time_machine.travel(timezone.now() + timedelta(hours=23, minutes=59)):
        again = post(token_client(everyone["peer"]), "day-key")  # a new token: keys are per user
    assert again.content == first.content and Reflection.objects.count() == 1


@pytest.mark.django_db
def test_housekeeping_deletes_keys_older_than_the_window(everyone):
    client = token_client(everyone["peer"])
    with time_machine.travel(timezone.now() - timedelta(hours=25)):
        post(client, "expired")
    post(client, "fresh")
    assert housekeeping_run()["idempotency_keys_deleted"] == 1
    assert IdempotencyKey.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "problem"), [("", "blank"), ("   ", "blank"), ("k" * 256, "at most 255")])
def test_a_blank_or_overlong_key_is_a_400_naming_the_header(everyone, key, problem):
    response = post(token_client(everyone["peer"]), key)
    assert response.status_code == 400
    assert problem in response.json()[HEADER][0]
    assert not Reflection.objects.exists() and not IdempotencyKey.objects.exists()


@pytest.mark.django_db
def test_a_key_of_255_characters_is_accepted(everyone):
    assert post(token_client(everyone["peer"]), "k" * 255).status_code == 201


@pytest.mark.django_db
def test_without_the_header_nothing_changes(everyone):
    client = token_client(everyone["peer"])
    assert post(client, None).status_code == 201 and post(client, None).status_code == 201
    assert Reflection.objects.count() == 2 and not IdempotencyKey.objects.exists()


@pytest.mark.django_db
def test_a_refused_request_is_not_stored_so_a_corrected_retry_runs(everyone):
    client = token_client(everyone["peer"])
    refused = post(client, "fix-me", gibbs(sections={"description": " "}))
    assert refused.status_code == 400
    assert not IdempotencyKey.objects.exists()
    corrected = post(client, "fix-me")
    assert corrected.status_code == 201 and Reflection.objects.count() == 1


@pytest.mark.django_db
def test_anonymous_requests_are_answered_by_the_view(client):
    response = post(client, "anon")
    assert response.status_code == 401 and not IdempotencyKey.objects.exists()


@pytest.mark.django_db
def test_the_stored_answer_is_unreadable_without_the_key(everyone):
    """The body holds private text; the row holds neither the key nor that text in the clear."""
    client = token_client(everyone["peer"])
    post(client, "secret-key", gibbs(sections={"description": "PRIVATE-MARKER text"}))
    row = IdempotencyKey.objects.get()
    stored = bytes(row.response) + row.key_digest.encode() + row.fingerprint.encode()
    assert b"PRIVATE-MARKER" not in stored and b"secret-key" not in stored
    assert b"PRIVATE-MARKER" not in bytes(row.response).replace(b"-", b"")


@pytest.mark.django_db
def test_anonymous_voice_is_never_linked_to_its_author_by_a_key(api, everyone, riverside):
    client = api.as_(everyone["peer"])
    body = {"team": str(riverside.pk), "body": "The rota is unfair."}
    response = client.post("/api/v1/voice/feedback/", body, format="json", headers={HEADER: "voice-key"})
    assert response.status_code == 201 and not response.has_header(idempotency.REPLAYED_HEADER)
    assert not IdempotencyKey.objects.exists()


def test_every_exempt_view_exists():
    for name in EXEMPT_VIEWS:
        module_name, _, attribute = name.rpartition(".")
        try:
            target = importlib.import_module(module_name)
        except ImportError:  # a viewset action: module.Class.action
            module_name, _, cls = module_name.rpartition(".")
            target = getattr(importlib.import_module(module_name), cls)
        assert callable(getattr(target, attribute)), name


@pytest.mark.django_db
def test_a_server_error_rolls_back_everything_and_frees_the_key(everyone, settings):
    settings.ROOT_URLCONF = "tests.core.idempotency_urls"
    client = token_client(everyone["peer"])
    client.raise_request_exception = False
    for _ in range(2):
        response = client.post(
            "/api/v1/create-then-fail/", "{}", content_type="application/json", headers={HEADER: "k"}
        )
        assert response.status_code == 500
        assert not Reflection.objects.exists() and not IdempotencyKey.objects.exists()


@pytest.mark.django_db
def test_the_schema_documents_the_header_and_its_409_on_every_post():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    without = set()
    for path, operations in schema["paths"].items():
        if "post" not in operations:
            continue
        operation = operations["post"]
        header = [p for p in operation.get("parameters", []) if p["in"] == "header" and p["name"] == HEADER]
        if not header:
            without.add(path)
            continue
        assert not header[0].get("required") and header[0]["schema"]["maxLength"] == 255, path
        assert "24 hours" in header[0]["description"]
        assert "409" in operation["responses"], path
    # Sign-in authenticates nobody yet; anonymous voice links nobody to an answer; the privacy
    # check does nothing to replay and its answer must never be stored (apps/privacy_check).
    # An external rater has no account (their single-use link refuses a second answer: 410).
    assert without == {
        "/api/v1/auth/token/",
        "/api/v1/voice/feedback/",
        "/api/v1/voice/pulses/{id}/answer/",
        "/api/v1/voice/group-pulses/{id}/answer/",
        "/api/v1/privacy-check/",
        "/api/v1/raters/feedback/{token}/",
    }


# --- concurrency and a real dropped connection (committing transactions) ---------------------------------


def _in_thread(fn, results, index):
    try:
        results[index] = fn()
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_six_concurrent_requests_with_one_key_create_one_record(everyone):
    clients = [token_client(everyone["peer"]) for _ in range(6)]
    start = threading.Barrier(6)
    results = [None] * 6

    def send(client):
        start.wait(timeout=10)
        return post(client, "concurrent-key")

    threads = [
        threading.Thread(target=_in_thread, args=(lambda c=c: send(c), results, i)) for i, c in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # Each waits for the first (a 409 "in progress" only if that outlasted DB_LOCK_TIMEOUT).
    created = [r for r in results if r.status_code == 201]
    assert created and all(r.status_code == 409 for r in results if r.status_code != 201), [
        (r.status_code, r.content[:200]) for r in results
    ]
    assert len({r.content for r in created}) == 1
    assert Reflection.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # else one snapshot per transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def _poll(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


@contextlib.contextmanager
def _lock_timeout(ms: int):
    """New connections (the request threads') give up waiting for a lock after ``ms``."""
    options = connections["default"].settings_dict.setdefault("OPTIONS", {})
    saved = options.get("options")
    options["options"] = f"{saved or ''} -c lock_timeout={ms}".strip()  # the last -c wins
    try:
        yield
    finally:
        if saved is None:
            options.pop("options")
        else:
            options["options"] = saved


def _hold_key(user, key):
    """The first request in flight: its row inserted, its transaction open."""
    IdempotencyKey.objects.create(user=user, key_digest=idempotency._lookup_digest(user, key), fingerprint="x")


@pytest.mark.django_db(transaction=True)
def test_a_second_request_waits_for_the_first_then_runs_if_it_rolled_back(everyone):
    peer = everyone["peer"]
    client = token_client(peer)
    results = [None]
    with transaction.atomic():
        _hold_key(peer, "held")
        thread = threading.Thread(target=_in_thread, args=(lambda: post(client, "held"), results, 0))
        thread.start()
        assert _poll(_waiting_on_a_lock), "the second request did not wait on the key"
        transaction.set_rollback(True)  # the first request failed: nothing of it remains
    thread.join(timeout=30)
    assert results[0].status_code == 201
    assert Reflection.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_second_request_gets_a_409_in_progress_when_lock_timeout_ends_its_wait(everyone):
    peer = everyone["peer"]
    client = token_client(peer)
    results = [None]
    with _lock_timeout(300), transaction.atomic():
        _hold_key(peer, "busy")
        thread = threading.Thread(target=_in_thread, args=(lambda: post(client, "busy"), results, 0))
        thread.start()
        thread.join(timeout=30)
        transaction.set_rollback(True)
    assert results[0].status_code == 409 and results[0]["Retry-After"] == "1"
    assert "still in progress" in results[0].json()["detail"]
    assert not Reflection.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_lock_timeout_inside_the_view_is_the_clean_409_and_frees_the_key(everyone):
    """The view's own database errors still reach the process_exception hooks (issue 22's clean
    409 for a held row lock), and the key is free for the retry."""
    note = BoundaryNoteFactory(author=everyone["peer"])
    client = token_client(everyone["supervisor"])
    review = {"response": "Thank you for writing this down."}
    url = f"/api/v1/boundary-notes/{note.pk}/review/"
    results = [None]
    with transaction.atomic():
        BoundaryNote.objects.select_for_update().get(pk=note.pk)  # someone else's write, in flight
        with _lock_timeout(300):
            thread = threading.Thread(
                target=_in_thread, args=(lambda: post(client, "review-key", review, url), results, 0)
            )
            thread.start()
            thread.join(timeout=30)
    assert results[0].status_code == 409, results[0].content
    assert "Someone else is changing this right now" in results[0].json()["detail"]
    assert not IdempotencyKey.objects.exists()
    note.refresh_from_db()
    assert note.status == BoundaryNote.Status.SUBMITTED
    again = post(client, "review-key", review, url)
    assert again.status_code == 200, again.content
    note.refresh_from_db()
    assert note.status != BoundaryNote.Status.SUBMITTED


@pytest.mark.django_db(transaction=True)
def test_a_dropped_connection_then_a_retry_makes_one_record(live_server, everyone):
    """A real dropped connection: the client sends the POST and hangs up without reading."""
    peer = everyone["peer"]
    _, token = AuthToken.objects.create(user=peer)
    body = json.dumps(gibbs()).encode()
    address = urlsplit(live_server.url)
    raw = (
        f"POST {URL} HTTP/1.1\r\nHost: {address.hostname}\r\nAuthorization: Token {token}\r\n"
        f"{HEADER}: dropped-key\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    ).encode() + body
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        sock.sendall(raw)
    assert _poll(lambda: Reflection.objects.exists()), "the first request never committed"

    import urllib.request

    request = urllib.request.Request(
        live_server.url + URL,
        data=body,
        method="POST",
        headers={"Authorization": f"Token {token}", HEADER: "dropped-key", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (the test server)
        assert response.status == 201 and response.headers[idempotency.REPLAYED_HEADER] == "true"
        assert json.loads(response.read())["id"] == str(Reflection.objects.get().pk)
    assert Reflection.objects.count() == 1


# --- pages ------------------------------------------------------------------------------------------------


def _token_from(html: str) -> str:
    return re.search(rf'name="{FORM_FIELD}" value="([^"]+)"', html).group(1)


@pytest.mark.django_db
def test_a_double_submitted_check_in_is_saved_once_and_both_land_on_the_result(client, everyone):
    client.force_login(everyone["peer"])
    token = _token_from(client.get("/wellbeing/").content.decode())
    form = {"mood": "2", "note": "Heavy day", FORM_FIELD: token}
    first = client.post("/wellbeing/", form)
    second = client.post("/wellbeing/", form)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert CheckIn.objects.count() == 1
    assert "already been sent" in client.get(second["Location"]).content.decode()


@pytest.mark.django_db
def test_a_double_submitted_reflection_redirects_to_the_one_it_created(client, everyone):
    client.force_login(everyone["peer"])
    token = _token_from(client.get("/reflections/new/").content.decode())
    form = {
        "title": "Double click",
        "occurred_on": "2024-03-01",
        "framework": "gibbs",
        "visibility": "private",
        "gibbs__description": "Clicked twice.",
        FORM_FIELD: token,
    }
    first = client.post("/reflections/new/", form)
    second = client.post("/reflections/new/", form)
    assert first.status_code == 302, first.content.decode()[:2000]
    assert second.status_code == 302 and second["Location"] == first["Location"]
    reflection = Reflection.objects.get()
    assert str(reflection.pk) in first["Location"]


@pytest.mark.django_db
def test_a_form_sent_again_with_other_content_is_a_409_page_linking_the_first_result(client, everyone):
    client.force_login(everyone["peer"])
    token = _token_from(client.get("/wellbeing/").content.decode())
    first = client.post("/wellbeing/", {"mood": "2", FORM_FIELD: token})
    response = client.post("/wellbeing/", {"mood": "4", FORM_FIELD: token})
    assert response.status_code == 409
    html = response.content.decode()
    assert "already sent once, with different content" in html and f'href="{first["Location"]}"' in html
    assert list(CheckIn.objects.values_list("mood", flat=True)) == [2]


@pytest.mark.django_db
def test_a_form_with_errors_keeps_nothing_so_the_corrected_form_saves(client, everyone):
    client.force_login(everyone["peer"])
    token = _token_from(client.get("/wellbeing/").content.decode())
    # A mood off the scale (the mood itself is optional: issue 15, item 12).
    assert client.post("/wellbeing/", {"mood": "9", "note": "no mood", FORM_FIELD: token}).status_code == 400
    assert not IdempotencyKey.objects.exists()
    assert client.post("/wellbeing/", {"mood": "3", "note": "no mood", FORM_FIELD: token}).status_code == 302
    assert CheckIn.objects.count() == 1


@pytest.mark.django_db
def test_each_rendering_of_a_form_has_a_new_token(client, everyone):
    client.force_login(everyone["peer"])
    assert _token_from(client.get("/wellbeing/").content.decode()) != _token_from(
        client.get("/wellbeing/").content.decode()
    )


# Every POST form in templates/ carries the token (itself or through _form.html), except these,
# which create nothing (or are anonymous voice / before sign-in): a second submit of them is
# refused or changes nothing.
NOT_CREATES = {
    "base.html": "sign out",
    "registration/login.html": "before sign-in: no user to key by",
    "registration/password_reset_confirm.html": "before sign-in",
    "reflections/reflection_confirm_delete.html": "delete",
    "reflections/reflection_detail.html": "acknowledge / replies on-off / this helped me (twice changes nothing)",
    "reflections/_thread.html": "this helped me on the feed (set twice changes nothing)",
    "reflections/reflection_sharing.html": "changes who can read: setting it twice is the same",
    "boundaries/note_detail.html": "delete / close (a second is refused)",
    "competencies/_training_table.html": "delete",
    "credentials/my_hours.html": "remove an entry (a second is a 404); choose profiles (setting twice is the same)",
    "notifications/_my_day_panel.html": "mark one read",
    "notifications/notification_list.html": "mark read",
    "reminders/admin.html": "run a scan: a second scan finds nothing to do",
    "roles/_ack_button.html": "acknowledge",
    "roles/role_detail.html": "publish / retire / end (a second is refused)",
    "teams/_members.html": "remove",
    "teams/team_detail.html": "archive / restore (a second of either changes nothing)",
    "voice/team_voice.html": "anonymous voice: never keyed (see apps.core.idempotency)",
    "voice/group_pulse.html": "anonymous voice: never keyed (see apps.core.idempotency)",
    "wellbeing/home.html": "I'm back / who reads a check-in (a second changes nothing)",
    "wellness_plans/mine.html": "I've looked it over (a second the same day changes nothing)",
    "wellness_plans/sharing.html": "changes who can read: setting it twice is the same",
    "fidelity/home.html": "who reads a peer practice check (a second changes nothing)",
    "workers/people.html": "leave / erase (a second is refused)",
    "workers/email_confirm.html": "confirms an e-mail change: the link is single-use",
    "supervision/_proposal.html": "accept / decline a proposal (a second is refused)",
    "supervision/agreement_detail.html": "accept / decline / end (a second is refused)",
    "supervision/queue.html": "mark a request for supervision handled (a second changes nothing)",
    "supervision/planned_detail.html": "cancel a planned session (a second is refused)",
    "calendar/feed.html": "calendar link: a replay must never store or show the secret again; a second makes a newer one",
    "workers/worker_leave.html": "record leaving (a second is refused: the worker has left)",
    "sso/_start_form.html": "before sign-in: starts single sign-on, creates nothing",
    "raters/invitation_detail.html": "withdraw / decide about feedback (a second is refused)",
    "raters/respond.html": "an external rater without an account: the link takes one answer, a second is refused",
    "sso/link_finish.html": "links the account waiting in this session once (a second finds nothing waiting)",
    "portfolio_documents/document_detail.html": "revoke a verification link (a second changes nothing)",
    "portfolio_documents/verify.html": "anonymous: compares an uploaded PDF with the one issued, stores nothing",
    "portfolio/map.html": "remove a link from the evidence (a second finds nothing to remove)",
}


def test_every_create_form_carries_the_one_time_token():
    root = Path(django_settings.BASE_DIR) / "templates"
    missing = []
    for path in sorted(root.rglob("*.html")):
        name = str(path.relative_to(root))
        for form in re.findall(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", path.read_text(), re.S | re.I):
            if "idempotency_token" in form or '"_form.html"' in form:
                continue
            if name not in NOT_CREATES:
                missing.append(name)
    assert not missing, f"POST forms without {{% idempotency_token %}}: {missing}"


@pytest.mark.django_db
def test_what_a_key_costs_in_queries(everyone, django_assert_num_queries):
    client = token_client(everyone["peer"])
    with CaptureQueriesContext(connection) as plain:
        post(client, None)
    # The create's own queries, plus: the token looked up once more (to know whose key it is),
    # the request's transaction (a savepoint here, inside the test's), the savepoint around the
    # key's INSERT, the INSERT, its RELEASE, the UPDATE storing the answer, the final RELEASE.
    with django_assert_num_queries(len(plain.captured_queries) + 7):
        post(client, "cost")
    # A replay runs no view: token, transaction, savepoint, INSERT (refused), ROLLBACK TO and
    # RELEASE of the savepoint, the SELECT of the key's row, RELEASE.
    with django_assert_num_queries(8):
        post(client, "cost")


@pytest.mark.django_db(transaction=True)
def test_a_form_sent_again_while_the_first_is_still_saving_gets_a_409_page_to_reload(everyone):
    peer = everyone["peer"]
    client = Client()
    client.force_login(peer)
    results = [None]
    form = {"mood": "2", FORM_FIELD: "page-token"}
    with _lock_timeout(300), transaction.atomic():
        _hold_key(peer, "page-token")
        thread = threading.Thread(target=_in_thread, args=(lambda: client.post("/wellbeing/", form), results, 0))
        thread.start()
        thread.join(timeout=30)
        transaction.set_rollback(True)
    assert results[0].status_code == 409 and results[0]["Retry-After"] == "1"
    assert "still being saved" in results[0].content.decode()
    assert not CheckIn.objects.exists()
