"""Writing reflections and comments through the API: who may, and what is refused (400s name the field)."""

from datetime import timedelta

import pytest

from apps.audit.models import AuditEvent
from apps.core.dates import org_today
from apps.notifications.models import Notification
from apps.reflections.models import Reflection, ReflectionComment
from tests.reflections.factories import ReflectionFactory

pytestmark = pytest.mark.django_db

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


def test_a_new_reflection_is_private_and_its_author_comes_from_the_user(api, everyone, other_org):
    peer = everyone["peer"]
    refused = api.as_(peer).post(
        URL, gibbs(author=str(everyone["peer2"].pk), organisation=str(other_org.pk)), format="json"
    )
    assert refused.status_code == 400 and {"author", "organisation"} <= set(refused.json())
    assert not Reflection.objects.exists()
    response = api.as_(peer).post(URL, gibbs(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["author"] == str(peer.pk) and body["visibility"] == "private" and body["is_draft"] is False
    reflection = Reflection.objects.get(pk=body["id"])
    assert reflection.author == peer and reflection.organisation == peer.organisation
    assert reflection.sections == {"description": "I offered my view in handover.", "feelings": "Nervous."}
    assert AuditEvent.objects.filter(action="create", target_id=reflection.pk, actor=peer).exists()


def test_unknown_section_keys_are_a_400_naming_sections(api, everyone):
    response = api.as_(everyone["peer"]).post(
        URL, gibbs(sections={"description": "x", "what": "a driscoll key"}), format="json"
    )
    assert response.status_code == 400
    assert "sections" in response.json() and "what" in response.json()["sections"][0]


def test_sections_must_be_an_object_of_texts(api, everyone):
    client = api.as_(everyone["peer"])
    assert "sections" in client.post(URL, gibbs(sections=["x"]), format="json").json()
    assert "sections" in client.post(URL, gibbs(sections={"description": ["x"]}), format="json").json()


def test_a_published_reflection_needs_text_in_at_least_one_prompt(api, everyone):
    response = api.as_(everyone["peer"]).post(
        URL, gibbs(sections={"description": "   ", "feelings": ""}), format="json"
    )
    assert response.status_code == 400 and "sections" in response.json()


def test_an_unknown_framework_is_a_400_naming_framework(api, everyone):
    response = api.as_(everyone["peer"]).post(URL, gibbs(framework="schon"), format="json")
    assert response.status_code == 400 and "framework" in response.json()


def test_free_framework_has_the_one_key_body(api, everyone):
    client = api.as_(everyone["peer"])
    ok = client.post(URL, gibbs(framework="free", sections={"body": "Just writing."}), format="json")
    assert ok.status_code == 201 and ok.json()["sections"] == {"body": "Just writing."}
    bad = client.post(URL, gibbs(framework="free", sections={"description": "x"}), format="json")
    assert bad.status_code == 400 and "sections" in bad.json()


def test_title_and_date_are_required_unless_a_draft(api, everyone):
    client = api.as_(everyone["peer"])
    response = client.post(URL, {"framework": "gibbs", "sections": {"description": "x"}}, format="json")
    assert response.status_code == 400 and {"title", "occurred_on"} <= set(response.json())
    draft = client.post(URL, {"framework": "gibbs", "sections": {}, "is_draft": True}, format="json")
    assert draft.status_code == 201, draft.json()
    assert draft.json()["is_draft"] is True
    assert draft.json()["occurred_on"] == org_today(everyone["peer"].organisation).isoformat()


def test_a_future_date_is_refused(api, everyone):
    tomorrow = org_today(everyone["peer"].organisation) + timedelta(days=1)
    response = api.as_(everyone["peer"]).post(URL, gibbs(occurred_on=tomorrow.isoformat()), format="json")
    assert response.status_code == 400 and "occurred_on" in response.json()


def test_team_visibility_requires_one_of_the_authors_teams(api, everyone, riverside, harbour):
    client = api.as_(everyone["peer"])
    assert "team" in client.post(URL, gibbs(visibility="team"), format="json").json()
    not_mine = client.post(URL, gibbs(visibility="team", team=str(harbour.pk)), format="json")
    assert not_mine.status_code == 400 and "team" in not_mine.json()
    garbage = client.post(URL, gibbs(visibility="team", team="nope"), format="json")
    assert garbage.status_code == 400 and "team" in garbage.json()
    team_without_team_visibility = client.post(
        URL, gibbs(visibility="supervisor", team=str(riverside.pk)), format="json"
    )
    assert team_without_team_visibility.status_code == 400 and "team" in team_without_team_visibility.json()
    ok = client.post(URL, gibbs(visibility="team", team=str(riverside.pk)), format="json")
    assert ok.status_code == 201 and ok.json()["team_name"] == "Riverside"


def test_another_organisations_team_is_a_400_on_team(api, everyone, outsider_team):
    response = api.as_(everyone["peer"]).post(URL, gibbs(visibility="team", team=str(outsider_team.pk)), format="json")
    assert response.status_code == 400 and "team" in response.json()


def test_reception_needs_a_perspective(api, everyone):
    client = api.as_(everyone["peer"])
    assert "reception" in client.post(URL, gibbs(reception="welcomed"), format="json").json()
    ok = client.post(
        URL, gibbs(perspective="lived_experience", reception="welcomed", shared_with_team=True), format="json"
    )
    assert ok.status_code == 201 and ok.json()["reception"] == "welcomed"


def test_invalid_choices_are_400s_naming_the_field(api, everyone):
    client = api.as_(everyone["peer"])
    for field in ("perspective", "reception", "visibility"):
        response = client.post(URL, gibbs(**{field: "nonsense"}), format="json")
        assert response.status_code == 400 and field in response.json(), field


def test_changing_visibility_from_team_to_private_clears_the_team(api, everyone, riverside):
    reflection = ReflectionFactory(author=everyone["peer"], visibility="team", team=riverside)
    response = api.as_(everyone["peer"]).patch(f"{URL}{reflection.pk}/", {"visibility": "private"}, format="json")
    assert response.status_code == 200 and response.json()["team"] is None


def test_patch_changing_framework_rechecks_the_sections(api, everyone):
    reflection = ReflectionFactory(author=everyone["peer"])
    client = api.as_(everyone["peer"])
    assert "sections" in client.patch(f"{URL}{reflection.pk}/", {"framework": "kolb"}, format="json").json()
    ok = client.patch(
        f"{URL}{reflection.pk}/", {"framework": "kolb", "sections": {"experience": "A visit."}}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["sections"] == {"experience": "A visit."}


@pytest.mark.parametrize("persona", ["supervisor", "manager", "admin", "peer2"])
def test_readers_who_are_not_the_author_may_not_change_or_delete_it(api, everyone, riverside, persona):
    reflection = ReflectionFactory(author=everyone["peer"], visibility="team", team=riverside)
    client = api.as_(everyone[persona])
    assert client.patch(f"{URL}{reflection.pk}/", {"title": "Mine now"}, format="json").status_code == 403
    assert client.delete(f"{URL}{reflection.pk}/").status_code == 403
    assert Reflection.objects.get(pk=reflection.pk).title == reflection.title


@pytest.mark.parametrize("persona", ["peer2", "other_manager", "outsider"])
def test_others_changing_or_deleting_a_private_entry_get_404(api, everyone, persona):
    reflection = ReflectionFactory(author=everyone["peer"])
    client = api.as_(everyone[persona])
    assert client.patch(f"{URL}{reflection.pk}/", {"title": "x"}, format="json").status_code == 404
    assert client.delete(f"{URL}{reflection.pk}/").status_code == 404


def test_author_deletes_own_reflection_with_its_comments(api, everyone):
    reflection = ReflectionFactory(author=everyone["peer"], visibility="supervisor")
    ReflectionComment.objects.create(reflection=reflection, author=everyone["supervisor"], body="Seen")
    assert api.as_(everyone["peer"]).delete(f"{URL}{reflection.pk}/").status_code == 204
    assert not Reflection.objects.filter(pk=reflection.pk).exists()
    assert not ReflectionComment.objects.filter(reflection_id=reflection.pk).exists()
    assert AuditEvent.objects.filter(action="delete", target_id=reflection.pk).exists()


def test_publishing_a_draft_and_never_back(api, everyone):
    draft = api.as_(everyone["peer"]).post(URL, gibbs(is_draft=True), format="json").json()
    assert api.as_(everyone["supervisor"]).get(f"{URL}{draft['id']}/").status_code == 404
    published = api.as_(everyone["peer"]).patch(
        f"{URL}{draft['id']}/", {"is_draft": False, "visibility": "supervisor"}, format="json"
    )
    assert published.status_code == 200 and published.json()["published_at"]
    assert api.as_(everyone["supervisor"]).get(f"{URL}{draft['id']}/").status_code == 200
    back = api.as_(everyone["peer"]).patch(f"{URL}{draft['id']}/", {"is_draft": True}, format="json")
    assert back.status_code == 400 and "is_draft" in back.json()


def test_sharing_with_supervisors_tells_them_without_any_content(api, everyone):
    client = api.as_(everyone["peer"])
    created = client.post(URL, gibbs(title="Secret title"), format="json").json()
    assert not Notification.objects.filter(recipient=everyone["supervisor"]).exists()
    client.patch(f"{URL}{created['id']}/", {"visibility": "supervisor"}, format="json")
    note = Notification.objects.get(recipient=everyone["supervisor"], kind="reflection_shared")
    assert "Secret" not in note.message and "offered" not in note.message
    # Changing it again (already shared) does not tell them twice.
    client.patch(f"{URL}{created['id']}/", {"title": "Another"}, format="json")
    assert Notification.objects.filter(recipient=everyone["supervisor"], kind="reflection_shared").count() == 1


# --- comments and acknowledgement ----------------------------------------------------------------


def test_supervisor_comments_and_the_author_is_notified_without_content(api, everyone):
    reflection = ReflectionFactory(author=everyone["peer"], visibility="supervisor")
    refused = api.as_(everyone["supervisor"]).post(
        f"{URL}{reflection.pk}/comments/",
        {"body": "Private thought", "author": str(everyone["peer2"].pk)},
        format="json",
    )
    assert refused.status_code == 400 and "author" in refused.json()
    assert not ReflectionComment.objects.exists()
    response = api.as_(everyone["supervisor"]).post(
        f"{URL}{reflection.pk}/comments/", {"body": "Private thought"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["author"] == str(everyone["supervisor"].pk)
    note = Notification.objects.get(recipient=everyone["peer"], kind="reflection_comment")
    assert "Private thought" not in note.message and reflection.title not in note.message
    assert note.link.endswith(f"/reflections/{reflection.pk}/#comments")
    listed = api.as_(everyone["peer"]).get(f"{URL}{reflection.pk}/comments/").json()
    assert [c["body"] for c in listed["results"]] == ["Private thought"]


def test_author_replies_and_the_commenting_supervisor_is_told(api, everyone):
    reflection = ReflectionFactory(author=everyone["peer"], visibility="supervisor")
    api.as_(everyone["supervisor"]).post(f"{URL}{reflection.pk}/comments/", {"body": "Thoughts?"}, format="json")
    reply = api.as_(everyone["peer"]).post(f"{URL}{reflection.pk}/comments/", {"body": "Yes, thanks"}, format="json")
    assert reply.status_code == 201
    assert Notification.objects.filter(recipient=everyone["supervisor"], kind="reflection_comment_reply").exists()


@pytest.mark.parametrize("persona", ["peer2", "manager", "admin", "clinician"])
def test_team_readers_who_are_not_supervisors_cannot_acknowledge(api, everyone, riverside, persona):
    reflection = ReflectionFactory(author=everyone["peer"], visibility="team", team=riverside)
    client = api.as_(everyone[persona])
    assert client.post(f"{URL}{reflection.pk}/acknowledge/").status_code == 403
    assert Reflection.objects.get(pk=reflection.pk).acknowledged_at is None


@pytest.mark.parametrize("persona", ["peer2", "manager", "clinician"])
def test_team_colleagues_reply_to_a_team_entry(api, everyone, riverside, persona):
    """Issue 19, item 2: members of the team it is shared with reply (not only supervisors)."""
    reflection = ReflectionFactory(author=everyone["peer"], visibility="team", team=riverside)
    response = api.as_(everyone[persona]).post(f"{URL}{reflection.pk}/comments/", {"body": "hi"}, format="json")
    assert response.status_code == 201
    assert ReflectionComment.objects.get(reflection=reflection).team_id == riverside.pk


def test_an_org_admin_outside_the_team_reads_but_does_not_reply(api, everyone, riverside):
    reflection = ReflectionFactory(author=everyone["peer"], visibility="team", team=riverside)
    client = api.as_(everyone["admin"])
    assert client.get(f"{URL}{reflection.pk}/").status_code == 200
    assert client.post(f"{URL}{reflection.pk}/comments/", {"body": "hi"}, format="json").status_code == 403
    assert not ReflectionComment.objects.filter(reflection=reflection).exists()


def test_an_empty_comment_is_a_400_naming_body(api, everyone):
    reflection = ReflectionFactory(author=everyone["peer"], visibility="supervisor")
    response = api.as_(everyone["supervisor"]).post(f"{URL}{reflection.pk}/comments/", {"body": "   "}, format="json")
    assert response.status_code == 400 and "body" in response.json()


def test_nobody_comments_on_an_entry_they_cannot_read(api, everyone):
    reflection = ReflectionFactory(author=everyone["peer"])
    for persona in ("supervisor", "outsider"):
        response = api.as_(everyone[persona]).post(f"{URL}{reflection.pk}/comments/", {"body": "x"}, format="json")
        assert response.status_code == 404


def test_supervisor_acknowledges_once_and_the_author_is_told(api, everyone, other_org):
    reflection = ReflectionFactory(author=everyone["peer"], visibility="supervisor")
    client = api.as_(everyone["supervisor"])
    response = client.post(f"{URL}{reflection.pk}/acknowledge/", {"acknowledged_at": "2000-01-01T00:00:00Z"})
    assert response.status_code == 200
    body = response.json()
    assert body["acknowledged_by"] == str(everyone["supervisor"].pk) and body["acknowledged_at"] > "2001"
    client.post(f"{URL}{reflection.pk}/acknowledge/")
    assert Notification.objects.filter(recipient=everyone["peer"], kind="reflection_acknowledged").count() == 1


def test_author_cannot_acknowledge_their_own_entry(api, everyone):
    reflection = ReflectionFactory(author=everyone["peer"], visibility="supervisor")
    assert api.as_(everyone["peer"]).post(f"{URL}{reflection.pk}/acknowledge/").status_code == 403


def test_acknowledged_at_cannot_be_set_by_the_author(api, everyone):
    reflection = ReflectionFactory(author=everyone["peer"], visibility="supervisor")
    response = api.as_(everyone["peer"]).patch(
        f"{URL}{reflection.pk}/", {"acknowledged_at": "2024-01-01T00:00:00Z", "title": "New"}, format="json"
    )
    assert response.status_code == 400 and "acknowledged_at" in response.json()
    reflection.refresh_from_db()
    assert reflection.acknowledged_at is None and reflection.title != "New"


# --- filters ------------------------------------------------------------------------------------


def test_list_filters(api, everyone, riverside):
    peer = everyone["peer"]
    today = org_today(peer.organisation)
    a = ReflectionFactory(
        author=peer,
        framework="kolb",
        sections={"experience": "Hope and handover"},
        occurred_on=today - timedelta(days=40),
    )
    b = ReflectionFactory(
        author=peer,
        visibility="team",
        team=riverside,
        perspective="biomedical",
        reception="dismissed",
        occurred_on=today,
    )
    client = api.as_(peer)

    def ids(**params):
        response = client.get(URL, params)
        assert response.status_code == 200, response.json()
        return {r["id"] for r in response.json()["results"]}

    assert ids(framework="kolb") == {str(a.pk)}
    assert ids(visibility="team") == {str(b.pk)}
    assert ids(team=str(riverside.pk)) == {str(b.pk)}
    assert ids(perspective="biomedical") == {str(b.pk)}
    assert ids(reception="dismissed") == {str(b.pk)}
    assert ids(search="HANDOVER") == {str(a.pk)}
    assert ids(occurred_on_after=(today - timedelta(days=10)).isoformat()) == {str(b.pk)}
    assert ids(occurred_on_before=(today - timedelta(days=10)).isoformat()) == {str(a.pk)}
    assert client.get(URL, {"framework": "nope"}).status_code == 400
    assert client.get(URL, {"team": "nope"}).status_code == 400
