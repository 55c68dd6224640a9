"""The two-way learning feed (issue 19, item 2): team colleagues reply to entries shared with
their team, the author turns replies off and on, "this helped me" is counted anonymously.

Rules under test (apps/reflections/policies.py, README "Two-way learning feed"):

* who replies: current members of the team the entry is shared with who read it (org admins
  outside the team read but do not reply); replies stop at once when sharing is withdrawn, the
  colleague leaves the team, or the author turns replies off;
* a colleague's reply is shown to others only while the entry is still shared with the team it
  was written in and replies are on (the author always sees it);
* the author sees how many said "this helped me" / replied only at or above VOICE_MIN_GROUP,
  never who; nothing the author reads (audit trail included) names a marker;
* reads of replies are audited; notifications carry no text and no name.
"""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.http import Http404
from django.test import override_settings

from apps.audit.models import AuditEvent
from apps.core.dates import org_today
from apps.notifications.models import Notification
from apps.reflections import data_rights, selectors, services
from apps.reflections.models import Reflection, ReflectionComment, ReflectionHelped
from apps.teams.models import Membership
from tests.factories import MembershipFactory, UserFactory
from tests.reflections.factories import CommentFactory, ReflectionFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/reflections/"
SECRET = "QXreplysecret"


@pytest.fixture
def entry(everyone, riverside):
    return ReflectionFactory(author=everyone["peer"], visibility="team", team=riverside, title="QXtitle")


def reply(api, user, reflection, body=SECRET):
    return api.as_(user).post(f"{URL}{reflection.pk}/replies/", {"body": body}, format="json")


def thread_bodies(api, user, reflection):
    response = api.as_(user).get(f"{URL}{reflection.pk}/replies/")
    assert response.status_code == 200, response.content
    return [r["body"] for r in response.json()["results"]]


def leave(user, team):
    Membership.objects.filter(team=team, worker=user).update(left_on=org_today(team.organisation) - timedelta(days=1))


# --- replying --------------------------------------------------------------------------------------


def test_a_colleague_replies_the_author_hears_someone_replied_without_text_or_name(api, everyone, entry, riverside):
    response = reply(api, everyone["peer2"], entry)
    assert response.status_code == 201
    assert response.json()["is_colleague_reply"] is True
    saved = ReflectionComment.objects.get(reflection=entry)
    assert (saved.author, saved.team_id, saved.body) == (everyone["peer2"], riverside.pk, SECRET)
    note = Notification.objects.get(recipient=everyone["peer"], kind="reflection_team_reply")
    assert note.actor_id is None
    for text in (note.message, note.link):
        assert SECRET not in text and "QXtitle" not in text and "Robin" not in text
    assert not any(SECRET in m.body or SECRET in m.subject for m in mail.outbox)
    created = AuditEvent.objects.get(action="create", target_id=saved.pk)
    assert created.detail == "team reply" and created.actor == everyone["peer2"]


def test_the_author_replies_back_and_the_colleague_is_told(api, everyone, entry):
    reply(api, everyone["peer2"], entry)
    assert reply(api, everyone["peer"], entry, body="Thanks").status_code == 201
    assert Notification.objects.filter(recipient=everyone["peer2"], kind="reflection_comment_reply").exists()
    assert ReflectionComment.objects.get(body="Thanks").team_id is None


def test_a_colleague_who_reads_another_colleagues_reply_is_audited(api, everyone, entry):
    reply(api, everyone["peer2"], entry)
    saved = ReflectionComment.objects.get()
    assert thread_bodies(api, everyone["clinician"], entry) == [SECRET]
    event = AuditEvent.objects.get(action="read", target_id=saved.pk)
    assert (event.actor, event.subject, event.detail) == (everyone["clinician"], everyone["peer2"], "api replies")
    # Reading one's own reply is no read of someone else's text.
    thread_bodies(api, everyone["peer2"], entry)
    assert not AuditEvent.objects.filter(action="read", target_id=saved.pk, actor=everyone["peer2"]).exists()


@pytest.mark.parametrize("persona", ["admin", "harbour_peer", "other_manager"])
def test_people_outside_the_team_cannot_reply(api, everyone, entry, persona):
    status = reply(api, everyone[persona], entry).status_code
    # The org admin reads every team entry (so a 403); the others do not read it (404).
    assert status == (403 if persona == "admin" else 404)
    assert not ReflectionComment.objects.exists()


def test_other_organisation_gets_404_everywhere(api, everyone, entry):
    client = api.as_(everyone["outsider"])
    assert client.get(f"{URL}{entry.pk}/replies/").status_code == 404
    assert reply(api, everyone["outsider"], entry).status_code == 404
    assert client.put(f"{URL}{entry.pk}/helped/").status_code == 404
    assert client.get(f"{URL}{entry.pk}/team-reception/").status_code == 404
    assert not ReflectionComment.objects.exists() and not ReflectionHelped.objects.exists()


def test_a_supervisor_named_by_the_author_comments_as_a_supervisor(api, everyone, entry):
    assert reply(api, everyone["supervisor"], entry, body="Well done").status_code == 201
    assert ReflectionComment.objects.get().team_id is None
    assert Notification.objects.filter(recipient=everyone["peer"], kind="reflection_comment").exists()


# --- the author turns replies off and on -----------------------------------------------------------


def test_replies_off_refuses_new_replies_and_hides_earlier_ones_from_others_but_the_author(api, everyone, entry):
    reply(api, everyone["peer2"], entry)
    off = api.as_(everyone["peer"]).patch(f"{URL}{entry.pk}/", {"replies_open": False}, format="json")
    assert off.status_code == 200 and off.json()["replies_open"] is False
    entry.refresh_from_db()
    assert entry.replies_open is False
    refused = reply(api, everyone["clinician"], entry, body="late")
    assert refused.status_code == 403
    assert not ReflectionComment.objects.filter(body="late").exists()
    assert thread_bodies(api, everyone["clinician"], entry) == []
    assert thread_bodies(api, everyone["peer"], entry) == [SECRET]
    # The comment count does not give away the hidden replies either.
    assert api.as_(everyone["clinician"]).get(f"{URL}{entry.pk}/").json()["comment_count"] == 0
    assert SECRET not in api.as_(everyone["clinician"]).get(f"/reflections/{entry.pk}/").content.decode()
    # Supervisors still comment (supervision goes on).
    assert reply(api, everyone["supervisor"], entry, body="sup").status_code == 201
    on = api.as_(everyone["peer"]).patch(f"{URL}{entry.pk}/", {"replies_open": True}, format="json")
    assert on.status_code == 200
    assert thread_bodies(api, everyone["clinician"], entry) == [SECRET, "sup"]
    assert reply(api, everyone["clinician"], entry, body="again").status_code == 201


def test_only_the_author_turns_replies_off(api, everyone, entry):
    response = api.as_(everyone["peer2"]).patch(f"{URL}{entry.pk}/", {"replies_open": False}, format="json")
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.replies_open is True


def test_the_author_turns_replies_off_on_the_page(client, everyone, entry):
    client.force_login(everyone["peer"])
    page = client.get(f"/reflections/{entry.pk}/").content.decode()
    assert "Turn replies off" in page
    assert client.post(f"/reflections/{entry.pk}/replies/", {"replies_open": "off"}).status_code == 302
    entry.refresh_from_db()
    assert entry.replies_open is False
    bad = client.post(f"/reflections/{entry.pk}/replies/", {"replies_open": "maybe"})
    assert bad.status_code == 400
    entry.refresh_from_db()
    assert entry.replies_open is False
    client.force_login(everyone["peer2"])
    assert client.post(f"/reflections/{entry.pk}/replies/", {"replies_open": "on"}).status_code == 403
    entry.refresh_from_db()
    assert entry.replies_open is False


# --- attacks: sharing withdrawn, leaving, joining, moving, races -----------------------------------


def test_reply_after_sharing_was_withdrawn_is_404_and_earlier_replies_are_gone(api, everyone, entry):
    reply(api, everyone["peer2"], entry)
    api.as_(everyone["peer"]).patch(f"{URL}{entry.pk}/", {"visibility": "private"}, format="json")
    assert reply(api, everyone["peer2"], entry, body="after").status_code == 404
    assert api.as_(everyone["peer2"]).get(f"{URL}{entry.pk}/replies/").status_code == 404
    assert api.as_(everyone["peer2"]).put(f"{URL}{entry.pk}/helped/").status_code == 404
    assert not ReflectionComment.objects.filter(body="after").exists()


def test_a_reply_prepared_before_sharing_was_withdrawn_is_refused(everyone, entry):
    """The colleague fetched the entry while it was shared; the author withdrew it before the
    reply is written: the service judges the entry as it is now (row lock, fresh rule)."""
    stale = selectors.get_reflection_for(everyone["peer2"], entry.pk)
    services.reflection_update(actor=everyone["peer"], reflection=entry, data={"visibility": "private"})
    with pytest.raises(Http404):
        services.comment_create(actor=everyone["peer2"], reflection=stale, body="late")
    with pytest.raises(Http404):
        services.helped_set(actor=everyone["peer2"], reflection=stale, helped=True)
    assert not ReflectionComment.objects.exists() and not ReflectionHelped.objects.exists()


def test_a_reply_prepared_before_replies_were_turned_off_is_refused(everyone, entry):
    stale = selectors.get_reflection_for(everyone["peer2"], entry.pk)
    services.reflection_update(actor=everyone["peer"], reflection=entry, data={"replies_open": False})
    with pytest.raises(PermissionDenied):
        services.comment_create(actor=everyone["peer2"], reflection=stale, body="late")
    assert not ReflectionComment.objects.exists()


def test_a_colleague_who_leaves_the_team_loses_the_entry_and_its_replies(api, everyone, entry, riverside):
    reply(api, everyone["clinician"], entry)
    leave(everyone["peer2"], riverside)
    assert api.as_(everyone["peer2"]).get(f"{URL}{entry.pk}/replies/").status_code == 404
    assert reply(api, everyone["peer2"], entry, body="gone").status_code == 404
    assert not ReflectionComment.objects.filter(body="gone").exists()


def test_joining_the_team_after_sharing_gives_what_every_member_has_and_no_more(api, everyone, entry, harbour):
    """A member reads a team entry by being in the team today (spec §2), so a newcomer replies like
    anyone else; joining another team gives nothing, and replies written while the entry was
    shared with another team stay hidden."""
    newcomer = UserFactory(organisation=entry.organisation)
    assert reply(api, newcomer, entry).status_code == 404
    MembershipFactory(team=harbour, worker=newcomer)
    assert reply(api, newcomer, entry).status_code == 404
    MembershipFactory(team=entry.team, worker=newcomer)
    assert reply(api, newcomer, entry, body="hello").status_code == 201
    assert thread_bodies(api, newcomer, entry) == ["hello"]


def test_replies_stay_with_the_team_they_were_written_in(api, everyone, entry, harbour, riverside):
    reply(api, everyone["peer2"], entry)
    MembershipFactory(team=harbour, worker=everyone["peer"])
    moved = api.as_(everyone["peer"]).patch(
        f"{URL}{entry.pk}/", {"visibility": "team", "team": str(harbour.pk)}, format="json"
    )
    assert moved.status_code == 200, moved.content
    # Hana (Harbour) reads the entry now, but not what Riverside said about it.
    assert thread_bodies(api, everyone["harbour_peer"], entry) == []
    assert thread_bodies(api, everyone["peer"], entry) == [SECRET]
    # Robin (Riverside) no longer reads it at all.
    assert api.as_(everyone["peer2"]).get(f"{URL}{entry.pk}/replies/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_reply_racing_the_withdrawal_of_sharing_waits_and_is_refused(everyone, riverside):
    """Real race: the author's transaction holds the entry's row while it becomes private; the
    colleague's reply, started meanwhile, waits for it and is then refused."""
    entry = ReflectionFactory(author=everyone["peer"], visibility="team", team=riverside)
    stale = selectors.get_reflection_for(everyone["peer2"], entry.pk)
    locked, outcome = threading.Event(), {}

    def author():
        try:
            with transaction.atomic():
                services.reflection_update(actor=everyone["peer"], reflection=entry, data={"visibility": "private"})
                locked.set()
                threading.Event().wait(0.5)  # hold the row while the reply starts
        finally:
            locked.set()
            connection.close()

    def colleague():
        locked.wait(5)
        try:
            services.comment_create(actor=everyone["peer2"], reflection=stale, body="racing")
            outcome["result"] = "created"
        except Http404:
            outcome["result"] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=author), threading.Thread(target=colleague)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert outcome == {"result": "refused"}
    assert not ReflectionComment.objects.filter(body="racing").exists()
    assert Reflection.objects.get(pk=entry.pk).visibility == "private"


# --- "this helped me" and how the team received it -------------------------------------------------


def _team_of(n, team):
    return [MembershipFactory(team=team).worker for _ in range(n)]


def test_helped_is_set_once_taken_back_and_refused_to_the_author_and_outsiders(api, everyone, entry):
    client = api.as_(everyone["peer2"])
    assert client.put(f"{URL}{entry.pk}/helped/").json() == {"helped": True}
    assert client.put(f"{URL}{entry.pk}/helped/").status_code == 200
    assert ReflectionHelped.objects.filter(reflection=entry, user=everyone["peer2"]).count() == 1
    assert client.delete(f"{URL}{entry.pk}/helped/").json() == {"helped": False}
    assert not ReflectionHelped.objects.exists()
    assert api.as_(everyone["peer"]).put(f"{URL}{entry.pk}/helped/").status_code == 403
    assert api.as_(everyone["admin"]).put(f"{URL}{entry.pk}/helped/").status_code == 403
    assert not ReflectionHelped.objects.exists()
    # Nobody is told about a marker.
    assert not Notification.objects.filter(recipient=everyone["peer"]).exclude(kind="reflection_shared").exists()


@override_settings(VOICE_MIN_GROUP=5)
def test_the_author_sees_counts_only_at_or_above_the_minimum_and_never_who(api, everyone, entry, riverside):
    colleagues = _team_of(5, riverside)
    author = api.as_(everyone["peer"])
    for person in colleagues[:4]:
        services.helped_set(actor=person, reflection=entry, helped=True)
        services.comment_create(actor=person, reflection=entry, body="r")
    below = author.get(f"{URL}{entry.pk}/team-reception/").json()
    assert below == {"minimum": 5, "helped": None, "repliers": None}
    services.helped_set(actor=colleagues[4], reflection=entry, helped=True)
    services.comment_create(actor=colleagues[4], reflection=entry, body="r")
    services.comment_create(actor=colleagues[4], reflection=entry, body="again")  # one person, counted once
    at = author.get(f"{URL}{entry.pk}/team-reception/")
    assert at.json() == {"minimum": 5, "helped": 5, "repliers": 5}
    page = api.as_(everyone["peer"]).get(f"/reflections/{entry.pk}/").content.decode()
    assert "Colleagues who said “this helped me”" in page
    # Never who: no id of a marker in what the author reads, nor in their audit trail.
    trail = author.get("/api/v1/audit-events/", {"page_size": 100}).content.decode()
    marker_ids = {str(m.pk) for m in ReflectionHelped.objects.all()}
    assert not any(m in trail for m in marker_ids)
    assert not any(str(p.pk) in at.content.decode() for p in colleagues)
    # Taking one back drops it below the minimum: hidden again.
    services.helped_set(actor=colleagues[0], reflection=entry, helped=False)
    assert author.get(f"{URL}{entry.pk}/team-reception/").json()["helped"] is None


def test_only_the_author_reads_the_team_reception(api, everyone, entry):
    assert api.as_(everyone["peer2"]).get(f"{URL}{entry.pk}/team-reception/").status_code == 403
    assert api.as_(everyone["harbour_peer"]).get(f"{URL}{entry.pk}/team-reception/").status_code == 404


# --- the replies list (cursor) ---------------------------------------------------------------------


def test_the_replies_list_is_cursor_paginated_and_complete(api, everyone, entry, riverside):
    for i in range(12):
        CommentFactory(reflection=entry, author=everyone["peer2"], team=riverside, body=f"reply {i:02d}")
    client = api.as_(everyone["clinician"])
    seen, url = [], f"{URL}{entry.pk}/replies/?page_size=5"
    while url:
        body = client.get(url).json()
        seen += [r["body"] for r in body["results"]]
        url = body["next"]
    assert seen == [f"reply {i:02d}" for i in range(12)]


@pytest.mark.parametrize(
    "query,field", [("cursor=nonsense", "cursor"), ("page_size=0", "page_size"), ("page=2", "page")]
)
def test_bad_list_parameters_are_400_naming_them(api, everyone, entry, query, field):
    response = api.as_(everyone["peer2"]).get(f"{URL}{entry.pk}/replies/?{query}")
    assert response.status_code == 400 and field in response.json()


def test_the_replies_list_has_a_fixed_query_count(api, everyone, entry, riverside, django_assert_num_queries):
    client = api.as_(everyone["clinician"])
    for size in (3, 30):
        ReflectionComment.objects.all().delete()
        for _ in range(size):
            CommentFactory(reflection=entry, author=everyone["peer2"], team=riverside)
        # session, user, caps: memberships, supervisees; the entry (its named readers are not
        # read: a thread does not show them); the page (author and entry joined); the replies'
        # audit INSERT
        with django_assert_num_queries(7):
            assert len(client.get(f"{URL}{entry.pk}/replies/", {"page_size": 50}).json()["results"]) == size


# --- the feed with htmx -----------------------------------------------------------------------------


def test_the_feed_shows_threads_and_takes_a_reply_with_htmx(client, everyone, entry):
    client.force_login(everyone["peer2"])
    page = client.get(f"/reflections/teams/{entry.team_id}/").content.decode()
    assert f'id="thread-{entry.pk}"' in page and f'id="id_body_{entry.pk}"' in page
    response = client.post(f"/reflections/{entry.pk}/comments/", {"body": SECRET}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert SECRET in response.content.decode() and f'id="thread-{entry.pk}"' in response.content.decode()
    assert ReflectionComment.objects.get().body == SECRET
    empty = client.post(f"/reflections/{entry.pk}/comments/", {"body": "  "}, headers={"HX-Request": "true"})
    assert empty.status_code == 400 and f"id_body_{entry.pk}_error" in empty.content.decode()
    assert ReflectionComment.objects.count() == 1
    marked = client.post(f"/reflections/{entry.pk}/helped/", {"helped": "yes"}, headers={"HX-Request": "true"})
    assert marked.status_code == 200 and 'aria-pressed="true"' in marked.content.decode()
    assert ReflectionHelped.objects.filter(user=everyone["peer2"]).exists()


def test_the_helped_form_refuses_bad_input(client, everyone, entry):
    client.force_login(everyone["peer2"])
    assert client.post(f"/reflections/{entry.pk}/helped/", {"helped": "lots"}).status_code == 400
    assert not ReflectionHelped.objects.exists()


# --- data rights -------------------------------------------------------------------------------------


def test_export_and_erasure_of_the_replier_and_of_the_author(everyone, entry):
    services.comment_create(actor=everyone["peer2"], reflection=entry, body=SECRET)
    services.helped_set(actor=everyone["peer2"], reflection=entry, helped=True)
    mine = data_rights.export(everyone["peer2"])
    assert mine["comments_i_wrote"][0]["body"] == SECRET and mine["comments_i_wrote"][0]["colleague_reply"]
    assert mine["marked_helped"] == [
        {"reflection": str(entry.pk), "created_at": ReflectionHelped.objects.get().created_at.isoformat()}
    ]
    authors = data_rights.export(everyone["peer"])
    assert authors["reflections"][0]["comments"][0]["colleague_reply"] is True
    # The author's export never names who marked it.
    assert "Robin" not in str({k: v for k, v in authors.items() if k != "reflections"})
    data_rights.erase(everyone["peer2"])
    assert not ReflectionComment.objects.exists() and not ReflectionHelped.objects.exists()
    assert Reflection.objects.filter(pk=entry.pk).exists()
    services.comment_create(actor=everyone["clinician"], reflection=entry, body="x")
    services.helped_set(actor=everyone["clinician"], reflection=entry, helped=True)
    data_rights.erase(everyone["peer"])
    assert not ReflectionComment.objects.exists() and not ReflectionHelped.objects.exists()
