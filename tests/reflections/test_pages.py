"""The reflection pages: writing (nothing typed is ever lost), sharing, comments, the feed."""

import json
from datetime import timedelta

import pytest

from apps.audit.models import AuditEvent
from apps.core.dates import org_today
from apps.reflections.models import Reflection, ReflectionComment
from tests.reflections.factories import CommentFactory, ReflectionFactory

pytestmark = pytest.mark.django_db

LONG_TEXT = "A long entry.\n" + ("I kept writing about the handover and what I noticed. " * 80)


def form_data(**overrides):
    data = {
        "title": "Speaking up in handover",
        "occurred_on": "2024-03-01",
        "framework": "gibbs",
        "gibbs__description": "I offered my view.",
        "gibbs__feelings": "Nervous, then heard.",
        "visibility": "private",
        "save": "1",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def as_peer(client, everyone):
    client.force_login(everyone["peer"])
    return client


# --- writing ---------------------------------------------------------------------------------


def test_new_page_shows_the_frameworks_prompts_with_hints(as_peer):
    response = as_peer.get("/reflections/new/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="gibbs__action_plan"' in html and 'name="driscoll__now_what"' in html
    assert "What were you thinking and feeling at the time?" in html
    assert 'data-autosave-url="/reflections/drafts/"' in html
    # Only the chosen framework's prompts are shown; the others wait hidden.
    assert 'data-framework="gibbs">' in html and 'data-framework="kolb" hidden' in html


def test_writing_a_reflection_saves_it_privately_and_clears_the_browser_copy(as_peer, everyone):
    response = as_peer.post("/reflections/new/", form_data())
    reflection = Reflection.objects.get(author=everyone["peer"])
    assert response.status_code == 302
    assert response.url == f"/reflections/{reflection.pk}/?saved=new"
    assert reflection.visibility == "private" and not reflection.is_draft
    assert reflection.sections == {"description": "I offered my view.", "feelings": "Nervous, then heard."}
    detail = as_peer.get(response.url).content.decode()
    peer_id = everyone["peer"].pk
    assert f'data-clear-local="pspteam:reflection:{peer_id}:{reflection.pk} pspteam:reflection:{peer_id}:new"' in detail


def test_a_rejected_submit_keeps_everything_typed(as_peer):
    response = as_peer.post(
        "/reflections/new/", form_data(title="", gibbs__analysis=LONG_TEXT, perspective="lived_experience")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "I kept writing about the handover" in html and "Nervous, then heard." in html
    assert "This field is required." in html
    assert '<option value="lived_experience" selected>' in html
    assert not Reflection.objects.exists()


def test_a_service_error_about_sections_is_shown_by_the_first_prompt(as_peer):
    response = as_peer.post("/reflections/new/", form_data(gibbs__description=" ", gibbs__feelings=""))
    assert response.status_code == 400
    assert 'id="id_gibbs__description_error"' in response.content.decode()


def test_team_sharing_needs_a_team_and_the_error_keeps_the_text(as_peer, riverside):
    response = as_peer.post("/reflections/new/", form_data(visibility="team", gibbs__analysis=LONG_TEXT))
    assert response.status_code == 400
    assert "Choose the team to share with." in response.content.decode()
    assert "I kept writing" in response.content.decode()
    ok = as_peer.post("/reflections/new/", form_data(visibility="team", team=str(riverside.pk)))
    assert ok.status_code == 302 and Reflection.objects.get().team == riverside


def test_switching_framework_without_javascript_keeps_what_was_typed(as_peer):
    response = as_peer.post("/reflections/new/", form_data(framework="kolb", switch_framework="1", title="", save=None))
    html = response.content.decode()
    assert response.status_code == 200 and not Reflection.objects.exists()
    assert 'data-framework="kolb">' in html and 'data-framework="gibbs" hidden' in html
    assert "Nervous, then heard." in html
    assert "This field is required" not in html


def test_save_as_draft_keeps_a_private_draft_only_the_author_sees(as_peer, client, everyone):
    response = as_peer.post(
        "/reflections/new/", form_data(title="", save=None, save_draft="1", visibility="supervisor")
    )
    draft = Reflection.objects.get()
    assert response.status_code == 302 and draft.is_draft and draft.title == ""
    client.force_login(everyone["supervisor"])
    assert client.get(f"/reflections/{draft.pk}/").status_code == 404
    client.force_login(everyone["peer"])
    edit = client.get(f"/reflections/{draft.pk}/edit/")
    assert f'data-autosave-url="/reflections/{draft.pk}/draft/"' in edit.content.decode()
    client.post(f"/reflections/{draft.pk}/edit/", form_data(visibility="supervisor"))
    draft.refresh_from_db()
    assert not draft.is_draft and draft.published_at and draft.title == "Speaking up in handover"


# --- autosave ---------------------------------------------------------------------------------


def test_autosave_makes_one_draft_and_submitting_publishes_that_same_draft(as_peer, everyone):
    first = as_peer.post("/reflections/drafts/", form_data(title="", gibbs__analysis=LONG_TEXT))
    assert first.status_code == 200, first.content
    body = first.json()
    assert body["saved"] is True and body["autosave_url"] == f"/reflections/{body['id']}/draft/"
    again = as_peer.post(body["autosave_url"], form_data(title="Half a title", gibbs__analysis=LONG_TEXT))
    assert again.json()["id"] == body["id"]
    assert Reflection.objects.get().title == "Half a title"
    # The new-entry form now carries the draft's id: submitting publishes it, no duplicate.
    done = as_peer.post("/reflections/new/", form_data(draft=body["id"]))
    assert done.status_code == 302
    reflection = Reflection.objects.get()
    assert str(reflection.pk) == body["id"] and not reflection.is_draft
    # An autosave arriving after publishing changes nothing.
    late = as_peer.post(body["autosave_url"], form_data(title="stale"))
    assert late.status_code == 404
    reflection.refresh_from_db()
    assert reflection.title == "Speaking up in handover"


def test_autosave_of_an_empty_new_form_creates_nothing(as_peer):
    response = as_peer.post("/reflections/drafts/", form_data(title="", gibbs__description="", gibbs__feelings=""))
    assert response.json() == {"saved": False, "reason": "empty"}
    assert not Reflection.objects.exists()


def test_autosave_errors_are_json_not_a_lost_page(as_peer):
    response = as_peer.post("/reflections/drafts/", form_data(occurred_on="not a date"))
    assert response.status_code == 400 and "occurred_on" in response.json()["errors"]


def test_nobody_autosaves_into_someone_elses_draft(client, everyone):
    draft = ReflectionFactory(author=everyone["peer"], is_draft=True)
    client.force_login(everyone["peer2"])
    assert client.post(f"/reflections/{draft.pk}/draft/", form_data()).status_code == 404


def test_autosave_audits_at_most_once_per_interval(as_peer):
    body = as_peer.post("/reflections/drafts/", form_data()).json()
    for _ in range(3):
        as_peer.post(body["autosave_url"], form_data())
    assert AuditEvent.objects.filter(target_id=body["id"], detail="autosave").count() == 1


def test_a_signed_out_autosave_is_not_a_save(client, everyone):
    response = client.post("/reflections/drafts/", form_data())
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not Reflection.objects.exists()


# --- one reflection ------------------------------------------------------------------------------


def test_html_and_script_are_shown_as_text_and_newlines_kept(client, everyone):
    reflection = ReflectionFactory(
        author=everyone["peer"],
        visibility="supervisor",
        title="<b>bold</b>",
        sections={"description": "<script>alert(1)</script>\nsecond line"},
    )
    CommentFactory(reflection=reflection, author=everyone["supervisor"], body="<img src=x onerror=alert(2)>\nok")
    client.force_login(everyone["supervisor"])
    html = client.get(f"/reflections/{reflection.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;<br>second line" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(2)&gt;<br>ok" in html
    assert "<b>bold</b>" not in html


def test_supervisor_comments_through_the_page_and_the_author_sees_it(client, everyone):
    reflection = ReflectionFactory(author=everyone["peer"], visibility="supervisor")
    client.force_login(everyone["supervisor"])
    page = client.get(f"/reflections/{reflection.pk}/").content.decode()
    assert "Add comment" in page and "Acknowledge: seen, thank you" in page
    response = client.post(f"/reflections/{reflection.pk}/comments/", {"body": "Let's talk about this"})
    assert response.status_code == 302
    client.force_login(everyone["peer"])
    assert "Let&#x27;s talk about this" in client.get(f"/reflections/{reflection.pk}/").content.decode()


def test_an_empty_comment_is_shown_again_with_an_error(client, everyone):
    reflection = ReflectionFactory(author=everyone["peer"], visibility="supervisor")
    client.force_login(everyone["supervisor"])
    response = client.post(f"/reflections/{reflection.pk}/comments/", {"body": ""})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert not ReflectionComment.objects.exists()


def test_an_org_admin_outside_the_team_sees_no_reply_form_and_is_refused_if_they_post(client, everyone, riverside):
    reflection = ReflectionFactory(author=everyone["peer"], visibility="team", team=riverside)
    client.force_login(everyone["admin"])
    page = client.get(f"/reflections/{reflection.pk}/").content.decode()
    assert "Add comment" not in page and "Your reply" not in page
    assert client.post(f"/reflections/{reflection.pk}/comments/", {"body": "x"}).status_code == 403
    assert client.post(f"/reflections/{reflection.pk}/acknowledge/").status_code == 403
    assert not reflection.comments.exists()


@pytest.mark.parametrize("persona", ["peer2", "manager"])
def test_team_colleagues_reply_from_the_page_but_do_not_acknowledge(client, everyone, riverside, persona):
    reflection = ReflectionFactory(author=everyone["peer"], visibility="team", team=riverside)
    client.force_login(everyone[persona])
    assert "Your reply" in client.get(f"/reflections/{reflection.pk}/").content.decode()
    assert client.post(f"/reflections/{reflection.pk}/comments/", {"body": "x"}).status_code == 302
    assert reflection.comments.get().team_id == riverside.pk
    assert client.post(f"/reflections/{reflection.pk}/acknowledge/").status_code == 403
    reflection.refresh_from_db()
    assert reflection.acknowledged_at is None


def test_supervisor_acknowledges_through_the_page(client, everyone):
    reflection = ReflectionFactory(author=everyone["peer"], visibility="supervisor")
    client.force_login(everyone["supervisor"])
    assert client.post(f"/reflections/{reflection.pk}/acknowledge/").status_code == 302
    reflection.refresh_from_db()
    assert reflection.acknowledged_by == everyone["supervisor"]
    client.force_login(everyone["peer"])
    assert "Acknowledged by Sam Supervisor" in client.get(f"/reflections/{reflection.pk}/").content.decode()


def test_author_changes_sharing_from_the_detail_page(client, everyone, riverside):
    reflection = ReflectionFactory(author=everyone["peer"])
    client.force_login(everyone["peer"])
    bad = client.post(f"/reflections/{reflection.pk}/sharing/", {"visibility": "team"})
    assert bad.status_code == 400 and "Choose the team to share with." in bad.content.decode()
    ok = client.post(f"/reflections/{reflection.pk}/sharing/", {"visibility": "team", "team": str(riverside.pk)})
    assert ok.status_code == 302
    reflection.refresh_from_db()
    assert reflection.visibility == "team" and reflection.team == riverside


@pytest.mark.parametrize(("persona", "status"), [("supervisor", 403), ("peer2", 403), ("harbour_peer", 404)])
def test_only_the_author_edits_shares_or_deletes(client, everyone, riverside, persona, status):
    reflection = ReflectionFactory(author=everyone["peer"], visibility="team", team=riverside)
    client.force_login(everyone[persona])
    for url in ("edit", "sharing", "delete"):
        assert client.get(f"/reflections/{reflection.pk}/{url}/").status_code == status
    assert client.post(f"/reflections/{reflection.pk}/delete/").status_code == status
    assert Reflection.objects.filter(pk=reflection.pk).exists()


def test_author_deletes_after_confirming(as_peer, everyone):
    reflection = ReflectionFactory(author=everyone["peer"])
    assert "Delete for good" in as_peer.get(f"/reflections/{reflection.pk}/delete/").content.decode()
    assert as_peer.post(f"/reflections/{reflection.pk}/delete/").status_code == 302
    assert not Reflection.objects.exists()


# --- lists -----------------------------------------------------------------------------------------


def test_my_reflections_lists_only_mine_with_search_and_filters(as_peer, everyone):
    peer = everyone["peer"]
    today = org_today(peer.organisation)
    ReflectionFactory(author=peer, title="Naming courage", framework="kolb", sections={"experience": "x"})
    ReflectionFactory(author=peer, title="Old one", occurred_on=today - timedelta(days=200), visibility="supervisor")
    ReflectionFactory(author=peer, title="Half written", is_draft=True)
    ReflectionFactory(author=everyone["peer2"], title="Not mine")

    def titles(**params):
        html = as_peer.get("/reflections/", params).content.decode()
        return {t for t in ("Naming courage", "Old one", "Half written", "Not mine") if t in html}

    assert titles() == {"Naming courage", "Old one", "Half written"}
    assert titles(q="COURAGE") == {"Naming courage"}
    assert titles(framework="kolb") == {"Naming courage"}
    assert titles(visibility="supervisor") == {"Old one"}
    assert titles(visibility="draft") == {"Half written"}
    assert titles(since=(today - timedelta(days=30)).isoformat()) == {"Naming courage", "Half written"}
    assert titles(until=(today - timedelta(days=30)).isoformat()) == {"Old one"}
    assert "No reflection matches these filters." in as_peer.get("/reflections/", {"q": "zzz"}).content.decode()


def test_my_reflections_paginates(as_peer, everyone):
    ReflectionFactory.create_batch(23, author=everyone["peer"])
    first = as_peer.get("/reflections/").content.decode()
    assert "Page 1 of 2" in first
    assert "Page 2 of 2" in as_peer.get("/reflections/", {"page": 2}).content.decode()


def test_empty_my_reflections_invites_a_first_entry(as_peer):
    assert "Write your first one" in as_peer.get("/reflections/").content.decode()


def test_team_feed_filters_by_perspective_and_reception_and_audits_in_bulk(client, everyone, riverside):
    peer = everyone["peer"]
    welcomed = ReflectionFactory(
        author=peer, visibility="team", team=riverside, perspective="lived_experience", reception="welcomed"
    )
    dismissed = ReflectionFactory(
        author=everyone["peer2"], visibility="team", team=riverside, perspective="biomedical", reception="dismissed"
    )
    client.force_login(everyone["clinician"])

    def titles(**params):
        html = client.get(f"/reflections/teams/{riverside.pk}/", params).content.decode()
        return {r.title for r in (welcomed, dismissed) if r.title in html}

    assert titles() == {welcomed.title, dismissed.title}
    assert titles(perspective="lived_experience") == {welcomed.title}
    assert titles(reception="dismissed") == {dismissed.title}
    reads = AuditEvent.objects.filter(action="read", actor=everyone["clinician"], detail="team feed excerpt")
    # Two entries, then one, then one: one row per page naming the entries it showed.
    assert [sorted(t for t, _ in e.targets()) for e in reads.order_by("at")] == [
        sorted([welcomed.pk, dismissed.pk]),
        [welcomed.pk],
        [dismissed.pk],
    ]


def test_team_feed_is_newest_shared_first(client, everyone, riverside):
    older = ReflectionFactory(author=everyone["peer"], visibility="team", team=riverside, title="Older share")
    newer = ReflectionFactory(author=everyone["peer2"], visibility="team", team=riverside, title="Newer share")
    Reflection.objects.filter(pk=older.pk).update(published_at=newer.published_at - timedelta(days=1))
    client.force_login(everyone["manager"])
    html = client.get(f"/reflections/teams/{riverside.pk}/").content.decode()
    assert html.index("Newer share") < html.index("Older share")


def test_shared_with_me_lists_supervisees_shared_entries(client, everyone, riverside):
    peer = everyone["peer"]
    ReflectionFactory(author=peer, visibility="supervisor", title="For my supervisor")
    ReflectionFactory(author=peer, visibility="team", team=riverside, title="For the team")
    ReflectionFactory(author=peer, title="Kept private")
    ReflectionFactory(author=peer, visibility="supervisor", title="Seen already", acknowledged_at="2024-01-01T00:00Z")
    client.force_login(everyone["supervisor"])
    html = client.get("/reflections/shared-with-me/").content.decode()
    assert "For my supervisor" in html and "For the team" in html and "Seen already" in html
    assert "Kept private" not in html
    unack = client.get("/reflections/shared-with-me/", {"unacknowledged": "1"}).content.decode()
    assert "Seen already" not in unack and "For my supervisor" in unack
    client.force_login(everyone["peer2"])
    assert "You do not supervise anyone" in client.get("/reflections/shared-with-me/").content.decode()


def test_exchanges_page_counts_receptions_per_month_for_me_only(as_peer, everyone):
    peer = everyone["peer"]
    today = org_today(peer.organisation)
    for reception in ("welcomed", "welcomed", "dismissed"):
        ReflectionFactory(author=peer, perspective="lived_experience", reception=reception, occurred_on=today)
    ReflectionFactory(author=peer, perspective="other", reception="negotiated", occurred_on=today, is_draft=True)
    ReflectionFactory(author=everyone["peer2"], perspective="other", reception="negotiated", occurred_on=today)
    response = as_peer.get("/reflections/exchanges/")
    html = response.content.decode()
    chart = json.loads(html.split('<script id="exchanges-data" type="application/json">')[1].split("</script>")[0])
    data = {d["key"]: d["data"][-1] for d in chart["datasets"]}
    assert data == {"welcomed": 2, "negotiated": 0, "dismissed": 1, "not_yet": 0}
    assert len(chart["labels"]) == 12
    assert "vendor/chart.js/chart.umd.min.js" in html
    assert f'<th scope="row">{today:%B %Y}</th><td>2</td><td>0</td><td>1</td><td>0</td><td>3</td>' in html


def test_exchanges_page_without_data_has_no_chart_but_the_table(as_peer):
    html = as_peer.get("/reflections/exchanges/").content.decode()
    assert "exchanges-data" not in html and "No perspective exchanges recorded" in html and "<table" in html


# --- panels and navigation -----------------------------------------------------------------------


def test_nav_link_and_my_day_panel_with_recent_comments(client, everyone):
    reflection = ReflectionFactory(author=everyone["peer"], visibility="supervisor", title="Panel entry")
    CommentFactory(reflection=reflection, author=everyone["supervisor"], body="hidden body")
    client.force_login(everyone["peer"])
    html = client.get("/").content.decode()
    assert 'href="/reflections/"' in html
    assert "Sam Supervisor on “Panel entry”" in html and "hidden body" not in html
    client.force_login(everyone["supervisor"])
    assert "1 supervisee reflection not yet acknowledged" in client.get("/").content.decode()


def test_team_page_links_to_the_learning_feed(client, everyone, riverside):
    ReflectionFactory(author=everyone["peer"], visibility="team", team=riverside)
    client.force_login(everyone["manager"])
    html = client.get(f"/teams/{riverside.pk}/").content.decode()
    assert f'href="/reflections/teams/{riverside.pk}/"' in html and "1 reflection shared with Riverside" in html


def test_author_who_left_the_team_can_still_edit_an_entry_shared_with_it_but_not_share_anew(
    client, everyone, riverside
):
    from apps.teams.models import Membership

    peer = everyone["peer"]
    reflection = ReflectionFactory(author=peer, visibility="team", team=riverside)
    other = ReflectionFactory(author=peer)
    Membership.objects.filter(team=riverside, worker=peer).update(
        left_on=org_today(peer.organisation) - timedelta(days=1)
    )
    client.force_login(peer)
    response = client.post(
        f"/reflections/{reflection.pk}/edit/", form_data(title="Renamed", visibility="team", team=str(riverside.pk))
    )
    assert response.status_code == 302
    reflection.refresh_from_db()
    assert reflection.title == "Renamed" and reflection.team == riverside
    refused = client.post(f"/reflections/{other.pk}/sharing/", {"visibility": "team", "team": str(riverside.pk)})
    assert refused.status_code == 400
