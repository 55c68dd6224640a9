"""Managers never receive wellness plan text (issue 18, "Done when"): not on any page, in any
JSON answer or CSV export, before or during a step away, unless the worker names them for a
section (then only that section, audited)."""

from datetime import timedelta

import pytest
from django.test import Client

from apps.audit.models import AuditEvent
from apps.core.dates import org_today
from apps.wellbeing import services as wellbeing
from apps.wellness_plans import services
from apps.wellness_plans.sections import Section

pytestmark = pytest.mark.django_db

MARKERS = {
    "keeps_well": "QXmkeeps",
    "early_signs": "QXmsigns",
    "what_helps": "QXmhelps",
    "at_work": "QXmatwork",
    "contact": "QXmcontact",
    "do_not_contact": "QXmnocontact",
    "stepping_away": "QXmaway",
}
ADJUSTMENT = "QXmadjust"


@pytest.fixture
def plan(everyone):
    peer = everyone["peer"]
    today = org_today(peer.organisation)
    plan = services.plan_save(
        actor=peer,
        **MARKERS,
        adjustments=[{"what": ADJUSTMENT, "agreed_with": "Morgan", "agreed_on": today.isoformat()}],
    )
    services.plan_reader_set(
        actor=peer, reader=everyone["supervisor"], sections=[Section.WHAT_HELPS], away_sections=[Section.STEPPING_AWAY]
    )
    return plan


def _urls(everyone, plan, riverside):
    peer = everyone["peer"]
    return [
        "/",
        "/wellness-plan/",
        "/wellness-plan/shared/",
        f"/wellness-plan/{plan.pk}/",
        "/wellness-plan/history/",
        "/wellness-plan/history/1/",
        "/people/",
        f"/people/{peer.pk}/edit/",
        f"/teams/{riverside.pk}/",
        "/dashboard/",
        f"/dashboard/teams/{riverside.pk}/",
        "/dashboard/export.csv",
        f"/dashboard/teams/{riverside.pk}/export.csv",
        "/notifications/",
        "/audit/",
        "/api/v1/wellness-plans/mine/",
        "/api/v1/wellness-plans/shared-with-me/",
        f"/api/v1/wellness-plans/{plan.pk}/",
        f"/api/v1/workers/{peer.pk}/",
        "/api/v1/workers/",
        "/api/v1/notifications/",
        "/api/v1/audit/events/",
    ]


def _everything_seen_by(user, urls) -> str:
    client = Client()
    client.force_login(user)
    seen = []
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        seen.append(response.content.decode(errors="replace"))
    return "\n".join(seen)


@pytest.mark.parametrize("who", ["manager", "admin", "other_manager"])
def test_a_manager_or_admin_sees_no_plan_text_anywhere_before_or_while_the_worker_is_away(
    everyone, plan, riverside, who
):
    urls = _urls(everyone, plan, riverside)
    seen = _everything_seen_by(everyone[who], urls)
    leaked = [m for m in (*MARKERS.values(), ADJUSTMENT) if m in seen]
    assert not leaked
    peer = everyone["peer"]
    wellbeing.worker_step_away(actor=peer, until=org_today(peer.organisation) + timedelta(days=7))
    seen = _everything_seen_by(everyone[who], urls)
    assert not [m for m in (*MARKERS.values(), ADJUSTMENT) if m in seen]
    assert not AuditEvent.objects.filter(actor=everyone[who], action=AuditEvent.Action.READ, target_id=plan.pk)


def test_the_marker_check_would_catch_a_leak(everyone, plan, riverside):
    """The same walk as the named supervisor finds exactly the section shared with them."""
    seen = _everything_seen_by(everyone["supervisor"], _urls(everyone, plan, riverside))
    assert MARKERS["what_helps"] in seen
    assert [m for m in (*MARKERS.values(), ADJUSTMENT) if m in seen] == [MARKERS["what_helps"]]


def test_a_manager_named_for_one_section_reads_that_section_only_and_the_read_is_audited(everyone, plan, riverside):
    manager = everyone["manager"]
    services.plan_reader_set(actor=everyone["peer"], reader=manager, sections=[Section.ADJUSTMENTS])
    seen = _everything_seen_by(manager, _urls(everyone, plan, riverside))
    assert [m for m in (*MARKERS.values(), ADJUSTMENT) if m in seen] == [ADJUSTMENT]
    assert AuditEvent.objects.filter(actor=manager, action=AuditEvent.Action.READ, target_id=plan.pk).exists()
