"""Notifications name people at read time (issue 13, case 10): the message keeps a placeholder
and the person's id, never their name, so a rename shows at once and an erased name nowhere."""

import importlib
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from apps.boundaries.services import boundary_note_submit
from apps.notifications.models import Notification
from apps.notifications.services import notification_email_send, notify
from apps.reminders.models import Reminder
from apps.workers.data_rights import export_worker_data
from apps.workers.services import worker_update

pytestmark = pytest.mark.django_db

migration = importlib.import_module("apps.notifications.migrations.0004_name_people_in_existing_notifications")


def submit_note(author):
    return boundary_note_submit(
        actor=author,
        occurred_on=date.today() - timedelta(days=1),
        category="self_disclosure",
        situation="A situation",
        what_i_shared="",
        reasoning="",
        risk="low",
    )


def test_a_boundary_note_notification_stores_the_author_as_a_person_not_a_name(everyone):
    submit_note(everyone["peer"])
    told = Notification.objects.get(recipient=everyone["supervisor"], kind="boundary_note_submitted")
    assert told.message_template == "{actor} shared a boundary note with you."
    assert told.actor_id == everyone["peer"].pk
    assert told.message == "Pat Peer shared a boundary note with you."


def test_a_renamed_person_is_shown_by_their_new_name_on_the_page_in_the_api_and_in_a_later_email(
    api, client, everyone, settings
):
    peer, supervisor = everyone["peer"], everyone["supervisor"]
    told = notify(
        recipient=supervisor, kind="supervision_requested", message="{actor} asked for supervision now.", actor=peer
    )
    worker_update(actor=everyone["admin"], worker=peer, data={"display_name": "Pat Renamed"})

    client.force_login(supervisor)
    page = client.get(reverse("notifications:notification-list")).content.decode()
    assert "Pat Renamed asked for supervision now." in page and "Pat Peer" not in page
    listed = api.as_(supervisor).get("/api/v1/notifications/").json()["results"]
    assert [n["message"] for n in listed] == ["Pat Renamed asked for supervision now."]

    mail.outbox = []
    assert notification_email_send(told.pk)[0] == "sent"
    assert "Pat Renamed asked for supervision now." in mail.outbox[0].body
    assert "Pat Peer" not in mail.outbox[0].body + mail.outbox[0].alternatives[0][0]


def test_the_export_renders_the_notifications_with_current_names(everyone):
    peer, supervisor = everyone["peer"], everyone["supervisor"]
    notify(
        recipient=peer, kind="boundary_note_reviewed", message="{actor} reviewed your boundary note.", actor=supervisor
    )
    document = export_worker_data(actor=peer)
    assert document["notifications"][0]["message"] == "Sam Supervisor reviewed your boundary note."


def test_a_message_naming_a_person_must_say_who_it_is(everyone):
    with pytest.raises(ValueError, match="actor"):
        notify(recipient=everyone["peer"], kind="test", message="{actor} did something.")
    with pytest.raises(ValueError, match="about"):
        notify(recipient=everyone["peer"], kind="test", message="About {about}.", actor=everyone["peer2"])
    assert not Notification.objects.filter(recipient=everyone["peer"]).exists()


def test_other_braces_in_a_message_are_kept_as_written(everyone):
    told = notify(
        recipient=everyone["peer"],
        kind="test",
        message="{actor} renamed the team {Night shift}.",
        actor=everyone["peer2"],
    )
    told.refresh_from_db()
    assert told.message == "Robin Peer renamed the team {Night shift}."


def test_the_notification_list_reads_people_in_the_same_query(client, everyone, django_assert_num_queries):
    peer = everyone["peer"]
    for person in ("peer2", "supervisor", "manager", "clinician"):
        notify(
            recipient=peer, kind="test", message="{actor} and {about} said hello.", actor=everyone[person], about=peer
        )
    client.force_login(peer)
    client.get(reverse("notifications:notification-list"))  # warm the session
    with django_assert_num_queries(7) as counted:
        # session, user, the page's count, the header's unread count, team memberships and
        # supervisees (navigation), the page of notifications with both people joined — none per row
        html = client.get(reverse("notifications:notification-list")).content.decode()
    assert html.count("said hello") == 4 and "Robin Peer and Pat Peer said hello." in html
    listed = [q["sql"] for q in counted.captured_queries if "notifications_notification" in q["sql"]]
    assert any('LEFT OUTER JOIN "accounts_user"' in sql for sql in listed)


# --- the data migration of notifications made before this change -------------------------------


def old_row(recipient, kind, message, **extra):
    """A notification as the code before this change wrote it: the name inside the text."""
    return Notification.objects.create(
        organisation=recipient.organisation, recipient=recipient, kind=kind, message_template=message, **extra
    )


def test_the_migration_turns_names_in_existing_messages_into_linked_people(everyone):
    from django.apps import apps

    peer, supervisor, manager = everyone["peer"], everyone["supervisor"], everyone["manager"]
    submitted = old_row(supervisor, "boundary_note_submitted", "Pat Peer submitted a boundary note for review.")
    agreement = old_row(
        peer, "agreement_created", "Peer supervision agreement: Sam Supervisor and Pat Peer, from 3 Jun 2026."
    )
    stepped = old_row(
        supervisor,
        "worker_stepped_away",
        "Pat Peer has stepped away until 4 Jul 2026. Supervision reminders are paused.",
    )
    # Someone already erased before this change: their name matches nobody any more.
    gone = old_row(supervisor, "reflection_shared", "Lee Longgone shared a reflection with you.")
    # A reminder's notification shares the reminder's id, which knows whom it is about.
    reminder = Reminder.objects.create(
        organisation=peer.organisation,
        kind="supervision_escalated",
        subject_type="agreement",
        subject_id=peer.pk,
        recipient=manager,
        about=peer,
        due_on="2026-06-01",
        created_at="2026-06-02T09:00Z",
    )
    escalated = old_row(
        manager, "supervision_escalated", "Pat Peer's supervision has been overdue since Mon 1 June.", id=reminder.pk
    )
    untouched = old_row(peer, "voice_pulse_open", "A short anonymous pulse is open for Riverside until 2026-06-09.")

    migration.forwards(apps, connection.schema_editor())

    for n in (submitted, agreement, stepped, gone, escalated, untouched):
        n.refresh_from_db()
    assert (submitted.message_template, submitted.actor_id) == (
        "{actor} submitted a boundary note for review.",
        peer.pk,
    )
    assert agreement.message_template == "Peer supervision agreement: {actor} and {about}, from 3 Jun 2026."
    assert (agreement.actor_id, agreement.about_id) == (supervisor.pk, peer.pk)
    assert stepped.message_template.startswith("{actor} has stepped away until 4 Jul 2026.")
    assert (gone.message_template, gone.actor_id) == ("{actor} shared a reflection with you.", None)
    assert gone.message == "A former colleague shared a reflection with you."
    assert (escalated.message_template, escalated.about_id) == (
        "{about}'s supervision has been overdue since Mon 1 June.",
        peer.pk,
    )
    assert untouched.message_template.startswith("A short anonymous pulse") and untouched.actor_id is None
    # Read as before, for everyone still here.
    assert submitted.message == "Pat Peer submitted a boundary note for review."
    assert agreement.message == "Peer supervision agreement: Sam Supervisor and Pat Peer, from 3 Jun 2026."


@pytest.mark.parametrize("kind", sorted(migration.PATTERNS))
def test_every_wording_the_migration_knows_is_the_wording_the_code_writes_today(kind):
    """The patterns must match what each kind's message looked like with a name in it: build the
    message the way the code does now (placeholder), put a name in, and the migration finds it."""
    samples = {
        "boundary_note_submitted": "{actor} submitted a boundary note for review.",
        "boundary_note_reviewed": "{actor} reviewed your boundary note.",
        "boundary_note_follow_up": "{actor} added a follow-up to a boundary note you reviewed.",
        "worker_stepped_away": "{actor} has stepped away until 4 Jul 2026. Supervision reminders are paused.",
        "worker_returned": "{actor} is back from stepping away.",
        "reflection_shared": "{actor} shared a reflection with you.",
        "reflection_acknowledged": "{actor} acknowledged your reflection: seen, thank you.",
        "reflection_comment": "{actor} commented on your reflection.",
        "reflection_comment_reply": "{actor} replied on a reflection you commented on.",
        "supervision_requested": "{actor} asked for peer supervision now.",
        "session_recorded": "{actor} recorded your supervision session of 3 Jun 2026.",
        "competency_signed_off": "{actor} signed off your self-assessment of LE1.",
        "competency_more_evidence": "{actor} asked for more evidence on your self-assessment of LE1.",
        "agreement_created": "Peer supervision agreement: {actor} and {about}, from 3 Jun 2026.",
        "supervision_due_soon": "Supervision with {about} is due on Mon 1 June.",
        "supervision_overdue": "Supervision with {about} was due on Mon 1 June and is overdue.",
        "supervision_escalated": "{about}'s supervision has been overdue since Mon 1 June.",
        "boundary_review_due": "A boundary note from {about} is waiting for your review.",
        "boundary_review_escalated": "A boundary note from {about} has not been reviewed by its supervisor yet.",
        "peer_without_agreement": "{about} has no active peer supervision agreement.",
        "training_expired": "A training record of {about} reached its expiry date on Mon 1 June.",
    }
    template = samples[kind]
    named = template.replace("{actor}", "Jo O'Neil-Smith").replace("{about}", "Ana María and Co")
    names = {"Jo O'Neil-Smith": "actor-id", "Ana María and Co": "about-id"}
    new, actor, about = migration.reshape(named, kind, names)
    assert new == template
    assert actor == ("actor-id" if "{actor}" in template else None)
    assert about == ("about-id" if "{about}" in template else None)


@pytest.mark.django_db(transaction=True)
def test_the_real_migration_reshapes_a_row_written_by_the_old_schema(everyone):
    """Migrate notifications back to before this change, write a row as the old code did (the
    name inside ``message``), migrate forward: the row names nobody and links the person."""
    from django.db.migrations.executor import MigrationExecutor

    peer, supervisor = everyone["peer"], everyone["supervisor"]
    before = [("notifications", "0002_email_delivery")]
    executor = MigrationExecutor(connection)
    leaf = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(before)
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO notifications_notification (id, created_at, updated_at, organisation_id, recipient_id,"
                " kind, message, link, email_status, email_attempts)"
                " VALUES (gen_random_uuid(), now(), now(), %s, %s, 'boundary_note_submitted',"
                " 'Pat Peer submitted a boundary note for review.', '/supervision/', 'none', 0)",
                [peer.organisation_id, supervisor.pk],
            )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(leaf)
    row = Notification.objects.get(recipient=supervisor)
    assert (row.message_template, row.actor_id) == ("{actor} submitted a boundary note for review.", peer.pk)
    assert row.message == "Pat Peer submitted a boundary note for review."
