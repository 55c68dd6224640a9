"""Wording helpers and pages (issue 15, items 11 and 12): one date format in prose, a 403 page
that is warm and says what to do, a private reflection that does not call itself shared, and a
reflective framework for peer practice rather than professional revalidation."""

import html
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone

from apps.core.dates import prose_date
from apps.reflections.frameworks import get_framework
from tests.reflections.factories import ReflectionFactory


def test_prose_date_is_day_month_year_as_templates_show_dates_never_iso():
    assert prose_date(date(2026, 12, 4)) == "4 Dec 2026"
    assert prose_date(date(2026, 12, 12)) == "12 Dec 2026"
    assert prose_date(None) == ""
    # The same as a date rendered plainly in a template (DATE_FORMAT), so prose and pages agree.
    assert Template("{{ d }}").render(Context({"d": date(2026, 12, 12)})) == "12 Dec 2026"


def test_prose_date_takes_a_datetime_in_the_current_time_zone():
    # 23:30 UTC on 4 December is already 5 December in Auckland.
    moment = datetime(2026, 12, 4, 23, 30, tzinfo=ZoneInfo("UTC"))
    with timezone.override("Pacific/Auckland"):
        assert prose_date(moment) == "5 Dec 2026"


def test_prose_date_filter_in_templates():
    rendered = Template("{% load prose %}until {{ d|prose_date }}").render(Context({"d": date(2026, 12, 12)}))
    assert rendered == "until 12 Dec 2026"


@pytest.mark.django_db
def test_403_page_is_warm_says_why_and_what_to_do(client, everyone):
    client.force_login(everyone["peer"])
    response = client.get(f"/people/{everyone['peer2'].pk}/edit/")
    assert response.status_code == 403
    page = html.unescape(response.content.decode())
    assert "Only this worker's managers or an org admin can change their details." in page  # why
    assert "Nothing has been changed" in page and "ask your team's manager" in page  # what to do
    assert "Not allowed" not in page


@pytest.mark.django_db
def test_a_private_entry_says_private_not_shared(client, everyone):
    entry = ReflectionFactory(author=everyone["peer"], title="Just for me", visibility="private")
    client.force_login(everyone["peer"])
    page = client.get(f"/reflections/{entry.pk}/").content.decode()
    assert "Private: only you can read it" in page and "Shared: only you" not in page


def test_the_fourth_framework_speaks_of_peer_practice_not_a_professional_code():
    framework = get_framework("nmc")  # the key stays: existing entries keep their framework
    text = " ".join([framework.label, framework.description] + [f"{p.label} {p.hint}" for p in framework.prompts])
    assert "Revalidation" not in text and "professional code" not in text
    assert framework.label == "Peer practice reflection" and "peer support values" in text
    # Every prompt key is kept, so text already written stays under its prompt.
    assert framework.prompt_keys == (
        "what_happened",
        "what_i_learned",
        "how_i_changed_my_practice",
        "how_it_relates_to_my_values",
    )
