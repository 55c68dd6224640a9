"""Wellbeing pages: check in, step away and back; supervisors read shared check-ins (audited)."""

from datetime import timedelta

import pytest

from apps.audit.models import AuditEvent
from apps.core.dates import org_today
from apps.wellbeing.models import CheckIn
from tests.wellbeing.factories import CheckInFactory

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    return client


def test_worker_checks_in_and_sees_it_in_their_history(client, everyone):
    response = signed_in(client, everyone["peer"]).post(
        "/wellbeing/", {"mood": "2", "note": "Heavy day", "share_with_supervisor": "on"}
    )
    assert response.status_code == 302
    assert CheckIn.objects.get().share_with_supervisor is True
    assert "Heavy day" in client.get("/wellbeing/").content.decode()


def test_a_check_in_with_a_mood_off_the_scale_is_refused_and_keeps_the_note(client, everyone):
    # The mood is optional (issue 15, item 12), but one given must be on the scale.
    response = signed_in(client, everyone["peer"]).post("/wellbeing/", {"mood": "9", "note": "Kept note"})
    assert response.status_code == 400
    assert "Kept note" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_step_away_and_back_from_the_page(client, everyone, org):
    until = org_today(org) + timedelta(days=10)
    signed_in(client, everyone["peer"])
    response = client.post("/wellbeing/step-away/", {"until": until.isoformat(), "message": ""}, follow=True)
    assert "You have stepped away" in response.content.decode()
    everyone["peer"].refresh_from_db()
    assert everyone["peer"].status == "stepped_away"
    assert "Paused" in client.get("/supervision/mine/").content.decode()
    client.post("/wellbeing/return/")
    everyone["peer"].refresh_from_db()
    assert everyone["peer"].status == "active"


def test_step_away_with_a_past_date_is_refused(client, everyone, org):
    response = signed_in(client, everyone["peer"]).post(
        "/wellbeing/step-away/", {"until": (org_today(org) - timedelta(days=1)).isoformat()}
    )
    assert response.status_code == 400


def test_supervisor_reads_only_shared_check_ins_and_each_read_is_audited(client, everyone, org):
    peer = everyone["peer"]
    CheckInFactory(organisation=org, author=peer, mood=1, note="PRIVATE")
    shared = CheckInFactory(organisation=org, author=peer, mood=3, note="SHARED", share_with_supervisor=True)
    page = signed_in(client, everyone["supervisor"]).get("/wellbeing/shared/").content.decode()
    assert "SHARED" in page and "PRIVATE" not in page
    assert list(AuditEvent.objects.filter(action="read").values_list("target_id", flat=True)) == [shared.pk]
    manager_page = signed_in(client, everyone["manager"]).get("/wellbeing/shared/").content.decode()
    assert "SHARED" not in manager_page
