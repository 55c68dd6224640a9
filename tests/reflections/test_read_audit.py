"""Which reads of reflection text are recorded, surface by surface (issue 14).

The selectors that return private text for display record the read themselves; this table pins
the events every page and endpoint leaves, so moving the recording out of the views changes
none of them: the same number, the same target, subject and detail, and nothing for an
author reading their own entries (nor for a write's response).

Entries are by ``peer`` (supervised by ``supervisor``, who is named); ``clinician`` is in
Riverside and reads its team entries.
"""

import pytest

from apps.accounts.models import User
from apps.audit.models import AuditEvent
from tests.reflections.factories import CommentFactory, ReflectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(everyone, riverside):
    peer = everyone["peer"]
    team_entry = ReflectionFactory(author=peer, visibility="team", team=riverside, title="Team entry")
    supervisor_entry = ReflectionFactory(author=peer, visibility="supervisor", title="Supervisor entry")
    CommentFactory(reflection=supervisor_entry, author=everyone["supervisor"])
    return {"team": team_entry, "supervisor": supervisor_entry}


def reads():
    """Every record read, as ``(actor, target type, target, subject, detail)`` in the order
    written (a list page's row names several records: one tuple each)."""
    usernames = dict(User.objects.values_list("pk", "username"))
    return [
        (e.actor.username, e.target_type, target, usernames[subject], e.detail)
        for e in AuditEvent.objects.filter(action="read").select_related("actor").order_by("at", "pk")
        for target, subject in e.targets()
    ]


def _web(client, user):
    client.force_login(user)
    return client


def test_the_detail_page_records_one_read_of_the_entry_by_a_supervisor(client, everyone, world):
    entry = world["supervisor"]
    assert _web(client, everyone["supervisor"]).get(f"/reflections/{entry.pk}/").status_code == 200
    assert reads() == [("sam", "reflections.reflection", entry.pk, "pat", "")]


def test_the_detail_page_records_nothing_when_the_author_reads_their_own_entry(client, everyone, world):
    assert _web(client, everyone["peer"]).get(f"/reflections/{world['supervisor'].pk}/").status_code == 200
    assert reads() == []


def test_a_refused_comment_re_shows_the_entry_and_records_that_read_only(client, everyone, world):
    entry = world["supervisor"]
    response = _web(client, everyone["supervisor"]).post(f"/reflections/{entry.pk}/comments/", {"body": "  "})
    assert response.status_code == 400
    assert entry.comments.count() == 1  # the refused comment was not written
    assert reads() == [("sam", "reflections.reflection", entry.pk, "pat", "")]


def test_an_accepted_comment_records_its_creation_and_no_read(client, everyone, world):
    entry = world["supervisor"]
    response = _web(client, everyone["supervisor"]).post(f"/reflections/{entry.pk}/comments/", {"body": "Thanks."})
    assert response.status_code == 302
    assert entry.comments.count() == 2
    assert reads() == []
    assert AuditEvent.objects.filter(action="create", target_type="reflections.reflectioncomment").count() == 1


def test_the_team_feed_records_one_read_per_entry_shown(client, everyone, world, riverside):
    assert _web(client, everyone["clinician"]).get(f"/reflections/teams/{riverside.pk}/").status_code == 200
    assert reads() == [("casey", "reflections.reflection", world["team"].pk, "pat", "team feed excerpt")]


def test_shared_with_me_records_one_read_per_entry_shown_in_one_row(client, everyone, world):
    assert _web(client, everyone["supervisor"]).get("/reflections/shared-with-me/").status_code == 200
    assert sorted(reads()) == sorted(
        ("sam", "reflections.reflection", world[kind].pk, "pat", "shared with me excerpt")
        for kind in ("team", "supervisor")
    )
    assert AuditEvent.objects.filter(action="read").count() == 1


def test_the_api_list_records_one_read_per_row_but_not_the_authors_own(api, everyone, world):
    assert api.as_(everyone["peer"]).get("/api/v1/reflections/").status_code == 200
    assert reads() == []
    assert api.as_(everyone["clinician"]).get("/api/v1/reflections/").status_code == 200
    assert reads() == [("casey", "reflections.reflection", world["team"].pk, "pat", "api list")]


def test_the_api_detail_records_one_read(api, everyone, world):
    entry = world["team"]
    assert api.as_(everyone["clinician"]).get(f"/api/v1/reflections/{entry.pk}/").status_code == 200
    assert reads() == [("casey", "reflections.reflection", entry.pk, "pat", "")]


def test_the_api_comment_list_records_one_read_of_the_entry(api, everyone, world):
    entry = world["supervisor"]
    assert api.as_(everyone["peer"]).get(f"/api/v1/reflections/{entry.pk}/comments/").status_code == 200
    assert reads() == []
    assert api.as_(everyone["supervisor"]).get(f"/api/v1/reflections/{entry.pk}/comments/").status_code == 200
    assert reads() == [("sam", "reflections.reflection", entry.pk, "pat", "comments")]


def test_writes_through_the_api_record_no_read(api, everyone, world):
    client = api.as_(everyone["supervisor"])
    entry = world["supervisor"]
    assert client.post(f"/api/v1/reflections/{entry.pk}/acknowledge/").status_code == 200
    assert client.post(f"/api/v1/reflections/{entry.pk}/comments/", {"body": "Seen."}, format="json").status_code == 201
    assert reads() == []
