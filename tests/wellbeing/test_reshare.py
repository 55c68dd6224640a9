"""Re-sharing a check-in (issue 13): the author changes who reads an existing check-in, so a
supervisor who arrives later reads an earlier one only once the worker shares it anew.

Each test here failed on main before: there was no way to change a check-in's readers.
Pat (``peer``) is supervised by Sam (``supervisor``) under a peer agreement (conftest).
"""

from datetime import timedelta

import pytest

from apps.audit.models import AuditEvent
from apps.core.capabilities import forget_caps
from apps.core.dates import org_today
from apps.supervision.models import Agreement
from apps.wellbeing.models import CheckIn
from tests.factories import AgreementFactory
from tests.wellbeing.factories import CheckInFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/wellbeing/check-ins/"


def newcomer_for(everyone):
    """Chris (``clinician``) starts supervising Pat today: after Pat's check-in was written."""
    peer, newcomer = everyone["peer"], everyone["clinician"]
    AgreementFactory(
        supervisee=peer, supervisor=newcomer, kind=Agreement.Kind.PEER, starts_on=org_today(peer.organisation)
    )
    forget_caps(peer)
    forget_caps(newcomer)
    return newcomer


def shared_with(api, user) -> set:
    rows = api.as_(user).get(URL, {"shared_with_me": "true"}).json()["results"]
    return {row["id"] for row in rows}


def state(check_in):
    check_in = CheckIn.objects.get(pk=check_in.pk)
    return check_in.share_with_supervisor, set(check_in.readers.values_list("pk", flat=True))


@pytest.fixture
def earlier(everyone):
    peer = everyone["peer"]
    return CheckInFactory(author=peer, mood=2, note="Hard week.", share_with_supervisor=True)


def test_a_later_supervisor_reads_an_earlier_check_in_only_once_it_is_shared_anew(api, everyone, earlier):
    peer, sam = everyone["peer"], everyone["supervisor"]
    newcomer = newcomer_for(everyone)
    assert str(earlier.pk) not in shared_with(api, newcomer)

    both = [str(sam.pk), str(newcomer.pk)]
    response = api.as_(peer).patch(f"{URL}{earlier.pk}/", {"readers": both}, format="json")
    assert response.status_code == 200, response.json()
    assert set(response.json()["readers"]) == {str(sam.pk), str(newcomer.pk)}
    assert state(earlier) == (True, {sam.pk, newcomer.pk})
    assert str(earlier.pk) in shared_with(api, newcomer)
    assert AuditEvent.objects.filter(target_id=earlier.pk, action="update", detail="readers", actor=peer).exists()

    # Un-naming Sam removes Sam's access at once; the newcomer still reads it.
    response = api.as_(peer).patch(f"{URL}{earlier.pk}/", {"readers": [str(newcomer.pk)]}, format="json")
    assert response.status_code == 200
    assert state(earlier) == (True, {newcomer.pk})
    assert str(earlier.pk) not in shared_with(api, sam)
    assert str(earlier.pk) in shared_with(api, newcomer)

    # Made private: nobody but Pat reads it.
    response = api.as_(peer).patch(f"{URL}{earlier.pk}/", {"share_with_supervisor": False}, format="json")
    assert response.status_code == 200
    assert state(earlier) == (False, set())
    assert str(earlier.pk) not in shared_with(api, newcomer)


def test_a_private_check_in_shared_later_names_the_peer_supervisors_by_default(api, everyone):
    peer, sam = everyone["peer"], everyone["supervisor"]
    private = CheckInFactory(author=peer, mood=3, note="Fine really.")
    assert str(private.pk) not in shared_with(api, sam)
    response = api.as_(peer).patch(f"{URL}{private.pk}/", {"share_with_supervisor": True}, format="json")
    assert response.status_code == 200
    assert state(private) == (True, {sam.pk})
    assert str(private.pk) in shared_with(api, sam)


@pytest.mark.parametrize("who", ["peer2", "manager", "admin", "outsider"])
def test_naming_someone_who_is_not_a_current_supervisor_is_a_400_naming_readers(api, everyone, earlier, who):
    before = state(earlier)
    response = api.as_(everyone["peer"]).patch(
        f"{URL}{earlier.pk}/", {"readers": [str(everyone[who].pk)]}, format="json"
    )
    assert response.status_code == 400
    assert "readers" in response.json()
    assert state(earlier) == before


def test_a_former_supervisor_cannot_be_named(api, everyone, earlier):
    peer, sam = everyone["peer"], everyone["supervisor"]
    Agreement.objects.filter(supervisee=peer, supervisor=sam).update(
        ends_on=org_today(peer.organisation) - timedelta(days=1)
    )
    forget_caps(peer)
    before = state(earlier)
    response = api.as_(peer).patch(f"{URL}{earlier.pk}/", {"readers": [str(sam.pk)]}, format="json")
    assert response.status_code == 400 and "readers" in response.json()
    assert state(earlier) == before


def test_mood_and_note_are_not_changed_here(api, everyone, earlier):
    response = api.as_(everyone["peer"]).patch(f"{URL}{earlier.pk}/", {"note": "Rewritten"}, format="json")
    assert response.status_code == 400 and "note" in response.json()
    assert CheckIn.objects.get(pk=earlier.pk).note == "Hard week."


@pytest.mark.parametrize("who", ["supervisor", "peer2", "manager", "admin", "outsider"])
def test_nobody_but_the_author_changes_who_reads_it(api, everyone, earlier, who):
    before = state(earlier)
    body = {"readers": [str(everyone[who].pk)], "share_with_supervisor": True}
    client = api.as_(everyone[who])
    assert client.patch(f"{URL}{earlier.pk}/", body, format="json").status_code in {403, 404}
    # Even a supervisor who reads it, asking through ?shared_with_me, is refused.
    assert client.patch(f"{URL}{earlier.pk}/?shared_with_me=true", body, format="json").status_code in {403, 404}
    assert state(earlier) == before
    assert not AuditEvent.objects.filter(target_id=earlier.pk, action="update").exists()


def test_the_wellbeing_page_re_shares_a_check_in(client, everyone, earlier):
    peer, sam = everyone["peer"], everyone["supervisor"]
    newcomer = newcomer_for(everyone)
    client.force_login(peer)
    html = client.get("/wellbeing/").content.decode()
    assert f'action="/wellbeing/{earlier.pk}/share/"' in html
    assert f'value="{newcomer.pk}"' in html  # the newcomer is offered, not ticked
    assert f'value="{newcomer.pk}" id="reader-{earlier.pk}-{newcomer.pk}" checked' not in html

    response = client.post(
        f"/wellbeing/{earlier.pk}/share/",
        {"share_with_supervisor": "on", "readers": [str(newcomer.pk)]},
        follow=True,
    )
    assert response.status_code == 200
    assert "Read by: Chris" in response.content.decode() or newcomer.display_name in response.content.decode()
    assert state(earlier) == (True, {newcomer.pk})
    assert AuditEvent.objects.filter(target_id=earlier.pk, action="update", detail="readers").exists()
    assert sam.pk not in state(earlier)[1]


def test_the_page_refuses_a_stranger_and_someone_elses_check_in(client, everyone, earlier):
    peer = everyone["peer"]
    before = state(earlier)
    client.force_login(peer)
    response = client.post(
        f"/wellbeing/{earlier.pk}/share/", {"share_with_supervisor": "on", "readers": [str(everyone["peer2"].pk)]}
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert state(earlier) == before

    client.force_login(everyone["supervisor"])
    response = client.post(f"/wellbeing/{earlier.pk}/share/", {"share_with_supervisor": ""})
    assert response.status_code == 404
    assert state(earlier) == before


def test_the_export_lists_who_each_entry_was_shared_with(api, everyone, earlier):
    from tests.security.test_sharing import share_everything

    peer, sam = everyone["peer"], everyone["supervisor"]
    share_everything(api, peer)
    document = api.as_(peer).get("/api/v1/workers/me/export/").json()
    entries = {}
    for section in document.values():
        if isinstance(section, dict):
            entries.update({k: v for k, v in section.items() if k in {"check_ins", "boundary_notes", "reflections"}})
    assert set(entries) == {"check_ins", "boundary_notes", "reflections"}
    for key, rows in entries.items():
        assert rows and all(row["shared_with"] == [sam.display_name] for row in rows), (key, rows)
