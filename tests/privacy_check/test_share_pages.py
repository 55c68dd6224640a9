"""The privacy check on the pages, without JavaScript: any step that lets someone new read a
reflection or a boundary note (and saving one others already read) shows what the check found,
highlighted and explained; the writer edits or shares anyway. Never blocked, nothing stored."""

import logging

import pytest

from apps.boundaries.models import BoundaryNote
from apps.reflections.models import Reflection
from tests.boundaries.factories import BoundaryNoteFactory
from tests.privacy_check.test_api_and_storage import row_counts
from tests.reflections.factories import ReflectionFactory

pytestmark = pytest.mark.django_db

IDENTIFYING = "I sat with Mr Jonah Pike, NHS 943 476 5919, SW1A 1AA, while he waited."
PLAIN = "I sat with someone while they waited, and we talked about the wait."


@pytest.fixture
def as_peer(client, everyone):
    client.force_login(everyone["peer"])
    return client


def note_data(everyone, **overrides):
    data = {
        "occurred_on": "2025-01-02",
        "category": "self_disclosure",
        "situation": IDENTIFYING,
        "what_i_shared": "That I was sectioned once.",
        "reasoning": "",
        "risk": "low",
        "readers": [str(everyone["supervisor"].pk)],
    }
    data.update(overrides)
    return data


def reflection_data(**overrides):
    data = {
        "title": "Waiting with someone",
        "occurred_on": "2025-01-02",
        "framework": "free",
        "free__body": IDENTIFYING,
        "visibility": "supervisor",
        "save": "1",
    }
    data.update(overrides)
    return data


def assert_findings_page(response):
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Check before sharing:" in html
    assert 'role="alert"' in html
    # Each span marked, and labelled in words (not colour alone), with why.
    assert '<span class="finding__label">[Name: </span>Jonah Pike' in html
    assert '<span class="finding__label">[NHS number: </span>943 476 5919' in html
    assert '<span class="finding__label">[Postcode: </span>SW1A 1AA' in html
    assert "Ten digits with a valid NHS check digit." in html
    assert 'name="privacy_share_anyway"' in html
    return html


# --- boundary notes ------------------------------------------------------------------------------


def test_sharing_a_new_note_shows_the_findings_and_saves_nothing_until_the_writer_decides(as_peer, everyone):
    before = row_counts()
    response = as_peer.post("/boundaries/new/", note_data(everyone))
    html = assert_findings_page(response)
    assert '<span class="finding__label">[Your own health: </span>sectioned' in html
    assert row_counts() == before  # no note, no audit, no idempotency row: nothing
    # "Share anyway": the same form with the writer's choice.
    response = as_peer.post("/boundaries/new/", {**note_data(everyone), "privacy_share_anyway": "1"})
    assert response.status_code == 302
    note = BoundaryNote.objects.get()
    assert note.situation == IDENTIFYING
    assert list(note.readers.all()) == [everyone["supervisor"]]


def test_editing_the_text_and_sharing_again_goes_straight_through(as_peer, everyone):
    assert_findings_page(as_peer.post("/boundaries/new/", note_data(everyone)))
    response = as_peer.post("/boundaries/new/", note_data(everyone, situation=PLAIN, what_i_shared=""))
    assert response.status_code == 302
    assert BoundaryNote.objects.get().situation == PLAIN


def test_a_note_kept_private_is_not_checked(as_peer, everyone):
    response = as_peer.post("/boundaries/new/", note_data(everyone, readers=[]))
    assert response.status_code == 302
    assert BoundaryNote.objects.get().readers.count() == 0


def test_saving_a_shared_note_checks_the_new_text(as_peer, everyone):
    note = BoundaryNoteFactory(author=everyone["peer"], situation=PLAIN)
    note.readers.set([everyone["supervisor"]])
    data = note_data(everyone)
    data.pop("readers")
    assert_findings_page(as_peer.post(f"/boundaries/{note.pk}/edit/", data))
    note.refresh_from_db()
    assert note.situation == PLAIN


def test_adding_a_reader_checks_the_saved_text(as_peer, everyone):
    note = BoundaryNoteFactory(author=everyone["peer"], situation=IDENTIFYING, readers=[])
    readers = {"readers": [str(everyone["supervisor"].pk)]}
    assert_findings_page(as_peer.post(f"/boundaries/{note.pk}/share/", readers))
    assert note.readers.count() == 0
    response = as_peer.post(f"/boundaries/{note.pk}/share/", {**readers, "privacy_share_anyway": "1"})
    assert response.status_code == 302
    assert list(note.readers.all()) == [everyone["supervisor"]]


# --- reflections ----------------------------------------------------------------------------------


def test_publishing_a_shared_reflection_shows_the_findings_first(as_peer, everyone):
    before = row_counts()
    assert_findings_page(as_peer.post("/reflections/new/", reflection_data()))
    assert row_counts() == before
    response = as_peer.post("/reflections/new/", {**reflection_data(), "privacy_share_anyway": "1"})
    assert response.status_code == 302
    assert Reflection.objects.get().sections == {"body": IDENTIFYING}


def test_a_private_reflection_or_a_draft_is_not_checked(as_peer, everyone):
    assert as_peer.post("/reflections/new/", reflection_data(visibility="private")).status_code == 302
    response = as_peer.post("/reflections/new/", {**reflection_data(), "save_draft": "1"})
    assert response.status_code == 302
    assert Reflection.objects.count() == 2


def test_widening_who_reads_a_reflection_checks_its_saved_text(as_peer, everyone):
    reflection = ReflectionFactory(author=everyone["peer"], framework="free", sections={"body": IDENTIFYING})
    assert reflection.visibility == "private"
    response = as_peer.post(f"/reflections/{reflection.pk}/sharing/", {"visibility": "supervisor"})
    html = assert_findings_page(response)
    assert f'href="/reflections/{reflection.pk}/edit/"' in html
    reflection.refresh_from_db()
    assert reflection.visibility == "private"
    response = as_peer.post(
        f"/reflections/{reflection.pk}/sharing/", {"visibility": "supervisor", "privacy_share_anyway": "1"}
    )
    assert response.status_code == 302
    reflection.refresh_from_db()
    assert reflection.visibility == "supervisor"


def test_narrowing_who_reads_a_reflection_is_not_checked(as_peer, everyone):
    reflection = ReflectionFactory(
        author=everyone["peer"], framework="free", sections={"body": IDENTIFYING}, visibility="supervisor"
    )
    response = as_peer.post(f"/reflections/{reflection.pk}/sharing/", {"visibility": "private"})
    assert response.status_code == 302


def test_the_findings_page_logs_nothing_of_the_text(as_peer, everyone, caplog):
    with caplog.at_level(logging.DEBUG):
        assert_findings_page(as_peer.post("/boundaries/new/", note_data(everyone)))
        assert_findings_page(as_peer.post("/reflections/new/", reflection_data()))
    logged = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    for marker in ("Jonah", "943 476 5919", "SW1A", "sectioned"):
        assert marker not in logged
