"""The share forms name people (issue 13), in the browser's pages (server-rendered forms).

Pat (``peer``) has Sam as peer supervisor and, in these tests, Morgan (the team manager) as
line manager: the forms offer both, with Sam ticked; pages say who reads each entry.
"""

from datetime import timedelta

import pytest
from django.urls import reverse

from apps.boundaries.models import BoundaryNote
from apps.core.capabilities import forget_caps
from apps.core.dates import org_today
from apps.reflections.models import Reflection
from apps.supervision.models import Agreement
from apps.wellbeing.models import CheckIn
from tests.boundaries.factories import BoundaryNoteFactory
from tests.factories import AgreementFactory
from tests.reflections.factories import ReflectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def line(everyone):
    peer, manager = everyone["peer"], everyone["manager"]
    agreement = AgreementFactory(
        supervisee=peer,
        supervisor=manager,
        kind=Agreement.Kind.LINE,
        starts_on=org_today(peer.organisation) - timedelta(days=30),
    )
    forget_caps(peer)
    return agreement


def checkbox(html, user):
    """The readers checkbox for ``user`` (its tag), or None."""
    marker = f'value="{user.pk}"'
    start = html.find(marker)
    if start < 0:
        return None
    return html[html.rfind("<input", 0, start) : html.find(">", start) + 1]


@pytest.mark.parametrize("url", ["/boundaries/new/", "/wellbeing/", "/reflections/new/"])
def test_share_forms_offer_every_current_supervisor_with_the_peer_supervisor_ticked(client, everyone, line, url):
    client.force_login(everyone["peer"])
    html = client.get(url).content.decode()
    sam, morgan = checkbox(html, everyone["supervisor"]), checkbox(html, everyone["manager"])
    assert sam and "checked" in sam and 'type="checkbox"' in sam
    assert morgan and "checked" not in morgan
    assert "Sam Supervisor (peer supervision)" in html and "Morgan Manager (line management)" in html
    # Nobody else is offered.
    assert checkbox(html, everyone["peer2"]) is None


def test_a_boundary_note_written_on_the_page_is_read_by_the_ticked_supervisors_only(client, everyone, line):
    client.force_login(everyone["peer"])
    response = client.post(
        "/boundaries/new/",
        {
            "occurred_on": org_today(everyone["peer"].organisation).isoformat(),
            "category": "self_disclosure",
            "situation": "Asked whether I had been sectioned.",
            "risk": "medium",
            "readers": [str(everyone["manager"].pk)],
            # The text names the writer's own health ("sectioned"): the privacy check asks first
            # (issue 18, item 6), and the writer shares it as it is.
            "privacy_share_anyway": "1",
        },
    )
    assert response.status_code == 302
    note = BoundaryNote.objects.get()
    assert list(note.readers.values_list("pk", flat=True)) == [everyone["manager"].pk]
    detail = client.get(response["Location"]).content.decode()
    assert "Read by: you and Morgan Manager" in detail
    client.force_login(everyone["supervisor"])
    assert client.get(f"/boundaries/{note.pk}/").status_code == 404


def test_the_author_changes_who_reads_a_note_on_its_page(client, everyone, line):
    note = BoundaryNoteFactory(author=everyone["peer"])
    client.force_login(everyone["peer"])
    assert "Read by: you and Sam Supervisor" in client.get(f"/boundaries/{note.pk}/").content.decode()
    url = reverse("boundaries:note-share", args=[note.pk])
    both = [str(everyone["supervisor"].pk), str(everyone["manager"].pk)]
    response = client.post(url, {"readers": both}, follow=True)
    assert "Read by: you and Morgan Manager, Sam Supervisor" in response.content.decode()
    assert set(note.readers.values_list("pk", flat=True)) == {everyone["supervisor"].pk, everyone["manager"].pk}
    # Someone who does not supervise Pat is refused, and nothing changes.
    response = client.post(url, {"readers": [str(everyone["peer2"].pk)]})
    assert response.status_code == 400
    assert note.readers.count() == 2
    # Unticking everyone: only Pat reads it.
    client.post(url, {})
    assert not note.readers.exists()
    assert "Read by: only you" in client.get(f"/boundaries/{note.pk}/").content.decode()


@pytest.mark.parametrize("persona", ["supervisor", "manager", "peer2", "admin"])
def test_only_the_author_shares_a_note(client, everyone, line, persona):
    note = BoundaryNoteFactory(author=everyone["peer"])
    client.force_login(everyone[persona])
    response = client.post(reverse("boundaries:note-share", args=[note.pk]), {"readers": []})
    assert response.status_code in (403, 404)
    assert list(note.readers.values_list("pk", flat=True)) == [everyone["supervisor"].pk]


def test_a_check_in_shared_on_the_page_names_its_readers_and_the_history_says_who(client, everyone, line):
    client.force_login(everyone["peer"])
    response = client.post(
        "/wellbeing/",
        {
            "mood": "2",
            "note": "Scared to tell work.",
            "share_with_supervisor": "on",
            "readers": [str(everyone["supervisor"].pk)],
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Read by: Sam Supervisor" in html
    check_in = CheckIn.objects.get()
    assert list(check_in.readers.values_list("pk", flat=True)) == [everyone["supervisor"].pk]
    # Not shared: the pre-ticked boxes name nobody.
    client.post("/wellbeing/", {"mood": "4", "readers": [str(everyone["supervisor"].pk)]})
    private = CheckIn.objects.exclude(pk=check_in.pk).get()
    assert not private.share_with_supervisor and not private.readers.exists()
    client.force_login(everyone["manager"])
    assert "Scared to tell work" not in client.get("/wellbeing/shared/").content.decode()


def test_a_reflection_shared_on_the_page_says_who_reads_it(client, everyone, line):
    client.force_login(everyone["peer"])
    response = client.post(
        "/reflections/new/",
        {
            "title": "After the ward round",
            "occurred_on": org_today(everyone["peer"].organisation).isoformat(),
            "framework": "free",
            "free__body": "I kept my story back.",
            "visibility": "supervisor",
            "readers": [str(everyone["manager"].pk)],
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Read by: Morgan Manager" in html
    reflection = Reflection.objects.get()
    assert list(reflection.readers.values_list("pk", flat=True)) == [everyone["manager"].pk]
    assert "Read by: Morgan Manager" in client.get("/reflections/").content.decode()
    # The sharing page changes the readers.
    client.post(
        reverse("reflections:reflection-sharing", args=[reflection.pk]),
        {"visibility": "supervisor", "readers": [str(everyone["supervisor"].pk)]},
    )
    assert list(reflection.readers.values_list("pk", flat=True)) == [everyone["supervisor"].pk]
    client.force_login(everyone["manager"])
    assert client.get(f"/reflections/{reflection.pk}/").status_code == 404


def test_a_supervisor_does_not_see_who_else_reads_an_entry(client, everyone):
    reflection = ReflectionFactory(author=everyone["peer"], visibility="supervisor")
    client.force_login(everyone["supervisor"])
    html = client.get(f"/reflections/{reflection.pk}/").content.decode()
    assert "Read by:" not in html
