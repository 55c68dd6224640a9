"""The rules of a reflection's fields live once (``apps.reflections.validation`` and the named
steps of ``services._apply``); the page, the API and the service give the same answer.

Every refused write leaves the entry exactly as it was (re-read from the database); every
accepted one is re-read too.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from apps.core.dates import org_today
from apps.reflections.api.serializers import ReflectionInputSerializer, ReflectionSerializer
from apps.reflections.frameworks import get_framework
from apps.reflections.models import Reflection, ReflectionComment
from apps.reflections.services import comment_create, reflection_update
from apps.reflections.validation import (
    EDITABLE_FIELDS,
    MAX_COMMENT_LENGTH,
    MAX_SECTION_LENGTH,
    clean_sections,
    validate_comment_body,
)
from tests.reflections.factories import ReflectionFactory

pytestmark = pytest.mark.django_db

GIBBS = get_framework("gibbs")


def _stored(reflection):
    """Everything a write could change, as stored."""
    row = Reflection.objects.filter(pk=reflection.pk).values().get()
    row.pop("updated_at")
    return row, set(Reflection.objects.get(pk=reflection.pk).readers.values_list("pk", flat=True))


# --- the validators themselves ------------------------------------------------------------------


def test_clean_sections_keeps_the_prompts_in_order_stripped_and_drops_empty_ones():
    cleaned = clean_sections(GIBBS, {"feelings": "  Heard. ", "description": "What happened", "analysis": "   "})
    assert cleaned == {"description": "What happened", "feelings": "Heard."}
    assert list(cleaned) == ["description", "feelings"]


@pytest.mark.parametrize(
    ("sections", "message"),
    [
        (["a list"], "Give the sections as an object of prompt key to text."),
        ({"bogus": "x", "description": "y"}, "Not a prompt of"),
        ({"description": 7}, "The text for “description” must be a string."),
        ({"description": "x" * (MAX_SECTION_LENGTH + 1)}, f"longer than {MAX_SECTION_LENGTH} characters"),
    ],
    ids=["not-an-object", "unknown-prompt", "not-text", "too-long"],
)
def test_clean_sections_refuses_with_one_message(sections, message):
    with pytest.raises(ValidationError) as raised:
        clean_sections(GIBBS, sections)
    assert len(raised.value.messages) == 1 and message in raised.value.messages[0]


@pytest.mark.parametrize(
    ("body", "message"),
    [("   ", "Write a comment."), ("x" * (MAX_COMMENT_LENGTH + 1), f"under {MAX_COMMENT_LENGTH} characters")],
    ids=["blank", "too-long"],
)
def test_validate_comment_body_refuses_blank_and_over_long_text(body, message):
    with pytest.raises(ValidationError) as raised:
        validate_comment_body(body)
    assert message in raised.value.messages[0]


def test_a_comment_of_exactly_the_limit_is_accepted():
    validate_comment_body("x" * MAX_COMMENT_LENGTH)


def test_the_api_input_takes_exactly_the_fields_the_service_lets_an_author_set():
    assert set(ReflectionInputSerializer().fields) == set(EDITABLE_FIELDS)
    assert set(EDITABLE_FIELDS) <= set(ReflectionSerializer.Meta.fields)


# --- one message for an over-long comment, on every channel, and nothing written ----------------


def test_an_over_long_comment_gets_the_same_single_message_from_page_api_and_service(client, api, everyone):
    reflection = ReflectionFactory(author=everyone["peer"], visibility="supervisor")
    supervisor = everyone["supervisor"]
    body = "x" * (MAX_COMMENT_LENGTH + 1)
    expected = [f"Keep a comment under {MAX_COMMENT_LENGTH} characters."]

    response = api.as_(supervisor).post(f"/api/v1/reflections/{reflection.pk}/comments/", {"body": body}, format="json")
    assert response.status_code == 400 and response.json()["body"] == expected

    client.force_login(supervisor)
    page = client.post(f"/reflections/{reflection.pk}/comments/", {"body": body})
    assert page.status_code == 400 and page.context["comment_form"].errors["body"] == expected

    with pytest.raises(ValidationError) as raised:
        comment_create(actor=supervisor, reflection=reflection, body=body)
    assert raised.value.message_dict == {"body": expected}
    assert not ReflectionComment.objects.filter(reflection=reflection).exists()


def test_an_accepted_comment_is_stored_stripped(everyone):
    reflection = ReflectionFactory(author=everyone["peer"], visibility="supervisor")
    comment = comment_create(actor=everyone["supervisor"], reflection=reflection, body="  Thank you.  ")
    assert ReflectionComment.objects.get(pk=comment.pk).body == "Thank you."


# --- each step of _apply: refused changes leave the entry as it was ----------------------------


def _refusals(everyone, riverside, harbour, today):
    return {
        "unknown-field": ({"author": everyone["peer2"]}, "author"),
        "saved-entry-back-to-draft": ({"is_draft": True}, "is_draft"),
        "unknown-framework": ({"framework": "nope"}, "framework"),
        "unknown-prompt": ({"sections": {"bogus": "x"}}, "sections"),
        "no-text-left": ({"sections": {"description": "   "}}, "sections"),
        "future-date": ({"occurred_on": today + timedelta(days=1)}, "occurred_on"),
        "no-date": ({"occurred_on": None}, "occurred_on"),
        "no-title": ({"title": "  "}, "title"),
        "reception-without-perspective": ({"reception": "welcomed", "perspective": ""}, "reception"),
        "team-while-private": ({"visibility": "private", "team": riverside}, "team"),
        "team-shared-without-team": ({"visibility": "team", "team": None}, "team"),
        "a-team-not-mine": ({"visibility": "team", "team": harbour}, "team"),
        "reader-not-a-supervisor": ({"visibility": "supervisor", "readers": [everyone["peer2"].pk]}, "readers"),
        "readers-while-private": ({"readers": [everyone["supervisor"].pk]}, "readers"),
    }


REFUSALS = [
    "unknown-field",
    "saved-entry-back-to-draft",
    "unknown-framework",
    "unknown-prompt",
    "no-text-left",
    "future-date",
    "no-date",
    "no-title",
    "reception-without-perspective",
    "team-while-private",
    "team-shared-without-team",
    "a-team-not-mine",
    "reader-not-a-supervisor",
    "readers-while-private",
]


@pytest.mark.parametrize("case", REFUSALS)
def test_a_refused_update_names_the_field_and_changes_nothing(everyone, riverside, harbour, org, case):
    reflection = ReflectionFactory(author=everyone["peer"], perspective="lived_experience", reception="welcomed")
    before = _stored(reflection)
    data, field = _refusals(everyone, riverside, harbour, org_today(org))[case]
    with pytest.raises(ValidationError) as raised:
        reflection_update(actor=everyone["peer"], reflection=reflection, data=data)
    assert field in raised.value.message_dict
    assert _stored(reflection) == before


def test_an_accepted_update_stores_the_cleaned_text_and_its_search_index(everyone, riverside):
    reflection = ReflectionFactory(author=everyone["peer"])
    reflection_update(
        actor=everyone["peer"],
        reflection=reflection,
        data={
            "title": "  Handover  ",
            "framework": "free",
            "sections": {"body": "  Spoke up.  "},
            "visibility": "team",
            "team": riverside,
            "readers": [everyone["supervisor"].pk],
        },
    )
    stored = Reflection.objects.get(pk=reflection.pk)
    assert (stored.title, stored.framework, stored.sections) == ("Handover", "free", {"body": "Spoke up."})
    assert (stored.visibility, stored.team_id) == ("team", riverside.pk)
    assert stored.search_text == "Handover\nSpoke up."
    assert set(stored.readers.values_list("pk", flat=True)) == {everyone["supervisor"].pk}


def test_an_entry_stays_shared_with_a_team_its_author_has_left(everyone, riverside):
    """The team is re-checked only when it changes: editing the title keeps the old team."""
    reflection = ReflectionFactory(author=everyone["peer"], visibility="team", team=riverside)
    everyone["peer"].memberships.all().delete()
    author = type(everyone["peer"]).objects.get(pk=everyone["peer"].pk)  # no capabilities cached
    reflection_update(actor=author, reflection=reflection, data={"title": "Renamed"})
    stored = Reflection.objects.get(pk=reflection.pk)
    assert (stored.title, stored.team_id) == ("Renamed", riverside.pk)


def test_a_draft_without_a_date_is_dated_today_and_publishing_stamps_it_once(everyone, org):
    reflection = ReflectionFactory(author=everyone["peer"], is_draft=True)
    reflection_update(actor=everyone["peer"], reflection=reflection, data={"occurred_on": None})
    draft = Reflection.objects.get(pk=reflection.pk)
    assert (draft.occurred_on, draft.published_at) == (org_today(org), None)
    reflection_update(actor=everyone["peer"], reflection=draft, data={"is_draft": False})
    published = Reflection.objects.get(pk=reflection.pk)
    assert not published.is_draft and published.published_at is not None
    reflection_update(actor=everyone["peer"], reflection=published, data={"title": "Again"})
    assert Reflection.objects.get(pk=reflection.pk).published_at == published.published_at
