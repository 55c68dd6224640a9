"""Every read rule of spec §2 for reflections, through the API and through the pages.

Entries are by ``peer`` (Riverside member, supervised by ``supervisor``) unless said otherwise.
Who reads what:

| entry                         | readers                                                   |
|-------------------------------|-----------------------------------------------------------|
| private                       | peer                                                      |
| supervisor                    | peer, supervisor                                          |
| team (Riverside)              | peer, supervisor, Riverside members incl. manager, admin  |
| draft (even if team)          | peer                                                      |
| harbour_peer's team (Harbour) | harbour_peer, Harbour's manager, admin                    |

Everyone else — another peer, a manager of another team, another organisation — gets 404.
"""

from datetime import timedelta

import pytest

from apps.audit.models import AuditEvent
from apps.reflections.models import Reflection
from apps.supervision.models import Agreement
from tests.reflections.factories import CommentFactory, ReflectionFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["peer", "supervisor", "peer2", "clinician", "manager", "other_manager", "harbour_peer", "admin", "outsider"]

READERS = {
    "private": {"peer"},
    "supervisor": {"peer", "supervisor"},
    "team": {"peer", "supervisor", "peer2", "clinician", "manager", "admin"},
    "draft": {"peer"},
    "harbour_team": {"harbour_peer", "other_manager", "admin"},
}


@pytest.fixture
def entries(everyone, riverside, harbour):
    peer = everyone["peer"]
    return {
        "private": ReflectionFactory(author=peer, visibility=Reflection.Visibility.PRIVATE),
        "supervisor": ReflectionFactory(author=peer, visibility=Reflection.Visibility.SUPERVISOR),
        "team": ReflectionFactory(author=peer, visibility=Reflection.Visibility.TEAM, team=riverside),
        "draft": ReflectionFactory(author=peer, visibility=Reflection.Visibility.TEAM, team=riverside, is_draft=True),
        "harbour_team": ReflectionFactory(
            author=everyone["harbour_peer"], visibility=Reflection.Visibility.TEAM, team=harbour
        ),
    }


CASES = [(kind, persona) for kind in READERS for persona in PERSONAS]


@pytest.mark.parametrize(("kind", "persona"), CASES)
def test_api_detail_follows_the_read_rule(api, everyone, entries, kind, persona):
    reflection = entries[kind]
    response = api.as_(everyone[persona]).get(f"/api/v1/reflections/{reflection.pk}/")
    expected = 200 if persona in READERS[kind] else 404
    assert response.status_code == expected, (kind, persona, response.status_code)
    if expected == 200:
        assert response.json()["sections"] == reflection.sections
    else:
        assert reflection.title not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_list_shows_exactly_what_the_persona_may_read(api, everyone, entries, persona):
    response = api.as_(everyone[persona]).get("/api/v1/reflections/", {"page_size": 100})
    assert response.status_code == 200
    seen = {r["id"] for r in response.json()["results"]}
    expected = {str(entries[k].pk) for k, readers in READERS.items() if persona in readers}
    assert seen == expected


@pytest.mark.parametrize(("kind", "persona"), CASES)
def test_detail_page_follows_the_read_rule(client, everyone, entries, kind, persona):
    reflection = entries[kind]
    client.force_login(everyone[persona])
    response = client.get(f"/reflections/{reflection.pk}/")
    expected = 200 if persona in READERS[kind] else 404
    assert response.status_code == expected, (kind, persona, response.status_code)
    body = response.content.decode()
    if expected == 200:
        assert "We talked about hope in the team meeting." in body
    else:
        assert reflection.title not in body and "We talked about hope" not in body


@pytest.mark.parametrize("persona", PERSONAS)
def test_comments_api_follows_the_read_rule(api, everyone, entries, persona):
    reflection = entries["supervisor"]
    CommentFactory(reflection=reflection, author=everyone["supervisor"], body="Seen - let's talk")
    response = api.as_(everyone[persona]).get(f"/api/v1/reflections/{reflection.pk}/comments/")
    assert response.status_code == (200 if persona in READERS["supervisor"] else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_riverside_feed_page_shows_team_entries_to_members_and_admins_only(client, everyone, entries, persona):
    client.force_login(everyone[persona])
    response = client.get(f"/reflections/teams/{entries['team'].team_id}/")
    may_see_feed = persona in {"peer", "supervisor", "peer2", "clinician", "manager", "admin"}
    assert response.status_code == (200 if may_see_feed else 404)
    if may_see_feed:
        body = response.content.decode()
        assert entries["team"].title in body
        for other in ("private", "supervisor", "draft", "harbour_team"):
            assert entries[other].title not in body


def test_managers_and_admins_never_read_supervisor_entries_even_in_the_feed_filters(api, everyone, entries):
    for persona in ("manager", "admin"):
        response = api.as_(everyone[persona]).get("/api/v1/reflections/", {"visibility": "supervisor"})
        assert response.json()["results"] == []


def test_supervisor_loses_access_when_the_agreement_ends(api, everyone, entries):
    Agreement.objects.filter(supervisor=everyone["supervisor"]).update(
        ends_on=entries["supervisor"].occurred_on - timedelta(days=1)
    )
    response = api.as_(everyone["supervisor"]).get(f"/api/v1/reflections/{entries['supervisor'].pk}/")
    assert response.status_code == 404


def test_making_an_entry_private_hides_it_and_its_comments_at_once(api, client, everyone, entries):
    reflection = entries["team"]
    CommentFactory(reflection=reflection, author=everyone["supervisor"], body="A thoughtful comment")
    author = api.as_(everyone["peer"])
    assert (
        author.patch(f"/api/v1/reflections/{reflection.pk}/", {"visibility": "private"}, format="json").status_code
        == 200
    )
    for persona in ("supervisor", "peer2", "manager", "admin"):
        client.force_login(everyone[persona])
        assert client.get(f"/reflections/{reflection.pk}/").status_code == 404
        assert api.as_(everyone[persona]).get(f"/api/v1/reflections/{reflection.pk}/comments/").status_code == 404
    # The author still sees the comment.
    client.force_login(everyone["peer"])
    assert "A thoughtful comment" in client.get(f"/reflections/{reflection.pk}/").content.decode()


def test_a_malformed_id_is_404_too(api, client, everyone):
    assert api.as_(everyone["peer"]).get("/api/v1/reflections/not-a-uuid/").status_code == 404
    client.force_login(everyone["peer"])
    assert client.get("/reflections/teams/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_reads_by_non_authors_are_audited_and_the_authors_own_reads_are_not(api, everyone, entries):
    reflection = entries["team"]
    api.as_(everyone["peer"]).get(f"/api/v1/reflections/{reflection.pk}/")
    assert not AuditEvent.objects.filter(action="read", target_id=reflection.pk).exists()
    api.as_(everyone["manager"]).get(f"/api/v1/reflections/{reflection.pk}/")
    api.as_(everyone["peer2"]).get("/api/v1/reflections/")
    readers = set(
        AuditEvent.objects.filter(action="read", target_id=reflection.pk, subject=everyone["peer"]).values_list(
            "actor__username", flat=True
        )
    )
    assert readers == {everyone["manager"].username, everyone["peer2"].username}
