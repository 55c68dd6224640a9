"""Issue 15, item 12: overdue supervision is the supervisor's to arrange. The e-mails as their
people receive them: the supervisee is told their supervisor was reminded too and offered a
session; the managers are told about the agreement, naming the supervisee and the supervisor (at
read time), never about the supervisee's lateness."""

import pytest
from django.core import mail
from django.urls import reverse

from apps.core.dates import prose_date
from apps.notifications.emails import send_notification_email_message
from apps.notifications.models import Notification
from apps.reminders.models import Reminder
from apps.reminders.services import reminders_scan
from apps.supervision.models import Agreement
from apps.workers.services import worker_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def emails(everyone, settings):
    """The personas' agreement (Pat supervised by Sam, every 28 days from 60 days ago) is overdue
    and past escalation: scan, then e-mail each supervision notification as the worker would."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    reminders_scan()
    sent = {}
    for notification in Notification.objects.filter(kind__startswith="supervision_").select_related("recipient"):
        mail.outbox.clear()
        send_notification_email_message(notification)
        (message,) = mail.outbox
        html = message.alternatives[0][0]
        sent[(notification.kind, notification.recipient.username)] = (message.subject, message.body, html)
    return sent


def test_the_supervisee_is_told_their_supervisor_was_reminded_and_offered_a_session(everyone, emails, settings):
    agreement = Agreement.objects.get(supervisee=everyone["peer"], supervisor=everyone["supervisor"])
    subject, body, html = emails[("supervision_overdue", "pat")]

    assert subject == "Supervision is waiting to be arranged"
    assert "has not been held yet. Your supervisor has been reminded too." in body
    assert "If you would like a session, you can ask for one now." in body
    link = f"{settings.SITE_URL}/supervision/mine/#agreement-{agreement.pk}"
    assert link in body and f'href="{link}"' in html
    assert "is overdue" not in body and "late" not in body.lower()


def test_the_supervisor_is_asked_to_arrange_a_session(emails):
    subject, body, _ = emails[("supervision_overdue", "sam")]

    assert "Supervision with Pat Peer was due on " in body and "Please arrange a session." in body


def test_managers_are_told_whose_agreement_and_which_supervisor_not_the_supervisees_lateness(
    client, everyone, emails, settings
):
    agreement = Agreement.objects.get(supervisee=everyone["peer"], supervisor=everyone["supervisor"])
    subject, body, html = emails[("supervision_escalated", "morgan")]

    assert subject == "A supervision agreement in your team has had no session since it was due"
    told = Notification.objects.get(kind="supervision_escalated", recipient=everyone["manager"])
    due = prose_date(agreement.next_due_on)
    expected = (
        f"The supervision agreement for Pat Peer, with Sam Supervisor as supervisor, has had no session since it "
        f"was due on {due}. A session is for Sam Supervisor to arrange."
    )
    assert told.message == expected
    assert expected in body and expected in html
    # The names are people, not text: the supervisee as "about", the supervisor in the actor's place.
    assert (told.about_id, told.actor_id) == (everyone["peer"].pk, everyone["supervisor"].pk)
    reminder = Reminder.objects.get(pk=told.pk)
    assert (reminder.about_id, reminder.other_id) == (everyone["peer"].pk, everyone["supervisor"].pk)
    assert "Pat Peer" not in told.message_template and "Sam Supervisor" not in told.message_template
    assert "Pat Peer's supervision" not in body and "overdue" not in body and "late" not in body.lower()
    link = f"{settings.SITE_URL}/supervision/agreements/{agreement.pk}/"
    assert link in body and f'href="{link}"' in html
    # The page the e-mail links to names the agreement and its supervisor.
    client.force_login(everyone["manager"])
    page = client.get(f"/supervision/agreements/{agreement.pk}/").content.decode()
    assert "Peer supervision" in page and "Sam Supervisor" in page


def test_the_escalation_names_the_supervisor_by_their_current_name(client, everyone, emails, settings):
    """Names are read when the message is read: a renamed supervisor shows by their new name on
    the page and in a later e-mail; the scan stored no name."""
    worker_update(actor=everyone["admin"], worker=everyone["supervisor"], data={"display_name": "Sam Renamed"})
    told = Notification.objects.get(kind="supervision_escalated", recipient=everyone["manager"])

    client.force_login(everyone["manager"])
    page = client.get(reverse("notifications:notification-list")).content.decode()
    assert "with Sam Renamed as supervisor" in page and "A session is for Sam Renamed to arrange" in page
    assert "Sam Supervisor" not in page
    mail.outbox.clear()
    send_notification_email_message(told)
    assert "with Sam Renamed as supervisor" in mail.outbox[0].body and "Sam Supervisor" not in mail.outbox[0].body
