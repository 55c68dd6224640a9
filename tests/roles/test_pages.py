"""The role pages: editor, detail, publish/retire, diff, assign, acknowledge, overview, overlaps, panels."""

from decimal import Decimal

import pytest
from django.test import Client

from apps.roles.models import Assignment, Duty, RoleDefinition
from tests.roles.factories import RoleDefinitionFactory

pytestmark = pytest.mark.django_db


def _as(user):
    client = Client()
    client.force_login(user)
    return client


def _editor_post(team=None, duties=(), **fields):
    data = {
        "title": "Peer Navigator",
        "kind": "peer",
        "purpose": "Walk alongside people.",
        "boundaries": "",
        "hours_per_week": "15",
        "duties-TOTAL_FORMS": str(len(duties)),
        "duties-INITIAL_FORMS": "0",
        "duties-MIN_NUM_FORMS": "0",
        "duties-MAX_NUM_FORMS": "50",
        **fields,
    }
    if team is not None:
        data["team"] = str(team.pk)
    for i, duty in enumerate(duties):
        for key, value in duty.items():
            data[f"duties-{i}-{key}"] = value
    return data


def test_manager_creates_a_role_with_tagged_duties_in_the_order_given(everyone, riverside):
    client = _as(everyone["manager"])
    assert client.get("/roles/new/").status_code == 200
    data = _editor_post(
        riverside,
        duties=[
            {"description": "Attend team meetings", "category": "shared", "position": "2"},
            {"description": "Share lived experience", "category": "peer_distinct", "position": "1"},
            {"description": "", "category": "", "position": ""},  # an empty extra row is ignored
            {"description": "Removed one", "category": "shared", "position": "3", "DELETE": "on"},
        ],
    )
    response = client.post("/roles/new/", data)
    assert response.status_code == 302
    definition = RoleDefinition.objects.get(title="Peer Navigator")
    assert definition.status == "draft" and definition.created_by == everyone["manager"]
    assert list(definition.duties.values_list("position", "description", "category")) == [
        (1, "Share lived experience", "peer_distinct"),
        (2, "Attend team meetings", "shared"),
    ]


def test_a_rejected_role_form_keeps_everything_typed_and_shows_errors_by_the_fields(everyone, riverside):
    client = _as(everyone["manager"])
    data = _editor_post(
        riverside,
        title="",
        duties=[{"description": "Run a hearing voices group", "category": "", "position": "1"}],
    )
    response = client.post("/roles/new/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Run a hearing voices group" in html and "Walk alongside people." in html
    assert html.count('class="error"') >= 2  # title and the duty's category
    assert not RoleDefinition.objects.filter(team=riverside, title="").exists()


def test_add_another_duty_without_javascript_keeps_what_was_typed(everyone, riverside):
    client = _as(everyone["manager"])
    data = _editor_post(riverside, duties=[{"description": "Share lived experience", "category": "peer_distinct"}])
    data["add_duty"] = "1"
    response = client.post("/roles/new/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Share lived experience" in html and 'name="duties-1-description"' in html
    assert 'name="duties-TOTAL_FORMS" value="2"' in html


def test_editing_a_published_role_in_the_browser_creates_the_next_version(everyone, roles):
    role = roles["peer_role"]
    client = _as(everyone["manager"])
    page = client.get(f"/roles/{role.pk}/edit/").content.decode()
    assert "Saving creates version 2" in page
    data = _editor_post(
        title="Peer Support Worker",
        duties=[
            {"description": d.description, "category": d.category, "position": str(d.position)}
            for d in role.duties.all()
        ]
        + [{"description": "Co-facilitate recovery college courses", "category": "shared", "position": "9"}],
    )
    response = client.post(f"/roles/{role.pk}/edit/", data)
    v2 = RoleDefinition.objects.get(lineage=role.lineage, version=2)
    assert response.status_code == 302 and response["Location"] == f"/roles/{v2.pk}/"
    assert v2.duties.count() == 4 and role.duties.count() == 3
    # Publishing v2 retires v1; the diff page shows the added duty.
    client.post(f"/roles/{v2.pk}/publish/")
    role.refresh_from_db()
    assert role.status == "retired"
    diff = client.get(f"/roles/{v2.pk}/diff/").content.decode()
    assert "Added:" in diff and "Co-facilitate recovery college courses" in diff


def test_publish_and_retire_buttons(everyone, roles):
    client = _as(everyone["manager"])
    draft = roles["draft_role"]
    detail = client.get(f"/roles/{draft.pk}/").content.decode()
    assert "Publish version 1" in detail
    response = client.post(f"/roles/{draft.pk}/publish/", follow=True)
    assert "It can now be assigned" in response.content.decode()
    response = client.post(f"/roles/{draft.pk}/retire/", follow=True)
    assert "Its assignments stay as they are" in response.content.decode()
    assert RoleDefinition.objects.get(pk=draft.pk).status == RoleDefinition.Status.RETIRED
    # Publishing again explains why not, rather than failing.
    response = client.post(f"/roles/{draft.pk}/publish/", follow=True)
    assert "Only a draft can be published" in response.content.decode()


def test_workers_read_roles_but_cannot_reach_the_editor_or_drafts(everyone, roles):
    client = _as(everyone["peer"])
    assert client.get(f"/roles/{roles['peer_role'].pk}/").status_code == 200
    assert client.get(f"/roles/{roles['draft_role'].pk}/").status_code == 404
    assert client.get("/roles/new/").status_code == 403
    assert client.get(f"/roles/{roles['peer_role'].pk}/edit/").status_code == 403
    assert client.post(f"/roles/{roles['peer_role'].pk}/retire/").status_code == 403
    assert client.get("/roles/assign/").status_code == 403
    assert _as(everyone["other_manager"]).get(f"/roles/{roles['peer_role'].pk}/").status_code == 404
    assert _as(everyone["outsider"]).get(f"/roles/teams/{roles['peer_role'].team_id}/").status_code == 404


def test_assign_form_offers_published_roles_and_the_roles_team_members_only(everyone, roles):
    client = _as(everyone["manager"])
    html = client.get("/roles/assign/", {"role": str(roles["peer_role"].pk)}).content.decode()
    assert "Peer Support Worker (v1)" in html and "Peer Trainer" not in html  # drafts are not offered
    assert everyone["clinician"].display_name in html and everyone["harbour_peer"].display_name not in html


def test_assigning_someone_outside_the_team_is_an_error_next_to_the_worker(everyone, roles):
    client = _as(everyone["manager"])
    data = {
        "role_definition": str(roles["peer_role"].pk),
        "worker": str(everyone["harbour_peer"].pk),
        "hours_per_week": "5",
    }
    response = client.post("/roles/assign/", data)
    assert response.status_code == 400
    assert 'id="id_worker_error"' in response.content.decode() or "Select a valid choice" in response.content.decode()


def test_over_allocation_needs_a_confirmation_on_the_page(everyone, roles):
    client = _as(everyone["manager"])
    data = {
        "role_definition": str(roles["clinical_role"].pk),
        "worker": str(everyone["peer2"].pk),
        "hours_per_week": "25",
    }
    response = client.post("/roles/assign/", data)
    html = response.content.decode()
    assert response.status_code == 400 and "Assign anyway" in html and "35 hours" in html and "35.0" not in html
    assert not Assignment.objects.filter(worker=everyone["peer2"], role_definition=roles["clinical_role"]).exists()
    response = client.post("/roles/assign/", {**data, "confirm_over_allocation": "on"})
    assert response.status_code == 302
    assert Assignment.objects.filter(worker=everyone["peer2"], role_definition=roles["clinical_role"]).exists()


def test_the_worker_acknowledges_from_my_day_and_nobody_else_can(everyone, roles):
    assignment = roles["peer_assignment"]
    peer = _as(everyone["peer"])
    my_day = peer.get("/").content.decode()
    assert "Roles proposed to you" in my_day and f"/roles/assignments/{assignment.pk}/acknowledge/" in my_day
    assert _as(everyone["manager"]).post(f"/roles/assignments/{assignment.pk}/acknowledge/").status_code == 403
    assert _as(everyone["peer2"]).post(f"/roles/assignments/{assignment.pk}/acknowledge/").status_code == 404
    response = peer.post(f"/roles/assignments/{assignment.pk}/acknowledge/", {"next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assignment.refresh_from_db()
    assert assignment.acknowledged_at is not None
    assert "Nothing waiting: you have agreed" in peer.get("/").content.decode()


def test_acknowledge_never_redirects_off_site(everyone, roles):
    response = _as(everyone["peer"]).post(
        f"/roles/assignments/{roles['peer_assignment'].pk}/acknowledge/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_ending_an_assignment_from_the_role_page(everyone, roles):
    assignment = roles["peer2_assignment"]
    client = _as(everyone["manager"])
    assert "End today" in client.get(f"/roles/{assignment.role_definition_id}/").content.decode()
    client.post(f"/roles/assignments/{assignment.pk}/end/")
    assignment.refresh_from_db()
    assert assignment.ends_on is not None
    assert _as(everyone["peer"]).post(f"/roles/assignments/{roles['peer_assignment'].pk}/end/").status_code == 403


def test_team_overview_groups_duties_by_category_and_shows_acknowledgement(everyone, roles, riverside):
    html = _as(everyone["peer"]).get(f"/roles/teams/{riverside.pk}/").content.decode()
    assert "Pat Peer" in html and "Peer Support Worker" in html and "Care Coordinator" in html
    assert html.index("Peer-distinct") < html.index("Clinical only")
    assert "not agreed yet" in html
    assert 'media="print"' in html and "data-print" in html
    assert "Contracted" not in html  # hours are for managers
    assert "Contracted" in _as(everyone["manager"]).get(f"/roles/teams/{riverside.pk}/").content.decode()


def test_team_page_panel_shows_roles_and_hours_to_managers(everyone, roles, riverside):
    html = _as(everyone["manager"]).get(f"/teams/{riverside.pk}/").content.decode()
    assert "Roles and hours" in html and "Team role overview" in html and "Role overlap report" in html
    assert "Assigned h/week" in html and "New role" in html
    member_view = _as(everyone["peer"]).get(f"/teams/{riverside.pk}/").content.decode()
    assert (
        "Team role overview" in member_view and "Assigned h/week" not in member_view and "New role" not in member_view
    )


def test_over_allocated_members_are_flagged_on_the_team_panel(everyone, roles, riverside):
    Assignment.objects.filter(pk=roles["clinician_assignment"].pk).update(hours_per_week=Decimal("31"))
    html = _as(everyone["manager"]).get(f"/teams/{riverside.pk}/").content.decode()
    assert "over contracted hours" in html


def test_overlap_page_names_both_roles_and_both_duties(everyone, roles, riverside):
    html = _as(everyone["clinician"]).get(f"/roles/teams/{riverside.pk}/overlaps/").content.decode()
    assert "Help service users develop a recovery plan" in html
    assert "Develop recovery plans with service users" in html
    assert "A peer role has a duty reserved for clinical staff" in html and "How duties are compared" in html
    # Plain words: the two duties side by side, never stems or scores (issue 15, item 6).
    for jargon in ("Jaccard", "shared terms", "stem", "recoveri", "ratio"):
        assert jargon not in html, jargon


def test_role_detail_warns_about_overlaps_while_drafting(everyone, roles, riverside):
    draft = RoleDefinitionFactory(
        team=riverside,
        kind="peer",
        status="draft",
        duties=[("Carry out risk assessments", Duty.Category.SHARED)],
    )
    html = _as(everyone["manager"]).get(f"/roles/{draft.pk}/").content.decode()
    assert "Overlaps with the team" in html and "Care Coordinator" in html


def test_role_list_filters_and_shows_my_roles(everyone, roles, riverside):
    client = _as(everyone["manager"])
    html = client.get("/roles/", {"status": "draft", "team": str(riverside.pk)}).content.decode()
    assert "Peer Trainer" in html and "Care Coordinator" not in html
    mine = _as(everyone["peer"]).get("/roles/").content.decode()
    assert "Roles I hold" in mine and "Peer Support Worker (version 1)" in mine and "New role definition" not in mine


def test_the_nav_links_to_roles(everyone, roles):
    assert 'href="/roles/"' in _as(everyone["peer"]).get("/").content.decode()
