"""Issue 15, item 12: overdue supervision is the supervisor's to arrange. The e-mails as their
people receive them: the supervisee is told their supervisor was reminded too and offered a
session; the managers are told about the agreement (whose page names the supervisor), never
about the supervisee's lateness."""

import pytest
from django.core import mail

from apps.notifications.emails import send_notification_email_message
from apps.notifications.models import Notification
from apps.reminders.services import reminders_scan
from apps.supervision.models import Agreement

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


def test_managers_are_told_about_the_agreement_and_its_supervisor_not_the_supervisees_lateness(
    client, everyone, emails, settings
):
    agreement = Agreement.objects.get(supervisee=everyone["peer"], supervisor=everyone["supervisor"])
    subject, body, html = emails[("supervision_escalated", "morgan")]

    assert subject == "A supervision agreement in your team has had no session since it was due"
    assert "The supervision agreement for Pat Peer has had no session since it was due on " in body
    assert "Its supervisor has been reminded to arrange one" in body
    assert "Pat Peer's supervision" not in body and "overdue" not in body
    link = f"{settings.SITE_URL}/supervision/agreements/{agreement.pk}/"
    assert link in body and f'href="{link}"' in html
    # The page the e-mail links to names the agreement and its supervisor.
    client.force_login(everyone["manager"])
    page = client.get(f"/supervision/agreements/{agreement.pk}/").content.decode()
    assert "Peer supervision" in page and "Sam Supervisor" in page
