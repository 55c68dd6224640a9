"""Issue 15, item 7: "Discard draft" deletes a draft that was never published (audited);
published versions are retired, never deleted; a draft is not retired."""

import pytest
from django.test import Client

from apps.audit.models import AuditEvent
from apps.roles import services
from apps.roles.models import Duty, RoleDefinition

pytestmark = pytest.mark.django_db


def _as(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_service_deletes_a_draft_with_its_duties_and_audits_it(everyone, roles):
    draft = roles["draft_role"]
    services.role_definition_discard(actor=everyone["manager"], definition=draft)
    assert not RoleDefinition.objects.filter(pk=draft.pk).exists()
    assert not Duty.objects.filter(role_definition_id=draft.pk).exists()
    event = AuditEvent.objects.get(target_id=draft.pk, action=AuditEvent.Action.DELETE)
    assert event.actor == everyone["manager"] and "discarded" in event.detail


@pytest.mark.parametrize("who", ["peer", "clinician", "other_manager"])
def test_only_the_teams_managers_discard_and_a_refusal_changes_nothing(everyone, roles, who):
    draft = roles["draft_role"]
    with pytest.raises(Exception):  # PermissionDenied
        services.role_definition_discard(actor=everyone[who], definition=draft)
    assert RoleDefinition.objects.get(pk=draft.pk).status == RoleDefinition.Status.DRAFT
    assert not AuditEvent.objects.filter(target_id=draft.pk, action=AuditEvent.Action.DELETE).exists()


def test_a_published_version_is_never_deleted_and_a_draft_is_never_retired(api, everyone, roles):
    client = api.as_(everyone["manager"])
    published, draft = roles["peer_role"], roles["draft_role"]
    response = client.delete(f"/api/v1/role-definitions/{published.pk}/")
    assert response.status_code == 400 and "status" in response.json()
    assert RoleDefinition.objects.get(pk=published.pk).status == RoleDefinition.Status.PUBLISHED
    response = client.post(f"/api/v1/role-definitions/{draft.pk}/retire/")
    assert response.status_code == 400 and "status" in response.json()
    assert RoleDefinition.objects.get(pk=draft.pk).status == RoleDefinition.Status.DRAFT
    # DELETE on the draft: 204, and it is gone.
    assert client.delete(f"/api/v1/role-definitions/{draft.pk}/").status_code == 204
    assert not RoleDefinition.objects.filter(pk=draft.pk).exists()
    assert client.get(f"/api/v1/role-definitions/{draft.pk}/").status_code == 404


def test_a_worker_gets_404_for_a_draft_and_403_for_a_published_version(api, everyone, roles):
    client = api.as_(everyone["peer"])
    assert client.delete(f"/api/v1/role-definitions/{roles['draft_role'].pk}/").status_code == 404
    assert client.delete(f"/api/v1/role-definitions/{roles['peer_role'].pk}/").status_code == 403
    assert RoleDefinition.objects.filter(pk__in=[roles["draft_role"].pk, roles["peer_role"].pk]).count() == 2


def test_discarding_the_next_versions_draft_leaves_the_published_version_and_no_retired_row(everyone, roles):
    manager = everyone["manager"]
    published = roles["peer_role"]
    draft = services.role_definition_update(actor=manager, definition=published, data={"purpose": "Clearer."})
    assert draft.version == 2 and draft.is_draft
    client = _as(manager)
    page = client.get(f"/roles/{draft.pk}/").content.decode()
    assert "Discard draft" in page and "Retire version" not in page
    response = client.post(f"/roles/{draft.pk}/discard/", follow=True)
    assert response.redirect_chain[-1][0] == f"/roles/{published.pk}/"
    assert "Discarded the draft" in response.content.decode()
    statuses = list(RoleDefinition.objects.filter(lineage=published.lineage).values_list("version", "status"))
    assert statuses == [(1, "published")]
    # The published version offers "Retire", not "Discard".
    page = client.get(f"/roles/{published.pk}/").content.decode()
    assert "Discard draft" not in page and ">Retire<" in page
    # And the page refuses to discard it.
    response = client.post(f"/roles/{published.pk}/discard/", follow=True)
    assert "Only a draft can be discarded" in response.content.decode()
    assert RoleDefinition.objects.get(pk=published.pk).status == RoleDefinition.Status.PUBLISHED
