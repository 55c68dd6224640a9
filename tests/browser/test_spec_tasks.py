"""Spec tasks (SPEC.md §2 and §5) that no other browser test walks, done by label (issue 15).

docs/browser-tasks.md lists every task and persona with the test that covers it; these are
the rows left over. Each test signs in through the real form, finds every control by role
and label, and re-reads the database afterwards. One test per persona's day, so the live server's
database is flushed four times, not once per task.
"""

import re
from datetime import timedelta

import pytest

from apps.audit.models import AuditEvent
from apps.competencies.models import TrainingRecord
from apps.core.dates import org_today
from apps.reflections.models import Reflection
from apps.roles.models import Assignment, RoleDefinition
from apps.supervision.models import Agreement
from apps.teams.models import Membership
from apps.voice.models import FeedbackSender, Pulse, SealedFeedback
from apps.wellbeing.models import StepAway
from apps.workers.services import worker_mark_left
from tests.reflections.factories import ReflectionFactory
from tests.roles.factories import AssignmentFactory, RoleDefinitionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def nav(page, name):
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True).click()


def accept_confirms(page):
    """The pages ask before destructive actions (``data-confirm``); say yes, as a person would."""
    page.on("dialog", lambda dialog: dialog.accept())


def test_a_worker_keeps_their_records_steps_away_speaks_up_and_changes_their_password(
    page, sign_in, peer, peer2, riverside
):
    today = org_today(riverside.organisation)
    entry = ReflectionFactory(author=peer, title="Handover notes", visibility="team", team=riverside)
    ReflectionFactory(author=peer, title="A draft thought I no longer want")
    accept_confirms(page)
    sign_in(page, peer)

    # A training record (SPEC §2: competencies and training records, own: write).
    nav(page, "Competencies")
    page.get_by_role("link", name="My training records").click()
    page.get_by_label("Course").fill("Intentional Peer Support core training")
    page.get_by_label("Provider").fill("IPS")
    page.get_by_label("Completed on").fill(today.isoformat())
    page.get_by_label("Expires on").fill((today + timedelta(days=730)).isoformat())
    page.get_by_role("button", name="Add record").click()
    page.get_by_role("cell", name="Intentional Peer Support core training", exact=True).wait_for()
    record = TrainingRecord.objects.get(worker=peer)
    assert (record.course, record.provider, record.completed_on) == (
        "Intentional Peer Support core training",
        "IPS",
        today,
    )

    # Step away, then come back (§5: step away / return).
    nav(page, "Wellbeing")
    back_on = today + timedelta(days=14)
    page.get_by_label("Planned return date").fill(back_on.isoformat())
    page.get_by_role("button", name="Step away").click()
    page.get_by_role("button", name="I'm back").wait_for()
    period = StepAway.objects.get(author=peer)
    peer.refresh_from_db()
    assert period.planned_return_on == back_on and period.returned_on is None and peer.status == "stepped_away"
    page.get_by_role("button", name="I'm back").click()
    page.get_by_role("button", name="Step away").wait_for()
    period.refresh_from_db()
    peer.refresh_from_db()
    assert period.returned_on is not None and peer.status == "active"

    # Anonymous feedback to the team (§2: team voice, submit for own teams).
    nav(page, "Team voice")
    page.get_by_role("link", name="Riverside").first.click()
    page.get_by_label("Your feedback").fill("Peer work is asked for late in the ward round; earlier would help.")
    page.get_by_role("button", name="Send anonymously").click()
    page.get_by_text("Your feedback was sent anonymously").wait_for()
    assert FeedbackSender.objects.filter(team=riverside, worker=peer).count() == 1
    assert SealedFeedback.objects.filter(team=riverside).count() == 1

    # Edit a reflection shared with the team; delete another (§5: my reflections, edit).
    nav(page, "Reflections")
    page.get_by_role("link", name="Handover notes").click()
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Title").fill("Handover: speaking first")
    page.get_by_role("button", name="Save reflection").click()
    page.get_by_role("heading", name="Handover: speaking first").wait_for()
    entry.refresh_from_db()
    assert entry.title == "Handover: speaking first" and entry.visibility == Reflection.Visibility.TEAM
    nav(page, "Reflections")
    page.get_by_role("link", name="A draft thought I no longer want").click()
    page.get_by_role("link", name="Delete").click()
    page.get_by_role("button", name="Delete for good").click()
    page.get_by_role("link", name="Handover: speaking first").wait_for()
    assert not Reflection.objects.filter(author=peer, title="A draft thought I no longer want").exists()

    # Change password from the account page; the new one signs in (accounts).
    page.get_by_role("link", name="Pat Peer").first.click()
    page.get_by_role("link", name="Change password").click()
    page.get_by_label("Old password").fill("correct-horse-battery")
    page.get_by_label(re.compile(r"^New password(?! confirmation)")).fill("a-brand-new-river-stone")
    page.get_by_label("New password confirmation").fill("a-brand-new-river-stone")
    page.get_by_role("button", name="Change password").click()
    page.wait_for_url("**/accounts/password/done/")
    peer.refresh_from_db()
    assert peer.check_password("a-brand-new-river-stone")
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Sign in").wait_for()
    sign_in(page, peer, password="a-brand-new-river-stone")
    page.get_by_role("navigation", name="Main").wait_for()

    # A teammate reads the edited entry in the team learning feed (§5: team learning feed).
    sign_in(page, peer2)
    nav(page, "Teams")
    page.get_by_role("link", name="Riverside").first.click()
    page.get_by_role("link", name="Open the Riverside learning feed").click()
    page.get_by_role("link", name="Handover: speaking first").click()
    page.get_by_role("heading", name="Handover: speaking first").wait_for()
    assert AuditEvent.objects.filter(actor=peer2, target_id=entry.pk, action="read").exists()


def test_a_manager_ends_an_assignment_retires_a_role_ends_an_agreement_and_opens_a_pulse(
    page, sign_in, everyone, riverside, settings
):
    manager, peer, peer2 = everyone["manager"], everyone["peer"], everyone["peer2"]
    role = RoleDefinitionFactory(team=riverside, title="Peer Navigator")
    assignment = AssignmentFactory(role_definition=role, worker=peer2)
    agreement = Agreement.objects.get(supervisee=peer)
    accept_confirms(page)
    sign_in(page, manager)

    nav(page, "Roles")
    page.get_by_role("table").get_by_role("link", name="Peer Navigator", exact=True).click()
    page.get_by_role("button", name="End Robin Peer's assignment").click()
    page.get_by_text("Ended Robin Peer").wait_for()
    assignment.refresh_from_db()
    assert assignment.ends_on == org_today(riverside.organisation)
    page.get_by_role("button", name="Retire").click()
    page.get_by_text("Its assignments stay as they are.").wait_for()
    role.refresh_from_db()
    assert role.status == RoleDefinition.Status.RETIRED
    assert Assignment.objects.filter(pk=assignment.pk).exists()  # the history stays

    nav(page, "Agreements")
    page.get_by_role("table").get_by_role("row").filter(has_text="Sam Supervisor").get_by_role(
        "link", name="Pat Peer"
    ).click()
    page.get_by_role("button", name="End the agreement").click()
    page.get_by_role("button", name="End the agreement").wait_for(state="detached")
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ENDED

    settings.VOICE_MIN_GROUP = 3  # four members who are not managers: enough for a pulse
    closes_on = org_today(riverside.organisation) + timedelta(days=10)
    nav(page, "Team voice")
    page.get_by_role("link", name="Riverside").first.click()
    page.get_by_label("Open until").fill(closes_on.isoformat())
    page.get_by_role("button", name="Open the pulse").click()
    page.get_by_text("Members have been told.").wait_for()
    pulse = Pulse.objects.get(team=riverside)
    assert pulse.closes_on == closes_on and pulse.opened_by == manager

    nav(page, "Teams")
    page.get_by_role("link", name="Riverside").first.click()
    page.get_by_role("button", name="Remove Casey Clinician from Riverside").click()
    page.get_by_text("Casey Clinician was removed from Riverside.").wait_for()
    assert (
        not Membership.objects.active(org_today(riverside.organisation))
        .filter(team=riverside, worker=everyone["clinician"])
        .exists()
    )


def test_an_org_admin_reads_the_audit_trail_and_erases_a_worker_who_left(page, sign_in, admin, peer, peer2, supervisor):
    entry = ReflectionFactory(author=peer, title="A shared one", visibility="supervisor", readers=[supervisor])
    worker_mark_left(actor=admin, worker=peer2)
    accept_confirms(page)
    sign_in(page, supervisor)
    nav(page, "Reflections")
    page.get_by_role("link", name="Supervisee reflections shared with me").click()
    page.get_by_role("link", name="A shared one").click()
    page.get_by_role("heading", name="A shared one").wait_for()
    assert AuditEvent.objects.filter(actor=supervisor, subject=peer, target_id=entry.pk, action="read").exists()

    sign_in(page, admin)
    nav(page, "Audit")
    page.get_by_role("heading", name="Audit trail").wait_for()
    row = page.get_by_role("row").filter(has_text="Sam Supervisor").filter(has_text="Pat Peer").first
    assert "Read" in row.inner_text()

    nav(page, "People")
    page.get_by_role("row").filter(has_text="Robin Peer").get_by_role("button", name="Erase").click()
    page.get_by_role("row").filter(has_text="Robin Peer").wait_for(state="detached")
    peer2.refresh_from_db()
    assert peer2.username.startswith("erased-") and peer2.display_name != "Robin Peer"
