"""The "My hours" page: totals, profile progress, the practice log (issue 17, part 3)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.credentials import services
from apps.credentials.models import PracticeEntry, ProfileChoice

pytestmark = pytest.mark.django_db

PAGE = "/credentials/hours/"


def test_the_page_shows_totals_progress_and_my_log(client, everyone, hours_world, today):
    services.profiles_choose(actor=everyone["peer"], profiles=["icrc-peer-recovery"])
    client.force_login(everyone["peer"])
    page = client.get(PAGE, {"period": "year"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Supervision received" in html and "IC&amp;RC Peer Recovery" in html
    assert "internationalcredentialing.org" in html and "<progress" in html
    assert "QXnoteneverinhours" in html  # the worker reads their own notes
    assert "QXtopicsneverinhours" not in html  # never the sessions' text


def test_the_worker_logs_edits_and_removes_an_entry_on_the_page(client, everyone, today):
    client.force_login(everyone["peer"])
    refused = client.post(PAGE, {"worked_on": str(today), "hours": "30", "category": "group_work", "note": "Group"})
    assert refused.status_code == 400 and not PracticeEntry.objects.exists()
    assert refused.context["entry_form"]["note"].value() == "Group"  # nothing typed is lost
    client.post(PAGE, {"worked_on": str(today), "hours": "2", "category": "group_work", "note": "Group"})
    entry = PracticeEntry.objects.get()
    assert (entry.worker, entry.hours) == (everyone["peer"], Decimal("2"))
    edit = reverse("credentials:entry-edit", args=[entry.pk])
    client.post(edit, {"worked_on": str(today), "hours": "2.5", "category": "other", "note": ""})
    entry.refresh_from_db()
    assert (entry.hours, entry.category, entry.note) == (Decimal("2.5"), "other", "")
    client.post(reverse("credentials:entry-delete", args=[entry.pk]))
    assert not PracticeEntry.objects.exists()


def test_the_worker_chooses_profiles_on_the_page(client, everyone):
    client.force_login(everyone["peer"])
    client.post(reverse("credentials:choose-profiles"), {"profiles": ["icrc-peer-recovery"]})
    assert list(ProfileChoice.objects.values_list("profile", flat=True)) == ["icrc-peer-recovery"]
    client.post(reverse("credentials:choose-profiles"), {"profiles": ["nope"]})
    assert list(ProfileChoice.objects.values_list("profile", flat=True)) == ["icrc-peer-recovery"]


@pytest.mark.parametrize("persona", ["supervisor", "manager", "admin", "outsider"])
def test_nobody_else_sees_or_changes_an_entry_or_its_note(client, everyone, today, persona):
    entry = services.practice_entry_create(
        actor=everyone["peer"], worked_on=today, hours=Decimal("1"), category="other", note="QXpagenote"
    )
    client.force_login(everyone[persona])
    assert "QXpagenote" not in client.get(PAGE).content.decode()
    assert client.get(reverse("credentials:entry-edit", args=[entry.pk])).status_code == 404
    assert client.post(reverse("credentials:entry-delete", args=[entry.pk])).status_code == 404
    assert PracticeEntry.objects.filter(pk=entry.pk).exists()


def test_a_bad_custom_range_says_so_and_shows_this_year(client, everyone, today):
    client.force_login(everyone["peer"])
    page = client.get(PAGE, {"period": "custom", "date_after": "2026-05-01", "date_before": "2026-04-01"})
    assert page.status_code == 400 and "cannot be before" in page.content.decode()
    assert page.context["summary"].start == today.replace(month=1, day=1)


def test_a_custom_range_on_the_page(client, everyone, hours_world, today):
    client.force_login(everyone["peer"])
    day = str(today - timedelta(days=3))
    page = client.get(PAGE, {"period": "custom", "date_after": day, "date_before": day})
    assert page.context["summary"].by_source["supervision"] == Decimal("1.50")
