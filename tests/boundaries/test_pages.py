"""Boundary note pages: writing (with the reminder never to identify anyone), reading,
reviewing, follow-ups; nobody but the author and their supervisor sees the text."""

import pytest

from apps.audit.models import AuditEvent
from apps.boundaries.models import BoundaryNote
from tests.boundaries.factories import BoundaryNoteFactory

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    return client


def test_the_form_says_never_identify_a_service_user(client, everyone):
    page = signed_in(client, everyone["peer"]).get("/boundaries/new/").content.decode()
    assert "Never identify a service user" in page


def test_a_worker_writes_a_note_and_reads_it_back(client, everyone):
    response = signed_in(client, everyone["peer"]).post(
        "/boundaries/new/",
        {
            "occurred_on": "2025-01-02",
            "category": "gifts",
            "situation": "Offered a gift at discharge.",
            "what_i_shared": "",
            "reasoning": "",
            "risk": "low",
        },
    )
    assert response.status_code == 302
    note = BoundaryNote.objects.get()
    assert note.author == everyone["peer"]
    assert "Offered a gift" in client.get(response["Location"]).content.decode()
    assert "Gifts" in client.get("/boundaries/").content.decode()


def test_a_rejected_note_keeps_what_was_typed_and_writes_nothing(client, everyone):
    response = signed_in(client, everyone["peer"]).post(
        "/boundaries/new/", {"occurred_on": "", "category": "gifts", "situation": "Kept words", "risk": "low"}
    )
    assert response.status_code == 400
    assert "Kept words" in response.content.decode()
    assert not BoundaryNote.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("peer", 200), ("supervisor", 200), ("manager", 404), ("admin", 404), ("peer2", 404), ("outsider", 404)],
)
def test_note_page_is_for_the_author_and_their_supervisor(client, everyone, persona, status):
    note = BoundaryNoteFactory(author=everyone["peer"], situation="THE TEXT")
    response = signed_in(client, everyone[persona]).get(f"/boundaries/{note.pk}/")
    assert response.status_code == status
    assert ("THE TEXT" in response.content.decode()) == (status == 200)


def test_supervisor_reviews_from_the_page_and_the_author_reads_it(client, everyone):
    note = BoundaryNoteFactory(author=everyone["peer"])
    page = signed_in(client, everyone["supervisor"]).get(f"/boundaries/{note.pk}/").content.decode()
    assert "Send reply" in page
    assert AuditEvent.objects.filter(action="read", target_id=note.pk).count() == 1
    response = client.post(f"/boundaries/{note.pk}/review/", {"response": "Well handled.", "follow_up_needed": "on"})
    assert response.status_code == 302
    author_view = signed_in(client, everyone["peer"]).get(f"/boundaries/{note.pk}/").content.decode()
    assert "Well handled." in author_view and "talk it through in supervision" in author_view
    assert "Edit" not in author_view  # frozen


def test_the_author_cannot_review_from_the_page_and_the_note_stays_unreviewed(client, everyone):
    note = BoundaryNoteFactory(author=everyone["peer"])
    page = signed_in(client, everyone["peer"]).get(f"/boundaries/{note.pk}/").content.decode()
    assert "Send reply" not in page
    assert client.post(f"/boundaries/{note.pk}/review/", {"response": "Me"}).status_code == 403
    note.refresh_from_db()
    assert (note.status, note.reviewer_id, note.response) == (BoundaryNote.Status.SUBMITTED, None, "")


def test_edit_page_redirects_once_reviewed(client, everyone):
    note = BoundaryNoteFactory(author=everyone["peer"])
    signed_in(client, everyone["peer"])
    assert client.get(f"/boundaries/{note.pk}/edit/").status_code == 200
    response = client.post(
        f"/boundaries/{note.pk}/edit/",
        {
            "occurred_on": note.occurred_on.isoformat(),
            "category": note.category,
            "situation": "Edited",
            "risk": "low",
        },
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.situation == "Edited"
    signed_in(client, everyone["supervisor"]).post(f"/boundaries/{note.pk}/review/", {"response": "Ok"})
    response = signed_in(client, everyone["peer"]).get(f"/boundaries/{note.pk}/edit/")
    assert response.status_code == 302


def test_follow_up_and_close_from_the_page(client, everyone):
    note = BoundaryNoteFactory(author=everyone["peer"])
    signed_in(client, everyone["supervisor"]).post(f"/boundaries/{note.pk}/review/", {"response": "Ok"})
    signed_in(client, everyone["peer"])
    client.post(f"/boundaries/{note.pk}/follow-ups/", {"body": "A later thought"})
    client.post(f"/boundaries/{note.pk}/close/")
    page = client.get(f"/boundaries/{note.pk}/").content.decode()
    assert "A later thought" in page and "Done for now" in page
    assert (
        signed_in(client, everyone["supervisor"]).post(f"/boundaries/{note.pk}/follow-ups/", {"body": "x"}).status_code
        == 403
    )
    # Re-read: the author's follow-up and the close were written; the refused one was not.
    note.refresh_from_db()
    assert note.status == BoundaryNote.Status.CLOSED
    assert [f.body for f in note.follow_ups.all()] == ["A later thought"]


def test_delete_while_unreviewed(client, everyone):
    note = BoundaryNoteFactory(author=everyone["peer"])
    assert signed_in(client, everyone["peer"]).post(f"/boundaries/{note.pk}/delete/").status_code == 302
    assert not BoundaryNote.objects.exists()


def test_my_notes_empty_state(client, everyone):
    assert "not written any boundary notes" in signed_in(client, everyone["peer2"]).get("/boundaries/").content.decode()


def test_date_inputs_are_prefilled_in_iso_format_so_browsers_show_them(client, everyone, org):
    # en-gb would render 23/11/2026, which an <input type=date> silently drops.
    from apps.core.dates import org_today

    page = signed_in(client, everyone["peer"]).get("/boundaries/new/").content.decode()
    assert f'value="{org_today(org).isoformat()}"' in page
