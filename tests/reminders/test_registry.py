"""The reminder registry: each app registers the kinds and rules about its own records (the
reminders app keeps the engine only), a code or name registered twice stops start-up, and every
kind reads exactly as it did when the rules were written inside the reminders app (supervision's
kinds reworded in issue 15, item 12: overdue supervision is the supervisor's to arrange)."""

from datetime import date
from uuid import UUID

import pytest
from django.core.exceptions import ImproperlyConfigured

from apps.notifications.services import EMAILED_KINDS
from apps.reminders.registry import KINDS, RULES, ReminderView, register_kind, register_rule

RULES_BY_APP = {
    "apps.roles.reminders": ["assignment_unacknowledged"],
    "apps.boundaries.reminders": ["boundary_review_due", "boundary_review_escalated"],
    "apps.supervision.reminders": [
        "supervision_due_soon",
        "supervision_overdue",
        "supervision_escalated",
        "peer_without_agreement",
    ],
    "apps.competencies.reminders": ["training_expiring", "training_expired"],
    "apps.fidelity.reminders": ["fidelity_check_due"],
    "apps.wellness_plans.reminders": ["wellness_plan_review_due"],
    "apps.community.reminders": ["community_digest"],
    "apps.voice.reminders": ["voice_action_follow_up"],
    "apps.drift.reminders": ["role_drift_share_low", "role_drift_clinical_duty"],
}

SUBJECT, WORKER, SOMEONE_ELSE = (UUID(int=10), UUID(int=11), UUID(int=12))

# (kind, sent to the worker it is about, label, message, link), recorded on main at 7611b83
# from the kinds then written in apps/reminders/rules.py and apps/competencies/reminders.py;
# dates since in the one prose format, "7 Dec 2026" (issue 15, item 11).
READ_BEFORE = [
    (
        "training_expiring",
        True,
        "Training expiring",
        "One of your training records expires on 7 Dec 2026. Renew it or update the record.",
        "/competencies/training/",
    ),
    (
        "training_expiring",
        False,
        "Training expiring",
        "One of your training records expires on 7 Dec 2026. Renew it or update the record.",
        "/competencies/training/",
    ),
    (
        "training_expired",
        True,
        "Training expired",
        "A training record of {about} reached its expiry date on 7 Dec 2026.",
        "/competencies/people/00000000-0000-0000-0000-00000000000b/",
    ),
    (
        "training_expired",
        False,
        "Training expired",
        "A training record of {about} reached its expiry date on 7 Dec 2026.",
        "/competencies/people/00000000-0000-0000-0000-00000000000b/",
    ),
    (
        "supervision_due_soon",
        True,
        "Supervision due soon",
        "Your supervision is due on 7 Dec 2026. Your supervisor has been reminded too.",
        "/supervision/mine/#agreement-00000000-0000-0000-0000-00000000000a",
    ),
    (
        "supervision_due_soon",
        False,
        "Supervision due soon",
        "Supervision with {about} is due on 7 Dec 2026. Please arrange a session.",
        "/supervision/queue/",
    ),
    (
        "supervision_overdue",
        True,
        "Supervision overdue",
        "Your supervision was due on 7 Dec 2026 and has not been held yet. Your supervisor has been reminded "
        "too. If you would like a session, you can ask for one now.",
        "/supervision/mine/#agreement-00000000-0000-0000-0000-00000000000a",
    ),
    (
        "supervision_overdue",
        False,
        "Supervision overdue",
        "Supervision with {about} was due on 7 Dec 2026 and has not been held yet. Please arrange a session.",
        "/supervision/queue/",
    ),
    (
        "supervision_escalated",
        True,
        "Supervision overdue (escalated)",
        "The supervision agreement for {about} has had no session since it was due on 7 Dec 2026. A "
        "session is for its supervisor to arrange; the agreement's page names them.",
        "/supervision/agreements/00000000-0000-0000-0000-00000000000a/",
    ),
    (
        "supervision_escalated",
        False,
        "Supervision overdue (escalated)",
        "The supervision agreement for {about} has had no session since it was due on 7 Dec 2026. A "
        "session is for its supervisor to arrange; the agreement's page names them.",
        "/supervision/agreements/00000000-0000-0000-0000-00000000000a/",
    ),
    (
        "boundary_review_due",
        True,
        "Boundary note waiting for a reply",
        "{about} is waiting for your reply to a boundary note they shared with you.",
        "/boundaries/00000000-0000-0000-0000-00000000000a/",
    ),
    (
        "boundary_review_due",
        False,
        "Boundary note waiting for a reply",
        "{about} is waiting for your reply to a boundary note they shared with you.",
        "/boundaries/00000000-0000-0000-0000-00000000000a/",
    ),
    (
        "boundary_review_escalated",
        True,
        "Boundary note reply late (escalated)",
        "A boundary note shared with {about} under their supervision agreement has waited 10 days for their "
        "reply. You may want to check they have the time they need for supervision.",
        "/supervision/agreements/",
    ),
    (
        "boundary_review_escalated",
        False,
        "Boundary note reply late (escalated)",
        "A boundary note shared with {about} under their supervision agreement has waited 10 days for their "
        "reply. You may want to check they have the time they need for supervision.",
        "/supervision/agreements/",
    ),
    (
        "assignment_unacknowledged",
        True,
        "Role assignment not acknowledged",
        "A role proposed to you is waiting: read it, ask anything, and agree when you're ready.",
        "/roles/",
    ),
    (
        "assignment_unacknowledged",
        False,
        "Role assignment not acknowledged",
        "A role proposed to you is waiting: read it, ask anything, and agree when you're ready.",
        "/roles/",
    ),
    (
        "voice_action_follow_up",
        False,
        "Team voice follow-up",
        "A \u201cyou said, we did\u201d action of your team is due for follow-up on 7 Dec 2026.",
        "/voice/actions/00000000-0000-0000-0000-00000000000a/",
    ),
    (
        "peer_without_agreement",
        True,
        "Peer worker without peer supervision",
        "{about} has no active peer supervision agreement.",
        "/supervision/agreements/",
    ),
    (
        "peer_without_agreement",
        False,
        "Peer worker without peer supervision",
        "{about} has no active peer supervision agreement.",
        "/supervision/agreements/",
    ),
]


def test_every_rule_is_written_and_registered_in_the_app_whose_records_it_watches():
    by_module: dict[str, list[str]] = {}
    for rule in RULES:
        by_module.setdefault(rule.queries.__module__, []).append(rule.name)

    assert by_module == RULES_BY_APP


def test_each_rule_raises_reminders_of_its_own_kind_only_and_every_kind_is_emailed():
    assert {rule.name: rule.kinds for rule in RULES} == {
        name: (name,) for names in RULES_BY_APP.values() for name in names
    }
    assert set(KINDS.keys()) == {name for names in RULES_BY_APP.values() for name in names}
    assert set(KINDS.keys()) <= EMAILED_KINDS


def test_only_the_per_worker_rules_are_paced_hourly_and_every_rule_is_described():
    # role_drift_share_low takes the day's snapshots first (apps/drift): hourly is often enough.
    # fidelity_check_due looks at every peer worker's latest check (seconds at a million workers,
    # issue 20); its due dates are whole days.
    assert {rule.name: rule.every.total_seconds() for rule in RULES if rule.every} == {
        "peer_without_agreement": 3600,
        "role_drift_share_low": 3600,
        "fidelity_check_due": 3600,
    }
    assert all(rule.description for rule in RULES)


@pytest.mark.parametrize(("code", "to_about", "label", "message", "link"), READ_BEFORE)
def test_every_kind_reads_and_links_as_before_the_move(code, to_about, label, message, link):
    kind = KINDS.get(code)
    view = ReminderView(code, "x", SUBJECT, WORKER if to_about else SOMEONE_ELSE, WORKER, date(2026, 12, 7))

    assert (kind.label, kind.message(view), kind.link(view)) == (label, message, link)


def test_the_escalation_names_the_supervisor_when_the_reminder_has_one():
    """Issue 15: the managers' escalation names whose agreement and which supervisor, both as
    placeholders rendered at read time (the supervisor in the notification's ``{actor}``)."""
    kind = KINDS.get("supervision_escalated")
    view = ReminderView(
        "supervision_escalated", "agreement", SUBJECT, SOMEONE_ELSE, WORKER, date(2026, 12, 7), other_id=UUID(int=13)
    )

    assert kind.message(view) == (
        "The supervision agreement for {about}, with {actor} as supervisor, has had no session since it was due "
        "on 7 Dec 2026. A session is for {actor} to arrange."
    )


def test_a_kind_registered_twice_stops_start_up_and_the_first_stays():
    first = KINDS.get("supervision_overdue")

    with pytest.raises(ImproperlyConfigured, match="Reminder kind 'supervision_overdue'"):
        register_kind("supervision_overdue", label="Other", message=lambda r: "other", link=lambda r: "/")

    assert KINDS.get("supervision_overdue") is first and len(KINDS) == 15


def test_a_rule_registered_twice_stops_start_up_and_the_first_stays():
    first = RULES.get("boundary_review_due")

    with pytest.raises(ImproperlyConfigured, match="Reminder rule 'boundary_review_due'"):

        @register_rule("boundary_review_due", kinds=["boundary_review_due"])
        def again(ctx):
            return []

    assert RULES.get("boundary_review_due") is first and len(RULES) == 15
