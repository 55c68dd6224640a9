"""Issue 15, items 10 and 12: the author always chooses the kind of situation and how soon they
would like to talk it through (nothing is pre-selected; a missing choice is a 400 naming the
field, nothing saved), and a note reads as a conversation, not an incident report: managers
told of a late reply hear whose reply is late — the supervisor's — never who wrote the note."""

import html as html_lib
import re
from datetime import UTC, date, datetime
from importlib import import_module

import pytest
import time_machine
from django.apps import apps
from django.core import mail

from apps.boundaries.models import BoundaryNote
from apps.boundaries.wording import CHOOSE_CATEGORY, CHOOSE_TALK_WHEN
from apps.notifications.models import Notification
from apps.notifications.services import notification_email_send
from apps.reminders.services import reminders_scan
from tests.boundaries.factories import BoundaryNoteFactory
from tests.reminders.helpers import make_world

pytestmark = pytest.mark.django_db

API = "/api/v1/boundary-notes/"
CHOICES = {"category": "What kind of boundary situation?", "risk": "How soon would you like to talk this through?"}


def text_of(html: str) -> str:
    """What a page says: its text without tags, scripts or styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", html))


def tags(html: str, tag: str, **attrs: str) -> list[str]:
    """Every opening ``<name …>`` tag carrying the given attribute values."""
    found = re.findall(rf"<{tag}\b[^>]*>", html)
    return [t for t in found if all(f'{k}="{v}"' in t for k, v in attrs.items())]


def page_body(**leave_out):
    body = {
        "occurred_on": "2025-01-02",
        "category": "gifts",
        "situation": "Offered a gift at discharge.",
        "what_i_shared": "",
        "reasoning": "",
        "risk": "medium",
    }
    return {k: v for k, v in body.items() if k not in leave_out}


def test_the_form_preselects_neither_the_kind_of_situation_nor_how_soon(client, everyone):
    client.force_login(everyone["peer"])
    html = client.get("/boundaries/new/").content.decode()
    select = re.search(r'<select name="category".*?</select>', html, flags=re.S).group(0)
    assert re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', select) == [""]  # "Choose one…" only
    radios = tags(html, "input", type="radio", name="risk")
    assert [re.search(r'value="(\w+)"', r).group(1) for r in radios] == ["high", "medium", "low"]
    assert not any(re.search(r"\bchecked\b", r) for r in radios)
    labels = re.findall(r'<label for="id_risk_\d">([^<]+)</label>', html)
    assert labels == ["Soon", "This week", "Whenever suits"]


@pytest.mark.parametrize("field", ["category", "risk"])
def test_a_page_without_a_choice_is_a_400_naming_the_field_and_saves_nothing(client, everyone, field):
    client.force_login(everyone["peer"])
    response = client.post("/boundaries/new/", page_body(**{field: True}))
    assert response.status_code == 400
    html = response.content.decode()
    summary = re.search(r'<div class="error-summary".*?</div>', html, flags=re.S).group(0)
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', summary) == [(f"#id_{field}", CHOICES[field])]
    assert f'id="id_{field}"' in html  # the link's target exists
    assert "Offered a gift at discharge." in html  # what was typed is kept
    assert not BoundaryNote.objects.exists()


@pytest.mark.parametrize("field", ["category", "risk"])
def test_the_api_without_a_choice_is_a_400_naming_the_field_and_saves_nothing(api, everyone, field):
    response = api.as_(everyone["peer"]).post(API, page_body(**{field: True}), format="json")
    assert response.status_code == 400
    assert set(response.json()) - {"detail"} == {field}
    assert response.json()[field] == [{"category": CHOOSE_CATEGORY, "risk": CHOOSE_TALK_WHEN}[field]]
    assert not BoundaryNote.objects.exists()


def test_the_api_with_both_choices_saves_them_as_given(api, everyone):
    response = api.as_(everyone["peer"]).post(
        API, {**page_body(), "risk": "high", "category": "role_drift"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["risk"], response.json()["category"]) == ("high", "role_drift")  # the enum stays
    note = BoundaryNote.objects.get()
    assert (note.risk, note.category) == ("high", "role_drift")


def test_a_peers_pages_speak_of_talking_it_through_never_of_risk(client, everyone):
    """The note form, the list and a note's page, as its author sees them."""
    peer = everyone["peer"]
    note = BoundaryNoteFactory(author=peer, risk="high", category="role_drift")
    client.force_login(peer)
    for url in ("/boundaries/new/", "/boundaries/", f"/boundaries/{note.pk}/"):
        text = text_of(client.get(url).content.decode())
        for word in ("risk", "Review queue", "incident", "Submitted", "Closed"):
            assert word.lower() not in text.lower(), (url, word)
    page = text_of(client.get(f"/boundaries/{note.pk}/").content.decode())
    assert "Asked to do non-peer work" in page and "Talk soon" in page and "Waiting for a reply" in page


# --- escalation: the late reply is the supervisor's ------------------------------------------------


def scan_at(*args):
    with time_machine.travel(datetime(*args, tzinfo=UTC), tick=False):
        return reminders_scan()


def waiting_note(world, readers):
    note = BoundaryNote.objects.create(
        organisation=world.org,
        author=world.supervisee,
        occurred_on=date(2025, 3, 1),
        category=BoundaryNote.Category.SELF_DISCLOSURE,
        situation="Asked whether I had been in hospital.",
        risk=BoundaryNote.Risk.LOW,
        submitted_at=datetime(2025, 3, 1, 12, 0, tzinfo=UTC),
    )
    note.readers.set(readers)
    return note


def test_managers_are_told_whose_reply_is_late_by_name_never_the_author_in_app_and_by_e_mail():
    world = make_world(next_due_on=date(2025, 9, 1))
    waiting_note(world, [world.supervisor])
    scan_at(2025, 3, 20, 12, 0)

    told = Notification.objects.get(kind="boundary_review_escalated")
    assert told.recipient == world.manager
    assert told.about_id == world.supervisor.pk
    author, supervisor = world.supervisee.display_name, world.supervisor.display_name
    assert supervisor in told.message and author not in told.message
    assert "under their supervision agreement" in told.message
    assert told.link == "/supervision/agreements/"

    assert notification_email_send(told.pk)[0] == "sent"
    (email,) = [m for m in mail.outbox if world.manager.email in m.to]
    assert email.subject == "A supervisor's reply to a boundary note in your team is late"
    rendered = email.subject + email.body + email.alternatives[0][0]
    assert supervisor in rendered and author not in rendered
    assert world.supervisee.username not in rendered


def test_a_note_no_supervisor_can_answer_is_escalated_naming_nobody():
    world = make_world(next_due_on=date(2025, 9, 1))
    waiting_note(world, [])  # shared with nobody
    scan_at(2025, 3, 20, 12, 0)
    told = Notification.objects.get(kind="boundary_review_escalated")
    assert told.about_id is None
    assert "no supervisor it is shared with can reply" in told.message
    assert world.supervisee.display_name not in told.message
    assert world.supervisor.display_name not in told.message


def test_escalations_already_sent_stop_naming_the_author(everyone):
    """Migration 0004: an old escalation named the author; afterwards it names nobody, and
    nothing else is touched."""
    migration = import_module("apps.boundaries.migrations.0004_escalations_name_no_author")
    peer, manager, org = everyone["peer"], everyone["manager"], everyone["peer"].organisation
    old = Notification.objects.create(
        organisation=org,
        recipient=manager,
        kind="boundary_review_escalated",
        message_template=migration.OLD,
        about=peer,
    )
    other = Notification.objects.create(
        organisation=org,
        recipient=everyone["supervisor"],
        kind="boundary_review_due",
        message_template="A boundary note from {about} is waiting for your review.",
        about=peer,
    )
    migration.forget_authors(apps, None)
    old.refresh_from_db()
    other.refresh_from_db()
    assert (old.message_template, old.about_id) == (migration.NEW, None)
    assert peer.display_name not in old.message
    assert other.about_id == peer.pk and peer.display_name in other.message
